"""Writing results: atomic, metadata carried over, never over an input or by surprise."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image

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
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


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
    fd, tmp = tempfile.mkstemp(prefix=".smartskin-", suffix=target.suffix, dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            im.save(fh, fmt, **options)
            fh.flush()
            os.fsync(fh.fileno())
        if not overwrite and target.exists():  # something appeared meanwhile: do not clobber
            target = free_path(target)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = exc.strerror or str(exc)
        raise SaveError(
            f"Could not save “{target.name}”: {reason}. Nothing was overwritten."
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
