"""The cloud engine's paid render of the current photo, only when the user asks for it.

With the cloud engine chosen, previews come from the free local engine (and the panel says
so); ``cloudRenderButton`` asks the service for the current settings, and is enabled only
while the shown result is not yet the cloud's for them."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.cloud import PRICE
from ...workers.processor import Processor
from .credits_status import CreditsStatus

LOCAL_NOTE = (
    "Preview from the local engine (free). The cloud renders when you click below, "
    "on Save and on Export."
)


class CloudRender(QObject):
    def __init__(self, processor: Processor, credits: CreditsStatus, parent: QObject) -> None:
        super().__init__(parent)
        self.processor, self.credits = processor, credits
        self.box = QWidget()
        self.button = QPushButton(f"Render with cloud - {PRICE} credits")
        self.button.setObjectName("cloudRenderButton")
        self.button.setToolTip("Send this photo with these settings to the cloud service.")
        self.note = QLabel(LOCAL_NOTE)
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        col = QVBoxLayout(self.box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.note)
        col.addWidget(self.button)
        self.button.clicked.connect(self.render)
        processor.resultReady.connect(self._result)
        processor.variantReady.connect(self._variant)
        # Everything that changes whether the paid render is on screen, on its way or wanted.
        for changed in (
            processor.engineChanged,
            processor.paramsChanged,
            processor.failed,
            processor.busyChanged,
        ):
            changed.connect(self.update)
        self.update()

    def render(self) -> None:
        self.button.setEnabled(False)
        self.processor.render_cloud()

    def update(self, *_: object) -> None:
        """Show or hide with the engine; enable while the paid result is not shown."""
        s = self.processor.session
        self.box.setVisible(s.paid)
        busy = self.processor.rendering_current()
        self.button.setEnabled(
            s.paid and s.path is not None and not busy and not s.shows_paid_result()
        )

    def _variant(self, *_: object) -> None:
        if self.processor.session.paid:  # a comparison tile from the service
            self.credits.refresh()

    def _result(self, *_: object) -> None:
        if self.processor.session.shows_paid_result():
            self.credits.refresh()
        self.update()
