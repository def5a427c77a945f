"""16-bit TIFF/PNG through real files: levels kept, change carried back, metadata kept."""

import io
import struct
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from smartskin_gui.core.errors import ImageInputError, SaveError
from smartskin_gui.core.io.depth import (
    apply_change_deep,
    decode_deep,
    encode_deep,
    is_deep,
    load_deep,
    to_8bit,
)
from smartskin_gui.core.io.metadata import blocks
from smartskin_gui.core.io.metadata.carry import (
    FileMetadata,
    output_metadata,
    settings_for,
    settings_from_file,
)
from smartskin_gui.core.params import Params
from tests.filefixtures import IPTC, KEYWORDS, LIGHTROOM_XMP, PROPHOTO, gradient16

#: Where the pretend engine changes the photo (rows, columns): the "skin".
AREA = (slice(64, 192), slice(200, 1300))


def pretend_engine(rgb8: np.ndarray) -> np.ndarray:
    """Brighten and smooth the area, like whitening + retouch on skin; leave the rest."""
    out = rgb8.copy()
    patch = rgb8[AREA].astype(np.float32) * 1.06 + 6
    out[AREA] = np.clip(cv2.GaussianBlur(patch, (0, 0), 3), 0, 255).astype(np.uint8)
    return out


def levels(a: np.ndarray) -> int:
    return len(np.unique(a))


@pytest.mark.parametrize(
    ("fmt", "compression"),
    [("TIFF", "none"), ("TIFF", "lzw"), ("TIFF", "zip"), ("PNG", "none")],
)
def test_16_bit_round_trip_keeps_every_level_and_the_metadata(tmp_path, fmt, compression):
    pixels = gradient16()
    meta = output_metadata(
        FileMetadata(icc=PROPHOTO, xmp=LIGHTROOM_XMP, iptc=IPTC, dpi=(240.0, 240.0)),
        settings_for("local", Params(0.7, 0.4)),
        fmt,
    )
    path = tmp_path / ("out.tif" if fmt == "TIFF" else "out.png")
    path.write_bytes(encode_deep(pixels, fmt, meta, compression))
    back = load_deep(path)
    assert back.pixels.dtype == np.uint16 and np.array_equal(back.pixels, pixels)
    assert levels(back.pixels[:, :, 0]) > 1000
    assert back.metadata.icc == PROPHOTO and back.metadata.iptc == IPTC
    assert all(k.encode() in (back.metadata.xmp or b"") for k in KEYWORDS)
    assert settings_from_file(path) == ("local", Params(0.7, 0.4))
    with Image.open(path) as im:  # another reader agrees on profile, depth and compression
        assert im.info["icc_profile"] == PROPHOTO
        if fmt == "TIFF":
            assert im.tag_v2[258] == (16, 16, 16)
            assert im.info["compression"] == {"none": "raw", "lzw": "tiff_lzw"}.get(
                compression, "tiff_adobe_deflate"
            )
            assert back.compression == compression


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_grey_16_bit_files_written_by_pillow_load_with_every_level(tmp_path: Path, suffix):
    grey = gradient16()[:, :, 0]
    path = tmp_path / f"grey{suffix}"
    im = Image.fromarray(grey)
    assert im.mode == "I;16"
    im.save(path)
    assert is_deep(path.read_bytes())
    loaded = load_deep(path)
    assert loaded.pixels.shape == grey.shape and np.array_equal(loaded.pixels, grey)
    again = decode_deep(encode_deep(loaded.pixels, "TIFF" if suffix == ".tif" else "PNG"))
    assert np.array_equal(again.pixels, grey)


def test_16_bit_alpha_is_kept_and_marked_as_alpha():
    rgba = np.dstack([gradient16(), np.full(gradient16().shape[:2], 50_000, np.uint16)])
    for fmt in ("TIFF", "PNG"):
        data = encode_deep(rgba, fmt)
        assert np.array_equal(decode_deep(data).pixels, rgba)
    with Image.open(io.BytesIO(encode_deep(rgba, "TIFF"))) as im:
        assert im.tag_v2[338] == (2,)  # ExtraSamples: unassociated alpha


def test_an_8_bit_change_carried_back_keeps_levels_and_leaves_the_rest_exact(tmp_path):
    original = gradient16()
    before = to_8bit(original)
    after = pretend_engine(before)
    result = apply_change_deep(original, before, after)
    path = tmp_path / "Portrait-Edit.tif"
    meta = output_metadata(FileMetadata(icc=PROPHOTO), settings_for("local", Params()), "TIFF")
    path.write_bytes(encode_deep(result, "TIFF", meta, "zip"))
    back = load_deep(path)
    assert back.pixels.dtype == np.uint16 and back.metadata.icc == PROPHOTO
    changed = back.pixels[AREA]
    assert levels(changed[:, :, 0]) > 1000  # 8 bits would give at most 256
    assert not np.array_equal(changed, original[AREA])
    # Follows the engine: 8-bit view of the result is the engine's output.
    assert np.abs(to_8bit(back.pixels).astype(int) - after.astype(int)).max() <= 1
    untouched = np.all(before == after, axis=2)
    assert untouched.sum() > original.shape[0] * original.shape[1] // 3
    diff = np.abs(back.pixels.astype(int) - original.astype(int))[untouched]
    assert diff.max() <= 1


