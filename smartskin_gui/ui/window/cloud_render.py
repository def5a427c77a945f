"""The cloud engine's paid render of the current photo, only when the user asks for it.

With the cloud engine chosen, previews come from the free local engine (and the panel says
so); ``cloudRenderButton`` asks the service for the current settings, and is enabled only
while the shown result is not yet the cloud's for them. Its label says what the render
costs: "already paid" when the paid-results cache has the current photo's result for these
settings from the chosen service address (asked without reading the photo), else the price."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.cloud import PRICE
from ...core.engine import is_paid_for, resolve_api_url
from ...core.errors import ConfigError
from ...workers.processor import Processor
from .credits_status import CreditsStatus

PAY_TEXT = f"Render with cloud - {PRICE} credits"
PAID_TEXT = "Render with cloud - already paid"
FREE_TEXT = "Render with cloud - free"
PAY_TIP = "Send this photo with these settings to the cloud service."
PAID_TIP = (
    "The cloud's result for this photo with these settings was paid for already: it comes "
    "from the results kept on this computer, at no cost."
)
FREE_TIP = "These settings change nothing: nothing is sent, nothing is paid."

LOCAL_NOTE = (
    "Preview from the local engine (free). The cloud renders when you click below, "
    "on Save and on Export."
)


class CloudRender(QObject):
    def __init__(self, processor: Processor, credits: CreditsStatus, parent: QObject) -> None:
        super().__init__(parent)
        self.processor, self.credits = processor, credits
        self.box = QWidget()
        self.button = QPushButton(PAY_TEXT)
        self.button.setObjectName("cloudRenderButton")
        self.button.setToolTip(PAY_TIP)
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
            processor.regionsChanged,
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
        text, tip = self._cost()
        self.button.setText(text)
        self.button.setToolTip(tip)

    def _cost(self) -> tuple[str, str]:
        """What rendering the current photo and settings with the cloud costs, in words."""
        s = self.processor.session
        if not s.paid or s.path is None:
            return PAY_TEXT, PAY_TIP
        if s.params.is_identity:
            return FREE_TEXT, FREE_TIP
        try:
            service = resolve_api_url(self.credits.settings)
        except ConfigError:
            return PAY_TEXT, PAY_TIP
        stamp = None if s.stamp is None else (s.stamp.size, s.stamp.mtime_ns)
        wanted = [s.params, *sorted(s.regions.face_params(s.params), key=str)]
        unpaid = sum(not is_paid_for(s.path, p, service, stamp) for p in wanted)
        if unpaid == 0:
            return PAID_TEXT, PAID_TIP
        if len(wanted) == 1:
            return PAY_TEXT, PAY_TIP
        faces = len(wanted) - 1
        tip = (
            f"{PAY_TIP} Faces with strengths of their own are rendered apart: {len(wanted)} "
            f"renders, {unpaid} of them to pay."
        )
        return f"Render with cloud - {PRICE * unpaid} credits", tip if faces else PAY_TIP

    def _variant(self, *_: object) -> None:
        if self.processor.session.paid:  # a comparison tile from the service
            self.credits.refresh()

    def _result(self, *_: object) -> None:
        if self.processor.session.shows_paid_result():
            self.credits.refresh()
        self.update()
