"""Save and Save As in the window: where (next to the original, the folder chosen last, or
back over a catalog's editing copy), how (format, JPEG quality, TIFF compression), and
what a save counts as (the photo exported with those settings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from ...core.io import OutputChoices, SaveRequest, default_output_path
from ...core.state import AppSettings
from ...workers.processor import Processor, SavedResult
from ..dialogs.save_dialog import ask_save_path, depth_warning
from ..widgets.message_bar import MessageBar
from .edit_in import EditIn
from .photos_controller import PhotosController


class Saver(QObject):
    def __init__(
        self,
        window: QWidget,
        processor: Processor,
        edit_in: EditIn,
        photos: PhotosController,
        settings: AppSettings,
        message: MessageBar,
        status: QStatusBar,
    ) -> None:
        super().__init__(window)
        self.window, self.processor, self.edit_in, self.photos = window, processor, edit_in, photos
        self.settings, self.message, self.status = settings, message, status
        processor.resultSaved.connect(self._saved)

    def save(self) -> None:
        """Ctrl+S: next to the original (or over the catalog's editing copy)."""
        if self.processor.path is None:
            self.status.showMessage("Open a photo first.", 4000)
            return
        if self.edit_in.save():
            return
        self.status.showMessage("Saving…")
        self.processor.save(SaveRequest(self._suggestion(), choices=self._choices()))

    def save_as(self) -> None:
        if self.processor.path is None:
            return
        chosen = ask_save_path(self.window, self._suggestion(), self._choices())
        if chosen is None:
            return
        path, choices = chosen
        s = self.settings
        s.last_save_dir = str(path.parent)  # "where the user chose last"
        s.jpeg_quality, s.tiff_compression = choices.quality, choices.compression or ""
        warning = depth_warning(self.processor.photo, path)
        if warning:
            self.message.show_message(warning, "info")
        # The dialog asked before replacing an existing file; the original stays protected.
        self.processor.save(SaveRequest(path, overwrite=True, choices=choices))

    def _choices(self) -> OutputChoices:
        return OutputChoices(self.settings.jpeg_quality, self.settings.tiff_compression or None)

    def _suggestion(self) -> Path:
        source = Path(self.processor.path or "photo.jpg")
        folder = Path(self.settings.last_save_dir) if self.settings.last_save_dir else None
        return default_output_path(source, folder)

    def _saved(self, saved: SavedResult) -> None:
        self.photos.saved(saved.source, saved.output, saved.params, saved.engine, saved.stamp)
