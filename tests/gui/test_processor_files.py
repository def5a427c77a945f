"""The processor with real files: a photo replaced on disk, the notes of a photo and a save."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.io import SaveRequest
from smartskin_gui.core.params import Params
from smartskin_gui.workers.processor import Processor
from tests.gui.fakes import FakeEngine

TIMEOUT = 10000
START = Params(1.0, 1.0)


@pytest.fixture
def processor():
    p = Processor(FakeEngine, START)
    p.scheduler.full_delay_ms = 0
    yield p
    assert p.shutdown()


def write_photo(path: Path, size: tuple[int, int], value: int = 128) -> None:
    Image.new("RGB", size, (value, value // 2, value // 3)).save(path)


def open_and_wait(qtbot, p: Processor, path: Path) -> tuple[int, int]:
    """Open ``path``; the (width, height) of its full result once shown."""
    with qtbot.waitSignal(
        p.resultReady, timeout=TIMEOUT, check_params_cb=lambda *a: a[0] == str(path) and a[3]
    ) as shown:
        p.set_photo(str(path))
    full = shown.args[4]
    return full.width(), full.height()


def test_a_photo_replaced_on_disk_is_rendered_and_saved_anew(processor, qtbot, tmp_path):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    write_photo(a, (200, 150))
    write_photo(b, (160, 160))
    assert open_and_wait(qtbot, processor, a) == (200, 150)
    open_and_wait(qtbot, processor, b)
    before = a.stat()
    write_photo(a, (240, 180), value=200)  # another photo under the same name
    os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert open_and_wait(qtbot, processor, a) == (240, 180)
    target = tmp_path / "out.png"
    with qtbot.waitSignal(processor.saved, timeout=TIMEOUT):
        processor.save(SaveRequest(target))
    with Image.open(target) as im:
        assert im.size == (240, 180)


def test_the_notes_of_a_photo_reach_the_window(processor, qtbot, tmp_path):
    path = tmp_path / "pages.tif"
    first, second = Image.new("RGB", (160, 140), "gray"), Image.new("RGB", (160, 140), "white")
    first.save(path, save_all=True, append_images=[second])
    with qtbot.waitSignal(
        processor.notes, timeout=TIMEOUT, check_params_cb=lambda notes: bool(notes)
    ) as notes:
        processor.set_photo(str(path))
    assert any("frames" in note for note in notes.args[0]), notes.args[0]


def test_what_a_save_changed_reaches_the_window(processor, qtbot, tmp_path):
    path = tmp_path / "deep.png"
    deep = np.full((140, 160, 3), 40000, np.uint16)
    assert cv2.imwrite(str(path), deep)
    open_and_wait(qtbot, processor, path)
    with qtbot.waitSignal(processor.saveNotes, timeout=TIMEOUT) as notes:
        processor.save(SaveRequest(tmp_path / "out.jpg"))
    assert any("8 bits" in note for note in notes.args[0]), notes.args[0]
