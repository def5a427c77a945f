"""The processor's promises, with a fake engine and fake photos (no image decoding).

Coalescing of live previews, stale results dropped, Cancel stopping the running render,
paid (cloud) calls only on request, once per setting. ``tools/mutate.py`` breaks each
promise and checks that one of these tests fails.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.io import SaveRequest
from smartskin_gui.core.params import Params
from smartskin_gui.workers.processor import Processor
from tests.gui.fakes import FakeEngine, FakePhotos

TIMEOUT = 5000
START = Params(1.0, 1.0)


class Rig:
    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.engines = {"local": FakeEngine("local"), "cloud": FakeEngine("cloud")}
        self.p = Processor(self.engines.__getitem__, START, FakePhotos())
        self.p.scheduler.full_delay_ms = 0
        self.p.scheduler.cloud_delay_ms = 0
        self.shown: list[tuple[str, Params, bool]] = []
        self.p.resultReady.connect(self._shown)

    def _shown(self, path: str, params: Params, _image: object, full: bool, _f: object) -> None:
        self.shown.append((path, params, full))

    @property
    def local(self) -> FakeEngine:
        return self.engines["local"]

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.p.runner.jobs(), timeout=TIMEOUT)

    def open(self, path: str = "a.jpg") -> None:
        self.p.set_photo(path)
        self.qtbot.waitUntil(lambda: (path, self.p.params, True) in self.shown, timeout=TIMEOUT)
        self.idle()

    def block(self) -> None:
        for engine in self.engines.values():
            engine.gate.clear()

    def release(self) -> None:
        for engine in self.engines.values():
            engine.gate.set()


@pytest.fixture
def rig(qtbot):
    r = Rig(qtbot)
    yield r
    r.release()
    assert r.p.shutdown()


def drag(rig: Rig, values: list[float]) -> None:
    """Slider ticks of a drag: the first render starts, the others arrive while it runs."""
    rig.block()
    before = len(rig.local.runs(full=False))
    rig.p.set_params(Params(values[0], 1.0), final=False)
    rig.qtbot.waitUntil(lambda: len(rig.local.runs(full=False)) == before + 1, timeout=TIMEOUT)
    for v in values[1:]:
        rig.p.set_params(Params(v, 1.0), final=False)
    rig.shown.clear()
    rig.release()
    last = Params(values[-1], 1.0)
    rig.qtbot.waitUntil(lambda: ("a.jpg", last, False) in rig.shown, timeout=TIMEOUT)
    rig.idle()


def test_opening_shows_the_full_result_once_and_never_a_preview_after_it(rig):
    rig.open()
    # The preview render and the full render race; whichever order, the full one stays.
    preview, full = ("a.jpg", START, False), ("a.jpg", START, True)
    assert rig.shown in ([preview, full], [full])
    assert rig.local.runs(full=True) == [START]


def test_slider_ticks_during_a_render_coalesce_into_one_more(rig):
    rig.open()
    before = len(rig.local.runs(full=False))
    drag(rig, [0.9, 0.8, 0.7, 0.6, 0.5])
    # The running render, then one with the latest setting: nothing in between.
    assert rig.local.runs(full=False)[before:] == [Params(0.9, 1.0), Params(0.5, 1.0)]


def test_a_preview_finishing_after_the_slider_moved_on_is_not_shown(rig):
    rig.open()
    drag(rig, [0.9, 0.5])
    assert rig.shown == [("a.jpg", Params(0.5, 1.0), False)]


def test_a_full_result_finishing_after_the_slider_moved_on_is_not_shown(rig):
    rig.open()
    rig.block()
    a, b = Params(0.4, 1.0), Params(0.2, 1.0)
    rig.p.set_params(a, final=True)  # live preview of a, then its full render
    rig.qtbot.waitUntil(lambda: a in rig.local.runs(full=True), timeout=TIMEOUT)
    rig.p.set_params(b, final=False)  # the user moves on while a renders
    rig.shown.clear()
    rig.release()
    rig.qtbot.waitUntil(lambda: ("a.jpg", b, False) in rig.shown, timeout=TIMEOUT)
    rig.idle()
    assert all(params == b for _, params, _ in rig.shown), rig.shown


def test_results_of_a_photo_left_behind_are_not_shown(rig):
    rig.open("a.jpg")
    rig.block()
    rig.p.set_params(Params(0.3, 1.0), final=True)
    rig.qtbot.waitUntil(lambda: Params(0.3, 1.0) in rig.local.runs(full=True), timeout=TIMEOUT)
    rig.shown.clear()
    rig.p.set_photo("b.jpg")
    rig.release()
    rig.qtbot.waitUntil(lambda: ("b.jpg", Params(0.3, 1.0), True) in rig.shown, timeout=TIMEOUT)
    assert [s for s in rig.shown if s[0] == "a.jpg"] == []


def test_cancel_stops_the_running_render(rig, qtbot):
    rig.open()
    rig.block()
    a = Params(0.4, 0.4)
    with qtbot.waitSignal(rig.p.busyChanged, timeout=TIMEOUT, check_params_cb=bool):
        rig.p.set_params(a, final=True)
    qtbot.waitUntil(lambda: a in rig.local.runs(full=True), timeout=TIMEOUT)
    # The engine is still blocked: only Cancel can end the render before the gate opens.
    with qtbot.waitSignal(rig.p.busyChanged, timeout=2000, check_params_cb=lambda b: not b):
        rig.p.cancel()
    assert rig.p.current_result() is None
    assert ("a.jpg", a, True) not in rig.shown


def test_cloud_previews_are_local_and_paid_renders_only_on_request(rig, qtbot, tmp_path):
    rig.open()
    cloud = rig.engines["cloud"]
    rig.p.set_engine("cloud")
    rig.p.set_photo("b.jpg")  # selecting a photo spends nothing
    qtbot.waitUntil(lambda: ("b.jpg", START, True) in rig.shown, timeout=TIMEOUT)
    rig.p.set_params(Params(0.5, 1.0), final=False)  # nor does moving a slider
    rig.p.set_params(START, final=True)
    rig.idle()
    assert cloud.calls == [] and not rig.p.session.shows_paid_result()
    rig.p.render_cloud()
    qtbot.waitUntil(rig.p.session.shows_paid_result, timeout=TIMEOUT)
    rig.p.render_cloud()  # the same settings again: from the cache
    with qtbot.waitSignal(rig.p.saved, timeout=TIMEOUT):
        rig.p.save(SaveRequest(tmp_path / "out.png"))  # Save uses the paid result already made
    rig.idle()
    assert cloud.calls == [(True, START)]
    assert rig.shown[-1] == ("b.jpg", START, True)


def test_save_in_cloud_mode_renders_with_the_cloud(rig, qtbot, tmp_path):
    rig.open()
    rig.p.set_engine("cloud")
    with qtbot.waitSignal(rig.p.saved, timeout=TIMEOUT):
        rig.p.save(SaveRequest(tmp_path / "out.png"))
    assert rig.engines["cloud"].calls == [(True, START)]


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def test_save_before_the_result_computes_it_then_writes(rig, qtbot, tmp_path: Path):
    rig.p.set_photo("a.jpg")
    target = tmp_path / "out.png"
    with qtbot.waitSignal(rig.p.saved, timeout=TIMEOUT) as saved:
        rig.p.save(SaveRequest(target))
    assert saved.args == [str(target)]
    result = rig.p.current_result()
    assert result is not None
    np.testing.assert_array_equal(pixels(target), result.pixels)


def test_save_after_cancel_saves_the_current_settings(rig, qtbot, tmp_path: Path):
    rig.open()
    rig.block()
    a = Params(0.4, 1.0)
    rig.p.set_params(a, final=True)
    qtbot.waitUntil(lambda: a in rig.local.runs(full=True), timeout=TIMEOUT)
    rig.p.cancel()  # the render is cancelled but has not ended yet
    target = tmp_path / "out.png"
    with qtbot.waitSignal(rig.p.saved, timeout=TIMEOUT):
        rig.p.save(SaveRequest(target))
        rig.release()
    result = rig.p.current_result()
    assert result is not None and result.params == a
    np.testing.assert_array_equal(pixels(target), result.pixels)


def test_save_keeps_the_settings_of_ctrl_s_when_a_slider_moves_on(rig, qtbot, tmp_path: Path):
    rig.open()
    rig.block()
    a, b = Params(0.4, 1.0), Params(0.2, 1.0)
    rig.p.set_params(a, final=False)
    target = tmp_path / "out.png"
    with qtbot.waitSignal(rig.p.saved, timeout=TIMEOUT):
        rig.p.save(SaveRequest(target))  # renders a, then saves it
        qtbot.waitUntil(lambda: a in rig.local.runs(full=True), timeout=TIMEOUT)
        rig.p.set_params(b, final=True)  # the user moves on before a's result is back
        rig.release()
    saved_a = rig.p.cache.get(rig.p.session.key(params=a))
    assert saved_a is not None and saved_a.params == a
    np.testing.assert_array_equal(pixels(target), saved_a.pixels)
    rig.idle()
    assert not rig.p.saving


def test_save_of_a_photo_that_failed_to_open_says_so(qtbot, tmp_path: Path):
    from smartskin_gui.core.errors import NothingToSaveError

    class Broken(FakePhotos):
        def preview(self, path: str, max_side: int):
            raise NotAnImageError()

    from smartskin_gui.core.errors import NotAnImageError

    p = Processor(FakeEngine, START, Broken())
    with qtbot.waitSignal(p.photoFailed, timeout=TIMEOUT):
        p.set_photo("a.jpg")
    with qtbot.waitSignal(p.failed, timeout=TIMEOUT) as failed:
        p.save(SaveRequest(tmp_path / "out.png"))
    err = failed.args[0]
    assert (err.code, err.message) == (NothingToSaveError.code, NothingToSaveError().message)
    assert not p.saving and not (tmp_path / "out.png").exists()
    # Saved while it was still loading: the failure answers the save too.
    with qtbot.waitSignal(p.failed, timeout=TIMEOUT) as failed:
        p.set_photo("b.jpg")
        p.save(SaveRequest(tmp_path / "out.png"))
    assert failed.args[0].code == NothingToSaveError.code and not p.saving
    assert p.shutdown()


def test_an_engine_error_is_reported_once_for_the_current_photo(rig, qtbot):
    from smartskin_gui.core.errors import MissingKeyError

    def no_key(name: str):
        raise MissingKeyError()

    rig.open()
    rig.p.engines = no_key
    rig.shown.clear()
    failures: list[str] = []
    rig.p.failed.connect(lambda err: failures.append(err.code))
    with qtbot.waitSignal(rig.p.failed, timeout=TIMEOUT):
        rig.p.set_engine("cloud")
    qtbot.waitUntil(lambda: not rig.p.scheduler.waiting, timeout=TIMEOUT)
    rig.idle()
    assert failures == [MissingKeyError.code]
    # At most the free result already made (from the cache, no engine needed); no paid one.
    assert rig.shown in ([], [("a.jpg", START, True)]) and not rig.p.busy
