"""Wide-gamut photos: retouched and saved in their own space, shown converted to sRGB."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.engine.registry import local_engine
from smartskin_gui.core.io.colour import to_display_srgb
from smartskin_gui.core.io.save import save_image
from smartskin_gui.core.params import Params
from smartskin_gui.core.state import ResultKey
from smartskin_gui.workers.convert import from_qimage
from smartskin_gui.workers.photo_jobs import DiskPhotos, LoadPhoto, LoadPreview, RenderFull
from tests.filefixtures import ADOBE_RGB, DISPLAY_P3, PROPHOTO


def nothing(*_: object) -> None:
    return None


def never() -> bool:
    return False


@pytest.fixture(params=[PROPHOTO, ADOBE_RGB, DISPLAY_P3], ids=["prophoto", "adobe", "p3"])
def wide(request, tmp_path: Path, astronaut_rgb) -> tuple[Path, bytes]:
    path = tmp_path / "wide.jpg"
    Image.fromarray(astronaut_rgb).save(path, quality=95, icc_profile=request.param)
    return path, request.param


def test_views_get_srgb_while_the_photo_and_the_save_keep_their_space(qapp, wide, tmp_path):
    path, icc = wide
    photo, image = LoadPhoto(str(path), DiskPhotos(), nothing, nothing).run(nothing, never)
    assert photo.icc == icc
    shown = from_qimage(image)
    assert np.array_equal(shown, to_display_srgb(photo.rgb, icc))
    assert np.abs(shown.astype(int) - photo.rgb).mean() > 1  # converted, for the eye only

    preview = LoadPreview(str(path), DiskPhotos(), nothing, nothing).run(nothing, never)
    assert np.abs(preview.rgb.astype(int) - photo.rgb).mean() > 1

    key = ResultKey(str(path), None, "local", Params())
    job = RenderFull(key, photo, (512, 512), local_engine(), nothing, nothing)
    rendered = job.run(nothing, never)
    assert np.array_equal(from_qimage(rendered.full), to_display_srgb(rendered.pixels, icc))
    out = save_image(rendered.pixels, tmp_path / "out.jpg", original=photo)
    with Image.open(out) as im:
        assert im.info["icc_profile"] == icc
        saved = np.asarray(im.convert("RGB")).astype(int)
    assert np.abs(saved - rendered.pixels).mean() < 2  # own-space numbers, not display ones


def test_untagged_and_srgb_photos_are_shown_as_they_are(qapp, portrait: Path):
    photo, image = LoadPhoto(str(portrait), DiskPhotos(), nothing, nothing).run(nothing, never)
    assert photo.icc is None and np.array_equal(from_qimage(image), photo.rgb)
