"""Reading photos: decode, validate, orient, normalise to 8-bit RGB, keep metadata aside."""

from __future__ import annotations

import io
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps, PngImagePlugin, UnidentifiedImageError

from .errors import (
    CorruptImageError,
    ImageInputError,
    ImageTooLargeError,
    ImageTooSmallError,
    NotAnImageError,
)
from .formats import READ_SUFFIXES

if TYPE_CHECKING:
    from .metadata import FileMetadata

#: Largest photo accepted, in pixels (a 150 MP medium-format file still opens).
MAX_PIXELS = 200_000_000
#: The service needs each side larger than this; smaller files are refused up front.
MIN_SIDE = 129
ORIENTATION_TAG = 0x0112

#: Largest file read, in bytes: far above any real photo of MAX_PIXELS (16-bit TIFF included).
MAX_FILE_BYTES = 2 * 1024**3

# We check the size ourselves (with a clear message) before Pillow's own bomb check.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A PNG's ICC profile is one compressed chunk; Pillow's 1 MB default refuses real profiles.
PngImagePlugin.MAX_TEXT_CHUNK = max(PngImagePlugin.MAX_TEXT_CHUNK, 32 * 1024 * 1024)

try:  # iPhone photos (HEIC), with the optional extra; results are saved as JPEG
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:
    pass

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


@dataclass
class Photo:
    """A decoded, upright photo and the metadata to carry into the saved result."""

    rgb: np.ndarray  # (H, W, 3) uint8, EXIF orientation applied
    format: str  # Pillow format name of the source: "JPEG", "PNG", ...
    alpha: np.ndarray | None = None  # (H, W) uint8, kept aside and put back on save
    exif: bytes | None = None  # orientation reset to 1
    icc: bytes | None = None
    dpi: tuple[float, float] | None = None
    source: Path | None = None
    #: The source file's bytes when they can be uploaded as they are (RGB JPEG/PNG, upright).
    passthrough: bytes | None = None
    notes: list[str] = field(default_factory=list)
    #: The full-depth pixels of a 16-bit TIFF/PNG (uint16, grey or RGB(A)); ``rgb`` is their
    #: 8-bit copy the engines work on, and saving carries the change back onto these.
    deep: np.ndarray | None = None
    mode: str = "RGB"  # the source's Pillow mode ("L", "LA", "I;16", "CMYK"...)
    compression: str | None = None  # a TIFF source's: "none", "lzw" or "zip"
    metadata: FileMetadata | None = None  # EXIF/ICC/XMP/IPTC/DPI as read from the file

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)."""
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])

    @property
    def name(self) -> str:
        return self.source.name if self.source else "photo"


def is_supported_path(path: Path) -> bool:
    return path.suffix.lower() in READ_SUFFIXES


def _describe(source: Path | None) -> str:
    return f"“{source.name}”" if source else "This file"


def _open(data: bytes, source: Path | None) -> Image.Image:
    what = _describe(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLargeError(
            f"{what} is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)."
        ) from None
    except UnidentifiedImageError:
        if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
            raise NotAnImageError(
                f"{what} is a HEIC photo, which this installation cannot read. Export it as "
                "JPEG (in Photos: File > Export), or install SmartSkin's HEIC support."
            ) from None
        raise NotAnImageError(
            f"{what} is not a photo SmartSkin can read (JPEG, PNG, HEIC, WebP, TIFF or BMP)."
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptImageError(f"{what} is damaged and cannot be read ({exc}).") from None
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise ImageTooLargeError(
            f"{what} is too large: {w}×{h} is over {MAX_PIXELS // 1_000_000} megapixels."
        )
    if w < MIN_SIDE or h < MIN_SIDE:
        raise ImageTooSmallError(
            f"{what} is too small ({w}×{h}): each side must be larger than 128 pixels."
        )
    return im


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
    from .depth import is_deep
    from .metadata import read_metadata

    im = _open(data, source)
    photo: Photo | None = None
    if is_deep(data):
        try:
            photo = _decode_deep(data, source)
        except CorruptImageError:  # a layout OpenCV cannot read: Pillow's 8 bits, as before
            photo = None
        except MemoryError:
            raise ImageTooLargeError(
                f"{_describe(source)} is too large to open with the memory available."
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
    from .depth import decode_deep, to_8bit

    deep = decode_deep(data, _describe(source))
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


def _decode(im: Image.Image, data: bytes, source: Path | None) -> Photo:
    what = _describe(source)
    fmt = im.format or "PNG"
    frames = int(getattr(im, "n_frames", 1) or 1)
    try:
        im.load()
        exif = im.getexif()
        orientation = int(exif.get(ORIENTATION_TAG, 1) or 1)
        icc = im.info.get("icc_profile") or None
        dpi = im.info.get("dpi")
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
        raise CorruptImageError(
            f"{what} is damaged or truncated and cannot be read ({exc})."
        ) from None
    except MemoryError:
        raise ImageTooLargeError(
            f"{what} is too large to open with the memory available."
        ) from None

    if orientation not in (0, 1):
        exif[ORIENTATION_TAG] = 1
    exif_bytes = exif.tobytes() if len(exif) else None
    passthrough = (
        data
        if fmt in ("JPEG", "PNG") and mode == "RGB" and orientation in (0, 1) and not notes
        else None
    )
    return Photo(
        rgb=rgb,
        format=fmt,
        alpha=alpha,
        exif=exif_bytes,
        icc=icc,
        dpi=tuple(float(v) for v in dpi[:2]) if isinstance(dpi, tuple) and len(dpi) >= 2 else None,  # type: ignore[arg-type]
        source=source,
        passthrough=passthrough,
        notes=notes,
        mode=source_mode,
        compression=compression if fmt == "TIFF" else None,
    )


def read_file(path: Path) -> bytes:
    """The bytes of the photo file ``path``, checked before anything big is read.

    Only regular files are read (a FIFO would block for good, ``/dev/zero`` never ends),
    never more than :data:`MAX_FILE_BYTES`, and a file whose first bytes are no image
    format is refused without reading the rest.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ImageInputError(f"“{path.name}” no longer exists.", code="FILE_NOT_FOUND") from None
    except IsADirectoryError:
        raise NotAnImageError(f"“{path.name}” is a folder, not a photo.") from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        _check_file_kind(os.fstat(fd), path)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        try:
            _check_image_header(fh, path)
            fh.seek(0)
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise ImageTooLargeError(f"“{path.name}” is too large to be a photo SmartSkin can open.")
    return data


