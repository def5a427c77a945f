"""Run core callables off the GUI thread and report back through Qt signals.

A :class:`JobRunner` owns a QThreadPool. Each job is a plain Python callable taking
``(progress, cancel)``; it never touches a widget. Results, errors (as the core's
user-facing sentence) and progress arrive as queued signals on the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import Action, CancelledError, SmartSkinError

log = logging.getLogger(__name__)

JobFn = Callable[[Callable[[float, str], None], Callable[[], bool]], Any]


class JobSignals(QObject):
    progress = Signal(int, float, str)  # job id, fraction, message
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, str, str, str)  # job id, code, message, action
    cancelled = Signal(int)


class _Job(QRunnable):
    def __init__(
        self, job_id: int, fn: JobFn, signals: JobSignals, cancel: threading.Event
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job_id = job_id
        self.fn = fn
        self.signals = signals
        self.cancel_event = cancel

    def run(self) -> None:
        job_id, signals = self.job_id, self.signals

        def progress(fraction: float, message: str) -> None:
            signals.progress.emit(job_id, float(fraction), message)

        try:
            result = self.fn(progress, self.cancel_event.is_set)
        except CancelledError:
            signals.cancelled.emit(job_id)
        except SmartSkinError as err:
            signals.failed.emit(job_id, err.code, err.message, err.action.value)
        except MemoryError:
            signals.failed.emit(
                job_id,
                "OUT_OF_MEMORY",
                "Not enough memory for this photo. Close other apps and retry.",
                Action.RETRY.value,
            )
        except Exception:  # a bug: log it, show a sentence, never a traceback
            log.error("job %d crashed:\n%s", job_id, traceback.format_exc())
            signals.failed.emit(
                job_id,
                "INTERNAL_ERROR",
                "SmartSkin hit an internal error with this photo. The details "
                "are in the log; please report it.",
                Action.RETRY.value,
            )
        else:
            if self.cancel_event.is_set():
                signals.cancelled.emit(job_id)
            else:
                signals.finished.emit(job_id, result)


class JobRunner(QObject):
    """Starts jobs, remembers them until they end, cancels and waits for them on quit."""

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.signals = JobSignals()
        self._ids = itertools.count(1)
        self._cancels: dict[int, threading.Event] = {}
        self.closed = False
        for sig in (self.signals.finished, self.signals.cancelled, self.signals.failed):
            sig.connect(self._forget)

    def start(self, fn: JobFn, priority: int = 0) -> int:
        """Queue ``fn``; returns its id (0 once shut down: nothing runs after quitting)."""
        if self.closed:
            return 0
        job_id = next(self._ids)
        cancel = threading.Event()
        self._cancels[job_id] = cancel
        self.pool.start(_Job(job_id, fn, self.signals, cancel), priority)
        return job_id

    def cancel(self, job_id: int) -> None:
        event = self._cancels.get(job_id)
        if event is not None:
            event.set()

    def cancel_all(self) -> None:
        for event in self._cancels.values():
            event.set()

    def running(self) -> int:
        return len(self._cancels)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the threads; True if all stopped."""
        self.closed = True
        self.cancel_all()
        self.pool.clear()
        return bool(self.pool.waitForDone(timeout_ms))

    def _forget(self, job_id: int, *_: object) -> None:
        self._cancels.pop(job_id, None)
