"""Visible keyboard focus: every focusable control gets a light frame on the dark theme when
it has the focus, and is drawn as before when it has not; the photo views frame themselves
when the keyboard brought the focus there (a click on the photo frames nothing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from smartskin_gui.ui.widgets.theme import FOCUS


def focus_pixels(widget: QWidget) -> int:
    """How many pixels of the 3 px ring along ``widget``'s edge are in the focus colour."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    count = 0
    for y in range(h):
        for x in range(w):
            if 3 <= x < w - 3 and 3 <= y < h - 3:
                continue
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - FOCUS.red()) < 24
                and abs(c.green() - FOCUS.green()) < 24
                and abs(c.blue() - FOCUS.blue()) < 24
            ):
                count += 1
    return count


def perimeter(widget: QWidget) -> int:
    return 2 * (widget.width() + widget.height())


@pytest.fixture
def active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def focus_by_tab(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


@pytest.mark.parametrize(
    "name",
    [
        "reset_button",
        "retouch.slider",
        "retouch.spin",
        "engine_combo",
        "filmstrip",
        "filmstrip_panel.combo",
        "tabs.tabBar",
    ],
)
def test_a_focused_control_is_framed_and_an_unfocused_one_is_not(active, qtbot, name):
    widget = active
    for part in name.split("."):
        widget = getattr(widget if part != "reset_button" else active.panel, part)
        widget = widget() if callable(widget) else widget
    active.split_view.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(active.split_view.hasFocus)
    before = widget.grab().toImage()
    assert focus_pixels(widget) == 0  # unfocused: the neutral greys as before
    focus_by_tab(qtbot, widget)
    assert widget.grab().toImage() != before
    assert focus_pixels(widget) >= perimeter(widget) // 2, name


def test_tab_moves_a_visible_frame_from_control_to_control(active, qtbot):
    combo, slider = active.engine_combo, active.retouch.slider
    focus_by_tab(qtbot, combo)
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(slider.hasFocus)
    assert focus_pixels(slider) >= perimeter(slider) // 2
    assert focus_pixels(combo) == 0


def test_the_photo_view_is_framed_when_the_keyboard_brings_the_focus(active, qtbot, portrait):
    view = active.split_view
    active.retouch.spin.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.waitUntil(view.hasFocus)
    assert focus_pixels(view.viewport()) == 0  # a click to pan frames nothing
    active.retouch.spin.setFocus(Qt.FocusReason.TabFocusReason)
    focus_by_tab(qtbot, view)
    assert focus_pixels(view.viewport()) >= perimeter(view.viewport()) // 2
    active.tabs.setCurrentWidget(active.compare_view)
    tile = active.compare_view.tiles[1].view
    focus_by_tab(qtbot, tile)
    assert focus_pixels(tile.viewport()) >= perimeter(tile.viewport()) // 2
    assert focus_pixels(active.compare_view.tiles[0].view.viewport()) == 0
