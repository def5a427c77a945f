"""Loading the bundled ``.tflite`` models with OpenCV, safely from several threads.

OpenCV's TFLite importer fills its operator table lazily on first use without a lock; two
threads building their first network at once can see a half-filled table and fail with
"Unsupported operator type RELU" (seen once in the test suite, where the face finder's tile
threads and the person segmenter each load nets). One process-wide lock serialises loading;
running the loaded nets stays parallel.

A loaded net runs one input at a time but may run on any thread: :class:`NetPool` lends
one out to each caller (loading another only when all are busy), so nets can be loaded
ahead of the first photo, on any thread, and are then used by whichever needs them. There
is one pool per model file in the process (:func:`net_pool`): every finder of that model
shares the copies loaded, whoever loaded them (a command-line run loads them while it is
still starting, :mod:`.ahead`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import cv2
import numpy as np

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

    def warm(self, prime: Callable[[cv2.dnn.Net], object] | None = None) -> None:
        """Load one copy now (ahead of the first photo), unless one is loaded already, and
        run ``prime`` on it: a first run of a net costs more than the next ones (OpenCV sets
        its layers up then), so a warm copy is ready to run at its usual speed."""
        net = self._take()
        if net is not None:  # one is loaded (and was primed, or has run) already
            with self._ready:
                self._free.append(net)
                self._ready.notify()
            return
        try:
            net = load_net(self._path)
            if prime is not None:
                prime(net)
        finally:
            with self._ready:
                self._loading -= 1
                if net is not None:
                    self._free.append(net)
                self._ready.notify_all()


def run_blank(net: cv2.dnn.Net, size: tuple[int, int]) -> None:
    """Run ``net`` once on a black input of ``size`` (width, height): its first run, which
    sets its layers up, costs more than the next ones."""
    blank = np.zeros((size[1], size[0], 3), np.uint8)
    net.setInput(cv2.dnn.blobFromImage(blank, 1 / 255.0, size))
    net.forward(net.getUnconnectedOutLayersNames())


_pools: dict[str, NetPool] = {}
_pools_lock = threading.Lock()


def net_pool(path: str) -> NetPool:
    """The process's one :class:`NetPool` of the model at ``path``."""
    with _pools_lock:
        pool = _pools.get(path)
        if pool is None:
            pool = _pools[path] = NetPool(path)
        return pool
