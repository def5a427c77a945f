"""Every edit kept and undoable, driven as a photographer would: one undo step per drag,
Sync undone for every photo, Compare's "Use" is what Export writes, quitting after Save
does not ask, the quit question names the photos and exports exactly them, the last
session comes back, Open Recent, the first window fits the screen, a replaced file is
reloaded, and a catalog that cannot be written says so while the window is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QSlider

from smartskin_gui.app import create_main_window
from smartskin_gui.core.errors import Action
from smartskin_gui.core.io.metadata import settings_from_file
from smartskin_gui.core.params import Params
from tests.gui.test_export import export_to, open_folder, spin
from tests.shoot import make_shoot

TIMEOUT = 60000


def drag(window, name: str, values: list[int]) -> None:
    """Press the slider, move it through ``values`` (its ticks, 0 to 150), let go."""
    slider = window.findChild(QSlider, name)
    slider.setSliderDown(True)
    for value in values:
        slider.setValue(value)
    slider.setSliderDown(False)  # emits sliderReleased: the end of the drag


def undo(window) -> None:
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Undo))


def redo(window) -> None:
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+Z"))


def test_a_slider_drag_is_one_undo_step_and_kept_at_once(window, qtbot, tmp_path):
    [photo] = make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    key = str(photo.resolve())
    drag(window, "retouchSlider", [90, 70, 50, 40])
    assert window.catalog.flush()
    assert window.catalog.params(key) == Params(0.4, 1.0) == window.panel.params()
    assert window.undo_stack.count() == 1 and "Change settings" in window.undo_action.text()
    undo(window)
    assert window.panel.params() == Params() == window.catalog.params(key)
    assert not window.catalog.get(key).edited  # back to as it was: not "edited"
    assert window.processor.params == Params()  # and rendered so
    redo(window)
    assert window.panel.params() == Params(0.4, 1.0) == window.catalog.params(key)


def test_controls_with_no_photo_open_say_what_to_do(window):
    """Sync, "Add to comparison" and the brush with no photo open: a sentence saying to
    open one, and nothing else (Compare with empty tiles waiting for ever, painting on an
    empty view, a Sync that did nothing and said nothing)."""
    window.findChild(QPushButton, "syncAllButton").click()
    assert "Open some photos first" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    window.panel.compare_button.click()
    assert "Open a photo first" in window.statusBar().currentMessage()
    assert window.tabs.currentWidget() is not window.compare_view
    brush = window.regions.brush_panel.button
    brush.click()
    assert not brush.isChecked() and "paint" in window.statusBar().currentMessage()
    window.tabs.setCurrentWidget(window.compare_view)  # the tab itself: no tile waits
    assert all(not tile.status.text() for tile in window.compare_view.tiles)
    assert window.zoom_label.text() == ""  # no "34000%" of an empty view


def test_nudges_of_a_strength_are_one_undo_step(window, qtbot, tmp_path, monkeypatch):
    """Three clicks on a spin box's arrow (or arrow keys) within a second are one step of
    the history, not three; a change a while later is a step of its own."""
    from smartskin_gui.ui.window import photos_controller

    now = [1000.0]
    monkeypatch.setattr(photos_controller, "_clock", lambda: now[0])
    [photo] = make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    key = str(photo.resolve())
    steps = window.undo_stack.count()
    box = spin(window)
    for _ in range(3):
        box.stepBy(1)
        now[0] += 0.3
    assert window.catalog.params(key).retouch == pytest.approx(1.03)
    assert window.undo_stack.count() == steps + 1
    now[0] += 5.0
    box.stepBy(1)
    assert window.undo_stack.count() == steps + 2
    undo(window)
    assert window.catalog.params(key).retouch == pytest.approx(1.03)
    undo(window)
    assert window.catalog.params(key) == Params()
    # Up and straight back down: no change, so no step that Ctrl+Z would seem to skip.
    steps = window.undo_stack.index()
    now[0] += 5.0
    box.stepBy(1)
    box.stepBy(-1)
    assert window.catalog.params(key) == Params() and window.undo_stack.index() == steps


def test_undo_of_an_edit_on_another_photo_shows_that_photo(window, qtbot, tmp_path):
    """Ctrl+Z after moving on to another photo undoes the edit where it was made and shows
    that photo (its sliders, its render), saying what was undone; redo likewise."""
    first, second = (str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 2))
    open_folder(window, qtbot, tmp_path / "shoot")
    window.filmstrip.select(Path(second))
    drag(window, "retouchSlider", [60, 20])
    window.filmstrip.select(Path(first))
    assert window.photos.current == first
    undo(window)
    assert window.catalog.params(second) == Params()
    assert window.photos.current == second and window.panel.params() == Params()
    assert window.filmstrip.selected_paths() == [second]
    assert "Undo: Change settings of" in window.statusBar().currentMessage()
    window.filmstrip.select(Path(first))
    redo(window)
    assert window.photos.current == second
    assert window.panel.params() == Params(0.2, 1.0) == window.catalog.params(second)
    assert "Redo: Change settings of" in window.statusBar().currentMessage()
    # On the photo shown as well, the bar says the last step, never an earlier one's.
    undo(window)
    assert window.statusBar().currentMessage().startswith("Undo: Change settings of")
    redo(window)
    assert window.statusBar().currentMessage().startswith("Redo: Change settings of")


def test_undo_and_redo_of_sync_to_all_restore_every_photo(window, qtbot, tmp_path):
    photos = [str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 4)]
    open_folder(window, qtbot, tmp_path / "shoot")
    before = [Params(0.3, 0.2), Params(1.1, 0.1), Params(0.0, 1.5), Params()]
    for path, params in zip(photos[:3], before[:3], strict=True):
        window.filmstrip.select(Path(path))
        spin(window).setValue(params.retouch)
        spin(window, "whiteningSpin").setValue(params.whitening)
    window.filmstrip.select(Path(photos[0]))
    window.findChild(QPushButton, "syncAllButton").click()
    assert [window.catalog.params(p) for p in photos] == [Params(0.3, 0.2)] * 4
    assert "Gave 3 photos these settings" in window.statusBar().currentMessage()
    undo(window)
    assert [window.catalog.params(p) for p in photos] == before
    assert window.filmstrip.badge(photos[3]) == ""  # the untouched photo is plain again
    redo(window)
    assert [window.catalog.params(p) for p in photos] == [Params(0.3, 0.2)] * 4


def test_presets_and_reset_are_undo_steps_and_reset_uses_the_default_preset(
    window, qtbot, tmp_path
):
    from smartskin_gui.core.state import BUILTIN_PRESETS

    make_shoot(tmp_path / "shoot", 1)
    window.photos.set_default_preset("Soft")
    open_folder(window, qtbot, tmp_path / "shoot")  # a new photo: starts from Soft
    soft = BUILTIN_PRESETS["Soft"]
    assert window.panel.params() == soft
    box = window.photos.presets_box
    box.combo.activated.emit(box.combo.findText("Glamour"))
    assert window.panel.params() == BUILTIN_PRESETS["Glamour"]
    window.panel.reset_button.click()
    assert window.panel.params() == soft  # the default preset, not 1.00 / 1.00
    undo(window)
    assert window.panel.params() == BUILTIN_PRESETS["Glamour"]
    undo(window)
    assert window.panel.params() == soft
    assert "Preset Glamour" in window.undo_stack.text(0)


def test_use_from_compare_is_kept_and_is_what_export_writes(window, qtbot, tmp_path):
    [photo] = make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    window.compare_view.useParams.emit(Params(0.6, 0.3))  # a tile's "Use"
    assert window.panel.params() == Params(0.6, 0.3)
    assert window.catalog.params(str(photo.resolve())) == Params(0.6, 0.3)
    assert window.undo_stack.text(window.undo_stack.count() - 1) == "Use comparison settings"
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        export_to(window, qtbot, out).click()
    [written] = out.iterdir()
    assert settings_from_file(written) == ("local", Params(0.6, 0.3))


def test_quitting_after_save_does_not_ask(window, qtbot, tmp_path):
    [photo] = make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    spin(window).setValue(0.5)
    with qtbot.waitSignal(window.processor.resultSaved, timeout=TIMEOUT):
        window.save_action.trigger()
    assert window.filmstrip.badge(str(photo.resolve())) == "exported"
    window.close()
    assert not window.isVisible() and window.quit_guard.box is None


def test_the_quit_question_names_the_photos_and_exports_exactly_them(window, qtbot, tmp_path):
    photos = [str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 3)]
    open_folder(window, qtbot, tmp_path / "shoot")
    for path in photos[:2]:
        window.filmstrip.select(Path(path))
        spin(window).setValue(0.7)
    window.filmstrip.select(Path(photos[2]))  # the selection is not what gets exported
    window.close()
    box = window.quit_guard.box
    assert box is not None and window.isVisible()
    assert "IMG_0001.jpg, IMG_0002.jpg" in box.text() and "IMG_0003" not in box.text()
    box.findChild(QPushButton, "quitExportButton").click()
    dialog = window.export.dialog
    assert dialog is not None and "(2)" in dialog.selected_radio.text()
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    assert dialog.selected_radio.isChecked()
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert sorted(p.name for p in out.iterdir()) == [
        "IMG_0001_smartskin.jpg",
        "IMG_0002_smartskin.jpg",
    ]


def test_the_last_session_comes_back_with_open_recent(make_window, qtbot, tmp_path):
    photos = [str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 3)]
    window = make_window()
    open_folder(window, qtbot, tmp_path / "shoot")
    window.filmstrip.setCurrentRow(2)  # working on the third photo when SmartSkin closes
    assert window.photos.current == photos[2]
    window.tabs.setCurrentWidget(window.compare_view)  # ... in the comparison
    window.quit_guard.confirmed = True
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: again.filmstrip.paths() == photos, timeout=TIMEOUT)
    # It reopens on the photo that was on screen, alone selected.
    qtbot.waitUntil(lambda: again.photos.current == photos[2], timeout=TIMEOUT)
    assert again.filmstrip.selected_paths() == photos[2:]
    assert again.tabs.currentWidget() is again.compare_view
    again.recent_menu.aboutToShow.emit()
    [recent] = [a for a in again.recent_menu.actions() if a.isEnabled()]
    assert recent.text() == "shoot" and recent.toolTip() == str((tmp_path / "shoot").resolve())


FITS = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from smartskin_gui.app import create_main_window
w = create_main_window()
w.show()
app.processEvents()
screen, frame = w.screen().availableGeometry(), w.frameGeometry()
panel = w.panel.mapToGlobal(w.panel.rect().bottomRight())
print(json.dumps([screen.contains(frame), screen.contains(panel), frame.width(), frame.height()]))
w.quit_guard.confirmed = True
w.close()
"""


