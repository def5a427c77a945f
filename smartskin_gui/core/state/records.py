"""What the catalog remembers of one photo: its edits, its file's stamp, its exports and
what went wrong with it. Plain frozen values: safe to hand to the catalog's writer thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from ..params import Params

PathLike = str | os.PathLike[str]


def photo_key(path: PathLike) -> str:
    """A photo's key in the catalog: its resolved path."""
    return str(Path(path).expanduser().resolve())


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells a photo from another file saved under its name: size and modification
    time. A file replaced under the same name is another photo."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: PathLike) -> Self | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class PhotoEdits:
    """What the photographer decided for a photo: its strengths, and whether they were
    chosen for it (``edited``) rather than given by the default preset. Undo swaps these."""

    params: Params
    edited: bool = False


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One file written from a photo: where, with which settings, engine and options
    (``options`` is a short text naming them: ``"save"`` for Save, else the export's
    format, quality, naming and folder), from which version of the file."""

    output: str
    params: Params
    engine: str
    options: str
    stamp: FileStamp | None
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """One photo as the catalog knows it. It counts as exported while a file written with
    its current settings exists in ``exports`` (Save counts too)."""

    path: str
    edits: PhotoEdits
    stamp: FileStamp | None = None
    failure: str | None = None  # the last export/render failed: the sentence why
    broken: str | None = None  # the file cannot be opened: the sentence why
    exports: tuple[ExportRecord, ...] = field(default=())

    @property
    def params(self) -> Params:
        return self.edits.params

    @property
    def edited(self) -> bool:
        return self.edits.edited

    @property
    def last_export(self) -> ExportRecord | None:
        """The newest file written with the current settings, if any."""
        matching = [e for e in self.exports if e.params == self.params]
        return max(matching, key=lambda e: e.at) if matching else None

    @property
    def exported(self) -> bool:
        return self.last_export is not None

    @property
    def needs_export(self) -> bool:
        """Edited, and those edits are in no written file yet."""
        return self.edited and not self.exported and self.broken is None

    def exported_as(self, engine: str, options: str, stamp: FileStamp | None) -> bool:
        """Was this version of the file exported with its current settings, ``engine`` and
        ``options`` already?"""
        return any(
            e.params == self.params
            and e.engine == engine
            and e.options == options
            and e.stamp == stamp
            for e in self.exports
        )
