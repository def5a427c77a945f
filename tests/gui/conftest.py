"""GUI fixtures: a real main window, offscreen; tests fail on Qt warnings and on threads
left running after the window closes (napari's `_dangling_qthreads` idea, for our pools)."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThread, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from smartskin_gui.app import create_main_window
from smartskin_gui.core.cloud import client as api
from smartskin_gui.workers.jobs import JobRunner
from tests.conftest import FAST_RETRY

_runners: list[tuple[JobRunner, str]] = []


def _where() -> str:
    """The test code that started something (the innermost frame outside this file and
    outside Qt's and pytest's own code), as "file:line in function"."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        name = frame.filename.replace("\\", "/")
        if name.endswith("tests/gui/conftest.py") or "/site-packages/" in name:
            continue
        return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
    return "an unknown place"


def _leftovers(kind: str, where: list[str]) -> str:
    return f"{len(where)} {kind} still running after the test, started at: " + "; ".join(where)


@pytest.fixture(autouse=True)
def _track_runners(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every JobRunner made during a test must be idle once the test's windows closed."""
    original = JobRunner.__init__

    def tracking_init(self: JobRunner, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        _runners.append((self, _where()))

    monkeypatch.setattr(JobRunner, "__init__", tracking_init)
    monkeypatch.setattr(api, "DEFAULT_RETRY", FAST_RETRY)
    yield
    busy = [where for r, where in _runners if _alive(r.pool, "activeThreadCount")]
    _runners.clear()
    assert not busy, _leftovers("worker pool(s) made", busy)
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def _alive(obj: QTimer | QThread | QThreadPool, running: str) -> bool:
    try:
        return bool(getattr(obj, running)())
    except RuntimeError:  # the C++ object is gone: it runs nothing
        return False


@pytest.fixture(autouse=True)
def _dangling_timers_and_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a QTimer active or a QThread running (as napari does)."""
    timers: list[tuple[QTimer, str]] = []
    threads: list[tuple[QThread, str]] = []
    timer_start, thread_start = QTimer.start, QThread.start

    def start_timer(self: QTimer, *args: object) -> None:
        timers.append((self, _where()))
        timer_start(self, *args)  # type: ignore[arg-type]

    def start_thread(self: QThread, *args: object) -> None:
        threads.append((self, _where()))
        thread_start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QTimer, "start", start_timer)
    monkeypatch.setattr(QThread, "start", start_thread)
    yield
    active = [(t, where) for t, where in timers if _alive(t, "isActive")]
    running = [where for t, where in threads if _alive(t, "isRunning")]
    for timer, _ in active:
        timer.stop()
    assert not active, _leftovers("QTimer(s)", [where for _, where in active])
    assert not running, _leftovers("QThread(s)", running)


@pytest.fixture
def make_window(qtbot):
    windows = []

    def make():
        w = create_main_window()
        w.resize(1200, 800)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.quit_guard.confirmed = True  # the test is over: "Quit anyway"
        w.export.cancel()
        w.close()


@pytest.fixture
def window(make_window):
    return make_window()


def drop_paths(target, paths: list[Path]) -> bool:
    """Drop file URLs on ``target`` (any widget) the way a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(target.width() // 2, target.height() // 2)
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()
