"""A compact bar for a running batch: progress "N of M", elapsed and time left, Cancel.
Once Cancel is pressed the bar says it is stopping and shows the time elapsed alone."""

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ...core.batch import BatchClock

TICK_MS = 1000  # the elapsed time moves on even while one long photo is being worked on
SHOW_MS = 100  # photos ending together are shown in one repaint (setValue repaints at once)


class TimeLabel(QLabel):
    """Elapsed time and time left, or time left alone where the bar is narrow (the window
    at its narrowest): as wide as the longest text when there is room, so the bar does not
    jump as the figures change, and never wider than the short form needs otherwise."""

    #: The longest texts of each form (the bar is as wide as they need, whichever shows).
    WIDEST = ("00:00 elapsed · about 0:00:00 left", "0:00 elapsed · estimating time left")
    WIDEST_SHORT = ("about 0:00:00 left", "estimating…", "00:00 elapsed", "stopping…")

    def __init__(self) -> None:
        super().__init__()
        self.full, self.short = "", ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._width(self.WIDEST), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._width(self.WIDEST_SHORT), hint.height())

    def _width(self, texts: tuple[str, ...]) -> int:
        margins = self.contentsMargins()
        widest = max(self.fontMetrics().horizontalAdvance(text) for text in texts)
        return widest + margins.left() + margins.right() + 2

    def show_times(self, full: str, short: str) -> None:
        self.full, self.short = full, short
        self.setToolTip(full)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        # Not laid out yet: the full form (its size hint); the layout's resize fits it.
        room = (
            self.contentsRect().width()
            if self.testAttribute(Qt.WidgetAttribute.WA_Resized)
            else 2**20
        )
        fits = self.fontMetrics().horizontalAdvance(self.full) <= room
        self.setText(self.full if fits else self.short)


class BatchBar(QFrame):
    """``cancelRequested`` fires once per batch, when the user clicks Cancel. From then on
    (or from :meth:`set_stopping`) until :meth:`finish` the bar is *stopping*: it shows
    the time elapsed and no estimate of the time left."""

    cancelRequested = Signal()

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._clock_source = clock
        self.clock = BatchClock(0, clock)
        self.done = 0
        self.stopping = False
        self.title = QLabel()
        self.title.setObjectName("batchTitle")
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(80)  # the bar fits the window at its narrowest
        self.time_label = TimeLabel()
        self.time_label.setObjectName("batchTimeLabel")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("batchCancelButton")
        self.cancel_button.setToolTip("No new photo starts; those being worked on finish.")
        self.cancel_button.clicked.connect(self._cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)
        self.pending = QTimer(self, singleShot=True, interval=SHOW_MS)
        self.pending.timeout.connect(self.refresh)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.title)
        row.addWidget(self.progress, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.cancel_button)
        self.hide()

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self, total: int, title: str = "Exporting") -> None:
        self.clock = BatchClock(total, self._clock_source)
        self.done = 0
        self.stopping = False
        self.title.setText(title)
        self.progress.setRange(0, max(1, total))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.timer.start()
        self.refresh()
        self.show()

    def set_done(self, done: int) -> None:
        """``done`` photos finished (exported or failed) so far; shown within ``SHOW_MS``."""
        self.done = min(done, self.clock.total)
        if not self.pending.isActive():
            self.pending.start()

    def refresh(self) -> None:
        self.progress.setValue(self.done)
        self.progress.setFormat(self.clock.count_text(self.done))
        if self.stopping:
            self.time_label.show_times(self.clock.stopping_text(), "stopping…")
        else:
            self.time_label.show_times(
                self.clock.time_text(self.done), self.clock.short_time_text(self.done)
            )

    def set_stopping(self) -> None:
        """The batch is being cancelled (Cancel, or quitting): no estimate any more."""
        if not self.running or self.stopping:
            return
        self.stopping = True
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.refresh()

    def finish(self) -> None:
        """The batch ended (done, failed or cancelled): stop the clock and hide."""
        self.timer.stop()
        self.pending.stop()
        self.refresh()
        self.hide()

    def _cancel(self) -> None:
        if self.stopping:
            return
        self.set_stopping()
        self.cancelRequested.emit()
