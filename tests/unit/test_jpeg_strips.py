"""A large JPEG encoded in strips on every core is the JPEG one encoder writes."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.io.jpeg_strips import MIN_PIXELS, encode_jpeg_strips
from smartskin_gui.core.io.save import jpeg_params


def _photo(h: int, w: int) -> np.ndarray:
    rng = np.random.default_rng(h)
    base = cv2.resize(rng.integers(0, 256, (h // 40 + 2, w // 40 + 2, 3), np.uint8), (w, h))
    return np.clip(base.astype(np.int16) + rng.integers(-6, 7, (h, w, 3)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("quality", [95, 80])
@pytest.mark.parametrize("h", [1200, 1199, 1337])
def test_strips_join_into_what_one_encoder_writes(quality: int, h: int) -> None:
    w = 1800
    rgb = _photo(h, w)
    params, mcu = jpeg_params(quality)
    joined = encode_jpeg_strips(rgb, params, mcu)
    assert joined is not None
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    rst = [*params, cv2.IMWRITE_JPEG_RST_INTERVAL, -(-w // mcu)]
    assert joined == bytes(cv2.imencode(".jpg", bgr, rst)[1].data)
    plain = bytes(cv2.imencode(".jpg", bgr, params)[1].data)
    decoded = np.asarray(Image.open(io.BytesIO(joined)))
    assert decoded.shape == rgb.shape
    # The same pixels as without restart markers (Pillow and OpenCV agree), a few bytes more.
    assert np.array_equal(decoded, np.asarray(Image.open(io.BytesIO(plain))))
    assert np.array_equal(
        cv2.imdecode(np.frombuffer(joined, np.uint8), 1),
        cv2.imdecode(np.frombuffer(plain, np.uint8), 1),
    )
    assert len(plain) < len(joined) < len(plain) * 1.01


def test_small_images_are_left_to_one_encoder() -> None:
    rgb = _photo(600, 800)
    assert rgb.shape[0] * rgb.shape[1] < MIN_PIXELS
    params, mcu = jpeg_params(95)
    assert encode_jpeg_strips(rgb, params, mcu) is None
