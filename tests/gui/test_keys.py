"""The keyboard habits of Lightroom and Capture One, driven by key events on the window:
each shortcut does what it says, from anywhere but a text or number field, and Help >
Keyboard shortcuts lists every shortcut of the window."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from smartskin_gui.core.params import Params
from smartskin_gui.ui.dialogs.export_dialog import ExportDialog
from smartskin_gui.ui.dialogs.shortcuts_dialog import DEVICE_KEYS, what
from tests.shoot import make_shoot

TIMEOUT = 120000


@pytest.fixture
def shoot(window, qtbot, tmp_path) -> list[str]:
    """Four photos open, the first one shown, the window active."""
    make_shoot(tmp_path / "shoot", 4)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "shoot"])
    qtbot.waitUntil(lambda: window.processor.photo is not None, timeout=TIMEOUT)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.split_view.setFocus()
    return window.filmstrip.paths()


def key(window, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key typed in the window: to the widget with the focus, as the system sends it."""
    QTest.keyClick(QApplication.focusWidget() or window, k, modifiers)


def test_home_and_end_go_to_the_first_and_last_photo(window, qtbot, shoot):
    photos = window.photos
    window.split_view.setFocus()
    key(window, Qt.Key.Key_End)
    assert photos.current == shoot[-1] and window.filmstrip.selected_paths() == shoot[-1:]
    key(window, Qt.Key.Key_Home)
    assert photos.current == shoot[0] and window.filmstrip.selected_paths() == shoot[:1]
    window.retouch.slider.setFocus()  # a slider keeps its own End: its highest value
    key(window, Qt.Key.Key_End)
    assert photos.current == shoot[0] and window.retouch.spin.value() == pytest.approx(1.5)


