"""Help > Keyboard shortcuts: every action with a shortcut, under the menu it is in, plus
the keys of the photo view and the filmstrip that are not actions."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

VIEW_KEYS = [
    ("Hold \\", "See the whole original while the key is held"),
    ("Hold Space + drag", "Pan anywhere"),
    ("Shift/Ctrl + click", "Choose several photos in the filmstrip"),
    ("Shift+Up, Shift+Down (filmstrip)", "Choose the photos above or below too"),
    ("Ctrl+A (filmstrip)", "Choose every photo shown"),
]
VIEW_SECTION = "Photo view and filmstrip"
#: Sections in the left column; the others go right.
LEFT = ("File", "Edit", "View")


#: Keys of special keyboards (a Redo or Copy key) that the standard shortcuts include: not
#: what a photographer presses, so not listed.
DEVICE_KEYS = (
    Qt.Key.Key_Redo,
    Qt.Key.Key_Undo,
    Qt.Key.Key_Copy,
    Qt.Key.Key_Paste,
    Qt.Key.Key_Cut,
    Qt.Key.Key_Open,
    Qt.Key.Key_Save,
    Qt.Key.Key_Close,
    Qt.Key.Key_Find,
    Qt.Key.Key_ZoomIn,
    Qt.Key.Key_ZoomOut,
    Qt.Key.Key_Back,
    Qt.Key.Key_Forward,
)


def keys_text(action: QAction) -> str:
    device = {QKeySequence(key).toString() for key in DEVICE_KEYS}
    keys = [k for k in action.shortcuts() if k.toString() not in device]
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def what(action: QAction) -> str:
    """What the action does, in a word or a few ("Undo", not "Undo Change settings of…")."""
    text = action.text().replace("&", "").rstrip("…")
    first = text.split(" ", 1)[0]
    return first if first in ("Undo", "Redo") else text


def place_of(action: QAction) -> tuple[str, int, int]:
    """The menu bar menu ``action`` is in, where that menu is on the bar and where the
    action is in it (("Other", big, big) when it is in no menu)."""
    for menu in action.associatedObjects():
        if not isinstance(menu, QMenu):
            continue
        bar = menu.parentWidget()
        row = menu.actions().index(action)
        if isinstance(bar, QMenuBar) and menu.menuAction() in bar.actions():
            return menu.title().replace("&", ""), bar.actions().index(menu.menuAction()), row
        return menu.title().replace("&", ""), 1000, row
    return "Other", 2000, 0


def sections(actions: Iterable[QAction]) -> dict[str, list[tuple[str, str]]]:
    """(keys, what they do) for every action with a shortcut, by the menu it is in, in the
    order of the menu bar and of each menu, then the view's keys."""
    placed = sorted(
        ((place_of(a), keys_text(a), what(a)) for a in actions if a.shortcuts()),
        key=lambda row: (row[0][1], row[0][2]),
    )
    found: dict[str, list[tuple[str, str]]] = {}
    for (section, _, _), keys, text in placed:
        found.setdefault(section, []).append((keys, text))
    found[VIEW_SECTION] = list(VIEW_KEYS)
    return found


def _table(parts: dict[str, list[tuple[str, str]]]) -> str:
    html = ""
    for title, rows in parts.items():
        html += f"<tr><td colspan='2'><br><i>{escape(title)}</i></td></tr>"
        html += "".join(
            f"<tr><td><b>{escape(keys)}</b></td><td>&nbsp;&nbsp;{escape(what)}</td></tr>"
            for keys, what in rows
        )
    return f"<table>{html}</table>"


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        parts = sections(actions)
        left = {k: v for k, v in parts.items() if k in LEFT}
        right = {k: v for k, v in parts.items() if k not in LEFT}
        label = QLabel(
            "<table><tr><td valign='top'>"
            + _table(left)
            + "</td><td>&nbsp;&nbsp;&nbsp;&nbsp;</td><td valign='top'>"
            + _table(right)
            + "</td></tr></table>"
        )
        label.setObjectName("shortcutsTable")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(label)
        col.addWidget(buttons)
