"""The one table of photo formats: what SmartSkin reads, what it writes, their names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # Pillow's format name
    label: str  # what the user reads in dialogs
    suffixes: tuple[str, ...]  # the first is the one SmartSkin writes
    writable: bool = True


FORMATS = (
    Format("JPEG", "JPEG", (".jpg", ".jpeg")),
    Format("PNG", "PNG", (".png",)),
    Format("TIFF", "TIFF", (".tif", ".tiff")),
    Format("WEBP", "WebP", (".webp",)),
    Format("BMP", "BMP", (".bmp",)),
    Format("HEIF", "HEIC", (".heic", ".heif"), writable=False),
)

READ_SUFFIXES = tuple(s for f in FORMATS for s in f.suffixes)
FORMAT_BY_SUFFIX = {s: f.name for f in FORMATS if f.writable for s in f.suffixes}
SUFFIX_BY_FORMAT = {f.name: f.suffixes[0] for f in FORMATS if f.writable}


def dialog_filter(f: Format) -> str:
    """A file dialog filter for ``f``: "JPEG (*.jpg *.jpeg)"."""
    return f"{f.label} (" + " ".join(f"*{s}" for s in f.suffixes) + ")"


SAVE_FILTERS = [dialog_filter(f) for f in FORMATS if f.writable]
OPEN_FILTER = "Photos (" + " ".join(f"*{s}" for s in READ_SUFFIXES) + ")"
