"""One pool of worker threads for the whole process (Qt-free).

The engine splits its work (detection tiles, face meshes, the two halves of the layers, the
copy of the output) across cores. Making a new ``ThreadPoolExecutor`` per call costs thread
starts on every render and, when the process exits during a render, fails with
"cannot schedule new futures after interpreter shutdown". Instead every part asks
:func:`shared_pool` for the one pool, made on first use.

After :func:`shutdown` (the app's and the CLI's exit paths call it), or once the
interpreter has begun to shut down, work handed to the pool runs inline on the calling
thread: a render still finishes, it only stops being parallel. Work submitted from one of
the pool's own threads runs inline too, so a task that waits on other tasks can never
starve the pool. :func:`spread` works through a list of items on the pool and the calling
thread together.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
A = TypeVar("A")

#: Threads in the pool: one per core (OpenCV and numpy release the GIL), at least two.
WORKERS = max(2, min(8, os.cpu_count() or 2))

_lock = threading.Lock()
_pool: _SharedPool | None = None
_closed = False
_in_pool = threading.local()


def _mark_pool_thread() -> None:
    _in_pool.flag = True


def _run_inline(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except BaseException as exc:  # handed to the caller through the future
        future.set_exception(exc)
    return future


class _SharedPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that runs work inline instead of refusing it (after shutdown,
    during interpreter exit, or when asked from one of its own threads)."""

    def __init__(self, workers: int) -> None:
        super().__init__(
            workers, thread_name_prefix="smartskin-work", initializer=_mark_pool_thread
        )

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if getattr(_in_pool, "flag", False):
            return _run_inline(fn, *args, **kwargs)
        try:
            return super().submit(fn, *args, **kwargs)
        except RuntimeError:  # shut down, or the interpreter is exiting
            return _run_inline(fn, *args, **kwargs)


class _InlinePool(_SharedPool):
    """What :func:`shared_pool` returns after :func:`shutdown`: never starts a thread."""

    def __init__(self) -> None:
        super().__init__(1)
        super().shutdown(wait=False)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return _run_inline(fn, *args, **kwargs)


_inline: _InlinePool | None = None


def shared_pool() -> ThreadPoolExecutor:
    """The process's worker pool, made on first use (after :func:`shutdown`: one that runs
    every task inline, on the caller's thread)."""
    global _pool, _inline
    with _lock:
        if _closed:
            if _inline is None:
                _inline = _InlinePool()
            return _inline
        if _pool is None:
            _pool = _SharedPool(WORKERS)
        return _pool


def spread(fn: Callable[[A], T], items: Sequence[A]) -> list[T]:
    """``[fn(x) for x in items]``, worked on by the calling thread and the pool's threads
    together (each takes the next item left): unlike ``pool.map``, the caller never sits
    idle, and the work still gets done when every pool thread is busy with something else.
    The first error is raised once all started items have ended; no item starts after it."""
    count = len(items)
    results: list[T | None] = [None] * count
    taken = itertools.count()
    failed: list[BaseException] = []

    def work() -> None:
        while not failed:
            i = next(taken)  # atomic: each item is taken once
            if i >= count:
                return
            try:
                results[i] = fn(items[i])
            except BaseException as exc:  # raised again on the calling thread
                failed.append(exc)

    pool = shared_pool()
    helpers = [pool.submit(work) for _ in range(min(WORKERS - 1, count - 1))]
    work()
    for helper in helpers:
        if not helper.cancel():  # not waiting for a pool thread busy with other work
            helper.result()
    if failed:
        raise failed[0]
    return results  # type: ignore[return-value]  # every item was set


def shutdown(wait: bool = True) -> None:
    """Stop the pool's threads (waiting for running work with ``wait``). Idempotent; any
    later work runs inline."""
    global _pool, _closed
    with _lock:
        pool, _pool, _closed = _pool, None, True
    if pool is not None:
        # Queued work still runs (a render waiting on it finishes); nothing new starts.
        pool.shutdown(wait=wait)


def _reset_for_tests() -> None:
    """Forget a shutdown (tests only): the next :func:`shared_pool` makes a new pool."""
    global _closed
    shutdown()
    with _lock:
        _closed = False
