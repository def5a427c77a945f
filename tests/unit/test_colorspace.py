import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from smartskin_gui.core.io.colour import Gamut, describe_profile, to_display_srgb
from smartskin_gui.core.io.depth import encode_deep, load_deep
from smartskin_gui.core.io.metadata.carry import FileMetadata, read_metadata_file
from tests.filefixtures import ADOBE_RGB, DISPLAY_P3, PROPHOTO, UNNAMED_PROPHOTO, gradient16

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(
    ("icc", "gamut", "wide"),
    [
        (PROPHOTO, Gamut.PROPHOTO, True),
        (ADOBE_RGB, Gamut.ADOBE_RGB, True),
        (DISPLAY_P3, Gamut.DISPLAY_P3, True),
        (UNNAMED_PROPHOTO, Gamut.PROPHOTO, True),  # told by its primaries
        (SRGB, Gamut.SRGB, False),
        (None, Gamut.NONE, False),
        (b"not a profile", Gamut.OTHER, True),
    ],
)
def test_profiles_are_recognised(icc, gamut, wide):
    space = describe_profile(icc)
    assert space.gamut is gamut and space.is_wide is wide
    assert space.label


def test_the_profile_read_from_a_saved_tiff_is_recognised(tmp_path: Path):
    path = tmp_path / "wide.tif"
    path.write_bytes(encode_deep(gradient16(), "TIFF", FileMetadata(icc=PROPHOTO)))
    assert describe_profile(read_metadata_file(path).icc).gamut is Gamut.PROPHOTO
    assert describe_profile(load_deep(path).metadata.icc).label == "ProPhoto RGB"


def _lcms_reference(rgb: np.ndarray, icc: bytes) -> np.ndarray:
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    out = ImageCms.profileToProfile(
        Image.fromarray(rgb), src, ImageCms.createProfile("sRGB"), outputMode="RGB"
    )
    assert out is not None
    return np.asarray(out)


def test_prophoto_pixels_are_converted_for_display_only():
    rgb = np.zeros((8, 8, 3), np.uint8)
    rgb[:4] = (200, 60, 40)  # a warm ProPhoto red: far more saturated in sRGB
    rgb[4:] = (128, 128, 128)
    kept = rgb.copy()
    shown = to_display_srgb(rgb, PROPHOTO)
    assert np.array_equal(rgb, kept)  # the working pixels are never touched
    red = shown[0, 0].astype(int)
    assert red[0] > 200 and red[1] < 60  # more saturated on an sRGB screen
    grey = shown[6, 6].astype(int)
    assert grey.max() - grey.min() <= 1  # neutral stays neutral
    assert grey[0] != 128  # gamma 1.8 -> sRGB moves mid-grey
    ref = _lcms_reference(rgb, PROPHOTO).astype(int)
    assert np.abs(shown.astype(int) - ref).max() <= 2


def test_display_profile_can_replace_srgb_and_untagged_is_passed_through():
    rgb = np.full((4, 4, 3), (30, 160, 90), np.uint8)
    assert to_display_srgb(rgb, None) is rgb
    assert to_display_srgb(rgb, SRGB) is rgb
    assert to_display_srgb(rgb, b"broken") is rgb
    on_p3 = to_display_srgb(rgb, SRGB, display_icc=DISPLAY_P3)
    assert not np.array_equal(on_p3, rgb)  # sRGB green is less saturated on a P3 screen
    assert on_p3[0, 0, 1] < rgb[0, 0, 1]
