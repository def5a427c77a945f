"""When to render: coalescing of live previews and the debounce before the final result.

- Live previews: at most one in flight; slider ticks that arrive meanwhile collapse into
  one more render with the latest settings, started when the running one ends.
- The final result (full resolution, or one cloud call) starts once the user stopped
  for a moment: every new request restarts the wait.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FULL_RENDER_DELAY_MS = 350
CLOUD_DEBOUNCE_MS = 700


class PreviewScheduler(QObject):
    def __init__(
        self,
        start_preview: Callable[[], bool],
        start_final: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """``start_preview`` returns False when there is nothing to render yet."""
        super().__init__(parent)
        self._start_preview = start_preview
        self.in_flight = False
        self.dirty = False
        self.final_timer = QTimer(self, singleShot=True)
        self.final_timer.timeout.connect(start_final)
        self.full_delay_ms = FULL_RENDER_DELAY_MS
        self.cloud_delay_ms = CLOUD_DEBOUNCE_MS

    def preview(self) -> None:
        """Render a live preview of the current settings, now or when the one running ends."""
        if self.in_flight:  # promise: coalesce-previews
            self.dirty = True  # coalesce: the latest settings render next
            return
        self.dirty = False
        self.in_flight = self._start_preview()

    def preview_ended(self) -> None:
        """The preview in flight finished, failed or was cancelled."""
        self.in_flight = False
        if self.dirty:
            self.preview()

    def final(self, live: bool) -> None:
        """Ask for the final result after the quiet delay (shorter for the local engine)."""
        self.final_timer.start(self.full_delay_ms if live else self.cloud_delay_ms)

    def stop(self) -> None:
        """Forget what was waiting (another photo, Cancel, quitting)."""
        self.final_timer.stop()
        self.dirty = False

    @property
    def waiting(self) -> bool:
        return self.final_timer.isActive()
