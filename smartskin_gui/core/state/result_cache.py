"""Results rendered this session, kept in memory by (photo, engine, settings).

The window's processor keys them by the photo's path and file stamp, the engine and the
settings, so switching back to a photo or a slider position shows it at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

import numpy as np

from ..params import Params

K = tuple[str, str, Params]  # photo key, engine name, params
V = TypeVar("V")


class ResultCache(Generic[V]):
    """A thread-safe LRU bounded by total bytes of the cached arrays.

    Keyed by whatever identifies a result to its user (the window adds the file's stamp to
    :meth:`key`'s photo, engine and settings, so a photo replaced on disk is another photo).
    """

    def __init__(self, max_bytes: int = 1_200_000_000) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(photo: str, engine: str, params: Params) -> K:
        return (photo, engine, params)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: V, nbytes: int | None = None) -> None:
        size = (
            nbytes if nbytes is not None else (value.nbytes if isinstance(value, np.ndarray) else 0)
        )
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._items)
