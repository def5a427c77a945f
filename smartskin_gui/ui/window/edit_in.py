"""Editing a catalog's copy in place, and the settings a SmartSkin result carries.

A photo handed over on the command line with a catalog's editing-copy name (Lightroom
Classic's ``-Edit.tif``, Capture One's variants) or opened with "File > Open for editing" is
an *editing target*: **Save** writes back over that very file, atomically, in its format,
depth and profile, with its metadata; the title bar says so. Every other photo is an
original: Save writes ``<name>_smartskin`` beside it, and Save As / Export write new files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMainWindow

from ...core.errors import Action, NotEditableError
from ...core.io import OPEN_FILTER, OutputChoices, SaveRequest
from ...core.io.metadata import RecordedSettings, read_settings
from ...core.state import AppSettings, EditTarget, Origin, edit_target
from ...workers.processor import Processor
from ..widgets.message_bar import MessageBar


class EditIn(QObject):
    """The window's editing targets and the "Use settings from this file" offer."""

    #: The settings recorded in the current photo, which the user chose to use.
    useSettings = Signal(object)  # RecordedSettings
    #: The shown photo's window title and Save's tooltip (Save writes back to a target).
    targetShown = Signal(str, str)

    def __init__(
        self,
        window: QMainWindow,
        processor: Processor,
        message: MessageBar,
        settings: AppSettings,
        open_paths: Callable[[Sequence[str | Path]], None],
        select: Callable[[Path], None],
    ) -> None:
        super().__init__(window)
        self.processor, self.message = processor, message
        self.settings = settings
        self.open_paths, self.select = open_paths, select
        self.targets: dict[Path, EditTarget] = {}
        self.offered: RecordedSettings | None = None
        processor.originalReady.connect(self._offer_settings)

    @property
    def window(self) -> QMainWindow:
        """The window (asked from Qt, never held: a reference cycle would leave the window
        to the garbage collector, which may run on a worker thread)."""
        return cast(QMainWindow, self.parent())

    # --- opening ------------------------------------------------------------------------------

    def open_command_line(self, paths: list[str]) -> None:
        """Open what a catalog (or the user) named on the command line."""
        for path in paths:
            self._add(edit_target(path, from_command_line=True))
        self.open_paths(paths)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open for Editing", self.settings.last_open_dir, OPEN_FILTER
        )
        if path:
            self.open_for_editing(path)

    def open_for_editing(self, path: str | Path) -> bool:
        """Open ``path`` so that Save writes back to it; False (and a message) if it cannot."""
        target = edit_target(path, chosen_for_editing=True)
        if target is None:
            self.message.show_message(NotEditableError().message, "error")
            return False
        self._add(target)
        self.open_paths([target.path])
        self.select(target.path)
        if self.target(self.processor.path) is target:  # it was already shown
            self.show_target(str(target.path))
        return True

    def _add(self, target: EditTarget | None) -> None:
        if target is not None:
            self.targets[target.path] = target

    # --- questions ----------------------------------------------------------------------------

    def target(self, path: str | None) -> EditTarget | None:
        """The editing target ``path`` is, or None for an original."""
        if path is None:
            return None
        return self.targets.get(Path(path).resolve())

    def title(self, path: str) -> str:
        target = self.target(path)
        return f"{target.title if target else Path(path).name} — SmartSkin"

    def show_target(self, path: str) -> None:
        """Title bar and Save's tooltip for the photo ``path`` being shown."""
        target = self.target(path)
        if target is None:
            tip = "Save the result next to the original (Ctrl+S)"
        elif target.origin is Origin.USER:
            tip = f"Save back to {target.path.name} (Ctrl+S)"
        else:
            tip = f"Save back to {target.path.name} for {target.origin.value} (Ctrl+S)"
        self.targetShown.emit(self.title(path), tip)

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save over the current photo if it is an editing target; False if it is not."""
        target = self.target(self.processor.path)
        if target is None:
            return False
        self.window.statusBar().showMessage(f"Saving over {target.path.name}…")
        choices = OutputChoices(quality=self.settings.jpeg_quality, in_place=True)
        self.processor.save(SaveRequest(target.path, overwrite=True, choices=choices))
        return True

    # --- settings carried by a file -----------------------------------------------------------

    def _offer_settings(self, path: str, image: QImage) -> None:
        photo = self.processor.photo
        meta = photo.metadata if photo is not None else None
        found = read_settings(meta.xmp if meta is not None else None)
        self.offered = found
        if found is None:
            return
        self.message.show_message(
            f"This photo was retouched with SmartSkin ({found.params.label()}, "
            f"{found.engine} engine). Use the same settings to redo it?",
            "info",
            (Action.USE_FILE_SETTINGS,),
        )

    def use_file_settings(self) -> None:
        """Put the settings recorded in the current photo on the sliders (and its engine)."""
        if self.offered is None:
            return
        self.useSettings.emit(self.offered)
