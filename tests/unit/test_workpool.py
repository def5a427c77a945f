"""One worker pool for the process: made once, shut down once, never refusing work."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartskin_gui.core import workpool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_pool() -> Iterator[None]:
    workpool._reset_for_tests()
    yield
    workpool._reset_for_tests()


def test_one_pool_made_on_first_use_runs_work_on_its_threads():
    pool = workpool.shared_pool()
    assert workpool.shared_pool() is pool
    names = list(pool.map(lambda _: threading.current_thread().name, range(4)))
    assert all(n.startswith("smartskin-work") for n in names), names


def test_shutdown_is_idempotent_and_later_work_runs_inline():
    pool = workpool.shared_pool()
    assert pool.submit(lambda: 1).result() == 1
    workpool.shutdown()
    workpool.shutdown()  # again: nothing to do, no error
    workpool.shutdown(wait=False)
    after = workpool.shared_pool()
    assert after is not pool
    me = threading.current_thread()
    assert after.submit(threading.current_thread).result() is me  # inline, no RuntimeError
    assert list(after.map(lambda x: x * 2, [1, 2, 3])) == [2, 4, 6]
    # Even the old pool, if someone kept it, takes work instead of refusing it.
    assert pool.submit(threading.current_thread).result() is me


def test_errors_of_inline_work_reach_the_caller():
    workpool.shutdown()

    def fail() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        workpool.shared_pool().submit(fail).result()


def test_work_submitted_from_a_pool_thread_runs_inline_so_the_pool_never_starves():
    """Every pool thread waits on a task of its own: without running those inline, no
    thread would be left to run them (a deadlock)."""
    pool = workpool.shared_pool()

    def outer(i: int) -> int:
        return pool.submit(lambda: i + 1).result() * 10

    futures = [pool.submit(outer, i) for i in range(3 * workpool.WORKERS)]
    # The timeout only guards the suite against hanging if this breaks.
    assert [f.result(timeout=60) for f in futures] == [(i + 1) * 10 for i in range(len(futures))]


def test_spread_keeps_order_and_the_caller_works_too():
    me = threading.current_thread()
    workers: list[threading.Thread] = []

    def square(x: int) -> int:
        workers.append(threading.current_thread())
        time.sleep(0.002)  # as numpy and OpenCV do, lets the other threads run
        return x * x

    assert workpool.spread(square, list(range(50))) == [x * x for x in range(50)]
    assert me in workers  # the calling thread took items itself
    assert workpool.spread(square, []) == []


def test_spread_gets_done_while_every_pool_thread_is_busy():
    """Items are never left waiting for a pool thread that is busy with other work: the
    caller does them all."""
    release = threading.Event()
    busy = [workpool.shared_pool().submit(release.wait) for _ in range(workpool.WORKERS)]
    try:
        done = workpool.spread(lambda x: (x, threading.current_thread()), list(range(5)))
        assert [x for x, _ in done] == list(range(5))
        assert all(t is threading.current_thread() for _, t in done)
    finally:
        release.set()
        for f in busy:
            f.result(timeout=60)


def test_spread_raises_the_first_error_and_starts_nothing_after_it():
    started: list[int] = []

    def work(x: int) -> int:
        started.append(x)
        if x == 3:
            raise ValueError("three")
        return x

    workpool.shutdown()  # inline: the order items start in is known
    with pytest.raises(ValueError, match="three"):
        workpool.spread(work, list(range(10)))
    assert started == [0, 1, 2, 3]


#: Work handed to the pool after the interpreter began to shut down: a render still running
#: when the app's main thread returns. Our callback is registered before concurrent.futures
#: registers its own, so (callbacks run newest first) it runs after the standard library
#: has stopped accepting new futures.
AT_EXIT = """
import threading
def late_work():
    from smartskin_gui.core import workpool
    print("result", workpool.shared_pool().submit(lambda: 6 * 7).result(), flush=True)
threading._register_atexit(late_work)
from concurrent.futures import ThreadPoolExecutor
from smartskin_gui.core import workpool
workpool.shared_pool().submit(lambda: None).result()
"""

#: The same moment with a plain ThreadPoolExecutor: what the engine did before.
AT_EXIT_PLAIN = """
import threading
def late_work():
    from concurrent.futures import ThreadPoolExecutor
    try:
        with ThreadPoolExecutor(1) as pool:
            pool.submit(lambda: None)
    except RuntimeError as exc:
        print("refused:", exc, flush=True)
threading._register_atexit(late_work)
from concurrent.futures import ThreadPoolExecutor
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_work_during_interpreter_shutdown_runs_instead_of_failing():
    plain = _run(AT_EXIT_PLAIN)
    assert "cannot schedule new futures after interpreter shutdown" in plain.stdout  # the bug
    done = _run(AT_EXIT)
    assert done.returncode == 0, done.stderr
    assert "result 42" in done.stdout and "Error" not in done.stderr, (done.stdout, done.stderr)


ENGINE_AT_EXIT = """
import threading
def render():
    import numpy as np
    from PIL import Image
    from smartskin_gui.core.engine.local import LocalEngine
    from smartskin_gui.core.params import Params
    from smartskin_gui.core.resources import sample_path
    rgb = np.asarray(Image.open(sample_path("astronaut.jpg")).convert("RGB"))
    out = LocalEngine().enhance(rgb, Params())
    print("rendered", int(np.abs(out.astype(int) - rgb).sum() > 0), flush=True)
threading._register_atexit(render)
import concurrent.futures.thread
"""


def test_the_engine_renders_while_the_interpreter_shuts_down():
    """Issue 20: a render still running when the process exits used to fail with
    'RuntimeError: cannot schedule new futures after interpreter shutdown'."""
    done = _run(ENGINE_AT_EXIT)
    assert done.returncode == 0 and "rendered 1" in done.stdout, (done.stdout, done.stderr)
