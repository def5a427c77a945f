"""Writing results: atomic, metadata carried over, never over an input or by surprise."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, NamedTuple

import cv2
import numpy as np
from PIL import Image

from ..errors import SaveError
from ..params import Params
from ..photo import Photo
from .atomic import numbered, write_atomic
from .depth import apply_change_deep, encode_deep
from .formats import FORMAT_BY_SUFFIX, SUFFIX_BY_FORMAT
from .jpeg_strips import encode_jpeg_strips
from .metadata import (
    FileMetadata,
    XmpCulling,
    embed,
    output_metadata,
    output_xmp,
    replace_xmp,
    settings_for,
)

OUTPUT_SUFFIX = "_smartskin"
DEEP_FORMATS = ("TIFF", "PNG")
GREY_MODES = ("L", "LA", "1")
PILLOW_TIFF_COMPRESSION = {"none": "raw", "lzw": "tiff_lzw", "zip": "tiff_adobe_deflate"}


def default_output_path(source: Path, out_dir: Path | None = None, fmt: str | None = None) -> Path:
    """``<stem>_smartskin.<ext>`` next to the source, or in ``out_dir``."""
    suffix = source.suffix if fmt is None else SUFFIX_BY_FORMAT[fmt]
    if suffix.lower() not in FORMAT_BY_SUFFIX:
        suffix = ".jpg"
    return (out_dir or source.parent) / f"{source.stem}{OUTPUT_SUFFIX}{suffix}"


def free_path(path: Path, avoid: Callable[[Path], bool] = lambda _: False) -> Path:
    """``path`` if nothing is there, else the first free ``<stem>-2``, ``-3``... beside it;
    never a name ``avoid`` refuses (an input, even one no longer on disk)."""
    for candidate in numbered(path):
        if not candidate.exists() and not avoid(candidate):
            return candidate
    raise SaveError(f"There are too many files named original “{path.name}” in that folder.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def resolve_target(path: Path, *, overwrite: bool, protect: Iterable[Path] = ()) -> Path:
    """Where to write: never an input (even one no longer on disk); a free name unless
    overwriting was asked for."""
    inputs = [Path(p) for p in protect]

    def is_input(candidate: Path) -> bool:
        return any(_same_file(candidate, p) or candidate.resolve() == p.resolve() for p in inputs)

    if is_input(path):
        if overwrite:
            raise SaveError(f"SmartSkin will not write over the original “{path.name}”.")
    elif overwrite:
        return path
    return free_path(path, is_input)


def format_for(path: Path) -> str:
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise SaveError(
            f"“{path.name}”: SmartSkin saves JPEG, PNG, WebP, TIFF or BMP. Choose one of these."
        ) from None


def to_image(
    rgb: np.ndarray, alpha: np.ndarray | None, fmt: str, grey: bool = False
) -> Image.Image:
    im = Image.fromarray(rgb, "RGB")
    if grey:  # a grey source stays grey
        im = im.convert("L")
    if alpha is not None and fmt in ("PNG", "WEBP", "TIFF"):
        im.putalpha(Image.fromarray(alpha, "L"))
    return im


@dataclass(frozen=True)
class OutputChoices:
    """How to write a result: JPEG/WebP quality, TIFF compression, and whether Save may
    write back over the file that was opened (a catalog's editing copy)."""

    quality: int = 95
    compression: str | None = None  # "none", "lzw", "zip"; None: the source's (else LZW)
    in_place: bool = False


class SaveRequest(NamedTuple):
    """Where and how the user asked a result to be saved."""

    target: Path
    overwrite: bool = False  # the user agreed to replace ``target`` (never an original)
    choices: OutputChoices = OutputChoices()
    culling: XmpCulling | None = None  # the photo's rating and label (None: the source's)


class Saved(NamedTuple):
    path: Path
    notes: list[str]


def depth_note(original: Photo | None, fmt: str) -> str | None:
    """What the user loses by saving ``original`` as ``fmt``, or None."""
    if original is None:
        return None
    if original.deep is not None and fmt not in DEEP_FORMATS:
        return (
            f"saved with 8 bits per channel: {fmt} cannot hold the photo's 16 bits "
            "(TIFF and PNG can)"
        )
    if original.mode == "CMYK":
        return "saved as RGB: the photo was CMYK and SmartSkin retouches in RGB"
    if original.mode in GREY_MODES and fmt == "BMP":
        return "saved as RGB: the photo was greyscale"
    return None


def save_image(
    rgb: np.ndarray,
    path: Path,
    *,
    original: Photo | None = None,
    overwrite: bool = False,
    protect: Iterable[Path] = (),
    engine: str = "",
    params: Params | None = None,
    choices: OutputChoices = OutputChoices(),
) -> Path:
    """Save ``rgb`` atomically to ``path`` (or a free name beside it) and return where.

    See :func:`save_result`, which also says what was converted on the way.
    """
    return save_result(
        rgb,
        path,
        original=original,
        overwrite=overwrite,
        protect=protect,
        engine=engine,
        params=params,
        choices=choices,
    ).path


def save_result(
    rgb: np.ndarray,
    path: Path,
    *,
    original: Photo | None = None,
    overwrite: bool = False,
    protect: Iterable[Path] = (),
    engine: str = "",
    params: Params | None = None,
    choices: OutputChoices = OutputChoices(),
    unchanged: bool = False,
    culling: XmpCulling | None = None,
) -> Saved:
    """Save ``rgb`` atomically to ``path`` (or a free name beside it).

    The final name is claimed atomically (:mod:`.atomic`): concurrent saves never overwrite
    each other, and a failure leaves nothing behind.

    The format follows the extension. ``original`` is the photo the result was made from: its
    EXIF (orientation reset to 1, ``Software`` = SmartSkin), ICC profile, XMP, IPTC, DPI,
    transparency and grey mode are kept, and a 16-bit original gets the 8-bit change carried
    back onto its full-depth pixels (16-bit TIFF/PNG out). ``engine`` and ``params`` are
    recorded in the XMP. The original is never written over, except with
    ``choices.in_place`` when ``path`` is that very file (a catalog's editing copy).

    ``unchanged`` (the engine's :attr:`~.engine.EngineResult.unchanged`) with an output
    format equal to the source's copies the source file's bytes as they are: the output has
    the original pixels and metadata, not a re-encoding of them.

    ``culling`` (the photo's rating and label) replaces the source's ``xmp:Rating`` and
    ``xmp:Label`` in the output's XMP, also in a copy of the source's bytes.
    """
    protect = list(protect)
    fmt = format_for(path)
    in_place = bool(
        choices.in_place
        and original is not None
        and original.source
        and _same_file(path, original.source)
    )
    if original is not None and original.source is not None and not in_place:
        protect.append(original.source)
    target = path if in_place else resolve_target(path, overwrite=overwrite, protect=protect)
    directory = target.parent
    if not directory.is_dir():
        raise SaveError(f"The folder “{directory}” does not exist.")
    meta = _output_metadata(original, fmt, engine, params, culling)
    deep = original is not None and original.deep is not None and fmt in DEEP_FORMATS
    compression = choices.compression or (original.compression if original else None) or "lzw"

    copy_from = _copyable_source(original, fmt) if unchanged else None

    def write(fh: BinaryIO) -> None:
        if copy_from is not None and culling is not None:  # the source's bytes, rated
            source_xmp = original.metadata.xmp if original and original.metadata else None
            data = copy_from.read_bytes()
            packet = output_xmp(source_xmp, None, fmt, culling)
            fh.write(replace_xmp(data, fmt, packet) if packet is not None else data)
        elif copy_from is not None:
            with copy_from.open("rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)
        elif deep:
            assert original is not None and original.deep is not None
            pixels = apply_change_deep(original.deep, original.rgb, rgb)
            fh.write(encode_deep(pixels, fmt, meta, compression))
        else:
            fh.write(_encode8(rgb, original, fmt, meta, choices.quality, compression))

    notes = [n for n in (depth_note(original, fmt),) if n and copy_from is None]
    try:
        saved = write_atomic(target, write, overwrite=overwrite or in_place)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SaveError(
            f"Could not save “{target.name}” in “{directory}”: {reason}. Nothing was "
            "overwritten; choose another folder, or free some space, and save again."
        ) from None
    return Saved(saved, notes)


def _copyable_source(original: Photo | None, fmt: str) -> Path | None:
    """The source file to copy as it is for an unchanged result saved as ``fmt``, or None."""
    if original is None or original.source is None or original.format != fmt:
        return None
    return original.source if original.source.is_file() else None


def _output_metadata(
    original: Photo | None,
    fmt: str,
    engine: str,
    params: Params | None,
    culling: XmpCulling | None = None,
) -> FileMetadata:
    read = (
        original.metadata
        if original is not None and original.metadata is not None
        else FileMetadata()
    )
    if original is not None:  # what decoding left valid for these pixels (a CMYK profile is not)
        read = replace(read, exif=original.exif, icc=original.icc, dpi=original.dpi)
    settings = settings_for(engine, params) if engine and params is not None else None
    return output_metadata(read, settings, fmt, culling)


def jpeg_params(quality: int) -> tuple[list[int], int]:
    """OpenCV's JPEG settings for ``quality`` (full colour resolution, 4:4:4, from 90 up;
    no optimised tables) and the height of its blocks of rows (8 at 4:4:4, 16 at 4:2:0)."""
    full = quality >= 90
    sampling = (
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444 if full else cv2.IMWRITE_JPEG_SAMPLING_FACTOR_420
    )
    params = [
        cv2.IMWRITE_JPEG_QUALITY,
        quality,
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR,
        sampling,
        cv2.IMWRITE_JPEG_OPTIMIZE,
        0,
    ]
    return params, 8 if full else 16


def _encode_jpeg(rgb: np.ndarray, quality: int) -> bytes:
    """A colour JPEG encoded by OpenCV, which holds no Python lock while it works (the
    window stays fluid during an export); full colour resolution (4:4:4) from quality 90
    up, as Pillow was asked before. Metadata is put in afterwards, as for every encoder.
    A large photo is encoded in strips on every core (:mod:`.jpeg_strips`)."""
    params, mcu_rows = jpeg_params(quality)
    strips = encode_jpeg_strips(rgb, params, mcu_rows)
    if strips is not None:
        return strips
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), params)
    if not ok:
        raise SaveError("The photo could not be encoded as JPEG.")
    return bytes(encoded.data)


def _encode8(
    rgb: np.ndarray,
    original: Photo | None,
    fmt: str,
    meta: FileMetadata,
    quality: int,
    compression: str,
) -> bytes:
    grey = original is not None and original.mode in GREY_MODES and fmt != "BMP"
    if fmt == "JPEG" and not grey:
        return embed(_encode_jpeg(rgb, quality), fmt, meta)
    im = to_image(rgb, original.alpha if original else None, fmt, grey)
    options: dict[str, object] = {}
    if meta.dpi and fmt in ("JPEG", "WEBP", "BMP"):  # the others get theirs from embed
        options["dpi"] = meta.dpi
    if fmt == "JPEG":
        options.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=False)
    elif fmt == "WEBP":
        options.update(quality=quality)
    elif fmt == "PNG":
        options.update(compress_level=6)
    elif fmt == "TIFF":
        options.update(compression=PILLOW_TIFF_COMPRESSION[compression])
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    data = buf.getvalue()
    return embed(data, fmt, meta) if fmt != "BMP" else data
