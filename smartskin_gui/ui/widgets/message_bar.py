"""An inline message near the image with the next step: never a dialog storm."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...core.errors import Action

ACTION_LABELS = {
    Action.OPEN_SETTINGS: "Open Settings",
    Action.RETRY: "Try again",
    Action.USE_LOCAL: "Use local engine",
    Action.USE_FILE_SETTINGS: "Use settings from this file",
    Action.SAVE_EDITS_AGAIN: "Try saving again",
}


class MessageBar(QFrame):
    """One message with the buttons of the next steps it offers (:class:`Action`)."""

    actionTriggered = Signal(object)  # Action

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        # Messages carry file names and the service's words: never interpret them as markup.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setOpenExternalLinks(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        self.buttons: dict[Action, QPushButton] = {}
        for action, text in ACTION_LABELS.items():
            button = QPushButton(text)
            button.setObjectName(f"{action.value}Button")
            button.clicked.connect(lambda _=False, a=action: self._trigger(a))
            row.addWidget(button)
            self.buttons[action] = button
        close = QPushButton("Dismiss")
        close.clicked.connect(self.hide)
        row.addWidget(close)
        self.hide()

    def show_message(self, text: str, level: str = "error", actions: Iterable[Action] = ()) -> None:
        actions = set(actions)
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        for action, button in self.buttons.items():
            button.setVisible(action in actions)
        self.show()

    def _trigger(self, action: Action) -> None:
        self.hide()
        self.actionTriggered.emit(action)
