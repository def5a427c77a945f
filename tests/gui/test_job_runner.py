"""JobRunner's failure handling: any failure in a job becomes one sentence and a log line,
and the runner goes on running jobs."""

from __future__ import annotations

import logging

import pytest

from smartskin_gui.core.errors import Action, OutOfMemoryError, SmartSkinError, UnexpectedError
from smartskin_gui.core.progress import Cancel, Progress
from smartskin_gui.workers.jobs import Job, JobRunner

TIMEOUT = 5000


class Raises(Job[str]):
    def __init__(self, exc: BaseException | None, then, failed=None) -> None:
        super().__init__(then, failed)
        self.exc = exc

    def run(self, progress: Progress, cancel: Cancel) -> str:
        if self.exc is not None:
            raise self.exc
        return "done"


@pytest.fixture
def runner(qtbot):
    r = JobRunner(1)
    yield r
    assert r.shutdown()


@pytest.mark.parametrize(
    ("exc", "error"),
    [(MemoryError(), OutOfMemoryError), (ZeroDivisionError("a bug"), UnexpectedError)],
)
def test_a_failing_job_becomes_a_sentence_and_a_log_line(runner, qtbot, caplog, exc, error):
    results: list[str] = []
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.failed, timeout=TIMEOUT) as f:
        runner.start(Raises(exc, results.append))
    err = f.args[0]
    assert (type(err), err.code, err.message) == (error, error.code, error().message)
    assert any("Raises" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "Traceback" not in err.message
    assert err.__traceback__ is None  # the worker's frames (and photos) are not kept alive
    # The runner keeps working.
    qtbot.waitUntil(lambda: not runner.jobs(), timeout=TIMEOUT)
    runner.start(Raises(None, results.append))
    qtbot.waitUntil(lambda: results == ["done"], timeout=TIMEOUT)


def test_a_job_that_handles_its_failure_gets_the_sentence(runner, qtbot):
    got: list[SmartSkinError] = []
    runner.start(Raises(MemoryError(), print, got.append))
    qtbot.waitUntil(lambda: bool(got), timeout=TIMEOUT)
    assert [(type(e), e.message, e.action) for e in got] == [
        (OutOfMemoryError, OutOfMemoryError().message, Action.RETRY)
    ]
