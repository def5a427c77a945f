"""What photographers noticed: saves finish before quitting, a failed save says so, zoom
readout, "Original" while \\ is held, Ctrl+0 on the comparison, 1024 px screens, names for
screen readers, the shortcuts list."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QSlider, QWidget

from smartskin_gui.core.resources import sample_path

TIMEOUT = 60000


def test_save_then_quit_while_loading_saves_first(make_window, qtbot, tmp_path):
    big = tmp_path / "big.jpg"
    Image.open(sample_path("astronaut.jpg")).resize((3000, 3000)).save(big)
    window = make_window()
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([big])
    window.save_action.trigger()  # the photo is still loading
    window.close()
    assert window.isVisible() and "before quitting" in window.message.label.text()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    assert (tmp_path / "big_smartskin.jpg").exists()


def test_a_failed_save_says_so_and_clears_its_status(window, qtbot, portrait, tmp_path):
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        window.open_paths([portrait])
    window.settings.last_save_dir = str(tmp_path / "gone")
    with qtbot.waitSignal(window.processor.failed, timeout=TIMEOUT):
        window.save_action.trigger()
    assert window.statusBar().currentMessage() == ""
    assert window.message.isVisible() and "does not exist" in window.message.label.text()


def test_zoom_readout_original_label_and_ctrl0_on_the_comparison(
    window, qtbot, portrait, monkeypatch
):
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        window.open_paths([portrait])
    label = window.findChild(QLabel, "zoomLabel")
    window.split_view.actual_pixels()
    assert label.text() == "100%"
    window.split_view.zoom_in()
    assert label.text() == "125%"
    view = window.split_view
    QTest.keyPress(view, Qt.Key.Key_Backslash)
    assert view.item.show_original
    # Held (the system repeats a held key): the original only while it is down.
    repeat = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Backslash, Qt.KeyboardModifier.NoModifier, "\\", True
    )
    QApplication.sendEvent(view, repeat)
    QTest.keyRelease(view, Qt.Key.Key_Backslash)
    assert not view.item.show_original
    fitted: list[bool] = []
    monkeypatch.setattr(window.compare_view, "fit_all", lambda: fitted.append(True))
    window.tabs.setCurrentWidget(window.compare_view)
    fitted.clear()
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert fitted == [True]


def test_fits_a_1024_px_screen_and_names_its_controls(window, qtbot):
    assert window.minimumSizeHint().width() <= 1024
    window.resize(1024, 700)
    assert window.width() <= 1024
    for kind, name in (
        (QSlider, "retouchSlider"),
        (QSlider, "whiteningSlider"),
        (QDoubleSpinBox, "retouchSpin"),
        (QDoubleSpinBox, "whiteningSpin"),
    ):
        assert window.findChild(kind, name).accessibleName(), name


def test_help_lists_the_keyboard_shortcuts(window, qtbot):
    window.findChild(object, "keysAction").trigger()
    dialog = window.findChild(object, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QLabel, "shortcutsTable").text()
    assert "Ctrl+Shift+E" in text and "Export" in text and "original" in text
    dialog.close()


def test_an_export_under_way_does_not_widen_the_window_at_its_narrowest(window, qtbot):
    """The export's bar (title, progress, time, Cancel) fits where the window is narrowest:
    the time left stands alone there ("about 1:48 left"), elapsed and left together
    where there is room; its tooltip always says both."""
    narrowest = window.minimumSizeHint().width()
    window.resize(narrowest, 700)
    bar = window.batch_bar
    bar.start(3000)
    qtbot.waitUntil(lambda: bar.time_label.text() == "estimating…")  # laid out, narrow
    assert window.width() <= narrowest and window.minimumSizeHint().width() <= narrowest
    assert bar.time_label.toolTip() == "0:00 elapsed · estimating time left"
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: bar.time_label.text() == "0:00 elapsed · estimating time left")
    bar.finish()


def test_at_its_smallest_the_side_panel_scrolls_and_nothing_in_it_is_squashed(window, qtbot):
    """On a short screen the panel's controls keep the height they need (the brush's size
    and softness were 8 px tall, their labels cut) and the panel scrolls instead."""
    from PySide6.QtWidgets import QScrollArea

    window.resize(1, 1)
    qtbot.waitUntil(lambda: window.height() <= window.minimumSizeHint().height() + 1)
    scroll = window.findChild(QScrollArea, "sidePanelScroll")
    assert scroll is not None and scroll.widget() is window.panel
    brush = window.findChild(QWidget, "brushPanel")
    assert brush.height() >= brush.minimumSizeHint().height()
    for slider in window.panel.findChildren(QSlider):
        if slider.isVisibleTo(window.panel):
            assert slider.height() >= slider.minimumSizeHint().height(), slider.objectName()
    assert scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away


def test_a_wider_filmstrip_gives_the_names_room(window, qtbot, tmp_path):
    """Dragged wider, the filmstrip's tiles follow: a long name is shown whole (it stayed
    "Kunde ...t #3.jpg" in a 120 px column beside empty space)."""
    import shutil

    name = "Kunde Müller Hochzeit Standesamt #3.jpg"
    shutil.copyfile(sample_path("astronaut.jpg"), tmp_path / name)
    with qtbot.waitSignal(window.photosOpened, timeout=30000):
        window.open_paths([tmp_path / name])
    strip = window.filmstrip
    item = strip.item(0)
    needed = strip.fontMetrics().horizontalAdvance(name)
    assert strip.visualItemRect(item).width() < needed  # the usual width elides it
    window.resize(1600, 900)
    window.splitter.setSizes([needed + 80, 1000, 300])
    qtbot.waitUntil(lambda: strip.visualItemRect(item).width() >= needed + 8)


def shown_name(strip, item) -> str:
    """A tile's name as the filmstrip draws it (elided to its text's room as Qt does)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    option = QStyleOptionViewItem()
    strip.initViewItemOption(option)
    option.rect = strip.visualItemRect(item)
    strip.itemDelegate().initStyleOption(option, strip.indexFromItem(item))
    style = strip.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, strip).width()
    room -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, strip) + 1)
    return option.fontMetrics.elidedText(option.text, option.textElideMode, room)


