"""Help > Keyboard shortcuts: every action with a shortcut, plus the keys of the photo view."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

VIEW_KEYS = [
    ("Hold \\", "See the whole original"),
    ("Hold Space + drag", "Pan anywhere"),
    ("Shift/Ctrl + click", "Choose several photos in the filmstrip"),
    ("Ctrl+A (filmstrip)", "Choose every photo"),
]


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            rows.append((", ".join(keys), action.text().replace("&", "").rstrip("…")))
    return rows + VIEW_KEYS


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"
            for keys, what in shortcut_rows(actions)
        )
        label = QLabel(f"<table>{rows}</table>")
        label.setObjectName("shortcutsTable")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(label)
        col.addWidget(buttons)
