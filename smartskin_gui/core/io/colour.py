"""Which colour space a photo is in, and its pixels converted for the screen only.

SmartSkin processes a photo in its own space (no conversion: a ProPhoto TIFF is retouched
as ProPhoto numbers and saved with its ProPhoto profile). Only what is shown on screen is
converted, to sRGB or to the display's profile, through LittleCMS (Pillow ImageCms).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageCms


class Gamut(str, Enum):
    NONE = "untagged"  # no profile: treated as sRGB, like every browser and viewer
    SRGB = "sRGB"
    ADOBE_RGB = "Adobe RGB"
    PROPHOTO = "ProPhoto RGB"
    DISPLAY_P3 = "Display P3"
    OTHER = "other"


#: (red, green) primaries (CIE xy of the D50-adapted colorants profiles store).
_PRIMARIES = {
    Gamut.SRGB: ((0.6484, 0.3309), (0.3212, 0.5979)),
    Gamut.ADOBE_RGB: ((0.6484, 0.3309), (0.2302, 0.7015)),
    Gamut.PROPHOTO: ((0.7347, 0.2653), (0.1596, 0.8404)),
    Gamut.DISPLAY_P3: ((0.6821, 0.3194), (0.2846, 0.6746)),
}
_NAMES = (
    (("prophoto", "romm"), Gamut.PROPHOTO),
    (("adobe rgb", "adobergb", "compatible with adobe"), Gamut.ADOBE_RGB),
    (("display p3", "p3"), Gamut.DISPLAY_P3),
    (("srgb", "iec61966-2"), Gamut.SRGB),
)


@dataclass(frozen=True, slots=True)
class ColourSpace:
    gamut: Gamut
    description: str  # the profile's own name, "" when untagged

    @property
    def is_wide(self) -> bool:
        """Wider than sRGB: colours on screen need converting to look right."""
        return self.gamut in (Gamut.ADOBE_RGB, Gamut.PROPHOTO, Gamut.DISPLAY_P3, Gamut.OTHER)

    @property
    def label(self) -> str:
        """What to show the user, e.g. "ProPhoto RGB" or "Custom RGB (other)"."""
        if self.gamut is Gamut.OTHER:
            return f"{self.description or 'unknown profile'} (other)"
        return str(self.gamut.value)


def describe_profile(icc: bytes | None) -> ColourSpace:
    """The colour space of an embedded ICC profile: by its name, else by its primaries."""
    if not icc:
        return ColourSpace(Gamut.NONE, "")
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return ColourSpace(Gamut.OTHER, "unreadable profile")
    description = (profile.profile_description or "").strip()
    lowered = description.lower()
    for words, gamut in _NAMES:
        if any(w in lowered for w in words):
            return ColourSpace(gamut, description)
    return ColourSpace(_by_primaries(profile), description)


def _by_primaries(profile: Any) -> Gamut:  # PIL's CmsProfile (a C type)
    if profile.xcolor_space.strip() != "RGB":
        return Gamut.OTHER
    try:
        red = profile.red_colorant[1][:2]
        green = profile.green_colorant[1][:2]
    except (TypeError, IndexError):
        return Gamut.OTHER
    for gamut, (red_ref, green_ref) in _PRIMARIES.items():
        if _close(red, red_ref) and _close(green, green_ref):
            return gamut
    return Gamut.OTHER


def _close(a: tuple[float, float], b: tuple[float, float], tol: float = 0.005) -> bool:
    return abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol


@lru_cache(maxsize=8)
def _transform(icc: bytes, display_icc: bytes | None) -> ImageCms.ImageCmsTransform:
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    dst = (
        ImageCms.ImageCmsProfile(io.BytesIO(display_icc))
        if display_icc
        else ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    )
    return ImageCms.buildTransform(
        src, dst, "RGB", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )


def to_display_srgb(
    array8: np.ndarray, icc_bytes: bytes | None, display_icc: bytes | None = None
) -> np.ndarray:
    """``array8`` ((H, W, 3) uint8 in the space of ``icc_bytes``) converted for the screen:
    to sRGB, or to ``display_icc`` when the display's profile is known. For display only:
    never feed the result to an engine or a save. Untagged or sRGB input (and an
    unreadable profile) is returned as it is, not copied."""
    space = describe_profile(icc_bytes)
    if icc_bytes is None or (space.gamut is Gamut.SRGB and display_icc is None):
        return array8
    try:
        transform = _transform(icc_bytes, display_icc)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return array8
    out = ImageCms.applyTransform(Image.fromarray(array8, "RGB"), transform)
    return np.asarray(out if out is not None else array8)