def test_camera_names_are_readable_at_the_first_width(window, qtbot, tmp_path):
    """At the window's first size a camera's usual names show whole, an edited photo's
    too (its mark before the name), with the scroll bar of a long shoot; a longer name
    loses its middle, never its number and extension; the tooltip has the whole name and
    its folder."""
    import shutil

    typical = ["DSC_0421.jpg", "IMG_20240512_1432.jpg", "_MG_8812.CR3.jpg", "DSCF3307.JPG"]
    longer = "PXL_20240601_093012345.jpg"
    for n, name in enumerate([*typical, longer] + [f"DSC_{k:04d}.jpg" for k in range(15)]):
        shutil.copyfile(
            sample_path("astronaut.jpg" if n % 2 else "grace_hopper.jpg"), tmp_path / name
        )
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path])
    strip = window.filmstrip
    qtbot.waitUntil(lambda: strip.verticalScrollBar().isVisible())  # a long shoot
    items = {strip.item(r).text(): strip.item(r) for r in range(strip.count())}
    assert strip.textElideMode() == Qt.TextElideMode.ElideMiddle
    for name in typical:
        assert shown_name(strip, items[name]) == name
    item = items["IMG_20240512_1432.jpg"]
    strip.set_badge(str((tmp_path / "IMG_20240512_1432.jpg").resolve()), "edited")
    assert item.text() == "● IMG_20240512_1432.jpg" == shown_name(strip, item)
    shown = shown_name(strip, items[longer])
    assert shown.startswith("PXL_2024") and shown.endswith("12345.jpg") and "…" in shown
    tip = items[longer].data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[:2] == [longer, f"in {tmp_path.resolve()}"]


def test_widening_the_filmstrip_keeps_the_photo_in_view(qtbot):
    """With 3,000 photos, the strip made wider (its tiles with it) stays where it was: the
    photo being worked on does not jump off screen."""
    from pathlib import Path

    from smartskin_gui.ui.views.filmstrip import Filmstrip

    strip = Filmstrip()
    strip.timer.timeout.disconnect()  # no thumbnails: the layout alone
    qtbot.addWidget(strip)
    strip.resize(160, 800)
    strip.show()
    strip.add_many([Path(f"/shoot/IMG_{i:05d}.jpg") for i in range(3000)], resolved=True)
    strip.setCurrentRow(2500)
    strip.scrollToItem(strip.item(2500))
    qtbot.waitUntil(
        lambda: strip.viewport().rect().contains(strip.visualItemRect(strip.item(2500)))
    )
    where = strip.visualItemRect(strip.item(2500))
    strip.resize(260, 800)
    qtbot.waitUntil(lambda: strip.visualItemRect(strip.item(2500)).width() > where.width() + 50)
    assert strip.visualItemRect(strip.item(2500)).y() == where.y()


@pytest.mark.parametrize("typed, value", [("2.7", 1.5), ("9", 1.5), ("-1", 0.0), ("0.35", 0.35)])
def test_a_strength_typed_out_of_range_is_clamped_not_misread(qtbot, typed, value):
    """Typing 2.7 in a strength box gives its maximum, 1.50, when the typing ends (Qt's own
    box refused the "2" as it was typed and gave 0.70)."""
    from PySide6.QtTest import QTest

    from smartskin_gui.ui.widgets.controls import StrengthControl

    control = StrengthControl("Retouch", "retouch", "Smooth skin")
    qtbot.addWidget(control)
    control.show()
    edit = control.spin.lineEdit()
    edit.selectAll()
    QTest.keyClicks(edit, typed)
    with qtbot.waitSignal(control.changed) as changed:
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert changed.args == [value, True] and control.slider.value() == round(value * 100)


def test_the_photo_shown_stands_out_among_the_photos_selected(window, qtbot, tmp_path):
    """Several photos selected (to sync or export them): each tile is lighter than the
    others, and the one shown, whose settings Sync gives, is framed in the accent colour."""
    import shutil

    from PySide6.QtCore import QItemSelectionModel

    for n in range(4):
        shutil.copyfile(sample_path("grace_hopper.jpg"), tmp_path / f"DSC_{n:04d}.jpg")
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path])
    strip = window.filmstrip
    strip.setCurrentRow(1)
    strip.selectionModel().select(
        strip.model().index(2, 0), QItemSelectionModel.SelectionFlag.Select
    )
    image = strip.viewport().grab().toImage()
    accent = window.palette().highlight().color()

    def left_edge(row: int):
        """The colour just inside the tile's left edge, halfway down its thumbnail."""
        rect = strip.visualItemRect(strip.item(row))
        return image.pixelColor(rect.left() + 2, rect.top() + rect.height() // 3)

    def is_accent(colour) -> bool:
        return abs(colour.hue() - accent.hue()) < 12 and colour.saturation() > 80

    assert is_accent(left_edge(1))  # shown: framed
    assert not is_accent(left_edge(2)) and not is_accent(left_edge(0))
    # Selected but not shown: lighter than a tile not selected.
    assert left_edge(2).lightness() > left_edge(0).lightness() + 8
    assert left_edge(3).lightness() == left_edge(0).lightness()
