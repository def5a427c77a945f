"""What the catalog remembers of one photo: its edits, its file's stamp, its exports and
what went wrong with it. Plain frozen values: safe to hand to the catalog's writer thread.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
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
class FaceSetting:
    """The photographer's choice for one face, found again by where it is: its centre and
    size as fractions of the photo's width, height and longer side (so it holds at every
    size of the photo, and across a restart, without any image data)."""

    cx: float
    cy: float
    size: float
    excluded: bool = False  # left exactly as it is
    params: Params | None = None  # its own strengths; None: the photo's

    def matches(self, cx: float, cy: float, size: float) -> bool:
        """Is a face found at (cx, cy) of ``size`` this one? (Centres within half a face.)"""
        reach = 0.5 * max(self.size, size)
        return (
            abs(self.cx - cx) <= reach
            and abs(self.cy - cy) <= reach
            and (0.5 < size / max(self.size, 1e-6) < 2.0)
        )


@dataclass(frozen=True, slots=True)
class Stroke:
    """One brush stroke: ``kind`` "protect" (the change is taken out) or "add" (skin the
    engine missed gets the photo's change), a radius as a fraction of the photo's longer
    side, a softness from 0 (hard) to 1 (all feather), and the points it went through as
    fractions of the photo's width and height."""

    kind: str
    radius: float
    softness: float
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Regions:
    """The faces with settings of their own and the brush strokes of one photo: what a
    render needs besides the photo and its strengths (see ``core.engine.regions``)."""

    faces: tuple[FaceSetting, ...] = ()
    strokes: tuple[Stroke, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.active_faces() or self.strokes)

    def active_faces(self) -> tuple[FaceSetting, ...]:
        """The faces that change anything (excluded, or with strengths of their own)."""
        return tuple(f for f in self.faces if f.excluded or f.params is not None)

    def face_params(self, photo: Params) -> set[Params]:
        """Strengths other than the photo's that faces ask a render of (not identity)."""
        return {
            f.params
            for f in self.active_faces()
            if not f.excluded and f.params is not None and f.params != photo
        }

    def with_strokes(self, strokes: Iterable[Stroke]) -> Regions:
        return Regions(self.faces, (*self.strokes, *strokes))

    def adds(self) -> bool:
        return any(s.kind == "add" for s in self.strokes)


#: No face with settings of its own, no stroke.
NO_REGIONS = Regions()


@dataclass(frozen=True, slots=True)
class PhotoEdits:
    """What the photographer decided for a photo: its strengths, and whether they were
    chosen for it (``edited``) rather than given by the default preset; the faces given
    their own settings; the brush strokes. Undo swaps these."""

    params: Params
    edited: bool = False
    faces: tuple[FaceSetting, ...] = ()
    strokes: tuple[Stroke, ...] = ()

    @property
    def regions(self) -> Regions:
        return Regions(self.faces, self.strokes)

    def face(self, cx: float, cy: float, size: float) -> FaceSetting | None:
        """The setting of the face found at (cx, cy) of ``size``, if it has one."""
        return next((f for f in self.faces if f.matches(cx, cy, size)), None)

    def digest(self) -> str:
        """A short text that changes whenever what a written file shows would change."""
        text = repr((self.params, self.faces, self.strokes))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


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
    #: :meth:`PhotoEdits.digest` of everything it was written with (faces and brush too);
    #: "" for a file written before faces and brush were kept (its strengths then decide).
    edits: str = ""
    #: :meth:`Culling.digest` of the rating, flag and label written into its XMP; "" for a
    #: file written before SmartSkin kept that (it then counts as up to date).
    culling: str = ""

    def made_with(self, edits: PhotoEdits) -> bool:
        if self.edits:
            return self.edits == edits.digest()
        return self.params == edits.params and not edits.faces and not edits.strokes


#: Pick and reject flags, as Lightroom and Capture One set them (P, X; U clears).
PICK, UNFLAGGED, REJECT = 1, 0, -1
#: Colour labels, as Lightroom writes them in ``xmp:Label`` (keys 6 to 9).
LABELS = ("Red", "Yellow", "Green", "Blue", "Purple")


@dataclass(frozen=True, slots=True)
class Culling:
    """How the photographer sorted a photo: a star rating (0-5), a pick or reject flag and
    a colour label. ``rating`` None: not rated in SmartSkin (the file's own rating shows)."""

    rating: int | None = None
    flag: int = UNFLAGGED
    label: str = ""

    def digest(self) -> str:
        """A short text that changes whenever what a written file's XMP says would."""
        return f"{self.rating}|{self.flag}|{self.label}"


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
    culling: Culling = Culling()

    @property
    def params(self) -> Params:
        return self.edits.params

    @property
    def edited(self) -> bool:
        return self.edits.edited

    @property
    def last_export(self) -> ExportRecord | None:
        """The newest file written with the current settings, if any."""
        matching = [e for e in self.exports if e.made_with(self.edits)]
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
        ``options`` already, and with its current rating, flag and label in its XMP?"""
        culling = self.culling.digest()
        return any(
            e.made_with(self.edits)
            and e.engine == engine
            and e.options == options
            and e.stamp == stamp
            and e.culling in ("", culling)
            for e in self.exports
        )