def test_arrows_move_in_the_filmstrip_from_anywhere_but_a_field(window, qtbot, shoot):
    photos = window.photos
    key(window, Qt.Key.Key_Right)
    assert photos.current == shoot[1] and window.filmstrip.selected_paths() == shoot[1:2]
    key(window, Qt.Key.Key_Down)
    assert photos.current == shoot[2]
    window.retouch.slider.setFocus()  # a slider moves with its arrows
    key(window, Qt.Key.Key_Left)
    assert photos.current == shoot[2] and window.retouch.spin.value() == pytest.approx(0.99)
    window.engine_combo.setFocus()  # elsewhere the arrows move in the filmstrip
    key(window, Qt.Key.Key_Up)
    assert photos.current == shoot[1]
    spin = window.whitening.spin  # a number field keeps its keys: Up steps it
    spin.setFocus()
    before = spin.value()
    key(window, Qt.Key.Key_Up)
    assert photos.current == shoot[1] and spin.value() > before
    key(window, Qt.Key.Key_Left)
    assert photos.current == shoot[1]
    window.filmstrip.setFocus()
    key(window, Qt.Key.Key_Left)
    key(window, Qt.Key.Key_Left)  # at the first photo: stays
    assert photos.current == shoot[0]
    key(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # the list's own key
    assert window.filmstrip.selected_paths() == shoot[:2]


def test_z_toggles_fit_and_100_percent(window, qtbot, shoot):
    view = window.split_view
    assert view.is_fit()
    key(window, Qt.Key.Key_Z)
    assert view.zoom_percent() == 100 and not view.is_fit()
    key(window, Qt.Key.Key_Z)
    assert view.is_fit()

    # In the comparison the zoom keys and actions zoom every tile, and the status bar
    # says the tiles' zoom (the photo's view, hidden, stays as it was).
    compare = window.compare_view
    window.tabs.setCurrentWidget(compare)
    qtbot.waitUntil(lambda: compare.is_fit())
    label = window.findChild(QLabel, "zoomLabel")
    key(window, Qt.Key.Key_Z)
    assert window.tabs.currentWidget() is compare and compare.zoom_percent() == 100
    assert {round(t.view.zoom() * 100) for t in compare.tiles} == {100}
    assert label.text() == "100%" and view.is_fit()
    key(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert compare.zoom_percent() == 125 and label.text() == "125%"
    assert {round(t.view.zoom() * 100) for t in compare.tiles} == {125}
    key(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    key(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert compare.zoom_percent() == 80
    key(window, Qt.Key.Key_Z)
    assert compare.is_fit() and label.text() == f"{compare.zoom_percent()}%"
    key(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert compare.zoom_percent() == 100 and view.is_fit()
    window.tabs.setCurrentWidget(view)
    assert label.text() == f"{view.zoom_percent()}%"


def relative_centre(view) -> tuple[float, float]:
    """The point of the photo in the middle of a view (the split view or a comparison
    tile), as fractions of its size."""
    centre = view.mapToScene(view.viewport().rect().center())
    size = view.item.size if hasattr(view, "item") else view.full
    return centre.x() / size.width(), centre.y() / size.height()


def test_the_next_photo_keeps_100_percent_about_the_same_point_and_fit_stays_fit(
    window, qtbot, tmp_path
):
    """Checking skin at 1:1 across a shoot: Z, pan to a cheek, Right: the next photo (of
    another size) is at 100% too, showing the same part of the frame."""
    second = make_shoot(tmp_path / "shoot", 3, side=1200)[1]
    with Image.open(second) as im:
        im.resize((1800, 1200)).save(second, quality=90)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "shoot"])
    view = window.split_view
    qtbot.waitUntil(lambda: view.has_image(), timeout=TIMEOUT)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    key(window, Qt.Key.Key_Z)
    assert view.zoom_percent() == 100 and not view.is_fit()
    bars = view.horizontalScrollBar(), view.verticalScrollBar()
    for bar, share in zip(bars, (0.7, 0.3), strict=True):  # panned right and up
        bar.setValue(round(bar.minimum() + share * (bar.maximum() - bar.minimum())))
    where = relative_centre(view)
    key(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.item.size.width() == 1800, timeout=TIMEOUT)
    assert view.zoom_percent() == 100 and not view.is_fit()
    assert relative_centre(view) == pytest.approx(where, abs=0.01)
    assert window.findChild(QLabel, "zoomLabel").text() == "100%"
    key(window, Qt.Key.Key_Z)  # Fit, and the next photo is fitted too
    key(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.item.size.width() == 1200, timeout=TIMEOUT)
    assert view.is_fit() and view.zoom_percent() < 100


def test_the_comparison_keeps_its_zoom_on_the_next_photo_too(window, qtbot, tmp_path):
    second = make_shoot(tmp_path / "shoot", 3, side=1200)[1]
    with Image.open(second) as im:
        im.resize((1800, 1200)).save(second, quality=90)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "shoot"])
    qtbot.waitUntil(lambda: window.split_view.has_image(), timeout=TIMEOUT)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    compare = window.compare_view
    window.tabs.setCurrentWidget(compare)
    lead = compare.tiles[0].view
    qtbot.waitUntil(lambda: lead.viewport().width() < 500)  # the tiles laid out in a grid
    lead.setFocus()
    key(window, Qt.Key.Key_Z)
    assert compare.zoom_percent() == 100
    bars = lead.horizontalScrollBar(), lead.verticalScrollBar()
    for bar, share in zip(bars, (0.7, 0.3), strict=True):  # panned right and up
        bar.setValue(round(bar.minimum() + share * (bar.maximum() - bar.minimum())))
    where = relative_centre(lead)
    key(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: compare.full.width() == 1800, timeout=TIMEOUT)
    lead = compare.tiles[0].view  # the new photo's tiles
    assert compare.zoom_percent() == 100 and not compare.is_fit()
    assert relative_centre(lead) == pytest.approx(where, abs=0.01)
    assert window.findChild(QLabel, "zoomLabel").text() == "100%"
    tile = compare.tiles[1]  # a variant, once rendered, shows the same part
    qtbot.waitUntil(lambda: not tile.status.text(), timeout=TIMEOUT)
    assert relative_centre(tile.view) == pytest.approx(where, abs=0.01)
    key(window, Qt.Key.Key_Z)
    key(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: compare.full.width() == 1200, timeout=TIMEOUT)
    assert compare.is_fit()


def test_backslash_tap_toggles_and_hold_shows_the_original_while_held(window, qtbot, shoot):
    view = window.split_view
    window.keys.hold.hold_ms = 60_000  # a tap, however slow the machine is
    key(window, Qt.Key.Key_Backslash)
    assert view.showing_original()
    key(window, Qt.Key.Key_Backslash)
    assert not view.showing_original()
    QTest.keyPress(window, Qt.Key.Key_Backslash)
    assert view.showing_original()
    held = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Backslash, Qt.KeyboardModifier.NoModifier, "\\", True
    )
    QApplication.sendEvent(window.focusWidget(), held)  # the system repeats a held key
    assert view.showing_original()
    QTest.keyRelease(window, Qt.Key.Key_Backslash)
    assert not view.showing_original()
    window.keys.hold.hold_ms = 0  # held long enough, without any repeat
    QTest.keyPress(window, Qt.Key.Key_Backslash)
    QTest.keyRelease(window, Qt.Key.Key_Backslash)
    assert not view.showing_original()


