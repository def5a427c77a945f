"""He et al.'s guided filter (box filters only): edge-aware smoothing and feathering."""

from __future__ import annotations

import cv2
import numpy as np


def _box(x: np.ndarray, ksize: tuple[int, int]) -> np.ndarray:
    return np.asarray(cv2.boxFilter(x, -1, ksize, borderType=cv2.BORDER_REFLECT))


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Filter ``src`` (H, W) or (H, W, C) float32 guided by the grey float32 ``guide``.

    Where the guide is smooth the output is a local mean of ``src``; where the guide has an
    edge, the output's edges follow it. So a mask fed through it fades gently over smooth
    skin and snaps to real contours (brows, lids, lips, jaw, the edge of the person).
    """
    ksize = (2 * radius + 1, 2 * radius + 1)
    mean_i = _box(guide, ksize)
    var_i = _box(guide * guide, ksize) - mean_i * mean_i
    g3 = guide[:, :, None] if src.ndim == 3 else guide
    mi3 = mean_i[:, :, None] if src.ndim == 3 else mean_i
    vi3 = var_i[:, :, None] if src.ndim == 3 else var_i
    mean_p = _box(src, ksize)
    cov_ip = _box(g3 * src, ksize) - mi3 * mean_p
    a = cov_ip / (vi3 + eps)
    b = mean_p - a * mi3
    return np.asarray(_box(a, ksize) * g3 + _box(b, ksize), dtype=np.float32)
