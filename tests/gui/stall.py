"""A stall probe: a fast timer on the GUI thread; the longest gap between its ticks is the
longest time the event loop was blocked."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

TICK_MS = 5


class StallProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0  # seconds
        self.ticks = 0
        self._last = 0.0

    def __enter__(self) -> StallProbe:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.ticks += 1
        self.longest = max(self.longest, now - self._last - TICK_MS / 1000)
        self._last = now
