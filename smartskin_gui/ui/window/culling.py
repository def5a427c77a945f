"""Culling in the window: star ratings (keys 0-5), Pick / Reject flags (P, X; U clears) and
colour labels (6-9: Red, Yellow, Green, Blue, as Lightroom maps them; the same key again
clears the label), applied to every selected photo shown in the filmstrip and kept in the
catalog; each key is one step of the undo history (Ctrl+Z), as in Lightroom.

Ratings and labels another program wrote into an original's XMP come with its thumbnail
(read off the GUI thread) and are shown until the photographer sorts the photo here: from
then on the catalog holds the photo's whole culling (``rating`` not None) and it wins over
the file's. Lightroom's ``xmp:Rating="-1"`` reads as rejected. The original is never
written; every file saved or exported from a photo gets its rating and label in its XMP
(:meth:`CullingController.culling_for_file`; a rejected photo is written as -1, as
Lightroom and Bridge write it; a label SmartSkin has no key for, such as Capture One's
Orange, is neither shown nor lost: the written file keeps it unless a label is set here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from ...core.io.metadata import REJECTED, XmpCulling
from ...core.state import LABELS, PICK, REJECT, UNFLAGGED, Catalog, Culling, PhotoRecord
from ..views.filmstrip import Filmstrip
from ..widgets.actions import make_action
from .photos_controller import ChangeEdits

#: The labels keys 6 to 9 give (Lightroom's default set; Purple has no key).
LABEL_KEYS = dict(zip("6789", LABELS[:4], strict=True))


def shown_culling(own: Culling, file: XmpCulling | None) -> Culling:
    """What a photo shows: the catalog's culling once set in SmartSkin (``rating`` not
    None), else the file's rating and label under the catalog's flag and label."""
    if own.rating is not None:
        return own
    rating = file.rating if file is not None and file.rating is not None else 0
    flag = own.flag or (REJECT if rating == REJECTED else UNFLAGGED)
    label = own.label or (label_named(file.label) if file is not None else "")
    return Culling(max(0, rating), flag, label)


def label_named(text: str | None) -> str:
    """One of :data:`LABELS` for a label's name in any case ("red": "Red"), else ""."""
    wanted = (text or "").strip().casefold()
    return next((label for label in LABELS if label.casefold() == wanted), "")


