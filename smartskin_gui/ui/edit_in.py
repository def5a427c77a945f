"""Editing a catalog's copy in place, and the settings a SmartSkin result carries.

A photo handed over on the command line with a catalog's editing-copy name (Lightroom
Classic's ``-Edit.tif``, Capture One's variants) or opened with "File > Open for editing" is
an *editing target*: **Save** writes back over that very file, atomically, in its format,
depth and profile, with its metadata; the title bar says so. Every other photo is an
original: Save writes ``<name>_smartskin`` beside it, and Save As / Export write new files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from ..core.edit_target import EditTarget, Origin, edit_target
from ..core.errors import NotEditableError
from ..core.formats import OPEN_FILTER
from ..core.saving import OutputChoices
from ..core.xmp import Settings as UsedSettings
from ..core.xmp import read_settings

if TYPE_CHECKING:
    from .main_window import MainWindow

USE_FILE_SETTINGS = "use_file_settings"


class EditIn(QObject):
    """The window's editing targets and the "Use settings from this file" offer."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.targets: dict[Path, EditTarget] = {}
        self.offered: UsedSettings | None = None
        window.processor.originalReady.connect(self._offer_settings)

    @property
    def window(self) -> MainWindow:
        """The window (asked from Qt, never held: a reference cycle would leave the window
        to the garbage collector, which may run on a worker thread)."""
        return cast("MainWindow", self.parent())

    # --- opening ------------------------------------------------------------------------------

    def open_command_line(self, paths: list[str]) -> None:
        """Open what a catalog (or the user) named on the command line."""
        for path in paths:
            self._add(edit_target(path, from_command_line=True))
        self.window.open_paths(paths)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open for Editing", self.window.settings.last_open_dir, OPEN_FILTER
        )
        if path:
            self.open_for_editing(path)

    def open_for_editing(self, path: str | Path) -> bool:
        """Open ``path`` so that Save writes back to it; False (and a message) if it cannot."""
        target = edit_target(path, chosen_for_editing=True)
        if target is None:
            self.window.message.show_message(NotEditableError().message, "error")
            return False
        self._add(target)
        self.window.open_paths([target.path])
        self.window.filmstrip.select(target.path)
        if self.target(self.window.processor.path) is target:  # it was already shown
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
        window, target = self.window, self.target(path)
        window.setWindowTitle(self.title(path))
        if target is None:
            tip = "Save the result next to the original (Ctrl+S)"
        elif target.origin is Origin.USER:
            tip = f"Save back to {target.path.name} (Ctrl+S)"
        else:
            tip = f"Save back to {target.path.name} for {target.origin.value} (Ctrl+S)"
        window.save_action.setToolTip(tip)
        window.save_action.setStatusTip(tip)

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save over the current photo if it is an editing target; False if it is not."""
        target = self.target(self.window.processor.path)
        if target is None:
            return False
        self.window.statusBar().showMessage(f"Saving over {target.path.name}…")
        choices = OutputChoices(quality=self.window.settings.jpeg_quality, in_place=True)
        self.window.processor.save(target.path, overwrite=True, choices=choices)
        return True

    # --- settings carried by a file -----------------------------------------------------------

    def _offer_settings(self, path: str, image: QImage) -> None:
        photo = self.window.processor.photo
        meta = photo.metadata if photo is not None else None
        found = read_settings(meta.xmp if meta is not None else None)
        self.offered = found
        if found is None:
            return
        self.window.message.show_message(
            f"This photo was retouched with SmartSkin ({found.params.label()}, "
            f"{found.engine} engine). Use the same settings to redo it?",
            "info",
            (USE_FILE_SETTINGS,),
        )

    def use_file_settings(self) -> None:
        """Put the settings recorded in the current photo on the sliders (and its engine)."""
        if self.offered is None:
            return
        if self.offered.engine in ("local", "cloud"):
            self.window.panel.show_engine(self.offered.engine)
        self.window.set_params(self.offered.params)
