"""Credits in the status bar: what the API key has left (asked after paid calls) and what
this session spent."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from ...core.cloud import shared_meter
from ...core.engine_info import EngineInfo
from ...core.errors import SmartSkinError
from ...core.state import AppSettings, SettingsStore
from ...workers.credits_job import QueryCredits
from ...workers.jobs import JobRunner

Answer = Callable[[int | None], None]


class CreditsStatus(QLabel):
    """Shown while the cloud engine is chosen. :meth:`refresh` asks the service again."""

    def __init__(self, store: SettingsStore, settings: AppSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("creditsLabel")
        self.setToolTip("Credits left on your AILabTools key, and spent in this session.")
        self.store, self.settings = store, settings
        self.remaining: int | None = None
        self._asked_for = ""  # the key the count was asked for (never shown or logged)
        self.state = "asking"  # "asking", "no key" or "not known" while remaining is None
        self.setContentsMargins(0, 0, 12, 0)  # apart from the zoom figure beside it
        self.runner = JobRunner(1, self)
        self._waiting: list[Answer] = []
        self.hide()

    def set_engine(self, engine: EngineInfo) -> None:
        self.setVisible(engine.paid)
        if engine.paid:
            self.refresh()

    def refresh(self, then: Answer | None = None) -> None:
        """Ask the service for the credits left; ``then(remaining)`` hears the answer (None
        when it could not be asked)."""
        if then is not None:
            self._waiting.append(then)
        key = self.store.api_key()
        self.state = "asking" if key else "no key"
        if not key or key != self._asked_for:  # no key, or another: the count is not its
            self.remaining = None
            self._asked_for = key
        self._show()
        if not key:
            self._answered(None)
            return
        if len(self.runner.jobs()) == 0:
            self.runner.start(QueryCredits(key, self.settings, self._answered, self._not_known))

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _not_known(self, err: SmartSkinError) -> None:
        self.state = "not known"
        self._answered(None)

    def _answered(self, remaining: int | None) -> None:
        if remaining is not None:
            self.remaining = remaining
        self._show()
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(remaining)

    def _show(self) -> None:
        if self.remaining is None and self.state == "no key":
            self.setText("Cloud: no API key yet (Settings, Ctrl+,)")
            return
        if self.remaining is not None:
            left = str(self.remaining)
        else:
            left = "not known" if self.state == "not known" else "asking…"
        self.setText(f"Credits left: {left} · spent this session: {shared_meter().spent}")