@pytest.mark.parametrize("screen", [(1024, 768), (1920, 1080)])
def test_the_first_window_fits_the_screen_it_opens_on(tmp_path, screen):
    """A fresh install on a 1024x768 screen: the whole window, side panel included, is on
    the screen (a child process, so Qt's offscreen screen can have that size)."""
    width, height = screen
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    run = subprocess.run(
        [sys.executable, "-c", FITS], env=env, capture_output=True, text=True, timeout=120
    )
    fits_window, fits_panel, w, h = json.loads(run.stdout.strip().splitlines()[-1])
    assert fits_window and fits_panel, (w, h, run.stderr)
    assert w >= min(width * 0.9, 1400) and h >= min(height * 0.9, 900)  # and uses the room


def test_a_photo_replaced_on_disk_is_opened_again_not_saved(window, qtbot, tmp_path):
    [photo] = make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    other = make_shoot(tmp_path / "other", 2)[1]
    os.replace(other, photo)  # another photo under the same name
    with qtbot.waitSignal(window.processor.failed, timeout=TIMEOUT) as failed:
        window.save_action.trigger()
    assert "changed on disk since it was opened" in failed.args[0].message
    assert not list(photo.parent.glob("*_smartskin*"))
    qtbot.waitUntil(lambda: window.processor.photo is not None, timeout=TIMEOUT)
    with qtbot.waitSignal(window.processor.resultSaved, timeout=TIMEOUT):
        window.save_action.trigger()  # the new version is what gets saved now


