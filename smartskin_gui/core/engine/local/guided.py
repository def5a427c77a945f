"""He et al.'s guided filter (box filters only): edge-aware smoothing and feathering."""

from __future__ import annotations

import cv2
import numpy as np


def _box(x: np.ndarray, radius: int) -> np.ndarray:
    k = 2 * radius + 1
    return np.asarray(cv2.boxFilter(x, -1, (k, k), borderType=cv2.BORDER_REFLECT))


def _times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a * b with a grey ``b`` broadcast over ``a``'s channels (OpenCV: threaded, SIMD)."""
    if a.ndim == 3 and b.ndim == 2:
        b = cv2.merge([b] * a.shape[2])
    return np.asarray(cv2.multiply(a, b))


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Filter ``src`` (H, W) or (H, W, C) float32 guided by the grey float32 ``guide``.

    Where the guide is smooth the output is a local mean of ``src``; where the guide has an
    edge, the output's edges follow it. So a mask fed through it fades gently over smooth
    skin and snaps to real contours (brows, lids, lips, jaw, the edge of the person).

    Large radii use He's fast variant: the linear coefficients are worked out on a copy
    subsampled by up to 4 and upsampled, then applied to the full-resolution guide, so the
    output's edges still follow the full-resolution photo.
    """
    h, w = guide.shape[:2]
    step = max(1, min(4, radius // 4))
    if step > 1:
        size = (max(1, w // step), max(1, h // step))
        g = cv2.resize(guide, size, interpolation=cv2.INTER_AREA)
        p = cv2.resize(src, size, interpolation=cv2.INTER_AREA)
        r = max(1, round(radius / step))
    else:
        g, p, r = guide, src, radius
    mean_i = _box(g, r)
    var_i = _box(g * g, r) - mean_i * mean_i
    mean_p = _box(p, r)
    cov_ip = _box(_times(p, g), r) - _times(mean_p, mean_i)
    a = cv2.divide(cov_ip, cv2.merge([var_i + eps] * p.shape[2]) if p.ndim == 3 else var_i + eps)
    b = mean_p - _times(a, mean_i)
    mean_a, mean_b = _box(a, r), _box(b, r)
    if step > 1:
        mean_a = cv2.resize(mean_a, (w, h), interpolation=cv2.INTER_LINEAR)
        mean_b = cv2.resize(mean_b, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.add(_times(mean_a, guide), mean_b), dtype=np.float32)
