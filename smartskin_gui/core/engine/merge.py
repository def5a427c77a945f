"""Carry a change computed on a small copy onto the full-size photo (both engines use it)."""

from __future__ import annotations

import cv2
import numpy as np


def apply_change_full_res(
    original: np.ndarray,
    processed_small: np.ndarray,
    result_small: np.ndarray,
    band: int = 512,
    *,
    offset: tuple[int, int] = (0, 0),
    frame: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Carry the change ``result_small - processed_small`` onto the full-size ``original``.

    The difference is upsampled (bilinear, pixel centres aligned) and added to the original,
    so the saved photo keeps the original pixel size and its fine detail (pores, hair) while
    getting the smoothing and brightening computed at the smaller size. The two small images
    may be a crop at ``offset`` (x, y) of a small frame of size ``frame`` (h, w): then only
    the matching part of the original is touched. Work goes in bands of rows, so a 45 MP
    photo never needs a full-size difference image in memory.
    """
    H, W = original.shape[:2]
    h, w = (frame or processed_small.shape)[:2]
    ch, cw = processed_small.shape[:2]
    ox, oy = offset
    whole = (ox, oy, cw, ch) == (0, 0, w, h)
    if (h, w) == (H, W):
        if whole:
            return result_small
        out = original.copy()
        out[oy : oy + ch, ox : ox + cw] = result_small
        return out
    diff = cv2.subtract(result_small, processed_small, dtype=cv2.CV_16S)
    sx, sy = w / W, h / H
    # Full-size pixels whose bilinear source falls on the crop (a pixel of margin each side).
    X0, X1 = max(0, int((ox - 1) / sx)), min(W, int(np.ceil((ox + cw + 1) / sx)))
    Y0, Y1 = max(0, int((oy - 1) / sy)), min(H, int(np.ceil((oy + ch + 1) / sy)))
    out = np.empty_like(original) if whole else original.copy()
    border = cv2.BORDER_REPLICATE if whole else cv2.BORDER_CONSTANT  # crop edges: no change
    for y0 in range(Y0, Y1, band):
        y1 = min(Y1, y0 + band)
        # Crop rows this band reads, with a margin.
        s0 = min(ch, max(0, int((y0 + 0.5) * sy - 0.5) - 1 - oy))
        s1 = min(ch, max(0, int((y1 + 0.5) * sy - 0.5) + 3 - oy))
        if s1 <= s0:
            continue
        m = np.array(
            [[sx, 0.0, (X0 + 0.5) * sx - 0.5 - ox], [0.0, sy, (y0 + 0.5) * sy - 0.5 - oy - s0]]
        )
        part = cv2.warpAffine(
            diff[s0:s1],
            m,
            (X1 - X0, y1 - y0),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=border,
            borderValue=0,
        )
        cv2.add(original[y0:y1, X0:X1], part, dst=out[y0:y1, X0:X1], dtype=cv2.CV_8U)
    return out
