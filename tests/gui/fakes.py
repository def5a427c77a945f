"""A fake engine and photo source: the processor's promises tested with no real image."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from smartskin_gui.core.engine.contract import EngineResult
from smartskin_gui.core.params import Params
from smartskin_gui.core.photo import Photo, Preview
from smartskin_gui.core.progress import Cancel, Progress, check

PREVIEW_SHAPE = (8, 12, 3)
FULL_SHAPE = (16, 24, 3)


class FakeEngine:
    """Records every run; while ``gate`` is clear, runs wait (and still see Cancel)."""

    def __init__(self, name: str = "local") -> None:
        self.name = name
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()
        self.calls: list[tuple[bool, Params]] = []  # (full size?, params)

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult:
        with self._lock:
            self.calls.append((photo.rgb.shape == FULL_SHAPE, params))
        while not self.gate.wait(0.005):
            check(cancel)
        check(cancel)
        value = int(params.retouch * 100)
        return EngineResult(np.full_like(photo.rgb, value), notes=[f"fake {params.label()}"])

    def runs(self, full: bool) -> list[Params]:
        with self._lock:
            return [p for f, p in self.calls if f == full]


class FakePhotos:
    """Every path is a small grey photo."""

    def preview(self, path: str, max_side: int) -> Preview:
        h, w, _ = FULL_SHAPE
        return Preview(np.full(PREVIEW_SHAPE, 128, np.uint8), (w, h))

    def photo(self, path: str) -> Photo:
        return Photo(rgb=np.full(FULL_SHAPE, 128, np.uint8), format="PNG", source=Path(path))
