"""Photo files on disk: read only what is safe to read, sniff the format, open with Pillow.

Pillow's global limits are set here, once, for every module that opens an image: the
decompression-bomb limit (we check the size first with a clear sentence), PNG text chunks
large enough for real ICC profiles, and the HEIC opener when the optional extra is there.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import struct
import warnings
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from ..errors import (
    CorruptImageError,
    ImageInputError,
    ImageTooLargeError,
    ImageTooSmallError,
    NotAnImageError,
)
from .formats import READ_SUFFIXES

log = logging.getLogger(__name__)

#: Largest photo accepted, in pixels (a 150 MP medium-format file still opens).
MAX_PIXELS = 200_000_000
#: The service needs each side larger than this; smaller files are refused up front.
MIN_SIDE = 129

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


def is_supported_path(path: Path) -> bool:
    return path.suffix.lower() in READ_SUFFIXES


def describe(source: Path | None) -> str:
    return f"“{source.name}”" if source else "This file"


def exif_of(im: Image.Image) -> Image.Exif:
    """The image's EXIF; empty when its block cannot even be parsed (the photo is still
    good: it loses only that block)."""
    try:
        return im.getexif()
    except (struct.error, AttributeError, TypeError, KeyError, IndexError) as exc:
        # Damaged tags only: a damaged file (zlib, truncation) is still refused as such.
        log.info("EXIF left out: it cannot be parsed (%s)", exc)
        return Image.Exif()


#: The EXIF tag of the orientation (how the camera was held).
ORIENTATION_TAG = 0x0112


def orientation_of(exif: Image.Exif) -> int:
    """The EXIF orientation; 1 (upright) when missing or not a number."""
    try:
        return int(exif.get(ORIENTATION_TAG, 1) or 1)
    except (TypeError, ValueError, OverflowError):
        return 1


def exif_bytes(exif: Image.Exif) -> bytes | None:
    """The EXIF block to carry into the output; None when there is none, or when it is
    damaged past what Pillow can write back (a tag whose values no longer fit its type)."""
    try:
        return exif.tobytes() if len(exif) else None
    except (struct.error, AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        log.info("EXIF left out: it cannot be written back (%s)", exc)
        return None


def cut_short(data: bytes) -> bool:
    """Whether ``data`` is the start of a file whose end is missing, by its container: a
    RIFF (WebP) file shorter than its header says, a PNG without its end chunk, a JPEG
    with no end marker after its first scan begins. Data after the end (a phone's motion
    photo, a camera's trailer) is no sign of anything missing."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return len(data) < int.from_bytes(data[4:8], "little") + 8
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return b"IEND" not in data
    if data[:3] == b"\xff\xd8\xff":
        scan = data.find(b"\xff\xda")
        return scan >= 0 and b"\xff\xd9" not in data[scan:]
    return False


def damaged(what: str, exc: BaseException, data: bytes | None = None) -> CorruptImageError:
    """The error for a file the decoder gave up on, in a photographer's words: an
    incomplete file (a copy cut short: by the decoder's words, or by its container when
    ``data`` is given) or damaged data, and what to do. The decoder's own words ("Truncated
    File Read", "broken data stream") go to the log only."""
    log.info("decoder gave up on %s: %s", what, exc)
    text = str(exc).lower()
    short = data is not None and cut_short(data)
    if "truncated" in text or "premature end" in text or isinstance(exc, EOFError) or short:
        return CorruptImageError(
            f"{what} is incomplete, so it cannot be opened: the file ends before the photo "
            "does (a copy cut short). Copy it again from the card or your backup."
        )
    return CorruptImageError(
        f"{what} is damaged and cannot be read. Copy it again from the card or your backup, "
        "or open it in the program that made it and save it again."
    )


def open_image(data: bytes, source: Path | None) -> Image.Image:
    what = describe(source)
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
            f"{what} is not in a format SmartSkin can read (JPEG, PNG, HEIC, WebP, TIFF or BMP)."
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise damaged(what, exc, data) from None
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
    if info.st_size == 0:
        raise CorruptImageError(
            f"“{path.name}” is empty (0 bytes): it was not fully copied or saved. Copy it "
            "again from the card or the camera."
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
        open_image(fh.read(64), path)  # raises the right NotAnImageError (HEIC-aware)
    except Exception:  # anything else is for the full decode to explain
        return


def _unreadable(path: Path, exc: OSError) -> ImageInputError:
    return ImageInputError(
        f"“{path.name}” cannot be read: {exc.strerror or exc}.", code="FILE_UNREADABLE"
    )


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
