"""Fit a photo to the service limits (the full-resolution merge is in ``engine.merge``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from ..errors import ResultMismatchError, UploadShapeError
from ..io import MIN_SIDE, encode, image_size, resize_to_fit
from ..photo import Photo

MAX_UPLOAD_BYTES = 6 * 1024 * 1024
#: Each side must be smaller than 5000 px; 4992 keeps a margin and is a multiple of 8.
MAX_UPLOAD_SIDE = 4992
_JPEG_QUALITIES = (95, 92, 88, 84, 80)


@dataclass
class Upload:
    """Exactly what goes on the wire, and the pixels it was made from."""

    data: bytes
    mime: str
    filename: str
    rgb: np.ndarray  # the uploaded pixels, at upload size
    changes: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])


def prepare_upload(
    photo: Photo, max_side: int = MAX_UPLOAD_SIDE, max_bytes: int = MAX_UPLOAD_BYTES
) -> Upload:
    """Make the smallest change that puts ``photo`` within the service's limits.

    An upright RGB JPEG or PNG already within limits is sent byte for byte. Otherwise the
    photo is downscaled only if a side is too long, then encoded (PNG for PNG sources when it
    fits, else JPEG at the highest quality that fits), and only if that is still too heavy
    is it shrunk further. ``changes`` says what was done, for the user.
    """
    w, h = photo.size
    if (
        photo.passthrough is not None
        and len(photo.passthrough) <= max_bytes
        and max(w, h) <= max_side
    ):
        fmt = photo.format
        return Upload(photo.passthrough, _mime(fmt), _filename(fmt), photo.rgb)

    changes: list[str] = []
    rgb = _fit_side(photo, max_side)
    if rgb is not photo.rgb:
        changes.append(f"downscaled from {w}×{h} to {rgb.shape[1]}×{rgb.shape[0]} for upload")
    while True:
        if photo.format == "PNG":
            data = encode(rgb, "PNG")
            if len(data) <= max_bytes:
                return Upload(data, "image/png", "portrait.png", rgb, changes)
        for quality in _JPEG_QUALITIES:
            data = encode(rgb, "JPEG", quality)
            if len(data) <= max_bytes:
                if photo.format != "JPEG" or quality != 95:
                    changes.append(f"sent as JPEG quality {quality}")
                return Upload(data, "image/jpeg", "portrait.jpg", rgb, changes)
        new_side = int(max(rgb.shape[:2]) * 0.8)
        changes.append(f"downscaled to {new_side} px to stay under 6 MB")
        rgb = _fit_side(photo, new_side)


def _fit_side(photo: Photo, max_side: int) -> np.ndarray:
    """``photo`` shrunk to ``max_side``, refused if a side would fall under the minimum."""
    rgb = resize_to_fit(photo.rgb, max_side)
    h, w = rgb.shape[:2]
    if min(h, w) < MIN_SIDE:
        raise UploadShapeError(
            f"“{photo.name}” is too long and narrow for the service: fitted within its "
            f"{max_side}-pixel limit it would be {w}×{h}, and each side must be larger than "
            "128 pixels. Crop it, or use the local engine."
        )
    return rgb


def _mime(fmt: str) -> str:
    return "image/png" if fmt == "PNG" else "image/jpeg"


def _filename(fmt: str) -> str:
    return "portrait.png" if fmt == "PNG" else "portrait.jpg"


def check_result(data: bytes, frame: tuple[int, int]) -> None:
    """Refuse a result far larger than the upload ``frame`` (w, h) or of another aspect."""
    size = image_size(data)
    if size is None:
        return  # not an image at all: the decode says so
    (rw, rh), (fw, fh) = size, frame
    too_big = rw > 2 * fw + 8 or rh > 2 * fh + 8
    other_aspect = abs(rw * fh - rh * fw) > (0.02 + 2 / max(1, min(rw, rh))) * rh * fw
    if too_big or other_aspect:
        raise ResultMismatchError(
            f"The service sent back a {rw}×{rh} image for a {fw}×{fh} photo, so it was not "
            "used. Run it again, or use the local engine."
        )


def conform_result(result: np.ndarray, frame: tuple[int, int]) -> np.ndarray:
    """Scale a result back to the uploaded frame (width, height) if the service changed it."""
    if (result.shape[1], result.shape[0]) == frame:
        return result
    return np.asarray(cv2.resize(result, frame, interpolation=cv2.INTER_AREA))
