"""Writing results: atomic, metadata carried over, never over an input or by surprise."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image

from .atomic import numbered, write_atomic
from .errors import SaveError
from .imageio import Photo

OUTPUT_SUFFIX = "_smartskin"
FORMAT_BY_SUFFIX = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".bmp": "BMP",
}
SUFFIX_BY_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "TIFF": ".tif", "BMP": ".bmp"}


def default_output_path(source: Path, out_dir: Path | None = None, fmt: str | None = None) -> Path:
    """``<stem>_smartskin.<ext>`` next to the source, or in ``out_dir``."""
    suffix = source.suffix if fmt is None else SUFFIX_BY_FORMAT[fmt]
    if suffix.lower() not in FORMAT_BY_SUFFIX:
        suffix = ".jpg"
    return (out_dir or source.parent) / f"{source.stem}{OUTPUT_SUFFIX}{suffix}"


def free_path(path: Path) -> Path:
    """``path`` if nothing is there, else the first free ``<stem>-2``, ``-3``... beside it."""
    for candidate in numbered(path):
        if not candidate.exists():
            return candidate
    raise SaveError(f"There are too many files named like “{path.name}” in that folder.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def resolve_target(path: Path, *, overwrite: bool, protect: Iterable[Path] = ()) -> Path:
    """Where to write: never an input; a free name unless overwriting was asked for."""
    for p in protect:
        if _same_file(path, p) or path.resolve() == Path(p).resolve():
            if overwrite:
                raise SaveError(f"SmartSkin will not write over the original “{path.name}”.")
            return resolve_target(free_path(path), overwrite=False, protect=protect)
    return path if overwrite else free_path(path)


def format_for(path: Path) -> str:
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise SaveError(
            f"“{path.name}”: SmartSkin saves JPEG, PNG, WebP, TIFF or BMP. Choose one of these."
        ) from None


def to_image(rgb: np.ndarray, alpha: np.ndarray | None, fmt: str) -> Image.Image:
    im = Image.fromarray(rgb, "RGB")
    if alpha is not None and fmt in ("PNG", "WEBP", "TIFF"):
        im.putalpha(Image.fromarray(alpha, "L"))
    return im


def save_image(
    rgb: np.ndarray,
    path: Path,
    *,
    like: Photo | None = None,
    quality: int = 95,
    overwrite: bool = False,
    protect: Iterable[Path] = (),
) -> Path:
    """Save ``rgb`` atomically to ``path`` (or a free name beside it) and return where.

    The final name is claimed atomically (:mod:`.atomic`): concurrent saves never overwrite
    each other, and a failure leaves nothing behind.

    The format follows the extension. EXIF (orientation reset to 1), ICC profile, DPI and
    transparency come from ``like``, the photo the result was made from.
    """
    protect = list(protect)
    if like is not None and like.source is not None:
        protect.append(like.source)
    fmt = format_for(path)
    target = resolve_target(path, overwrite=overwrite, protect=protect)
    directory = target.parent
    if not directory.is_dir():
        raise SaveError(f"The folder “{directory}” does not exist.")
    im = to_image(rgb, like.alpha if like else None, fmt)
    options: dict[str, object] = {}
    if like is not None:
        if like.icc:
            options["icc_profile"] = like.icc
        if like.exif and fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
            options["exif"] = like.exif
        if like.dpi and fmt in ("JPEG", "PNG", "TIFF", "BMP"):
            options["dpi"] = like.dpi
    if fmt == "JPEG":
        options.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=False)
    elif fmt == "WEBP":
        options.update(quality=quality)
    elif fmt == "PNG":
        options.update(compress_level=6)
    try:
        return write_atomic(target, lambda fh: im.save(fh, fmt, **options), overwrite=overwrite)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SaveError(
            f"Could not save “{target.name}” in “{directory}”: {reason}. Nothing was "
            "overwritten; choose another folder, or free some space, and save again."
        ) from None
