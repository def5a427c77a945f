"""Per-photo settings in the window, kept in the catalog the moment they change and
undoable: each photo keeps its own strengths (also across a restart), shown on the sliders
when it is selected; presets, Reset, Compare's "Use" and Sync are steps of the undo
history (a slider drag is one step); badges in the filmstrip; the photos open in the
filmstrip and the places opened lately."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...core.batch import PhotoResult
from ...core.errors import ImageInputError
from ...core.params import Params
from ...core.state import (
    NO_REGIONS,
    Catalog,
    Culling,
    ExportRecord,
    FaceSetting,
    FileStamp,
    PhotoEdits,
    PhotoRecord,
    PresetStore,
    Regions,
    Stroke,
)
from ..views.filmstrip import Filmstrip
from ..widgets.presets_box import PresetsBox

log = logging.getLogger(__name__)

BROKEN_CODES = {cls.code for cls in ImageInputError.__subclasses__()} | {ImageInputError.code}
#: Undo steps of settings kept (each is a few small values per photo it changed).
UNDO_LIMIT = 500


def badge_of(record: PhotoRecord) -> tuple[str, str]:
    """The filmstrip badge for a photo, and the reason shown as its tooltip."""
    if record.broken is not None:
        return "broken", record.broken
    if record.failure is not None:
        return "failed", record.failure
    last = record.last_export
    if last is not None:
        return "exported", f"saved as {last.output}"
    if record.edited:
        return "edited", "settings changed, not exported yet"
    return "", ""


#: Changes of a photo's strengths this close together (s) are one undo step.
NUDGE_S = 1.0
NUDGE_ID = 1
_clock = time.monotonic


def _what_shows(edits: object) -> object:
    """What a photo's edits show: its settings, faces and strokes (not whether they were
    chosen for it); anything else as it is."""
    return replace(edits, edited=False) if isinstance(edits, PhotoEdits) else edits


class ChangeEdits(QUndoCommand):
    """One step of the undo history: some photos' edits (or culling) before and after it;
    ``apply`` puts either in place. ``announce(verb, text, photos)``, when given, is told
    of every undo and redo after the step was first made ("Undo" or "Redo", the step's
    name, the photos it changes)."""

    def __init__(
        self,
        apply: Callable[[Any], None],
        text: str,
        before: Mapping[str, object],
        after: Mapping[str, object],
        announce: Callable[[str, str, list[str]], None] | None = None,
        nudge: bool = False,
    ) -> None:
        super().__init__(text)
        self.apply, self.before, self.after = apply, before, after
        self.announce = announce
        self._made = False  # QUndoStack.push runs redo() once: the step being made
        #: A change of strengths that the next one, within NUDGE_S on the same photo, joins
        #: (three clicks on a spin box's arrow, or ten arrow keys, are one step).
        self.nudge = nudge
        self.changed_at = _clock()

    def id(self) -> int:
        return NUDGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, ChangeEdits)
            and other.nudge
            and other.text() == self.text()
            and list(other.before) == list(self.after)
            and other.changed_at - self.changed_at <= NUDGE_S
        ):
            return False
        self.after, self.changed_at = other.after, other.changed_at
        if all(_what_shows(self.after[k]) == _what_shows(self.before[k]) for k in self.before):
            # Up and back down again: no change at all, so no step (Ctrl+Z would seem to do
            # nothing); the photo is as it was before it, "edited" or not.
            self.apply(self.before)
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.apply(self.after)
        if self._made and self.announce is not None:
            self.announce("Redo", self.text(), list(self.after))
        self._made = True

    def undo(self) -> None:
        self.apply(self.before)
        if self.announce is not None:
            self.announce("Undo", self.text(), list(self.before))


class PhotosController(QObject):
    """``paramsShown(Params)``: the selected photo's settings, for the sliders and the
    render (after a selection, an undo, a preset...). ``warning(str)`` and ``info(str)``:
    sentences for the message bar and the status bar."""

    paramsShown = Signal(object)
    regionsShown = Signal(object)  # the selected photo's Regions (faces' settings, strokes)
    warning = Signal(str)
    info = Signal(str)

    def __init__(
        self,
        filmstrip: Filmstrip,
        catalog: Catalog,
        presets: PresetStore,
        undo: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.filmstrip, self.catalog, self.presets, self.undo = filmstrip, catalog, presets, undo
        undo.setUndoLimit(UNDO_LIMIT)
        self.current: str | None = None
        self._drag_before: tuple[str, PhotoEdits] | None = None  # a drag under way
        self._shown: PhotoEdits | None = None  # a step the user just made on the sliders
        self.presets_box = PresetsBox(presets)
        self.sync_selected_button = QPushButton("Sync to selected")
        self.sync_selected_button.setObjectName("syncSelectedButton")
        self.sync_selected_button.setToolTip(
            "Give the photos selected in the filmstrip this photo's settings (Ctrl+Z undoes)."
        )
        self.sync_all_button = QPushButton("Sync to all")
        self.sync_all_button.setObjectName("syncAllButton")
        self.sync_all_button.setToolTip(
            "Give every photo the filmstrip shows this photo's strengths (Ctrl+Z undoes)."
        )
        self.box = QWidget()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sync_selected_button)
        row.addWidget(self.sync_all_button)
        col = QVBoxLayout(self.box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.presets_box)
        col.addLayout(row)
        self.sync_selected_button.clicked.connect(self.sync_selected)
        self.sync_all_button.clicked.connect(self.sync_all)
        self.presets_box.error.connect(self.warning)
        filmstrip.photosAdded.connect(self._added)
        filmstrip.photoBroken.connect(self._broken)
        filmstrip.photoSelected.connect(self._selected)

    # --- the current photo --------------------------------------------------------------------

    def set_default_preset(self, name: str) -> None:
        """Photos opened from now on start from the preset ``name``."""
        self.catalog.default = self.presets.get(name) or self.catalog.default

    def default_params(self) -> Params:
        return self.catalog.default

    def params(self, path: str) -> Params:
        return self.catalog.params(path)

    def version(self, path: str) -> tuple[Params, FileStamp | None, Regions]:
        """The photo's settings, the version of its file they were chosen for (None: the
        default's, good for any version), and its faces' settings and strokes."""
        record = self.catalog.get(path)
        if record is None:
            return self.catalog.params(path), None, NO_REGIONS
        stamp = record.stamp if record.edited else None
        return record.params, stamp, record.edits.regions

    def edits(self) -> PhotoEdits | None:
        """The current photo's edits (None: no photo)."""
        return None if self.current is None else self.catalog.edits(self.current)

    def params_changed(self, params: Params, final: bool) -> None:
        """The user moves a slider or types a strength: kept at once; one undo step per
        drag (from the first tick to the release)."""
        self.presets_box.set_current(params)
        edits = self.edits()
        if edits is not None:
            self.edit(
                replace(edits, params=params, edited=True), final, "Change settings", nudge=True
            )

    def face_changed(self, setting: FaceSetting, final: bool, what: str) -> None:
        """A face's own settings (its strengths, or left out) as the user changes them; a
        face given the photo's settings again keeps none of its own."""
        edits = self.edits()
        if edits is None:
            return
        others = tuple(
            f for f in edits.faces if not f.matches(setting.cx, setting.cy, setting.size)
        )
        own = setting.excluded or setting.params is not None
        faces = (*others, setting) if own else others
        self.edit(replace(edits, faces=faces, edited=True), final, what)

    def stroke_done(self, stroke: Stroke) -> None:
        """A brush stroke painted on the current photo: one undo step."""
        edits = self.edits()
        if edits is not None:
            strokes = (*edits.strokes, stroke)
            what = "Protect stroke" if stroke.kind == "protect" else "Add stroke"
            self.edit(replace(edits, strokes=strokes, edited=True), True, what)

    def edit(self, after: PhotoEdits, final: bool, what: str, nudge: bool = False) -> None:
        """The current photo's edits as the user makes them, kept at once (on screen already:
        not shown again); ``final`` ends the step (a drag is one step, from its first tick).
        ``nudge``: a change of strengths, one step with the next within NUDGE_S."""
        path = self.current
        if path is None:
            return
        before = self.catalog.edits(path)
        if self._drag_before is None or self._drag_before[0] != path:
            self._drag_before = (path, before)
        self.catalog.set_edits(path, after)
        self._badge(path)
        if final:
            start = self._drag_before[1]
            self._drag_before = None
            if start != after:
                self._shown = after
                self._push(f"{what} of {Path(path).name}", {path: start}, {path: after}, nudge)
                self._shown = None

    def use(self, params: Params, what: str) -> None:
        """Give the current photo ``params`` as one undo step named ``what`` (a preset,
        Reset, a comparison tile's "Use", the settings recorded in the file); its faces'
        settings and strokes stay."""
        path = self.current
        if path is None:
            self.paramsShown.emit(params)
            return
        self._drag_before = None
        before = self.catalog.edits(path)
        after = replace(before, params=params, edited=True)
        if before == after:
            self.paramsShown.emit(params)
            return
        self._push(what, {path: before}, {path: after})

    def _selected(self, path: str) -> None:
        self.current = path
        self.catalog.set_current(path)
        self._drag_before = None
        warnings = len(self.catalog.warnings)
        record = self.catalog.record(path)  # notices a file replaced on disk
        for sentence in self.catalog.warnings[warnings:]:
            self.warning.emit(sentence)
        self._badge(path)
        self.presets_box.set_current(record.params)
        self.paramsShown.emit(record.params)
        self.regionsShown.emit(record.edits.regions)

    # --- sync ---------------------------------------------------------------------------------

    def sync_selected(self) -> int:
        return self._sync(self.filmstrip.selected_paths(), "selected photos")

    def sync_all(self) -> int:
        """Every photo the filmstrip shows (with a filter on, the photos it lets through)."""
        shown = self.filmstrip.shown_paths()
        hidden = len(shown) < len(self.filmstrip.paths())
        return self._sync(shown, "all photos shown" if hidden else "all photos")

    def _sync(self, targets: list[str], what: str) -> int:
        """Give ``targets`` the current photo's settings, as one undo step; how many changed."""
        if self.current is None:
            self.info.emit(
                "Open some photos first: Sync gives the photo shown's settings to others."
            )
            return 0
        params = self.catalog.params(self.current)
        before = {k: self.catalog.edits(k) for k in targets}
        # The strengths only: each photo's faces and strokes are its own.
        after = {k: replace(v, params=params, edited=True) for k, v in before.items()}
        # A photo with these strengths already is left as it is (not counted, not marked).
        changed = {k: v for k, v in before.items() if v.params != params}
        if not changed:
            self.info.emit(f"The {what} have these settings already.")
            return 0
        count = len(changed)
        name = "photo" if count == 1 else "photos"
        self._push(f"Sync settings to {count} {name}", changed, {k: after[k] for k in changed})
        self.info.emit(f"Gave {count} {name} these settings (Ctrl+Z undoes it).")
        return count

    def paste(self, params: Params, paths: Iterable[str]) -> int:
        """Give ``paths`` the strengths ``params`` (copied from a photo), as one undo step;
        each keeps its own faces and brush strokes. How many changed."""
        self._drag_before = None
        before = {k: self.catalog.edits(k) for k in paths}
        after = {k: replace(v, params=params, edited=True) for k, v in before.items()}
        changed = {k: v for k, v in before.items() if v.params != params}
        if not changed:
            self.info.emit("These photos have these settings already.")
            return 0
        count = len(changed)
        name = "photo" if count == 1 else "photos"
        self._push(f"Paste settings to {count} {name}", changed, {k: after[k] for k in changed})
        self.info.emit(f"Pasted the settings to {count} {name} (Ctrl+Z undoes it).")
        return count

    # --- undo ---------------------------------------------------------------------------------

    def _push(
        self,
        text: str,
        before: dict[str, PhotoEdits],
        after: dict[str, PhotoEdits],
        nudge: bool = False,
    ) -> None:
        self.undo.push(ChangeEdits(self._apply, text, before, after, self.announce, nudge))

    def announce(self, verb: str, text: str, photos: list[str]) -> None:
        """An undo or redo changed ``photos``: the status bar says what was undone or
        redone (the last step's words, never an earlier one's), and when the photo on screen
        is not among them, the one photo it changed is shown (the photographer sees what
        Ctrl+Z did)."""
        if self.current in photos:
            self.info.emit(f"{verb}: {text}.")
        elif len(photos) == 1 and photos[0] in self.filmstrip.shown_paths():
            self.filmstrip.select(Path(photos[0]))
            self.info.emit(f"{verb}: {text}.")
        elif len(photos) == 1:
            name = Path(photos[0]).name
            open_now = photos[0] in self.filmstrip.paths()
            why = "the filmstrip's filter hides" if open_now else "is no longer open"
            self.info.emit(f"{verb}: {text} on {name}, which {why}.")
        else:
            self.info.emit(f"{verb}: {text}.")

    def _apply(self, changes: dict[str, PhotoEdits]) -> None:
        """Photos' edits as a step of the history makes them (its redo or its undo)."""
        self._drag_before = None
        self.catalog.apply(changes)
        self._badges(changes)
        if self.current in changes and changes[self.current] != self._shown:
            edits = changes[self.current]
            self.presets_box.set_current(edits.params)
            self.paramsShown.emit(edits.params)
            self.regionsShown.emit(edits.regions)

    # --- written files ------------------------------------------------------------------------

    def exported(self, result: PhotoResult, options: str) -> None:
        """One photo of an export ended (written with ``options``, or failed)."""
        path = str(result.input)
        if result.ok and result.output is not None:
            export = ExportRecord(
                str(result.output),
                result.params,
                result.engine,
                options,
                result.stamp,
                time.time(),
                self._digest(path, result.params),
                self._culling(path),
            )
            self.catalog.mark_exported(path, export)
        elif result.code in BROKEN_CODES:
            self.catalog.mark_broken(path, result.message)
            self.catalog.mark_failed(path, result.message)
        elif result.code not in ("CANCELLED", "SKIPPED"):
            self.catalog.mark_failed(path, result.message)
        self._badge(path)

    def saved(
        self, path: str, output: str, params: Params, engine: str, stamp: FileStamp | None
    ) -> None:
        """Save wrote ``output`` from ``path``: it counts as exported for those settings."""
        digest = self._digest(path, params)
        export = ExportRecord(
            output, params, engine, "save", stamp, time.time(), digest, self._culling(path)
        )
        self.catalog.mark_exported(path, export)
        self._badge(path)

    def _digest(self, path: str, params: Params) -> str:
        """What a file written now from ``path`` with ``params`` was made with."""
        edits = self.catalog.edits(path)
        return (edits if edits.params == params else PhotoEdits(params)).digest()

    def _culling(self, path: str) -> str:
        """The rating, flag and label a file written now from ``path`` carries."""
        record = self.catalog.get(path)
        return (record.culling if record is not None else Culling()).digest()

    def unexported(self) -> list[str]:
        return self.catalog.unexported_edits()

    def skippable(self, paths: Iterable[str], engine: str, options: str) -> set[str]:
        """The photos whose current version was exported with their current settings,
        ``engine`` and ``options`` already, to a file that still exists."""
        return {p for p, done in self.exported_with(paths, engine).items() if options in done}

    def exported_with(self, paths: Iterable[str], engine: str) -> dict[str, set[str]]:
        """For each photo, the export options its current version was exported with, with
        its current settings and ``engine``, to a file that still exists (each file looked
        at once: the Export dialog asks again for every option typed, in memory)."""
        found: dict[str, set[str]] = {}
        for path in paths:
            record = self.catalog.get(path)
            done: set[str] = set()
            if record is not None and record.exports:
                stamp = FileStamp.of(path)
                for options in {e.options for e in record.exports}:
                    if not record.exported_as(engine, options, stamp):
                        continue
                    outputs = [e.output for e in record.exports if e.options == options]
                    if any(Path(o).is_file() for o in outputs):
                        done.add(options)
            found[path] = done
        return found

    # --- the photos open, and places --------------------------------------------------------

    def reopened(self) -> tuple[list[str], str | None]:
        """The photos that were open when SmartSkin last closed, in order, and the one that
        was on screen."""
        return self.catalog.session(), self.catalog.current()

    def settle_session(self) -> None:
        """After the last session's photos were reopened: those not found are left out."""
        open_now = set(self.filmstrip.paths())
        missing = [k for k in self.catalog.session() if k not in open_now]
        if missing:
            self.catalog.keep_open([k for k in self.catalog.session() if k in open_now])

    def remove(self, paths: list[str]) -> str | None:
        """Take ``paths`` out of the filmstrip and the session (their files, settings and
        exports stay in the catalog: opened again, they come back as they were); the photo
        to show next (the first shown after them, else before them), None when none is
        left."""
        gone = set(paths)
        shown = self.filmstrip.shown_paths()
        rows = [i for i, p in enumerate(shown) if p in gone]
        after = [p for p in shown[rows[-1] + 1 :] if p not in gone] if rows else []
        before = [p for p in shown[: rows[0]] if p not in gone] if rows else []
        self.filmstrip.remove(paths)
        self.catalog.keep_open([k for k in self.catalog.session() if k not in gone])
        if self.current is not None and self.current not in gone:
            return self.current
        self.current = None
        if after or before:
            return after[0] if after else before[-1]
        rest = self.filmstrip.shown_paths() or self.filmstrip.paths()
        return rest[0] if rest else None

    def remember_places(self, paths: Iterable[Path]) -> None:
        """Files and folders the user opened, for File > Open Recent (one file: itself;
        several: their folders)."""
        chosen = list(paths)
        places = chosen if len(chosen) == 1 else [p if p.is_dir() else p.parent for p in chosen]
        for place in dict.fromkeys(places):
            self.catalog.remember_place(place)

    # --- badges -------------------------------------------------------------------------------

    def _added(self, paths: list[str]) -> None:
        self.catalog.open_photos(paths)
        # Photos known to the catalog show their state at once; the others get their record
        # when first used: thousands arrive without a stall.
        for path in paths:
            if self.catalog.remembers(path):
                self._badge(path)

    def _broken(self, path: str, why: str) -> None:
        self.catalog.mark_broken(path, why)

    def _badges(self, paths: Iterable[str]) -> None:
        for path in paths:
            self._badge(path)

    def _badge(self, path: str) -> None:
        record = self.catalog.get(path)
        if record is not None:
            self.filmstrip.set_badge(path, *badge_of(record))
