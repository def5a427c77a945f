"""Saving keeps what the source was: grey stays grey, 16 bits stay 16 where the format
allows, TIFF compression as chosen; anything converted is said; in place only over itself."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.errors import SaveError
from smartskin_gui.core.io.decoding import load_photo
from smartskin_gui.core.io.depth import load_deep
from smartskin_gui.core.io.save import OutputChoices, save_result


def grey_ramp(height: int = 200, width: int = 300) -> np.ndarray:
    return np.tile(np.linspace(0, 255, width).astype(np.uint8), (height, 1))


@pytest.mark.parametrize(("mode", "suffix"), [("L", ".png"), ("L", ".jpg"), ("LA", ".png")])
def test_grey_photos_stay_grey(tmp_path: Path, mode: str, suffix: str):
    im = Image.fromarray(grey_ramp(), "L")
    if mode == "LA":
        im.putalpha(Image.fromarray(np.full((200, 300), 128, np.uint8), "L"))
    src = tmp_path / "grey.png"
    im.save(src)
    photo = load_photo(src)
    saved = save_result(photo.rgb, tmp_path / f"out{suffix}", original=photo)
    with Image.open(saved.path) as out:
        assert out.mode == (mode if suffix == ".png" else "L")
    assert saved.notes == []


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_16_bit_grey_stays_16_bit_grey(tmp_path: Path, suffix: str):
    ramp = np.tile(np.linspace(0, 65535, 1500).astype(np.uint16), (150, 1))
    src = tmp_path / f"grey{suffix}"
    cv2.imwrite(str(src), ramp)
    photo = load_photo(src)
    assert photo.deep is not None and photo.deep.ndim == 2
    saved = save_result(photo.rgb, tmp_path / f"out{suffix}", original=photo)
    out = load_deep(saved.path)
    assert out.pixels.ndim == 2 and out.pixels.dtype == np.uint16
    assert np.array_equal(out.pixels, ramp)  # nothing changed: every level exact


def test_16_bit_into_jpeg_and_cmyk_into_rgb_are_said(tmp_path: Path, astronaut_rgb):
    src = tmp_path / "deep.png"
    cv2.imwrite(str(src), astronaut_rgb[:, :, ::-1].astype(np.uint16) * 257)
    photo = load_photo(src)
    saved = save_result(photo.rgb, tmp_path / "out.jpg", original=photo)
    assert any("8 bits" in n for n in saved.notes)
    cmyk = tmp_path / "cmyk.jpg"
    Image.fromarray(astronaut_rgb).convert("CMYK").save(cmyk)
    photo = load_photo(cmyk)
    saved = save_result(photo.rgb, tmp_path / "cmyk_out.jpg", original=photo)
    assert any("RGB" in n for n in saved.notes)
    with Image.open(saved.path) as out:
        assert out.mode == "RGB"


@pytest.mark.parametrize(
    ("choice", "pillow_name"),
    [("none", "raw"), ("lzw", "tiff_lzw"), ("zip", "tiff_adobe_deflate"), (None, "tiff_lzw")],
)
def test_tiff_compression_is_the_choice_or_the_sources(
    tmp_path: Path, astronaut_rgb, choice, pillow_name
):
    src = tmp_path / "src.tif"
    Image.fromarray(astronaut_rgb).save(src, compression="tiff_lzw")
    photo = load_photo(src)
    saved = save_result(
        photo.rgb, tmp_path / "out.tif", original=photo, choices=OutputChoices(compression=choice)
    )
    with Image.open(saved.path) as out:
        assert out.info["compression"] == pillow_name


def test_in_place_writes_over_the_source_only(tmp_path: Path, astronaut_rgb):
    src = tmp_path / "IMG-Edit.jpg"
    Image.fromarray(astronaut_rgb).save(src)
    other = tmp_path / "other.jpg"
    other.write_bytes(b"not mine")
    photo = load_photo(src)
    brighter = np.clip(photo.rgb.astype(np.int16) + 20, 0, 255).astype(np.uint8)
    in_place = OutputChoices(in_place=True)
    saved = save_result(brighter, src, original=photo, choices=in_place)
    assert saved.path == src and sorted(p.name for p in tmp_path.iterdir()) == [
        "IMG-Edit.jpg",
        "other.jpg",
    ]
    assert np.asarray(Image.open(src)).mean() > astronaut_rgb.mean() + 10
    # "in place" never reaches another file: that one is an ordinary target.
    again = save_result(brighter, other, original=photo, choices=in_place)
    assert again.path != other and other.read_bytes() == b"not mine"
    with pytest.raises(SaveError):  # and without it, the source is protected as ever
        save_result(brighter, src, original=photo, overwrite=True)


def test_jpeg_quality_is_honoured(tmp_path: Path, astronaut_rgb):
    src = tmp_path / "p.png"
    Image.fromarray(astronaut_rgb).save(src)
    photo = load_photo(src)
    sizes = [
        save_result(photo.rgb, tmp_path / f"q{q}.jpg", original=photo, choices=OutputChoices(q))
        .path.stat()
        .st_size
        for q in (60, 95)
    ]
    assert sizes[0] < sizes[1] * 0.7
    data = io.BytesIO((tmp_path / "q60.jpg").read_bytes())
    with Image.open(data) as im:
        assert im.format == "JPEG"
