"""Banded full-size apply: the same result as upsampling the whole change, only cheaper."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from smartskin_gui.core.engine.local.bands import add_change_full_res, skin_bands
from smartskin_gui.core.engine.merge import apply_change_full_res


def _blobs(h: int, w: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mask = np.zeros((h, w), np.float32)
    for _ in range(4):
        cx, cy = int(rng.integers(20, w - 20)), int(rng.integers(20, h - 20))
        cv2.ellipse(
            mask, (cx, cy), (int(rng.integers(5, 30)), int(rng.integers(5, 40))), 0, 0, 360, 1.0, -1
        )
    return cv2.GaussianBlur(mask, (0, 0), 3)


@pytest.mark.parametrize("full", [(300, 400), (777, 1031), (150, 200)])
def test_banded_apply_matches_whole_image_upsampling(full):
    rng = np.random.default_rng(1)
    small_h, small_w = 150, 200
    small = rng.integers(0, 256, (small_h, small_w, 3), dtype=np.uint8)
    mask = _blobs(small_h, small_w, 2)
    change = (rng.normal(0, 8, small.shape) * mask[:, :, None]).astype(np.int16)
    result = np.clip(small.astype(np.int16) + change, 0, 255).astype(np.uint8)
    original = cv2.resize(small, (full[1], full[0]), interpolation=cv2.INTER_CUBIC)

    expected = apply_change_full_res(original, small, result)
    out = original.copy()
    diff = cv2.subtract(result, small, dtype=cv2.CV_16S)
    bands = skin_bands(mask)
    add_change_full_res(out, diff, bands, (0, 0), (small_h, small_w))
    assert np.abs(out.astype(int) - expected.astype(int)).max() <= 1
    # Bands cover the skin and not the whole frame.
    covered = sum((y1 - y0) * (x1 - x0) for y0, y1, x0, x1 in bands)
    assert covered < 0.8 * small_h * small_w
