"""16-bit TIFF and PNG: read and write every level, and carry an 8-bit change back onto them.

Pillow has no 16-bit RGB mode (it decodes such files to 8 bits), so pixels go through
OpenCV (libtiff/libpng), which keeps 16 bits for grey, RGB and RGBA, in BGR order. OpenCV
writes no metadata: EXIF, ICC, XMP, IPTC and DPI are carried by :mod:`.metadata`.
OpenCV applies a TIFF's orientation tag on decode (even with IMREAD_UNCHANGED) but not a
PNG's eXIf orientation, which is applied here.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ..errors import CorruptImageError, SaveError
from .files import read_file, sniff_format
from .metadata import FileMetadata, blocks, embed, read_metadata

#: TIFF compression names and their tag values (none, LZW, ZIP = Adobe Deflate).
TIFF_COMPRESSION = {"none": 1, "lzw": 5, "zip": 8}
_EXTRA_SAMPLES, _ALPHA = 338, b"\x02\x00"  # unassociated alpha (little-endian, as cv2 writes)
_COMPRESSION_NAME = {1: "none", 5: "lzw", 8: "zip", 32946: "zip"}
# EXIF orientation -> numpy steps that make the pixels upright.
_UPRIGHT = {
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.swapaxes(0, 1),
    6: lambda a: a.swapaxes(0, 1)[:, ::-1],
    7: lambda a: a.swapaxes(0, 1)[::-1, ::-1],
    8: lambda a: a.swapaxes(0, 1)[::-1],
}


@dataclass
class DeepImage:
    """An upright 16-bit photo and what to write back with it."""

    pixels: np.ndarray  # uint16: (H, W) grey, (H, W, 3) RGB or (H, W, 4) RGBA, RGB order
    format: str  # "TIFF" or "PNG"
    metadata: FileMetadata  # orientation already reset to 1 in its EXIF
    compression: str = "none"  # the source TIFF's: "none", "lzw" or "zip"

    @property
    def size(self) -> tuple[int, int]:
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


def is_deep(data: bytes) -> bool:
    """True for a 16-bit-per-channel PNG or TIFF (grey, RGB, RGBA), from its header only."""
    fmt = sniff_format(data)
    if fmt == "PNG":
        return len(data) > 26 and data[24] == 16 and data[25] in (0, 2, 4, 6)
    if fmt == "TIFF":
        bits = blocks.tiff_shorts(data, 258)
        photometric = blocks.tiff_shorts(data, 262)
        return bool(bits) and set(bits) == {16} and photometric in ((0,), (1,), (2,))
    return False


def decode_deep(data: bytes, name: str = "This file") -> DeepImage:
    """Decode a 16-bit PNG/TIFF (see :func:`is_deep`) to upright uint16 RGB(A) or grey."""
    fmt = sniff_format(data)
    arr = None
    if fmt in ("PNG", "TIFF"):
        try:
            arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        except cv2.error:
            arr = None
    if arr is None or arr.dtype != np.uint16 or fmt is None:
        raise CorruptImageError(f"{name} cannot be read as a 16-bit PNG or TIFF.")
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    elif arr.ndim == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2RGBA if arr.shape[2] == 4 else cv2.COLOR_BGR2RGB)
    meta = read_metadata(data)
    orientation = _png_orientation(data) if fmt == "PNG" else 1  # OpenCV does TIFF's
    code = (blocks.tiff_shorts(data, 259) or (1,))[0] if fmt == "TIFF" else 1
    if orientation in _UPRIGHT:
        arr = _UPRIGHT[orientation](arr)
    return DeepImage(np.ascontiguousarray(arr), fmt, meta, _COMPRESSION_NAME.get(int(code), "lzw"))


def _png_orientation(data: bytes) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            with Image.open(io.BytesIO(data)) as im:
                return int(im.getexif().get(0x0112, 1) or 1)
    except (OSError, ValueError, SyntaxError, TypeError):
        return 1


def load_deep(path: str | Path) -> DeepImage:
    p = Path(path)
    return decode_deep(read_file(p), f"“{p.name}”")


def to_8bit(pixels: np.ndarray) -> np.ndarray:
    """The (H, W, 3) uint8 RGB the engines work on (grey repeated, alpha left out)."""
    # convertScaleAbs rounds x / 257 to nearest (no ties occur) with no wide temporaries.
    if pixels.ndim == 2:
        return np.asarray(
            cv2.cvtColor(cv2.convertScaleAbs(pixels, alpha=1 / 257), cv2.COLOR_GRAY2RGB)
        )
    return np.asarray(cv2.convertScaleAbs(np.ascontiguousarray(pixels[:, :, :3]), alpha=1 / 257))


def apply_change_deep(
    original: np.ndarray, before: np.ndarray, after: np.ndarray, band: int = 256
) -> np.ndarray:
    """Carry the 8-bit change ``after - before`` onto the 16-bit ``original``.

    ``before`` is the 8-bit RGB the engine was given (``to_8bit(original)``, possibly
    downscaled: then the change is upsampled bilinearly, pixel centres aligned) and
    ``after`` what it returned, same size. The change, scaled to 16 bits, is added per
    pixel, so the original's sub-8-bit levels survive (a smooth gradient keeps its
    thousands of levels) and wherever ``before == after`` the original is returned exactly.
    Grey originals take the mean change of the three channels; alpha is kept. Works in
    bands of rows, so a 45 MP photo never needs a full-size float copy.
    """
    if before.shape != after.shape:
        raise ValueError("before and after must have the same shape")
    H, W = original.shape[:2]
    h, w = before.shape[:2]
    sx, sy = w / W, h / H
    out = original.copy()
    for y0 in range(0, H, band):
        y1 = min(H, y0 + band)
        if (h, w) == (H, W):
            part = _change(before, after, y0, y1, original.ndim)
        else:  # the small rows this band reads (a margin of a row), upsampled
            s0 = max(0, int(np.floor((y0 + 0.5) * sy - 0.5)) - 1)
            s1 = min(h, int(np.floor((y1 - 0.5) * sy - 0.5)) + 3)
            m = np.array([[sx, 0.0, 0.5 * sx - 0.5], [0.0, sy, (y0 + 0.5) * sy - 0.5 - s0]])
            part = cv2.warpAffine(
                _change(before, after, s0, s1, original.ndim),
                m,
                (W, y1 - y0),
                flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                borderMode=cv2.BORDER_REPLICATE,
            )
        rows = original[y0:y1] if original.ndim == 2 else original[y0:y1, :, :3]
        changed = np.clip(rows.astype(np.float32) + part.reshape(rows.shape) + 0.5, 0, 65535)
        if original.ndim == 2:
            out[y0:y1] = changed.astype(np.uint16)
        else:
            out[y0:y1, :, :3] = changed.astype(np.uint16)
    return out


def _change(before: np.ndarray, after: np.ndarray, r0: int, r1: int, ndim: int) -> np.ndarray:
    """Rows r0..r1 of the change in 16-bit units (float32; grey: mean of the channels)."""
    diff = (after[r0:r1].astype(np.float32) - before[r0:r1].astype(np.float32)) * 257.0
    return np.ascontiguousarray(diff.mean(axis=2) if ndim == 2 else diff)


def encode_deep(
    pixels: np.ndarray, fmt: str, metadata: FileMetadata | None = None, compression: str = "lzw"
) -> bytes:
    """16-bit ``pixels`` (RGB order) as TIFF (compression "none", "lzw" or "zip") or PNG,
    with ``metadata`` (as made by ``metadata.output_metadata``) written in."""
    if pixels.dtype != np.uint16:
        raise ValueError("encode_deep takes uint16 pixels")
    arr = pixels
    if pixels.ndim == 3:
        code = cv2.COLOR_RGBA2BGRA if pixels.shape[2] == 4 else cv2.COLOR_RGB2BGR
        arr = cv2.cvtColor(pixels, code)
    if fmt == "TIFF":
        ext = ".tif"
        params = [cv2.IMWRITE_TIFF_COMPRESSION, TIFF_COMPRESSION[compression]]
    elif fmt == "PNG":
        ext, params = ".png", [cv2.IMWRITE_PNG_COMPRESSION, 1]  # 6 is 5x slower, 8% smaller
    else:
        raise SaveError(f"A 16-bit photo can be saved as TIFF or PNG, not {fmt}.")
    ok, buf = cv2.imencode(ext, arr, params)
    if not ok:
        raise SaveError(f"The 16-bit {fmt} could not be encoded.")
    data = buf.tobytes()
    if fmt == "TIFF" and arr.ndim == 3 and arr.shape[2] == 4:  # say the 4th channel is alpha
        data = blocks.embed_tiff(data, blocks.Blocks(), {_EXTRA_SAMPLES: (3, _ALPHA)})
    return embed(data, fmt, metadata) if metadata is not None else data
