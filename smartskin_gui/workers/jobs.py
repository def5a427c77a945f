"""Background jobs: one small class per kind of work, each carrying its own continuation.

A :class:`Job` does its work in :meth:`Job.run` on a pool thread (core calls only, no
widgets) and hands the result to the callable it was built with, ``then``, back on the GUI
thread (Picard's ``run_task(func, next_func)``). Nothing compares job names: adding a kind
of job is adding a class. A :class:`JobRunner` owns the pool, the jobs in flight, their
cancellation and the wait on quit. A failure arrives as the core's error object
(:class:`~..core.errors.SmartSkinError`: its sentence, code and next step), never a traceback.

Adding a job kind: a ``Job[T]`` subclass holding its inputs, with ``cancellable``,
``reports_progress`` and ``priority`` set, whose ``run(progress, cancel) -> T`` makes core
calls only (returning ``QImage``, never ``QPixmap``); start it with its continuation,
``runner.start(MyJob(..., then=self._done, failed=...))``. Nothing else dispatches on kinds.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal

from ..core.errors import CancelledError, SmartSkinError, as_sentence
from ..core.progress import Cancel, Progress

log = logging.getLogger(__name__)

T = TypeVar("T")
FailFn = Callable[[SmartSkinError], None]


class Job(Generic[T]):
    """One piece of background work. Subclasses set the class flags and :meth:`run`."""

    #: Work the user waits for: shows as busy and stops on Cancel.
    cancellable: bool = False
    #: Its progress goes to the status bar.
    reports_progress: bool = False
    priority: int = 0

    def __init__(
        self,
        then: Callable[[T], None],
        failed: FailFn | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        self.then = then
        self.on_failed = failed
        self.on_cancelled = cancelled
        self.cancel_event = threading.Event()
        #: Hands a part of the result to the GUI thread before the job ends (set when it runs).
        self.send: Callable[[object], None] = lambda part: None

    def run(self, progress: Progress, cancel: Cancel) -> T:
        raise NotImplementedError

    def on_part(self, part: object) -> None:
        """A part sent with :attr:`send`, back on the GUI thread."""

    def cancel(self) -> None:
        self.cancel_event.set()


class _Signals(QObject):
    progress = Signal(int, float, str)  # job id, fraction, message
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object)  # job id, SmartSkinError
    cancelled = Signal(int)
    part = Signal(int, object)  # job id, a part of the result


def _execute(job_id: int, job: Job[Any], signals: _Signals) -> None:
    """The body of one job on a pool thread: run it, report how it ended."""
    cancel = job.cancel_event.is_set

    def progress(fraction: float, message: str) -> None:
        signals.progress.emit(job_id, float(fraction), message)

    def send(part: object) -> None:
        signals.part.emit(job_id, part)

    job.send = send
    try:
        result = job.run(progress, cancel)
    except CancelledError:
        signals.cancelled.emit(job_id)
    except SmartSkinError as err:
        signals.failed.emit(job_id, _detached(err))
    except Exception as exc:  # out of memory, or a bug: log it, show a sentence, no traceback
        log.error("%s failed:\n%s", type(job).__name__, traceback.format_exc())
        signals.failed.emit(job_id, _detached(as_sentence(exc)))
    else:
        if cancel():
            signals.cancelled.emit(job_id)
        else:
            signals.finished.emit(job_id, result)


def _detached(err: SmartSkinError) -> SmartSkinError:
    """``err`` without its traceback and chained exceptions: they hold the worker's frames,
    and with them whole photos, for as long as the GUI keeps the error."""
    err.__traceback__ = err.__context__ = err.__cause__ = None
    return err


class JobRunner(QObject):
    """Starts jobs, keeps them until they end, runs their continuations, waits on quit."""

    busyChanged = Signal(bool)  # any cancellable job in flight
    progress = Signal(float, str)  # from jobs that report progress
    failed = Signal(object)  # SmartSkinError: failures no job handled itself

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.signals = _Signals(self)  # dies with the runner: no signal reaches a dead one
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job[Any]] = {}
        self._cancellable = 0  # how many of them the user waits for
        self.closed = False
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.signals.cancelled.connect(self._cancelled)
        self.signals.progress.connect(self._progress)
        self.signals.part.connect(self._part)

    @property
    def busy(self) -> bool:
        return self._cancellable > 0

    def jobs(self) -> list[Job[object]]:
        """The jobs queued or running, oldest first."""
        return list(self._jobs.values())

    def in_flight(self) -> dict[int, Job[object]]:
        """The jobs queued or running by the id their signals carry, oldest first."""
        return dict(self._jobs)

    def start(self, job: Job[T]) -> bool:
        """Queue ``job``; False once shut down (nothing runs after quitting)."""
        if self.closed:
            return False
        job_id = next(self._ids)
        self._jobs[job_id] = job
        # A plain callable, not a Python QRunnable subclass: PySide owns the wrapper it makes,
        # so nothing Python-side is destroyed by the pool thread.
        self.pool.start(partial(_execute, job_id, job, self.signals), job.priority)
        if job.cancellable:
            self._cancellable += 1
            if self._cancellable == 1:
                self.busyChanged.emit(True)
        return True

    def cancel(self, keep: Callable[[Job[object]], bool] = lambda job: False) -> None:
        """Cancel every job ``keep`` does not keep."""
        for job in self._jobs.values():
            if not keep(job):
                job.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel everything and wait for the threads; True if all stopped."""
        self.closed = True
        self.cancel()  # promise: quit-cancels
        self.pool.clear()  # queued jobs never start
        stopped = bool(self.pool.waitForDone(timeout_ms))
        if stopped:
            self._jobs.clear()
            self._cancellable = 0
        return stopped

    # --- back on the GUI thread ---------------------------------------------------------------

    def _end(self, job_id: int) -> Job[object] | None:
        job = self._jobs.pop(job_id, None)
        if job is not None and job.cancellable:
            self._cancellable -= 1
            if self._cancellable == 0:
                self.busyChanged.emit(False)
        return job

    def _finished(self, job_id: int, result: object) -> None:
        job = self._end(job_id)
        if job is not None and not self.closed:
            job.then(result)

    def _failed(self, job_id: int, err: SmartSkinError) -> None:
        job = self._end(job_id)
        if job is None or self.closed:
            return
        if job.on_failed is not None:
            job.on_failed(err)
        else:
            self.failed.emit(err)

    def _cancelled(self, job_id: int) -> None:
        job = self._end(job_id)
        if job is not None and job.on_cancelled is not None and not self.closed:
            job.on_cancelled()

    def _part(self, job_id: int, part: object) -> None:
        job = self._jobs.get(job_id)
        if job is not None and not self.closed:
            job.on_part(part)

    def _progress(self, job_id: int, fraction: float, message: str) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.reports_progress:
            self.progress.emit(fraction, message)