def test_selecting_a_photo_that_cannot_be_opened_clears_the_view(window, qtbot, tmp_path):
    make_shoot(tmp_path / "shoot", 2, broken=1)
    open_folder(window, qtbot, tmp_path / "shoot")
    assert window.split_view.has_image()
    with qtbot.waitSignal(window.processor.photoFailed, timeout=TIMEOUT):
        window.filmstrip.setCurrentRow(1)
    assert not window.split_view.has_image()
    assert "cannot be shown" in window.split_view.empty_text  # the view says why


def test_a_catalog_that_cannot_be_written_says_so_and_writes_once_it_can(
    small_tmpfs, monkeypatch, qtbot, tmp_path
):
    monkeypatch.setenv("SMARTSKIN_CONFIG_DIR", str(small_tmpfs))
    make_shoot(tmp_path / "shoot", 1)
    window = create_main_window()
    qtbot.addWidget(window)
    window.show()
    open_folder(window, qtbot, tmp_path / "shoot")
    filler = small_tmpfs / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    for i in range(40):  # enough changes to need new pages in the file
        window.photos.catalog.set_params(str(tmp_path / f"other{i}.jpg"), Params(0.1, 0.1))
    spin(window).setValue(0.3)
    qtbot.waitUntil(
        lambda: "cannot save your edits" in window.message.label.text(), timeout=TIMEOUT
    )
    button = window.message.buttons[Action.SAVE_EDITS_AGAIN]
    assert button.isVisibleTo(window)
    filler.unlink()
    button.click()
    qtbot.waitUntil(lambda: window.catalog.write_error is None, timeout=TIMEOUT)
    assert window.catalog.flush()
    window.close()  # written now; the edit is in no exported file yet: asked about that
    box = window.quit_guard.box
    assert box is not None and box.objectName() == "quitDialog"
    box.findChild(QPushButton, "quitAnywayButton").click()
    assert not window.isVisible()


def test_exporting_again_after_a_cancel_writes_only_what_is_left(window, qtbot, tmp_path):
    make_shoot(tmp_path / "shoot", 8)
    open_folder(window, qtbot, tmp_path / "shoot")
    out = tmp_path / "out"
    out.mkdir()

    def cancel_after_two(result) -> None:
        if sum(1 for _ in out.iterdir()) >= 2:
            window.export.cancel()

    window.export.photoEnded.connect(cancel_after_two)
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        export_to(window, qtbot, out).click()
    window.export.photoEnded.disconnect(cancel_after_two)
    first = {p.name for p in out.iterdir()}
    assert 2 <= len(first) < 8
    button = export_to(window, qtbot, out)
    left = 8 - len(first)
    assert button.text() == f"Export {left} photo{'s' if left != 1 else ''}"  # said before
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT) as done:
        button.click()
    assert len(done.args[0]) == 8 - len(first)  # only the photos not written yet
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 8 and not any("-2" in n for n in names)
    # The summary says why fewer photos were exported than are open.
    where = window.export.summary.findChild(QLabel, "batchSummaryWhere").text()
    assert f"{len(first)} photos were exported with these settings already" in where
