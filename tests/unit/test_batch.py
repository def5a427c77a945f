"""The batch runner: bounded pool, input order, progress, cancel, failures kept per photo."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.batch.runner import SaveOptions, run_batch
from smartskin_gui.core.engine.contract import EngineResult
from smartskin_gui.core.params import Params
from smartskin_gui.core.photo import Photo
from smartskin_gui.core.progress import Cancel, Progress


class OrderedEngine:
    """Finishes photos in reverse order (the first waits for all the others)."""

    name = "fake"

    def __init__(self, count: int, broken: str = "") -> None:
        self.count, self.broken = count, broken
        self.done = 0
        self.lock = threading.Lock()
        self.all_others = threading.Event()
        if count <= 1:
            self.all_others.set()
        self.active = 0
        self.max_active = 0

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult:
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if progress:
                progress(0.5, "working")
            if photo.name == "0.png":
                assert self.all_others.wait(10)
            if photo.name == self.broken:
                raise RuntimeError("a bug")
            return EngineResult(photo.rgb.copy(), notes=[photo.name])
        finally:
            with self.lock:
                self.active -= 1
                self.done += 1
                if self.done == self.count - 1:
                    self.all_others.set()


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    for name in ("out", "o"):
        (tmp_path / name).mkdir()
    paths = []
    for i in range(5):
        path = tmp_path / f"{i}.png"
        Image.fromarray(np.full((130, 140, 3), i * 40, np.uint8)).save(path)
        paths.append(path)
    return paths


def test_results_in_input_order_with_a_bounded_pool(photos, tmp_path):
    engine = OrderedEngine(len(photos))
    seen: list[tuple[int, str]] = []
    results = run_batch(
        photos,
        engine,
        Params(0.5, 0.5),
        SaveOptions(tmp_path / "out"),
        workers=3,
        progress=lambda i, f, m: seen.append((i, m)),
    )
    assert [r.input for r in results] == photos and all(r.ok for r in results)
    assert [r.notes for r in results] == [[p.name] for p in photos]
    assert 1 < engine.max_active <= 3
    assert {i for i, _ in seen} == set(range(len(photos)))
    assert results[0].as_json()["retouch"] == 0.5 and results[0].as_json()["engine"] == "fake"


def test_a_photo_that_crashes_fails_alone(photos, tmp_path):
    engine = OrderedEngine(len(photos), broken="2.png")
    results = run_batch(photos, engine, Params(), SaveOptions(tmp_path / "o"), workers=2)
    assert [r.ok for r in results] == [True, True, False, True, True]
    assert results[2].code == "UNEXPECTED_ERROR" and "log" in results[2].message


def test_cancel_ends_the_photos_not_started(photos, tmp_path):
    cancel = threading.Event()
    ended: list[int] = []

    def on_result(index: int, _result: object) -> None:
        ended.append(index)
        cancel.set()  # the user cancels once the first photo is done

    engine = OrderedEngine(1)  # photo 0 does not wait
    results = run_batch(
        photos,
        engine,
        Params(),
        SaveOptions(tmp_path / "o"),
        workers=1,
        cancel=cancel.is_set,
        on_result=on_result,
    )
    assert results[0].ok
    assert [r.code for r in results[1:]] == ["CANCELLED"] * 4
    assert ended == list(range(5))
