"""Per-photo settings in the window: each photo keeps its own strengths (also across a
restart), shown on the sliders when it is selected; Sync gives the current photo's settings
to the selected photos or to all; presets in the side panel; badges in the filmstrip."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...core.batch import PhotoResult
from ...core.errors import ConfigError, ImageInputError, SmartSkinError
from ...core.params import Params
from ...core.state import PhotoRecord, PhotoSettings, PresetStore
from ...workers.jobs import JobRunner
from ...workers.session_file import WriteSession
from ..views.filmstrip import Filmstrip
from ..widgets.presets_box import PresetsBox

log = logging.getLogger(__name__)

BROKEN_CODES = {cls.code for cls in ImageInputError.__subclasses__()} | {ImageInputError.code}


def badge_of(record: PhotoRecord) -> tuple[str, str]:
    """The filmstrip badge for a photo, and the reason shown as its tooltip."""
    if record.broken is not None:
        return "broken", record.broken
    if record.failure is not None:
        return "failed", record.failure
    if record.exported:
        return "exported", f"exported to {record.exported_to}"
    if record.edited:
        return "edited", "settings changed, not exported yet"
    return "", ""


class SessionController(QObject):
    """``paramsShown(Params)``: the settings of the selected photo, to put on the sliders and
    render. ``warning(str)``: a sentence for the message bar."""

    paramsShown = Signal(object)
    warning = Signal(str)

    def __init__(
        self,
        filmstrip: Filmstrip,
        presets: PresetStore,
        default_preset: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.filmstrip = filmstrip
        self.presets = presets
        self.photos = PhotoSettings(default=presets.get(default_preset) or Params())
        self.current: str | None = None
        self.writer = JobRunner(1, self)
        self.presets_box = PresetsBox(presets)
        self.sync_selected_button = QPushButton("Sync to selected")
        self.sync_selected_button.setObjectName("syncSelectedButton")
        self.sync_selected_button.setToolTip(
            "Give the photos selected in the filmstrip this photo's settings."
        )
        self.sync_all_button = QPushButton("Sync to all")
        self.sync_all_button.setObjectName("syncAllButton")
        self.sync_all_button.setToolTip("Give every photo in the filmstrip this photo's settings.")
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
        self.warnings = [*presets.warnings, *self.photos.warnings]  # for the window to show

    # --- the current photo --------------------------------------------------------------------

    def set_default_preset(self, name: str) -> None:
        """Photos opened from now on start from the preset ``name``."""
        self.photos.default = self.presets.get(name) or self.photos.default

    def params(self, path: str) -> Params:
        return self.photos.params(path)

    def params_changed(self, params: Params) -> None:
        """The user changed the current photo's settings (sliders, preset, reset)."""
        self.presets_box.set_current(params)
        if self.current is not None:
            self.photos.set_params(self.current, params)
            self._badge(self.current)

    def _selected(self, path: str) -> None:
        self.current = path
        params = self.photos.params(path)
        self.presets_box.set_current(params)
        self.paramsShown.emit(params)

    # --- sync ---------------------------------------------------------------------------------

    def sync_selected(self) -> list[str]:
        return self._sync(self.filmstrip.selected_paths())

    def sync_all(self) -> list[str]:
        return self._sync(self.filmstrip.paths())

    def _sync(self, targets: list[str]) -> list[str]:
        if self.current is None:
            return []
        changed = self.photos.sync(self.current, targets)
        self._badges(changed)
        return changed

    # --- export results -----------------------------------------------------------------------

    def exported(self, result: PhotoResult) -> None:
        path = str(result.input)
        if result.ok and result.output is not None:
            self.photos.mark_exported(path, result.output, result.params)
        elif result.code in BROKEN_CODES:
            self.photos.mark_broken(path, result.message)
            self.photos.mark_failed(path, result.message)
        elif result.code != "CANCELLED":
            self.photos.mark_failed(path, result.message)
        self._badge(path)

    def unexported(self) -> list[str]:
        return self.photos.unexported_edits()

    def save(self) -> None:
        """Write the session (its photos' settings) for the next start, now (on quit)."""
        self.writer.shutdown()  # a background write in flight ends first
        try:
            self.photos.save()
        except ConfigError as err:
            log.warning("%s", err.message)
            self.warning.emit(err.message)

    def save_later(self) -> None:
        """Write the session in the background (after an export): the GUI never waits."""
        if self.photos.dirty:
            snapshot = self.photos.snapshot()
            self.photos.dirty = False
            self.writer.start(
                WriteSession(self.photos.path, snapshot, lambda _: None, self._write_failed)
            )

    def _write_failed(self, err: SmartSkinError) -> None:
        self.photos.dirty = True
        log.warning("%s", err.message)
        self.warning.emit(err.message)

    # --- badges -------------------------------------------------------------------------------

    def _added(self, paths: list[str]) -> None:
        # New photos get their record when first used (selected, edited, exported): only
        # the last session's photos are looked at now, so thousands arrive without a stall.
        for record in self.photos.add_all(p for p in paths if self.photos.remembers(p)):
            if badge_of(record)[0]:
                self._badge(record.path)

    def _broken(self, path: str, why: str) -> None:
        self.photos.mark_broken(path, why)

    def _badges(self, paths: Iterable[str]) -> None:
        for path in paths:
            self._badge(path)

    def _badge(self, path: str) -> None:
        record = self.photos.get(path)
        if record is not None:
            self.filmstrip.set_badge(path, *badge_of(record))
