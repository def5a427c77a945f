"""Opening photos in the window: files and folders walked off the GUI thread and added to
the filmstrip as they are found, File > Open and Open Folder, File > Open Recent, the last
session's photos reopened at start, and the temp files a killed SmartSkin left swept."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QStatusBar, QWidget

from ...core.io import OPEN_FILTER
from ...core.state import AppSettings, Catalog
from ...workers.folder_walk import WalkPaths
from ...workers.jobs import JobRunner
from ...workers.leftovers import SweepLeftovers
from ..views.filmstrip_filter import FilmstripPanel
from ..widgets.message_bar import MessageBar
from .photos_controller import PhotosController

SHOWN_SKIPPED = 3  # skipped files named in the message, then "and N more"


class Opener(QObject):
    """``photosOpened(int)``: how many new photos an open, a drop or a reopen added."""

    photosOpened = Signal(int)

    def __init__(
        self,
        window: QWidget,
        panel: FilmstripPanel,
        photos: PhotosController,
        settings: AppSettings,
        message: MessageBar,
        status: QStatusBar,
    ) -> None:
        super().__init__(window)
        self.window, self.panel, self.photos = window, panel, photos
        self.filmstrip = panel.filmstrip
        self.settings, self.message, self.status = settings, message, status
        self.walks = JobRunner(1, self)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._reported = ""  # the last "Skipped: ..." sentence shown

    @property
    def catalog(self) -> Catalog:
        return self.photos.catalog

    def open_paths(self, paths: Sequence[str | Path]) -> None:
        """Add photos to the filmstrip as a background walk finds them (files and folders
        alike: nothing is checked on the GUI thread). ``photosOpened`` says how many were new
        once done; the first new one is shown."""
        if not paths:
            return
        if self.message.isVisible() and self.message.label.text() == self._reported:
            self.message.hide()  # an earlier opening's "Skipped: ..." is no news for this one
        chosen = [Path(p) for p in paths]
        first = chosen[0]
        self.settings.last_open_dir = str(first if first.is_dir() else first.parent)
        self.photos.remember_places(chosen)
        added: list[Path] = []
        seen: list[Path] = []  # every photo found, new or open already
        done = partial(self._walked, added, seen)
        self.walks.start(WalkPaths(paths, partial(self._found, added, None, seen=seen), done))

    def reopen(self) -> None:
        """At start: leftovers swept where SmartSkin writes, then the photos that were open
        when it last closed come back."""
        places = {self.catalog.directory}
        if self.settings.last_save_dir:
            places.add(Path(self.settings.last_save_dir))
        places |= {Path(e.output).parent for r in self.catalog for e in r.exports}
        self.walks.start(SweepLeftovers(sorted(places)))
        previous, current = self.photos.reopened()
        if previous:
            added: list[Path] = []
            found = partial(self._found, added, None if current is None else Path(current))
            self.walks.start(WalkPaths(previous, found, partial(self._reopened, added)))

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Open Photos", self.settings.last_open_dir, OPEN_FILTER
        )
        if files:
            self.open_paths(files)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Open Folder", self.settings.last_open_dir
        )
        if folder:
            self.open_paths([folder])

    def shutdown(self) -> None:
        self.walks.shutdown()

    # --- walks ending -------------------------------------------------------------------------

    def _found(
        self,
        added: list[Path],
        wanted: Path | None,
        chunk: list[Path],
        seen: list[Path] | None = None,
    ) -> None:
        """Photos found by a walk: the first new one is shown, or ``wanted`` (the photo on
        screen when SmartSkin last closed) once it is found."""
        if seen is not None:
            seen.extend(chunk)
        new = self.filmstrip.add_many(chunk, resolved=True)
        if wanted is None:
            if new and not added:
                self.filmstrip.select(new[0])
        elif wanted in new:
            self.filmstrip.select(wanted)
        added.extend(new)

    def _walked(self, added: list[Path], seen: list[Path], skipped: list[str]) -> None:
        shown = set(self.filmstrip.shown_paths())
        if any(str(p) not in shown for p in added):
            # Photos just opened are never hidden by a filter left on (a restart keeps it).
            lifted = self.panel.show_all()
            if lifted and self.photos.current is None:
                self.filmstrip.select(added[0])
            if lifted and not skipped:
                self.status.showMessage(
                    f"Showing all photos: the filter “{lifted}” hid the photos you opened.", 8000
                )
        if skipped:
            self._report_skipped(skipped, "Skipped: ")
        elif not added and seen:
            # Open already: shown (as a file manager's "open" of an open document does).
            here = next((p for p in seen if str(p) in shown), None)
            if here is not None:
                self.filmstrip.select(here)
            what = f"{seen[0].name} is" if len(seen) == 1 else f"These {len(seen)} photos are"
            them = "it" if len(seen) == 1 else "them"
            hidden = "" if here is not None else f" (the filmstrip's filter hides {them})"
            self.status.showMessage(f"{what} open already{hidden}.", 5000)
        elif not added:
            self.status.showMessage("No new photos found there.", 5000)
        self.photosOpened.emit(len(added))

    def _reopened(self, added: list[Path], skipped: list[str]) -> None:
        if added and self.photos.current is None:  # the last one shown is gone
            self.filmstrip.select(added[0])
        self.photos.settle_session()
        if skipped:
            self._report_skipped(skipped, "From the last session, not found: ")

    def _report_skipped(self, skipped: list[str], lead: str) -> None:
        more = len(skipped) - SHOWN_SKIPPED
        tail = f" and {more} more" if more > 0 else ""
        text = lead + "; ".join(skipped[:SHOWN_SKIPPED]) + tail + "."
        self.message.show_message(text, "info")
        self._reported = text

    # --- Open Recent --------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        places = self.catalog.recent()
        for place in places:
            action = menu.addAction(Path(place).name or place)
            action.setToolTip(place)
            action.setStatusTip(place)
            action.triggered.connect(partial(self._open_recent, place))
        if not places:
            menu.addAction("No photos opened yet").setEnabled(False)

    def _open_recent(self, place: str) -> None:
        if not Path(place).exists():
            self.catalog.forget_place(place)
            self.message.show_message(
                f"“{place}” is no longer there, so it was taken off the Open Recent list.",
                "info",
            )
            return
        self.open_paths([place])