def test_a_change_made_at_upload_size_is_upsampled_smoothly():
    original = gradient16(512, 1536)
    small = cv2.resize(to_8bit(original), (768, 256), interpolation=cv2.INTER_AREA)
    after = small.copy()
    after[64:192, 200:500] = np.clip(small[64:192, 200:500].astype(int) + 12, 0, 255)
    result = apply_change_deep(original, small, after)
    assert result.shape == original.shape and result.dtype == np.uint16
    inside = result[200:300, 500:900, 1].astype(int) - original[200:300, 500:900, 1]
    assert np.all(np.abs(inside - 12 * 257) <= 257)
    assert levels(result[200:300, 500:900, 0]) > 300  # one level per original column
    far = (slice(0, 100), slice(1100, 1536))
    assert np.array_equal(result[far], original[far])


@pytest.mark.parametrize("small_size", [(768, 256), (1000, 333), (1536, 512)])
def test_working_in_bands_gives_the_same_result_as_all_at_once(small_size):
    original = gradient16(512, 1536)
    small = cv2.resize(to_8bit(original), small_size, interpolation=cv2.INTER_AREA)
    after = pretend_engine(np.pad(small, ((0, 256), (0, 1300), (0, 0)), mode="edge"))
    after = after[: small.shape[0], : small.shape[1]]
    banded = apply_change_deep(original, small, after, band=37)
    whole = apply_change_deep(original, small, after, band=original.shape[0])
    assert not np.array_equal(banded, original)
    assert np.array_equal(banded, whole)


def test_grey_originals_take_the_mean_change_and_alpha_is_kept():
    grey = gradient16()[:, :, 0]
    after = to_8bit(grey).copy()
    after[AREA] = np.clip(after[AREA].astype(int) + np.array([9, 6, 3]), 0, 255)
    result = apply_change_deep(grey, to_8bit(grey), after)
    assert result.ndim == 2
    delta = result[AREA].astype(int) - grey[AREA]
    assert np.all(np.abs(delta - 6 * 257) <= 1)
    rgba = np.dstack([gradient16(), np.full(grey.shape, 1234, np.uint16)])
    out = apply_change_deep(rgba, to_8bit(rgba), pretend_engine(to_8bit(rgba)))
    assert np.array_equal(out[:, :, 3], rgba[:, :, 3])


@pytest.mark.parametrize("fmt", ["TIFF", "PNG"])
def test_orientation_is_applied_to_the_16_bit_pixels(fmt: str):
    pixels = gradient16(200, 300)
    pixels[:40, :60] = 0  # a corner, to see where it goes
    encoded = encode_deep(pixels, fmt)
    if fmt == "TIFF":
        tag = {0x0112: (3, struct.pack("<H", 6))}
        rotated = blocks.embed_tiff(encoded, blocks.Blocks(), tag)
    else:
        exif = Image.Exif()
        exif[0x0112] = 6
        rotated = blocks.embed_png(encoded, blocks.Blocks(exif=exif.tobytes()))
    loaded = decode_deep(rotated)
    assert loaded.pixels.shape == (300, 200, 3)
    assert np.array_equal(loaded.pixels, np.rot90(pixels, k=-1))  # 6: turn 90° clockwise


def test_to_8bit_rounds_every_16_bit_level_to_the_nearest_8_bit_one():
    every = np.arange(65536, dtype=np.uint16).reshape(256, 256)
    expected = np.floor(every.astype(np.float64) / 257 + 0.5).astype(np.uint8)
    grey = to_8bit(every)
    assert grey.shape == (256, 256, 3) and np.array_equal(grey[:, :, 1], expected)
    rgba = np.dstack([every, every, every, np.zeros_like(every)])
    assert np.array_equal(to_8bit(rgba), np.dstack([expected] * 3))


def test_8_bit_files_are_not_deep_and_jpeg_cannot_be_written_deep():
    rgb = to_8bit(gradient16())
    for fmt in ("PNG", "TIFF", "JPEG"):
        buf = io.BytesIO()
        Image.fromarray(rgb).save(buf, fmt)
        assert not is_deep(buf.getvalue())
    assert is_deep(encode_deep(gradient16(), "PNG"))
    with pytest.raises(SaveError):
        encode_deep(gradient16(), "JPEG")
    with pytest.raises(ValueError):
        encode_deep(rgb, "TIFF")


@pytest.mark.parametrize("fmt", ["TIFF", "PNG"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_16_bit_files_give_an_input_error_or_pixels(fmt, data):
    good = encode_deep(gradient16(160, 200), fmt, FileMetadata(icc=PROPHOTO, xmp=LIGHTROOM_XMP))
    cut = data.draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut])
    for _ in range(data.draw(st.integers(0, 3))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    is_deep(bytes(damaged))  # never raises
    try:
        loaded = decode_deep(bytes(damaged))
    except ImageInputError:
        return
    assert loaded.pixels.dtype == np.uint16
