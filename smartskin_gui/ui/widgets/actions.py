"""Small helpers to declare actions and fill menus and toolbars from lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

Shortcut = QKeySequence | QKeySequence.StandardKey | str | list[str] | None


def make_action(
    owner: QWidget,
    text: str,
    shortcut: Shortcut,
    slot: Callable[[], object],
    tip: str,
    name: str = "",
) -> QAction:
    """An action with its shortcut(s), tooltip and status tip, active anywhere in ``owner``."""
    action = QAction(text, owner)
    if isinstance(shortcut, list):
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if name:
        action.setObjectName(name)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def fill(container: QMenu | QToolBar, actions: Iterable[QAction | None]) -> None:
    """Add ``actions`` in order; None adds a separator."""
    for action in actions:
        if action is None:
            container.addSeparator()
        else:
            container.addAction(action)
