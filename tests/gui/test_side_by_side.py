"""Before and after side by side (Y): each half of the split view shows the whole photo, the
original left and the result right, with one zoom and one pan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QWheelEvent

from smartskin_gui.ui.views.split_view import SplitView

W, H = 300, 200
RED, GREEN = QColor(220, 30, 30), QColor(30, 200, 30)
BLUE, YELLOW = QColor(30, 60, 220), QColor(230, 220, 30)
NAMES = {"red": RED, "green": GREEN, "blue": BLUE, "yellow": YELLOW}


def halves(left: QColor, right: QColor) -> QPixmap:
    """A photo whose left half is ``left`` and right half ``right``."""
    pixmap = QPixmap(W, H)
    pixmap.fill(left)
    painter = QPainter(pixmap)
    painter.fillRect(W // 2, 0, W - W // 2, H, right)
    painter.end()
    return pixmap


@pytest.fixture
def view(qtbot):
    view = SplitView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_original(halves(RED, GREEN), (W, H))
    view.set_result(halves(BLUE, YELLOW))
    view.set_side_by_side(True)
    return view


def seen(image: QImage, x: float, y: float) -> str:
    c = image.pixelColor(round(x), round(y))
    for name, colour in NAMES.items():
        if all(abs(a - b) < 40 for a, b in zip(c.getRgb()[:3], colour.getRgb()[:3], strict=True)):
            return name
    return "canvas"


def row(view: SplitView) -> tuple[QImage, float, float]:
    image = view.viewport().grab().toImage()
    return image, view.viewport().width() / 2, view.viewport().height() * 0.6


def test_each_half_shows_the_whole_photo(view):
    image, half, y = row(view)
    w = W * view.zoom()
    for left, photo in ((0.0, ("red", "green")), (half, ("blue", "yellow"))):
        centre = left + half / 2
        assert seen(image, centre - w / 2 + 3, y) == photo[0]  # its left edge
        assert seen(image, centre + w / 2 - 3, y) == photo[1]  # its right edge
        assert seen(image, centre - w / 2 - 2, y) == "canvas"  # all of it, and no more
        assert seen(image, centre + w / 2 + 2, y) == "canvas"


def test_zoom_and_pan_are_shared(view, qtbot):
    view.set_zoom(4.0)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().isVisible())  # they narrow the view
    image, half, y = row(view)
    # Zoomed about the photo's centre: both halves show the middle, at the same place.
    assert (seen(image, half / 2 - 10, y), seen(image, half / 2 + 10, y)) == ("red", "green")
    assert (seen(image, 1.5 * half - 10, y), seen(image, 1.5 * half + 10, y)) == (
        "blue",
        "yellow",
    )
    bar = view.horizontalScrollBar()
    bar.setValue(bar.value() + 100)  # pan right: the photo's middle moves left in both
    image, half, y = row(view)
    assert seen(image, half / 2 - 110, y) == "red" and seen(image, half / 2 - 90, y) == "green"
    assert seen(image, 1.5 * half - 110, y) == "blue"
    assert seen(image, 1.5 * half - 90, y) == "yellow"
    bar.setValue(bar.maximum())  # as far right as it goes: the photo's right edge shows
    image, half, y = row(view)
    assert seen(image, half - 8, y) == "green" and seen(image, 2 * half - 8, y) == "yellow"
    bar.setValue(bar.minimum())
    image, half, y = row(view)
    assert seen(image, 8, y) == "red" and seen(image, half + 8, y) == "blue"


def test_the_wheel_zooms_about_the_point_under_the_mouse_in_either_half(view):
    image, half, y = row(view)
    w = W * view.zoom()
    target = QPointF(1.5 * half - w / 4, y)  # the result's left quarter
    before = view.zoom()
    wheel = QWheelEvent(
        target,
        view.viewport().mapToGlobal(target),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(wheel)
    assert view.zoom() > before
    image, half, y = row(view)
    assert seen(image, target.x(), y) == "blue"  # still the result's left half there
    assert seen(image, target.x() - half, y) == "red"  # and the same point in the original


def test_back_to_the_divider(view):
    view.set_side_by_side(False)
    view.fit()
    image = view.viewport().grab().toImage()
    x, y = view._divider_x(), view.viewport().height() * 0.6
    assert seen(image, x - 12, y) in ("red", "green") and seen(image, x + 12, y) in (
        "blue",
        "yellow",
    )
