"""The selected face's own settings, in the side panel: leave it as it is, give it the
photo's settings again, or go back to the whole photo (the sliders then say whose
strengths they show)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class FacePanel(QWidget):
    """``excludeToggled(bool)``, ``resetRequested()``, ``doneRequested()``."""

    excludeToggled = Signal(bool)
    resetRequested = Signal()
    doneRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facePanel")
        self.title = QLabel("")
        self.title.setObjectName("faceTitle")
        self.exclude = QCheckBox("Leave this face as it is")
        self.exclude.setObjectName("faceExcludeCheck")
        self.exclude.setToolTip("SmartSkin leaves this face exactly as it is in the photo.")
        self.reset = QPushButton("Photo's settings")
        self.reset.setObjectName("faceResetButton")
        self.reset.setToolTip("This face gets the photo's settings again.")
        self.done = QPushButton("Whole photo")
        self.done.setObjectName("faceDoneButton")
        self.done.setToolTip("Back to the settings of the whole photo.")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reset)
        row.addWidget(self.done)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.title)
        col.addWidget(self.exclude)
        col.addLayout(row)
        self.exclude.toggled.connect(self.excludeToggled)
        self.reset.clicked.connect(self.resetRequested)
        self.done.clicked.connect(self.doneRequested)
        self.hide()

    def show_face(self, number: int, total: int, excluded: bool, own: bool) -> None:
        self.title.setText(f"Face {number} of {total}: its own settings")
        with QSignalBlocker(self.exclude):
            self.exclude.setChecked(excluded)
        self.reset.setEnabled(excluded or own)
        self.show()
