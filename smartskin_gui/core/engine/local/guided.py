"""He et al.'s guided filter (box filters only) and masked (normalised) smoothing.

Both may take a per-pixel ``weight``: how surely a pixel is skin. Local averages are then
taken over skin only (normalised convolution: blur(x * w) / blur(w)), so next to dark
hair, a collar or a dark background the smoothed skin is the skin's own, never pulled
toward the other side of the border.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Below this local share of skin, a weighted average falls back to the plain one.
MIN_SHARE = 1e-3


def _box(x: np.ndarray, radius: int) -> np.ndarray:
    k = 2 * radius + 1
    return np.asarray(cv2.boxFilter(x, -1, (k, k), borderType=cv2.BORDER_REFLECT))


def _times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a * b with a grey ``b`` broadcast over ``a``'s channels (OpenCV: threaded, SIMD)."""
    if a.ndim == 3 and b.ndim == 2:
        b = cv2.merge([b] * a.shape[2])
    return np.asarray(cv2.multiply(a, b))


def _over(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b with a grey ``b`` broadcast over ``a``'s channels."""
    if a.ndim == 3 and b.ndim == 2:
        b = cv2.merge([b] * a.shape[2])
    return np.asarray(cv2.divide(a, b))


#: A blur this wide (sigma, px) is worked out on a copy this many times coarser per
#: ``sigma`` px: as smooth as it is, it loses nothing (under 0.3% of the range).
WIDE_PER_STEP = 4.0


def wide_blur(src: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of the float32 ``src`` for a large ``sigma`` (a face's scale): on a
    copy reduced so that sigma is about WIDE_PER_STEP px there, then scaled back (a sigma
    of 16 px costs a tenth of the full-size blur)."""
    h, w = src.shape[:2]
    step = max(1, int(sigma / WIDE_PER_STEP))
    if step == 1:
        return np.asarray(cv2.GaussianBlur(src, (0, 0), sigma), np.float32)
    small = cv2.resize(src, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / step)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), np.float32)


def masked_blur(src: np.ndarray, weight: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of ``src`` over the pixels ``weight`` covers (normalised convolution);
    where no weighted pixel is near, the plain blur."""
    plain = cv2.GaussianBlur(src, (0, 0), sigma)
    share = cv2.GaussianBlur(weight, (0, 0), sigma)
    summed = cv2.GaussianBlur(_times(src, weight), (0, 0), sigma)
    safe = np.maximum(share, MIN_SHARE)
    out = _over(summed, safe)
    blend = np.clip(share / (4 * MIN_SHARE), 0, 1)
    return np.asarray(plain + _times(out - plain, blend), np.float32)


def guided_step(radius: int) -> int:
    """How much :func:`guided_filter` subsamples for ``radius`` (1: not at all)."""
    return max(1, min(4, radius // 4))


def guided_filter(
    guide: np.ndarray,
    src: np.ndarray,
    radius: int,
    eps: float,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """Filter ``src`` (H, W) or (H, W, C) float32 guided by the grey float32 ``guide``.

    Where the guide is smooth the output is a local mean of ``src``; where the guide has an
    edge, the output's edges follow it. So a mask fed through it fades gently over smooth
    skin and snaps to real contours (brows, lids, lips, jaw, the edge of the person).

    With ``weight`` every local statistic is taken over weighted pixels only, and each
    window's linear model counts as much as the skin it holds: the output on skin is made
    of skin alone.

    Large radii use He's fast variant: the linear coefficients are worked out on a copy
    subsampled by up to 4 and upsampled, then applied to the full-resolution guide, so the
    output's edges still follow the full-resolution photo.
    """
    h, w = guide.shape[:2]
    step = guided_step(radius)
    if step > 1:
        size = (max(1, w // step), max(1, h // step))
        g = cv2.resize(guide, size, interpolation=cv2.INTER_AREA)
        p = cv2.resize(src, size, interpolation=cv2.INTER_AREA)
        wt = None if weight is None else cv2.resize(weight, size, interpolation=cv2.INTER_AREA)
        r = max(1, round(radius / step))
    else:
        g, p, r, wt = guide, src, radius, weight
    # A grey map spread over ``p``'s channels once, however often it is used.
    channels = p.shape[2] if p.ndim == 3 else 0

    def wide(x: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.merge([x] * channels)) if channels else x

    if wt is None:
        mean_i = _box(g, r)
        var_i = _box(g * g, r) - mean_i * mean_i
        mean_p = _box(p, r)
        mean_i_c = wide(mean_i)
        cov_ip = _box(cv2.multiply(p, wide(g)), r) - cv2.multiply(mean_p, mean_i_c)
    else:
        share = np.maximum(_box(wt, r), MIN_SHARE)
        wg = wt * g
        mean_i = _box(wg, r) / share
        var_i = np.maximum(_box(wg * g, r) / share - mean_i * mean_i, 0)
        share_c = wide(share)
        wp = cv2.multiply(p, wide(wt))
        mean_p = cv2.divide(_box(wp, r), share_c)
        mean_i_c = wide(mean_i)
        cov_ip = cv2.divide(_box(cv2.multiply(wp, wide(g)), r), share_c) - cv2.multiply(
            mean_p, mean_i_c
        )
    a = cv2.divide(cov_ip, wide(var_i + eps))
    b = mean_p - cv2.multiply(a, mean_i_c)
    if wt is None:
        mean_a, mean_b = _box(a, r), _box(b, r)
    else:
        # Each window's model counts by the skin it holds (windows off the skin: nothing).
        cover_c = wide(np.maximum(_box(share, r), MIN_SHARE))
        mean_a = cv2.divide(_box(cv2.multiply(a, share_c), r), cover_c)
        mean_b = cv2.divide(_box(cv2.multiply(b, share_c), r), cover_c)
    if step > 1:
        mean_a = cv2.resize(mean_a, (w, h), interpolation=cv2.INTER_LINEAR)
        mean_b = cv2.resize(mean_b, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.add(cv2.multiply(mean_a, wide(guide)), mean_b), dtype=np.float32)
