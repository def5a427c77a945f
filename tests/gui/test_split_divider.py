"""The before/after divider belongs to the screen: at 400% and panned it stays at the same
viewport x (a fraction of the photo's visible width), still splits the two images there,
and can be dragged at any zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtTest import QTest

from smartskin_gui.ui.views.split_view import SplitView

RED, BLUE = QColor(220, 30, 30), QColor(30, 60, 220)


def solid(width: int, height: int, colour: QColor) -> QPixmap:
    pixmap = QPixmap(width, height)
    pixmap.fill(colour)
    return pixmap


@pytest.fixture
def view(qtbot):
    view = SplitView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_original(solid(300, 200, RED), (300, 200))
    view.set_result(solid(300, 200, BLUE))
    view.set_split(0.3)
    return view


def colour_at(image: QImage, x: float, y: float) -> str:
    c = image.pixelColor(round(x), round(y))
    if c.red() > 150 and c.blue() < 100:
        return "original"
    if c.blue() > 150 and c.red() < 100:
        return "result"
    return f"other {c.name()}"


def split_seen(view: SplitView, x: float) -> tuple[str, str]:
    """What is drawn 12 px left and right of ``x``, a quarter down (away from the handle
    and the Before/After labels)."""
    image = view.viewport().grab().toImage()
    y = view.viewport().height() / 4
    return colour_at(image, x - 12, y), colour_at(image, x + 12, y)


def zoom_to(view: SplitView, qtbot, factor: float) -> None:
    """Zoom, then wait for the scroll bars the zoom brings (they narrow the viewport)."""
    view.set_zoom(factor / view.devicePixelRatioF())
    qtbot.waitUntil(lambda: view.horizontalScrollBar().isVisible())


def test_the_divider_stays_put_while_zooming_and_panning(view, qtbot):
    zoom_to(view, qtbot, 4.0)
    assert view.zoom_percent() == 400
    width = view.viewport().width()
    x = view._divider_x()
    assert x == pytest.approx(0.3 * width)  # the photo fills the view: its visible width
    assert split_seen(view, x) == ("original", "result")
    bars = view.horizontalScrollBar(), view.verticalScrollBar()
    for fraction in (0.0, 0.5, 1.0):  # pan across the whole photo
        for bar in bars:
            bar.setValue(round(bar.maximum() * fraction))
        assert view._divider_x() == pytest.approx(x)
        assert split_seen(view, x) == ("original", "result")
    # Panning by dragging the photo (away from the divider) changes nothing either.
    start, end = QPoint(round(0.5 * width), 100), QPoint(round(0.5 * width) + 150, 160)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert bars[0].value() < bars[0].maximum()  # it did pan
    assert view._divider_x() == pytest.approx(x) and view.split == pytest.approx(0.3)
    assert split_seen(view, x) == ("original", "result")


def test_the_divider_can_be_dragged_at_any_zoom(view, qtbot):
    zoom_to(view, qtbot, 4.0)
    width = view.viewport().width()
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 3)
    x = view._divider_x()
    start, end = QPoint(round(x), 100), QPoint(round(0.7 * width), 100)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert view.split == pytest.approx(0.7, abs=0.01)
    assert view._divider_x() == pytest.approx(end.x(), abs=1)
    assert split_seen(view, end.x()) == ("original", "result")
    assert split_seen(view, x) == ("original", "original")  # no longer split at the old place
    zoom_to(view, qtbot, 2.5)  # zooming out (the photo still wider than the view) keeps it there
    assert view._divider_x() == pytest.approx(end.x(), abs=1)


def test_when_the_photo_is_narrower_than_the_view_the_divider_splits_the_photo(qtbot):
    view = SplitView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_original(solid(100, 200, RED), (200, 400))  # a portrait: fit shows it 200 wide
    view.set_result(solid(100, 200, BLUE))
    view.set_split(0.5)
    left, right = view._visible_span()
    assert right - left == pytest.approx(200, abs=2)
    x = view._divider_x()
    assert x == pytest.approx((left + right) / 2)
    assert split_seen(view, x) == ("original", "result")
    view.set_split(0.25)
    assert split_seen(view, left + 0.25 * (right - left)) == ("original", "result")
