"""The catalog round trip: a Lightroom "Edit In" copy is saved over in place, nothing else."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QSlider

from smartskin_gui.app import open_command_line
from smartskin_gui.core.errors import Action
from smartskin_gui.core.io.depth import load_deep
from smartskin_gui.core.io.metadata.carry import settings_from_file
from smartskin_gui.core.params import Params
from tests.filefixtures import (
    COPYRIGHT,
    FACE,
    KEYWORDS,
    LIGHTROOM_XMP,
    PROPHOTO,
    portrait16,
    write16,
)

TIMEOUT = 60000


def listing(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def move_slider_and_wait(window, qtbot, value: int) -> Params:
    slider = window.findChild(QSlider, "retouchSlider")
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda _p, params, _i, full, *_: full and params.retouch == value / 100,
    ) as shown:
        slider.setValue(value)
        slider.sliderReleased.emit()
    return shown.args[1]


def opened(window, qtbot, paths: list[Path]) -> None:
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        open_command_line(window, [str(p) for p in paths])


def test_a_lightroom_edit_copy_is_saved_in_place_and_nothing_else_is_written(
    make_window, qtbot, tmp_path: Path, astronaut_rgb: np.ndarray
):
    original = portrait16(astronaut_rgb)
    catalog_original = write16(tmp_path / "IMG_0001.tif", original, PROPHOTO)
    edit = tmp_path / "IMG_0001-Edit.tif"
    shutil.copyfile(catalog_original, edit)  # what Lightroom hands over
    os.utime(edit, ns=(1_000_000_000, 1_000_000_000))
    window = make_window()
    opened(window, qtbot, [edit])
    assert "IMG_0001-Edit.tif" in window.windowTitle()
    assert "Lightroom" in window.windowTitle()
    assert "Save back to IMG_0001-Edit.tif" in window.save_action.toolTip()
    before = listing(tmp_path)
    params = move_slider_and_wait(window, qtbot, 120)

    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.findChild(type(window.save_action), "saveAction").trigger()

    assert Path(saved.args[0]) == edit.resolve()
    after = listing(tmp_path)
    assert set(after) == set(before)  # no other file written, no temp file left
    assert after["IMG_0001.tif"] == before["IMG_0001.tif"]
    assert after[edit.name] != before[edit.name]
    out = load_deep(edit)
    assert out.pixels.dtype == np.uint16 and out.pixels.shape == original.shape
    assert out.metadata.icc == PROPHOTO and out.compression == "zip"
    xmp = out.metadata.xmp or b""
    assert all(k.encode() in xmp for k in KEYWORDS) and COPYRIGHT.encode() in xmp
    assert b'xmp:Rating="4"' in xmp
    assert settings_from_file(edit) == ("local", params)
    assert np.abs(out.pixels[FACE].astype(np.int64) - original[FACE]).mean() > 50
    assert load_deep(catalog_original).pixels.tobytes() == original.tobytes()


def test_a_plain_photo_on_the_command_line_still_saves_beside_itself(window, qtbot, portrait: Path):
    before = portrait.read_bytes()
    opened(window, qtbot, [portrait])
    assert window.windowTitle() == "portrait.jpg — SmartSkin"
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    assert Path(saved.args[0]) == portrait.with_name("portrait_smartskin.jpg")
    assert portrait.read_bytes() == before


def test_a_result_offers_its_settings_back(window, qtbot, tmp_path: Path, astronaut_rgb):
    src = write16(tmp_path / "portrait.png", portrait16(astronaut_rgb))
    opened(window, qtbot, [src])
    params = move_slider_and_wait(window, qtbot, 130)
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    window.set_params(Params())
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        window.open_paths([saved.args[0]])
    assert window.message.isVisible()
    assert "retouched with SmartSkin" in window.message.label.text()
    button = window.message.buttons[Action.USE_FILE_SETTINGS]
    assert button.isVisible()
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda _p, shown, _i, full, *_: full and shown == params,
    ):
        button.click()
    assert window.params() == params


@pytest.mark.parametrize("name", ["IMG_0002.tif", "IMG_0002-Edit.psd"])
def test_open_for_editing_refuses_what_it_cannot_write_back(window, tmp_path: Path, name):
    path = tmp_path / name
    path.write_bytes(LIGHTROOM_XMP)
    path.chmod(0o444 if name.endswith(".tif") else 0o644)
    if name.endswith(".tif") and os.access(path, os.W_OK):
        pytest.skip("read-only bits are not enforced for root")
    assert not window.edit_in.open_for_editing(path)
    assert "write back" in window.message.label.text()


def test_save_as_honours_format_compression_and_quality_with_depth_and_metadata(
    window, qtbot, tmp_path: Path, astronaut_rgb, monkeypatch
):
    from PIL import Image

    from tests.gui.test_main_window import choose_in_save_as

    src = write16(tmp_path / "portrait.png", portrait16(astronaut_rgb), PROPHOTO)
    opened(window, qtbot, [src])
    out = tmp_path / "out"
    out.mkdir()
    choose_in_save_as(monkeypatch, out / "look", "TIFF (*.tif *.tiff)", compression="none")
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_as_action.trigger()
    tiff = load_deep(Path(saved.args[0]))
    assert Path(saved.args[0]) == out / "look.tif"
    assert tiff.pixels.dtype == np.uint16 and tiff.compression == "none"
    assert tiff.metadata.icc == PROPHOTO and COPYRIGHT.encode() in (tiff.metadata.xmp or b"")
    assert window.settings.tiff_compression == "none"

    choose_in_save_as(monkeypatch, out / "look.jpg", "JPEG (*.jpg *.jpeg)", quality=70)
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_as_action.trigger()
    assert "8 bits" in window.message.label.text() and window.message.isVisible()
    with Image.open(saved.args[0]) as im:
        assert im.format == "JPEG" and im.info.get("icc_profile") == PROPHOTO
    assert window.settings.jpeg_quality == 70
    assert settings_from_file(saved.args[0]) == ("local", window.params())


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_the_gui_save_keeps_16_bits_with_the_cloud_engine(
    monkeypatch, emulator, window, qtbot, tmp_path: Path, astronaut_rgb, suffix: str
):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    window.panel.show_engine("cloud")
    original = portrait16(astronaut_rgb)
    src = write16(tmp_path / f"portrait{suffix}", original)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        open_command_line(window, [str(src)])
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    assert emulator.emulator.stats["successes"] >= 1
    out = load_deep(Path(saved.args[0]))
    assert Path(saved.args[0]) == src.with_name(f"portrait_smartskin{suffix}")
    assert out.pixels.dtype == np.uint16 and out.pixels.shape == original.shape
    assert len(np.unique(out.pixels[:256, :, 0])) > 1000
    assert np.abs(out.pixels[FACE].astype(np.int64) - original[FACE]).mean() > 50
    assert settings_from_file(saved.args[0]) == ("cloud", window.params())


def test_open_for_editing_saves_back_to_the_chosen_file(window, qtbot, portrait: Path):
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        assert window.edit_in.open_for_editing(portrait)
    assert "Save writes back to this file" in window.windowTitle()
    assert window.save_action.toolTip() == "Save back to portrait.jpg (Ctrl+S)"
    before = portrait.read_bytes()
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    assert Path(saved.args[0]) == portrait.resolve()
    assert portrait.read_bytes() != before
    assert sorted(p.name for p in portrait.parent.iterdir()) == ["portrait.jpg"]


def test_a_photo_already_shown_becomes_an_editing_target(window, qtbot, portrait: Path):
    opened(window, qtbot, [portrait])
    assert window.windowTitle() == "portrait.jpg — SmartSkin"
    assert window.edit_in.open_for_editing(portrait)
    assert "Save writes back to this file" in window.windowTitle()
