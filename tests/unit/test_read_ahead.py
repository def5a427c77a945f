"""A JPEG decoded ahead (while the command line starts) is used only for the very bytes
that were decoded, and gives the pixels the ordinary decode gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.io import ahead, load_photo


@pytest.fixture(autouse=True)
def _nothing_ahead():
    ahead._ahead = None
    yield
    ahead._ahead = None


def _jpeg(path: Path, seed: int, size: tuple[int, int] = (320, 240)) -> Path:
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), np.uint8)).save(path)
    return path


def test_the_photo_decoded_ahead_is_the_photo_decoded(tmp_path: Path, monkeypatch) -> None:
    src = _jpeg(tmp_path / "a.jpg", 1)
    expected = load_photo(src)
    ahead.read_ahead(src)
    calls = []
    monkeypatch.setattr("smartskin_gui.core.io.decoding.decode_jpeg", lambda data: calls.append(1))
    photo = load_photo(src)
    assert calls == []  # taken from the read-ahead, not decoded again
    assert np.array_equal(photo.rgb, expected.rgb) and photo.rgb.flags.writeable
    assert photo.exif == expected.exif and photo.passthrough == expected.passthrough
    # Taken once: the next load decodes.
    load_photo(src)
    assert calls == [1]


def test_other_bytes_are_decoded_as_usual(tmp_path: Path) -> None:
    first = _jpeg(tmp_path / "first.jpg", 1)
    other = _jpeg(tmp_path / "other.jpg", 2)
    ahead.read_ahead(first)
    photo = load_photo(other)
    assert np.array_equal(photo.rgb, np.asarray(Image.open(other).convert("RGB")))
    # The file changed after it was read ahead: its new bytes are decoded.
    ahead.read_ahead(first)
    _jpeg(first, 3)
    assert np.array_equal(load_photo(first).rgb, np.asarray(Image.open(first).convert("RGB")))


def test_what_is_not_a_plain_jpeg_file_is_left_alone(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    Image.new("RGB", (200, 200), (10, 20, 30)).save(png)
    ahead.read_ahead(png)
    assert ahead._ahead is not None and ahead._ahead.data.result(timeout=30) is None
    ahead.read_ahead(tmp_path / "missing.jpg")
    assert ahead._ahead.data.result(timeout=30) is None


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
def test_a_fifo_is_never_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    ahead.read_ahead(fifo)
    assert ahead._ahead is not None and ahead._ahead.data.result(timeout=30) is None


def test_decoding_into_our_own_array_gives_opencvs_pixels(tmp_path: Path) -> None:
    import cv2

    src = _jpeg(tmp_path / "a.jpg", 4, (1000, 700))
    data = src.read_bytes()
    flags = cv2.IMREAD_COLOR_RGB | cv2.IMREAD_IGNORE_ORIENTATION
    expected = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    assert ahead.jpeg_size(data) == (1000, 700)
    assert np.array_equal(ahead.decode_jpeg(data), expected)
    # A truncated JPEG is refused, as OpenCV refuses it from memory (the file reader would
    # pad it with grey): Pillow then explains that it is damaged.
    assert ahead.decode_jpeg(data[: len(data) // 2]) is None
    assert ahead.jpeg_size(b"\xff\xd8\xff\xe0\x00\x02") is None
