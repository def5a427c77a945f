"""The preset chooser: built-in and saved looks, Save as preset…, Delete."""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import ConfigError
from ...core.params import Params
from ...core.state import PresetStore


class PresetsBox(QWidget):
    """``presetChosen(Params)`` when the user picks a preset; ``error(str)`` carries the
    sentence when a preset cannot be saved; ``deleted(str)`` names a preset the user deleted
    (after saying yes to "Delete the preset…?"). Tell it the shown settings with
    :meth:`set_current`: the combo then names the matching preset, or shows "Custom".
    Presets are the whole photo's: while the sliders show a face's own strengths,
    :meth:`set_face` has the box say so."""

    presetChosen = Signal(object)
    error = Signal(str)
    deleted = Signal(str)

    def __init__(self, store: PresetStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.current = Params()
        self.name_dialog: QInputDialog | None = None
        self.combo = QComboBox()
        self.combo.setObjectName("presetCombo")
        self.combo.setPlaceholderText("Custom")
        self._custom_in_text_colour()
        self.save_button = QPushButton("Save as preset…")
        self.save_button.setObjectName("presetSaveButton")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("presetDeleteButton")
        self.delete_button.setToolTip("Delete the chosen saved preset (built-ins stay).")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.delete_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        self.title = QLabel("Preset")
        self.title.setObjectName("presetTitle")
        self.set_face("")
        col.addWidget(self.title)
        col.addWidget(self.combo)
        col.addLayout(buttons)
        self.combo.activated.connect(self._activated)
        self.save_button.clicked.connect(self.ask_name)
        self.delete_button.clicked.connect(self.delete_chosen)
        self._fill()

    # --- API -----------------------------------------------------------------------------------

    def set_current(self, params: Params) -> None:
        """The settings now shown (no signal is emitted)."""
        self.current = params
        self._select(self.store.name_of(params))

    def set_face(self, face: str) -> None:
        """The sliders show ``face``'s own strengths (e.g. "Face 3"; "": the photo's): the
        box, still the whole photo's, says so."""
        if face:
            self.title.setText("Preset of the whole photo")
            self.combo.setToolTip(
                f"The whole photo's look, not only {face.lower()}'s (a face with strengths "
                "of its own keeps them). Choosing one goes back to the whole photo."
            )
            self.save_button.setToolTip("Keep the whole photo's settings under a name.")
        else:
            self.title.setText("Preset")
            self.combo.setToolTip("Built-in looks and the ones you saved.")
            self.save_button.setToolTip("Keep the current settings under a name of your choice.")
        self.combo.setAccessibleName(self.title.text())

    def chosen(self) -> str | None:
        name = self.combo.currentData()
        return str(name) if name is not None and self.combo.currentIndex() >= 0 else None

    def save_current(self, name: str) -> bool:
        """Save the current settings as ``name``; False (and ``error``) if refused."""
        try:
            name = self.store.save(name, self.current)
        except ConfigError as exc:
            self.error.emit(exc.message)
            return False
        self._fill()
        self._select(name)
        return True

    def ask_name(self) -> None:
        """Open the (non-blocking) name dialog; its OK saves the current settings."""
        dialog = QInputDialog(self)
        dialog.setObjectName("presetNameDialog")
        dialog.setWindowTitle("Save as preset")
        dialog.setLabelText(f"Name for {self.current.label()}:")
        dialog.textValueSelected.connect(self.save_current)
        dialog.finished.connect(dialog.deleteLater)
        self.name_dialog = dialog
        dialog.open()

    def delete_chosen(self) -> None:
        """Delete the chosen saved preset once the user agrees (No is the default)."""
        name = self.chosen()
        if name is None or self.store.is_builtin(name):
            return
        answer = QMessageBox.question(
            self,
            "Delete preset",
            f"Delete the preset “{name}”?\n\nPhotos that have its settings keep them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.store.delete(name)
        except ConfigError as exc:
            self.error.emit(exc.message)
            return
        self._fill()
        self.set_current(self.current)
        self.deleted.emit(name)

    # --- internals -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme applied after it was made
            self._custom_in_text_colour()

    def _custom_in_text_colour(self) -> None:
        """ "Custom" is a state (the sliders match no preset), not a hint: it reads in the
        text's own colour, not the placeholder's grey that looks disabled."""
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            text = palette.color(group, QPalette.ColorRole.ButtonText)
            palette.setColor(group, QPalette.ColorRole.PlaceholderText, text)
        self.combo.setPalette(palette)

    def _fill(self) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        user = self.store.user_names()
        for name in self.store.names():
            if user and name == user[0]:
                self.combo.insertSeparator(self.combo.count())
            self.combo.addItem(name, name)
            params = self.store.get(name)
            if params is not None:
                tip = Qt.ItemDataRole.ToolTipRole
                self.combo.setItemData(self.combo.count() - 1, params.label(), tip)
        self.combo.blockSignals(False)
        self._select(self.store.name_of(self.current))

    def _select(self, name: str | None) -> None:
        index = self.combo.findData(name) if name is not None else -1
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(name is not None and not self.store.is_builtin(name))

    def _activated(self, index: int) -> None:
        name = self.combo.itemData(index)
        params = self.store.get(str(name)) if name is not None else None
        if params is None:
            return
        self.current = params
        self._select(str(name))
        self.presetChosen.emit(params)
