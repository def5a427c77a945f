"""Loading the bundled ``.tflite`` models with OpenCV, safely from several threads.

OpenCV's TFLite importer fills its operator table lazily on first use without a lock; two
threads building their first network at once can see a half-filled table and fail with
"Unsupported operator type RELU" (seen once in the test suite, where the face finder's tile
threads and the person segmenter each load nets). One process-wide lock serialises loading;
running the loaded nets stays parallel.

A loaded net runs one input at a time but may run on any thread: :class:`NetPool` lends
one out to each caller (loading another only when all are busy), so nets can be loaded
ahead of the first photo, on any thread, and are then used by whichever needs them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import cv2

_LOAD_LOCK = threading.Lock()


def load_net(path: str) -> cv2.dnn.Net:
    """``cv2.dnn.readNetFromTFLite(path)``, one load at a time across the process."""
    with _LOAD_LOCK:
        return cv2.dnn.readNetFromTFLite(path)


class NetPool:
    """The loaded copies of one model, lent to one caller at a time each. A caller waits
    for a copy that is being loaded (the engine's warm-up) rather than load one more."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._free: list[cv2.dnn.Net] = []
        self._loading = 0
        self._ready = threading.Condition()

    def _take(self) -> cv2.dnn.Net | None:
        """A free copy, waiting while one is being loaded; None when a new one is due."""
        with self._ready:
            while not self._free and self._loading:
                self._ready.wait()
            if self._free:
                return self._free.pop()
            self._loading += 1
            return None

    @contextmanager
    def borrow(self) -> Iterator[cv2.dnn.Net]:
        """A net of this model for the caller alone until the block ends."""
        net = self._take()
        if net is None:
            try:
                net = load_net(self._path)
            finally:
                with self._ready:
                    self._loading -= 1
                    self._ready.notify_all()
        try:
            yield net
        finally:
            with self._ready:
                self._free.append(net)
                self._ready.notify()

    def warm(self) -> None:
        """Load one copy now (ahead of the first photo), unless one is loaded already."""
        with self.borrow():
            pass
