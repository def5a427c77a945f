"""Hostile files and settings: every one ends in a sentence, quickly, without eating memory."""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core import errors as e
from smartskin_gui.core.cloud.fitting import check_result, prepare_upload
from smartskin_gui.core.io import files
from smartskin_gui.core.io.decoding import decode, load_photo
from smartskin_gui.core.state.app_settings import CONFIG_FILE, AppSettings, SettingsStore
from tests.conftest import jpeg_bytes


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(e.NotAnImageError) as err:
        load_photo(fifo)
    assert "ordinary file" in err.value.message


def test_an_empty_file_says_it_is_empty(tmp_path: Path):
    empty = tmp_path / "IMG_0001.jpg"
    empty.write_bytes(b"")
    with pytest.raises(e.CorruptImageError) as err:
        load_photo(empty)
    assert "is empty (0 bytes)" in err.value.message and "IMG_0001.jpg" in err.value.message


@pytest.mark.timeout(20)
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_without_reading():
    with pytest.raises(e.NotAnImageError):
        load_photo("/dev/zero")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_huge_non_image_is_refused_from_its_first_bytes(tmp_path: Path):
    fake = tmp_path / "huge.jpg"
    with fake.open("wb") as fh:  # sparse: costs no disk
        fh.write(b"this is not a photo at all")
        fh.truncate(files.MAX_FILE_BYTES - 1)
    before = _peak_rss_mb()
    with pytest.raises(e.NotAnImageError):
        load_photo(fake)
    assert _peak_rss_mb() < before + 200  # the 2 GB were never read


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path, astronaut_rgb):
    big = tmp_path / "big.jpg"
    with big.open("wb") as fh:
        fh.write(jpeg_bytes(astronaut_rgb))
        fh.truncate(3 * 1024**3)
    with pytest.raises(e.ImageTooLargeError) as err:
        load_photo(big)
    assert "3.0 GB" in err.value.message


def test_multi_frame_files_say_only_the_first_frame_is_used(tmp_path: Path, astronaut_rgb):
    frames = [Image.fromarray(astronaut_rgb), Image.fromarray(255 - astronaut_rgb)]
    src = tmp_path / "anim.webp"
    frames[0].save(src, save_all=True, append_images=frames[1:], lossless=True)
    photo = load_photo(src)
    assert any("2 frames" in n and "first" in n for n in photo.notes)
    assert photo.passthrough is None


def test_png_with_a_large_icc_profile_opens(astronaut_rgb):
    icc = os.urandom(2 * 1024 * 1024)
    buf = io.BytesIO()
    Image.fromarray(astronaut_rgb).save(buf, "PNG", icc_profile=icc)
    assert decode(buf.getvalue()).icc == icc


def test_long_thin_photo_is_refused_before_upload():
    rgb = np.zeros((200, 65535, 3), np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PNG", compress_level=1)
    photo = decode(buf.getvalue())
    with pytest.raises(e.UploadShapeError) as err:
        prepare_upload(photo)
    assert "128" in err.value.message and "too high" not in err.value.message


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return struct.pack(">I", len(data)) + kind + data + crc


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` by ``height`` (only its header: cheap at any size)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"") + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(14000, 14000), (512, 300), (300, 512)])
def test_results_of_another_size_or_shape_are_refused(size):
    with pytest.raises(e.ResultMismatchError) as err:
        check_result(_png_header(*size), (512, 512))
    assert f"{size[0]}×{size[1]}" in err.value.message


@pytest.mark.parametrize("size", [(512, 512), (256, 256), (1024, 1024), (511, 512)])
def test_results_of_the_same_frame_pass(size):
    check_result(_png_header(*size), (512, 512))


# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"retouch": 0.5}).encode("utf-16"),
        b'{"retouch": 0.5, "last_open_dir": "\xff"}',
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 200_000 + b"1" + b"}" * 200_000,
    ],
    ids=["utf16", "stray-ff", "deep-list", "deep-object"],
)
def test_undecodable_settings_are_set_aside_with_a_sentence(tmp_path: Path, raw: bytes):
    store = SettingsStore(tmp_path)
    store.config_path.write_bytes(raw)
    assert store.load() == AppSettings()
    assert store.warnings and "set aside" in store.warnings[0]
    assert not store.config_path.exists()
    assert [p.read_bytes() for p in tmp_path.glob(f"{CONFIG_FILE}.corrupt-*")] == [raw]
    store.save(AppSettings(retouch=0.7))  # and the next save works
    assert SettingsStore(tmp_path).load().retouch == 0.7


def test_settings_with_a_byte_order_mark_still_load(tmp_path: Path):
    store = SettingsStore(tmp_path)
    store.config_path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"retouch": 0.4}).encode())
    assert store.load().retouch == 0.4 and not store.warnings