class CullingController(QObject):
    """``info(str)``: a sentence for the status bar saying what a key did."""

    info = Signal(str)

    def __init__(
        self, window: QWidget, filmstrip: Filmstrip, catalog: Catalog, undo: QUndoStack
    ) -> None:
        super().__init__(window)
        self.filmstrip, self.catalog, self.undo = filmstrip, catalog, undo
        #: Told of each undo and redo of a culling step (the window shows the photo it
        #: changed when that is not the one on screen): PhotosController.announce.
        self.announce: Callable[[str, str, list[str]], None] | None = None
        self._file: dict[str, XmpCulling] = {}  # what each original's XMP says
        self.rating_actions = [
            self._action(
                window,
                "Rating: None" if n == 0 else "Rating: " + "★" * n,
                str(n),
                partial(self.rate, n),
                "Take the stars off the selected photos (0)"
                if n == 0
                else f"Rate the selected photos {n} star{'s' if n > 1 else ''} ({n})",
                f"rate{n}Action",
            )
            for n in range(6)
        ]
        self.flag_actions = [
            self._action(
                window, "&Pick", "P", partial(self.flag, PICK), "Flag as a pick (P)", "pickAction"
            ),
            self._action(
                window,
                "&Reject",
                "X",
                partial(self.flag, REJECT),
                "Flag as rejected: the photo is dimmed (X)",
                "rejectAction",
            ),
            self._action(
                window,
                "&Unflag",
                "U",
                partial(self.flag, UNFLAGGED),
                "Neither pick nor rejected (U)",
                "unflagAction",
            ),
        ]
        self.label_actions = [
            self._action(
                window,
                f"Label: {label}",
                key,
                partial(self.label, label),
                f"Label the selected photos {label}; {key} again takes it off",
                f"label{label}Action",
            )
            for key, label in LABEL_KEYS.items()
        ]
        filmstrip.photosAdded.connect(self._added)
        filmstrip.fileCulling.connect(self._read_from_file)

    @staticmethod
    def _action(
        window: QWidget, text: str, key: str, slot: Callable[[], object], tip: str, name: str
    ) -> QAction:
        action = make_action(window, text, key, slot, tip, name)
        action.setAutoRepeat(False)  # a held key sets it once
        return action

    @property
    def actions(self) -> list[QAction | None]:
        """For the Photo menu, None between groups."""
        return [*self.rating_actions, None, *self.flag_actions, None, *self.label_actions]

    # --- what the photographer does -------------------------------------------------------

    def rate(self, stars: int) -> int:
        name = "no stars" if stars == 0 else "★" * stars
        return self._change(
            lambda c: replace(c, rating=stars), f"Rated {{}}: {name}.", f"Rating {name}"
        )

    def flag(self, flag: int) -> int:
        what = {PICK: "Picked {}.", REJECT: "Rejected {}.", UNFLAGGED: "Unflagged {}."}[flag]
        step = {PICK: "Pick", REJECT: "Reject", UNFLAGGED: "Unflag"}[flag]
        return self._change(lambda c: replace(c, flag=flag), what, step)

    def label(self, label: str) -> int:
        """Label the selected photos; if all have that label already, take it off."""
        paths = self._targets()
        if paths and all(self.shown(p).label == label for p in paths):
            return self._change(
                lambda c: replace(c, label=""), "Took the label off {}.", "Label off"
            )
        return self._change(
            lambda c: replace(c, label=label), f"Labelled {{}} {label}.", f"Label {label}"
        )

    def shown(self, path: str) -> Culling:
        """The photo's culling as the filmstrip shows it."""
        record = self._record(path)
        return shown_culling(record.culling if record else Culling(), self._file.get(path))

    def culling_for_file(self, path: str) -> XmpCulling | None:
        """The rating and label a file written from ``path`` gets in its XMP; None when the
        photographer did not sort it here (the original's own rating and label stay)."""
        record = self._record(path)
        own = record.culling if record is not None else Culling()
        if own == Culling():
            return None
        rating = REJECTED if own.flag == REJECT else own.rating
        label = own.label if own.rating is not None or own.label else None
        file = self._file.get(path)
        if label == "" and file is not None and file.label and not label_named(file.label):
            label = None  # a label SmartSkin has no key for (Capture One's Orange): kept
        return XmpCulling(rating, label)

    def _record(self, path: str) -> PhotoRecord | None:
        """The catalog's record of a photo open in the filmstrip (a dict look-up)."""
        return self.catalog.get(path) if self.catalog.remembers(path) else None

    def _targets(self) -> list[str]:
        return self.filmstrip.selected_paths()

    def _change(self, change: Callable[[Culling], Culling], sentence: str, step: str) -> int:
        """Apply ``change`` to each selected photo's culling as shown (which then becomes
        the catalog's, a rating included), as one undo step named ``step``; the sentence
        names how many photos."""
        paths = self._targets()
        if not paths:
            self.info.emit("Choose a photo in the filmstrip first.")
            return 0
        before: dict[str, Culling] = {}
        after: dict[str, Culling] = {}
        for path in paths:
            record = self._record(path)
            before[path] = record.culling if record is not None else Culling()
            changed = change(self.shown(path))
            after[path] = replace(changed, rating=changed.rating or 0)  # the catalog's now
        count = len(paths)
        who = "1 photo" if count == 1 else f"{count} photos"
        self.undo.push(ChangeEdits(self._apply, f"{step} ({who})", before, after, self.announce))
        self.info.emit(sentence.format(who))
        return count

    def _apply(self, cullings: dict[str, Culling]) -> None:
        """Put these photos' culling in place (a key, its undo or its redo)."""
        for path, culling in cullings.items():
            self.catalog.set_culling(path, culling)
        self.filmstrip.set_cullings({path: self.shown(path) for path in cullings})

    # --- what the filmstrip shows ---------------------------------------------------------

    def _added(self, paths: list[str]) -> None:
        """Photos the catalog has sorted show it at once (a dict look-up each)."""
        known = {}
        for path in paths:
            record = self._record(path)
            if record is not None and record.culling != Culling():
                known[path] = self.shown(path)
        if known:
            self.filmstrip.set_cullings(known)

    def _read_from_file(self, path: str, culling: XmpCulling) -> None:
        self._file[path] = culling
        self.filmstrip.set_cullings({path: self.shown(path)})