def _check_file_kind(info: os.stat_result, path: Path) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise NotAnImageError(f"“{path.name}” is a folder, not a photo.")
    if not stat.S_ISREG(info.st_mode):
        raise NotAnImageError(
            f"“{path.name}” is not an ordinary file (a pipe, device or socket), so "
            "SmartSkin does not read it. Choose a photo file."
        )
    if info.st_size > MAX_FILE_BYTES:
        raise ImageTooLargeError(
            f"“{path.name}” is too large to be a photo SmartSkin can open "
            f"({info.st_size / 1024**3:.1f} GB; at most {MAX_FILE_BYTES // 1024**3} GB)."
        )


def _check_image_header(fh: io.BufferedReader, path: Path) -> None:
    """Refuse a file no image reader recognises, from its first bytes only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Image.open(fh)  # header only; not closed, which would close ``fh`` too
    except UnidentifiedImageError:
        fh.seek(0)
        _open(fh.read(64), path)  # raises the right NotAnImageError (HEIC-aware)
    except Exception:  # anything else is for the full decode to explain
        return


def _unreadable(path: Path, exc: OSError) -> ImageInputError:
    return ImageInputError(
        f"“{path.name}” cannot be read: {exc.strerror or exc}.", code="FILE_UNREADABLE"
    )


def load_photo(path: str | Path) -> Photo:
    """Read and decode a photo file."""
    p = Path(path)
    return decode(read_file(p), p)


class Preview(NamedTuple):
    rgb: np.ndarray  # upright, longest side at most the requested size
    size: tuple[int, int]  # the photo's full upright (width, height)
    icc: bytes | None = None  # the photo's ICC profile (to show it colour-managed)


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
    im = _open(data, p)
    try:
        orientation = int(im.getexif().get(ORIENTATION_TAG, 1) or 1)
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
        raise CorruptImageError(f"“{p.name}” is damaged and cannot be read ({exc}).") from None


def encode(rgb: np.ndarray, fmt: str, quality: int = 95) -> bytes:
    """Encode an RGB array as JPEG or PNG bytes."""
    buf = io.BytesIO()
    im = Image.fromarray(rgb, "RGB")
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2)
    else:
        im.save(buf, fmt, compress_level=1) if fmt == "PNG" else im.save(buf, fmt)
    return buf.getvalue()


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of encoded ``data`` (nothing decoded), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                return int(im.size[0]), int(im.size[1])
    except Exception:
        return None


def sniff_format(data: bytes) -> str | None:
    """The image format from magic numbers, never from a name or URL."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] in (b"BM",):
        return "BMP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return None
