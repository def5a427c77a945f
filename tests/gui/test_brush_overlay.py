"""The brush's mask overlay (O) shows the strokes as the render applies them: feathered as
their softness says, protect over add, the shape of the photo and nothing outside it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from smartskin_gui.core.state import Stroke
from smartskin_gui.ui.views.brush import COLOURS, MASK_SIDE, mask_image
from smartskin_gui.ui.widgets.brush_panel import ADD, PROTECT


def rgba(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, : image.width()].copy()  # its own pixels: the QImage goes


def line(kind: str, softness: float, y: float) -> Stroke:
    return Stroke(kind, 0.05, softness, ((0.2, y), (0.8, y)))


def test_the_overlay_shows_the_softness_of_each_stroke(qapp) -> None:
    photo = QRectF(0, 0, 6000, 4000)
    hard = rgba(mask_image([line(PROTECT, 0.0, 0.3)], photo))
    soft = rgba(mask_image([line(PROTECT, 1.0, 0.3)], photo))
    assert hard.shape[:2] == (round(4000 * MASK_SIDE / 6000), MASK_SIDE)  # the photo's shape
    full = COLOURS[PROTECT].alpha()
    between = lambda a: ((a[..., 3] > 0) & (a[..., 3] < full - 2)).sum()  # noqa: E731
    assert between(soft) > 10 * max(1, between(hard))  # a wide fade against a one-pixel edge
    assert hard[..., 3].max() == full and soft[..., 3].max() == full


def test_protect_is_drawn_over_add_where_they_cross(qapp) -> None:
    photo = QRectF(0, 0, 1200, 800)
    crossing = [line(ADD, 0.0, 0.5), Stroke(PROTECT, 0.05, 0.0, ((0.5, 0.2), (0.5, 0.8)))]
    pixels = rgba(mask_image(crossing, photo))
    h, w = pixels.shape[:2]
    red = COLOURS[PROTECT]
    assert tuple(pixels[h // 2, w // 2, :3]) == (red.red(), red.green(), red.blue())
    green = COLOURS[ADD]
    assert tuple(pixels[h // 2, int(w * 0.3), :3]) == (green.red(), green.green(), green.blue())
    assert pixels[int(h * 0.05), int(w * 0.05), 3] == 0  # nothing where nothing was painted
