"""Decoding photos: validate, orient, normalise to 8-bit RGB, keep metadata aside;
fast screen-sized previews; encoding an RGB array for upload."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps

from ..errors import CorruptImageError, ImageInputError, ImageTooLargeError
from ..photo import Photo, Preview
from .ahead import decode_jpeg, taken
from .depth import decode_deep, is_deep, to_8bit
from .files import (
    ORIENTATION_TAG,
    damaged,
    describe,
    exif_bytes,
    exif_of,
    open_image,
    orientation_of,
    read_file,
)
from .metadata import read_metadata


def _to_8bit(im: Image.Image, notes: list[str]) -> Image.Image:
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im).astype(np.float64)
        top = 65535.0 if im.mode.startswith("I;16") or arr.max() > 255 else 255.0
        if im.mode == "F":
            top = max(float(arr.max()), 1.0)
        arr = np.clip(arr * (255.0 / top) + 0.5, 0, 255).astype(np.uint8)
        notes.append("converted from 16-bit to 8-bit")
        return Image.fromarray(arr, "L")
    return im


def _cmyk_to_rgb(im: Image.Image, icc: bytes | None, notes: list[str]) -> Image.Image:
    notes.append("converted from CMYK to RGB")
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            dst = ImageCms.createProfile("sRGB")
            out = ImageCms.profileToProfile(im, src, dst, outputMode="RGB")
            if out is not None:
                return out
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return im.convert("RGB")


_TIFF_COMPRESSION = {"raw": "none", "tiff_lzw": "lzw", "tiff_adobe_deflate": "zip"}


def decode(data: bytes, source: Path | None = None) -> Photo:
    """Decode ``data`` into a :class:`Photo` or raise an :class:`ImageInputError`.

    16-bit TIFF and PNG keep their full-depth pixels on ``Photo.deep``; every photo keeps
    its metadata (XMP and IPTC included) on ``Photo.metadata`` for the save.
    """

    im = open_image(data, source)
    photo: Photo | None = None
    if is_deep(data):
        try:
            photo = _decode_deep(data, source)
        except CorruptImageError:  # a layout OpenCV cannot read: Pillow's 8 bits, as before
            photo = None
        except MemoryError:
            raise ImageTooLargeError(
                f"{describe(source)} is too large to open with the memory available."
            ) from None
    if photo is None:
        photo = _decode(im, data, source)
    try:
        if photo.metadata is None:  # a 16-bit decode has read it already
            photo.metadata = read_metadata(data)
    except ImageInputError:  # the pixels decoded; the metadata Pillow reads is kept as before
        photo.metadata = None
    return photo


def _decode_deep(data: bytes, source: Path | None) -> Photo:

    deep = decode_deep(data, describe(source))
    px = deep.pixels
    alpha = None
    if px.ndim == 3 and px.shape[2] == 4 and int(px[:, :, 3].min()) < 65535:
        alpha = np.ascontiguousarray(cv2.convertScaleAbs(px[:, :, 3], alpha=1 / 257))
    meta = deep.metadata
    return Photo(
        rgb=to_8bit(px),
        format=deep.format,
        alpha=alpha,
        exif=meta.exif,
        icc=meta.icc,
        dpi=meta.dpi,
        source=source,
        deep=px,
        mode="I;16" if px.ndim == 2 else "RGB;16",
        compression=deep.compression if deep.format == "TIFF" else None,
        metadata=meta,
        notes=["16-bit photo: results saved as TIFF or PNG keep all 16 bits"],
    )


#: EXIF orientation -> how OpenCV turns the pixels upright (flip code, then rotation).
_CV_UPRIGHT: dict[int, tuple[int | None, int | None]] = {
    2: (1, None),
    3: (None, cv2.ROTATE_180),
    4: (0, None),
    5: (1, cv2.ROTATE_90_COUNTERCLOCKWISE),
    6: (None, cv2.ROTATE_90_CLOCKWISE),
    7: (1, cv2.ROTATE_90_CLOCKWISE),
    8: (None, cv2.ROTATE_90_COUNTERCLOCKWISE),
}


def _decode_plain_jpeg(im: Image.Image, data: bytes, orientation: int) -> np.ndarray | None:
    """The upright RGB pixels of an ordinary colour JPEG, decoded by OpenCV: it holds no
    Python lock while it works, so the window stays fluid while an export decodes photos
    on other threads. None for anything else (Pillow decodes it)."""
    if im.format != "JPEG" or im.mode != "RGB":
        return None
    rgb = taken(data)  # decoded ahead while the program started (the command line)
    if rgb is None:
        rgb = decode_jpeg(data)
    if rgb is None or rgb.shape[:2] != (im.height, im.width):
        return None
    flip, rotation = _CV_UPRIGHT.get(orientation, (None, None))
    if flip is not None:
        rgb = cv2.flip(rgb, flip)
    if rotation is not None:
        rgb = cv2.rotate(rgb, rotation)
    return np.asarray(rgb)


def _decode(im: Image.Image, data: bytes, source: Path | None) -> Photo:
    what = describe(source)
    fmt = im.format or "PNG"
    frames = int(getattr(im, "n_frames", 1) or 1)
    try:
        exif = exif_of(im)
        orientation = orientation_of(exif)
        icc = im.info.get("icc_profile") or None
        dpi = im.info.get("dpi")
        plain = _decode_plain_jpeg(im, data, orientation) if frames == 1 else None
        if plain is not None:
            return _photo(plain, fmt, exif, orientation, icc, dpi, source, data)
        im.load()
        if orientation not in (0, 1):  # upright already: exif_transpose would only copy
            im = ImageOps.exif_transpose(im) or im
        notes: list[str] = []
        source_mode = im.mode
        compression = _TIFF_COMPRESSION.get(str(im.info.get("compression")), "lzw")
        if frames > 1:
            notes.append(f"has {frames} frames (animation or pages); only the first was used")
        if orientation not in (1, 0):
            notes.append("rotated upright from its EXIF orientation")
        mode = im.mode
        alpha: np.ndarray | None = None
        if mode == "CMYK":
            im = _cmyk_to_rgb(im, icc, notes)
            icc = None  # the pixels are sRGB now; a CMYK profile would be wrong on them
        elif mode == "P":
            im = im.convert("RGBA" if "transparency" in im.info else "RGB")
            notes.append("converted from a palette image")
        else:
            im = _to_8bit(im, notes)
        if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
            rgba = im.convert("RGBA")
            a = np.asarray(rgba)[:, :, 3]
            if int(a.min()) < 255:
                alpha = np.ascontiguousarray(a)
                notes.append("transparency kept aside and restored on save")
            im = rgba.convert("RGB")
        elif im.mode != "RGB":
            if im.mode in ("L", "1"):
                notes.append("grayscale photo converted to RGB")
            im = im.convert("RGB")
        rgb = np.asarray(im, dtype=np.uint8)
        if not rgb.flags.writeable or not rgb.flags.c_contiguous:
            rgb = np.ascontiguousarray(rgb).copy()
    except ImageInputError:
        raise
    except (OSError, ValueError, SyntaxError, IndexError, EOFError) as exc:
        raise damaged(what, exc, data) from None
    except MemoryError:
        raise ImageTooLargeError(
            f"{what} is too large to open with the memory available."
        ) from None

    if orientation not in (0, 1):
        exif[ORIENTATION_TAG] = 1
    carried = exif_bytes(exif)
    passthrough = (
        data
        if fmt in ("JPEG", "PNG") and mode == "RGB" and orientation in (0, 1) and not notes
        else None
    )
    return Photo(
        rgb=rgb,
        format=fmt,
        alpha=alpha,
        exif=carried,
        icc=icc,
        dpi=tuple(float(v) for v in dpi[:2]) if isinstance(dpi, tuple) and len(dpi) >= 2 else None,  # type: ignore[arg-type]
        source=source,
        passthrough=passthrough,
        notes=notes,
        mode=source_mode,
        compression=compression if fmt == "TIFF" else None,
    )


def _photo(
    rgb: np.ndarray,
    fmt: str,
    exif: Image.Exif,
    orientation: int,
    icc: bytes | None,
    dpi: object,
    source: Path | None,
    data: bytes,
) -> Photo:
    """The :class:`Photo` of an ordinary colour JPEG decoded by OpenCV."""
    notes = ["rotated upright from its EXIF orientation"] if orientation not in (0, 1) else []
    if notes:
        exif[ORIENTATION_TAG] = 1
    return Photo(
        rgb=rgb,
        format=fmt,
        exif=exif_bytes(exif),
        icc=icc,
        dpi=tuple(float(v) for v in dpi[:2]) if isinstance(dpi, tuple) and len(dpi) >= 2 else None,  # type: ignore[arg-type]
        source=source,
        passthrough=None if notes else data,
        notes=notes,
        mode="RGB",
    )


def load_photo(path: str | Path) -> Photo:
    """Read and decode a photo file."""
    p = Path(path)
    return decode(read_file(p), p)


def resize_to_fit(rgb: np.ndarray, max_side: int) -> np.ndarray:
    """``rgb`` shrunk (area filter) so its longest side is at most ``max_side``."""
    h, w = rgb.shape[:2]
    if max(h, w) <= max_side:
        return rgb
    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def load_preview(path: str | Path, max_side: int) -> Preview:
    """A fast, upright RGB preview whose longest side is at most ``max_side``, and the
    photo's full upright size (so a view can lay out the real frame before the full decode).

    JPEGs are decoded at reduced size straight from the DCT (Pillow ``draft``), then shrunk
    with an area filter, then turned upright: a 24 MP file shows in a fraction of a second.
    """
    p = Path(path)
    data = read_file(p)
    im = open_image(data, p)
    try:
        orientation = orientation_of(exif_of(im))
        w0, h0 = im.size
        # A CMYK profile does not describe the RGB pixels shown (they are converted naively).
        icc = (im.info.get("icc_profile") or None) if im.mode != "CMYK" else None
        if im.format == "JPEG":
            # draft() only shrinks while *both* sides stay >= the request: ask with the
            # photo's own aspect, or a 3:2 frame would be decoded at full size.
            f = max_side / max(w0, h0)
            im.draft("RGB", (max(1, int(w0 * f)), max(1, int(h0 * f))))
        if im.mode not in ("RGB", "L"):
            im = (
                im.convert("RGB")
                if im.mode in ("CMYK", "P", "RGBA", "LA", "PA")
                else (_to_8bit(im, []).convert("RGB"))
            )
        rgb = np.asarray(im.convert("RGB") if im.mode != "RGB" else im, dtype=np.uint8)
        rgb = resize_to_fit(rgb, max_side)
        if orientation in _TRANSPOSE:
            rgb = np.asarray(Image.fromarray(rgb).transpose(_TRANSPOSE[orientation]))
        size = (h0, w0) if orientation in (5, 6, 7, 8) else (w0, h0)
        return Preview(np.ascontiguousarray(rgb), size, icc)
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise damaged(f"“{p.name}”", exc, data) from None


def encode(rgb: np.ndarray, fmt: str, quality: int = 95) -> bytes:
    """Encode an RGB array as JPEG or PNG bytes."""
    buf = io.BytesIO()
    im = Image.fromarray(rgb, "RGB")
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2)
    else:
        im.save(buf, fmt, compress_level=1) if fmt == "PNG" else im.save(buf, fmt)
    return buf.getvalue()
