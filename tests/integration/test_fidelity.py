"""Professional files through both engines and a real save: 16 bits, profile, metadata kept.

The cloud engine runs against the emulator on loopback; saving is the batch path the CLI
uses (``enhance_file``), with the 8-bit change carried back onto the 16-bit original.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.batch.runner import SaveOptions, enhance_file
from smartskin_gui.core.cloud.client import SmartSkinClient
from smartskin_gui.core.engine.cloud import CloudEngine
from smartskin_gui.core.engine.contract import Engine
from smartskin_gui.core.engine.registry import local_engine
from smartskin_gui.core.io.decoding import load_photo
from smartskin_gui.core.io.depth import load_deep
from smartskin_gui.core.io.metadata.carry import (
    FileMetadata,
    embed,
    read_metadata_file,
    settings_from_file,
)
from smartskin_gui.core.io.metadata.xmp import read_settings
from smartskin_gui.core.io.save import save_image
from smartskin_gui.core.params import Params
from tests.filefixtures import (
    COPYRIGHT,
    FACE,
    GRADIENT_ROWS,
    IPTC,
    KEYWORDS,
    LIGHTROOM_XMP,
    PROPHOTO,
    portrait16,
    write16,
)

PARAMS = Params(1.0, 0.6)


def levels(pixels: np.ndarray) -> int:
    return len(np.unique(pixels[:GRADIENT_ROWS, :, 0]))


@pytest.fixture(params=["local", "cloud"])
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "local":
        return local_engine()
    client: SmartSkinClient = request.getfixturevalue("client")
    return CloudEngine(client)


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_16_bit_files_come_back_16_bit_with_every_gradient_level(
    tmp_path: Path, astronaut_rgb: np.ndarray, engine: Engine, suffix: str
):
    original = portrait16(astronaut_rgb)
    assert levels(original) > 1000
    src = write16(tmp_path / f"portrait{suffix}", original)
    job = enhance_file(src, engine, PARAMS, SaveOptions())
    assert job.ok, job.message
    assert job.output is not None and job.output.suffix == suffix and job.output != src
    out = load_deep(job.output)
    assert out.pixels.dtype == np.uint16 and out.pixels.shape == original.shape
    assert levels(out.pixels) > 1000
    face_change = np.abs(out.pixels[FACE].astype(np.int64) - original[FACE]).mean()
    assert face_change > 50  # the face was retouched, not just copied
    assert read_settings(out.metadata.xmp) is not None
    found = settings_from_file(job.output)
    assert found == (engine.name, PARAMS)
    assert all(k.encode() in (out.metadata.xmp or b"") for k in KEYWORDS)


def test_a_prophoto_tiff_keeps_its_profile_and_the_pixels_outside_the_skin(
    tmp_path: Path, astronaut_rgb: np.ndarray
):
    original = portrait16(astronaut_rgb)
    src = write16(tmp_path / "portrait.tif", original, PROPHOTO)
    job = enhance_file(src, local_engine(), PARAMS, SaveOptions())
    assert job.ok and job.output is not None
    out = load_deep(job.output)
    assert out.metadata.icc == PROPHOTO and out.compression == "zip"
    diff = np.abs(out.pixels.astype(np.int64) - original)
    assert diff[:GRADIENT_ROWS].max() <= 1  # the gradient is no skin
    assert diff[FACE].max() > 257  # while the face changed by whole 8-bit levels


@pytest.mark.parametrize("suffix", [".jpg", ".tif", ".png"])
def test_keywords_rating_and_copyright_survive_a_real_save(
    tmp_path: Path, astronaut_rgb: np.ndarray, suffix: str
):
    fmt = {".jpg": "JPEG", ".tif": "TIFF", ".png": "PNG"}[suffix]
    buf = io.BytesIO()
    Image.fromarray(astronaut_rgb).save(buf, fmt)
    src = tmp_path / f"portrait{suffix}"
    src.write_bytes(embed(buf.getvalue(), fmt, FileMetadata(xmp=LIGHTROOM_XMP, iptc=IPTC)))
    photo = load_photo(src)
    out = save_image(
        photo.rgb, tmp_path / f"out{suffix}", original=photo, engine="local", params=PARAMS
    )
    xmp = read_metadata_file(out).xmp or b""
    assert all(k.encode() in xmp for k in KEYWORDS)
    assert b'xmp:Rating="4"' in xmp and COPYRIGHT.encode() in xmp
    assert settings_from_file(out) == ("local", PARAMS)
    with Image.open(out) as im:
        assert im.getexif()[0x0131].startswith("SmartSkin ")
