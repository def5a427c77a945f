"""Is this file a catalog's editing copy that Save may write back to?

Lightroom Classic ("Edit In > Edit a Copy") and Capture One ("Edit With") make a new
TIFF/JPEG/PNG for the external editor and wait for it to be saved over, in place. SmartSkin
only does that for a file given on its command line whose name has the catalog's pattern,
or one the user opened with "File > Open for editing". Any other photo, even one passed on
the command line, is an original: results are saved beside it, never over it.

- Lightroom Classic: ``<name>-Edit.<ext>``, ``<name>-Edit-<n>.<ext>``.
- Capture One: the processed variant is named after the image, with ``_<n>`` when that name
  is taken, next to the source. Recognised conservatively: ``<name>_<n>.<ext>``, or
  ``<name>.tif``, *and* a raw file ``<name>.<raw>`` in the same folder (or in the session's
  ``Capture``/``Selects`` folder when the copy is in ``Output``). A plain ``<name>.jpg``
  beside ``<name>.cr3`` is a camera's RAW+JPEG pair, an original: never recognised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

#: Formats Save can write back with depth, profile and metadata kept (PSD is not one).
WRITABLE_SUFFIXES = {
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
}
# fmt: off
RAW_SUFFIXES = frozenset({
    ".arw", ".cr2", ".cr3", ".crw", ".dng", ".eip", ".erf", ".fff", ".iiq", ".mos", ".nef",
    ".nrw", ".orf", ".pef", ".raf", ".raw", ".rw2", ".rwl", ".sr2", ".srf", ".srw", ".x3f",
    ".3fr",
})
# fmt: on
_LIGHTROOM = re.compile(r"^(?P<name>.+)-Edit(?:-(?P<n>\d{1,4}))?$", re.IGNORECASE)
_CAPTURE_ONE = re.compile(r"^(?P<name>.+?)(?:_(?P<n>\d{1,3}))?$")


class Origin(str, Enum):
    LIGHTROOM = "Lightroom Classic"
    CAPTURE_ONE = "Capture One"
    USER = "Open for editing"


@dataclass(frozen=True, slots=True)
class EditTarget:
    """A file Save writes back to, in place, in its own format."""

    path: Path  # resolved
    origin: Origin
    format: str  # "TIFF", "JPEG" or "PNG"

    @property
    def title(self) -> str:
        """For the title bar, e.g. "Portrait-Edit.tif — editing for Lightroom Classic"."""
        if self.origin is Origin.USER:
            return f"{self.path.name} — Save writes back to this file"
        return f"{self.path.name} — editing for {self.origin.value}"

    def is_target(self, path: str | Path) -> bool:
        """Is ``path`` this editing copy (Save over it) rather than a new file?"""
        try:
            return os.path.samefile(self.path, path)
        except OSError:
            return Path(path).resolve() == self.path


def edit_target(
    path: str | Path, *, from_command_line: bool = False, chosen_for_editing: bool = False
) -> EditTarget | None:
    """The editing copy ``path`` is, or None when Save must not write over it.

    ``from_command_line``: the path came from the command line (a catalog's "Edit In"); it
    counts only when the name matches Lightroom's or Capture One's pattern.
    ``chosen_for_editing``: the user picked it with "File > Open for editing".
    None also for a missing, read-only or unsupported (e.g. PSD) file.
    """
    p = Path(path)
    fmt = WRITABLE_SUFFIXES.get(p.suffix.lower())
    if fmt is None or not p.is_file() or not os.access(p, os.W_OK):
        return None
    resolved = p.resolve()
    if chosen_for_editing:
        return EditTarget(resolved, Origin.USER, fmt)
    if not from_command_line:
        return None
    if _LIGHTROOM.match(p.stem):
        return EditTarget(resolved, Origin.LIGHTROOM, fmt)
    if _capture_one_variant(resolved):
        return EditTarget(resolved, Origin.CAPTURE_ONE, fmt)
    return None


def _capture_one_variant(path: Path) -> bool:
    match = _CAPTURE_ONE.match(path.stem)
    if match is None:
        return False
    if match["n"] is None and path.suffix.lower() not in (".tif", ".tiff"):
        return False  # RAW+JPEG from the camera, not a variant
    names = {path.stem, match["name"]}
    folders = [path.parent]
    if path.parent.name.lower() == "output":  # a session: Output beside Capture/Selects
        folders += [path.parent.parent / "Capture", path.parent.parent / "Selects"]
    for folder in folders:
        try:
            siblings = list(folder.iterdir()) if folder.is_dir() else []
        except OSError:
            continue
        for sibling in siblings:
            if sibling.suffix.lower() in RAW_SUFFIXES and sibling.stem in names:
                return True
    return False