def test_y_shows_before_and_after_side_by_side_and_back(window, qtbot, shoot):
    view = window.split_view
    key(window, Qt.Key.Key_Y)
    assert view.side_by_side and window.keys.side_by_side_action.isChecked()
    assert view.is_fit()
    width = view.item.size.width() * view.zoom()
    assert width <= view.viewport().width() / 2  # the whole photo in each half
    key(window, Qt.Key.Key_Y)
    assert not view.side_by_side and not window.keys.side_by_side_action.isChecked()


def test_copy_and_paste_settings_to_the_selection_as_one_undo_step(window, qtbot, shoot):
    window.retouch.spin.setValue(0.3)
    window.whitening.spin.setValue(0.6)
    window.split_view.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    key(window, Qt.Key.Key_C, ctrl_shift)
    strip = window.filmstrip
    strip.setCurrentRow(1, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    strip.selectionModel().select(
        strip.model().index(3, 0), QItemSelectionModel.SelectionFlag.Select
    )
    window.split_view.setFocus()
    key(window, Qt.Key.Key_V, ctrl_shift)
    params = [window.photos.params(p) for p in shoot]
    assert params == [Params(0.3, 0.6), Params(0.3, 0.6), Params(), Params(0.3, 0.6)]
    assert window.retouch.spin.value() == pytest.approx(0.3)  # the photo shown has them
    assert strip.badge(shoot[3]) == "edited"
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step undoes both
    assert [window.photos.params(p) for p in shoot[1:]] == [Params()] * 3
    key(window, Qt.Key.Key_Z, ctrl_shift)  # and redo
    assert window.photos.params(shoot[3]) == Params(0.3, 0.6)


def test_f_full_screen_and_esc_leaves_it(window, qtbot, shoot):
    key(window, Qt.Key.Key_F)
    qtbot.waitUntil(window.isFullScreen)
    assert window.keys.full_screen_action.isChecked()
    key(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.keys.leave_full_screen_action.isEnabled()
    key(window, Qt.Key.Key_F)
    qtbot.waitUntil(window.isFullScreen)
    key(window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_ctrl_shift_e_exports(window, qtbot, shoot):
    key(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_help_lists_every_shortcut_of_the_window(window, qtbot):
    window.findChild(QAction, "keysAction").trigger()
    dialog = window.findChild(object, "shortcutsDialog")
    text = dialog.findChild(QLabel, "shortcutsTable").text()
    listed = 0
    device = {QKeySequence(key).toString() for key in DEVICE_KEYS}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if keys in device:  # a special keyboard's Redo key: not listed
                assert f", {keys}" not in text
                continue
            name = what(action)
            assert keys.replace("<", "&lt;") in text and name in text, (keys, name)
            listed += 1
    assert listed >= 30
    for words in ("Photo", "Pick", "Before and After Side by Side", "Paste Settings", "Esc"):
        assert words in text
    dialog.close()
