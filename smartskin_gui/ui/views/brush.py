"""The brush in the split view: paint "protect" (the change is taken out) or "add" (skin
the engine missed gets the photo's change). The stroke is drawn at once as it is painted,
in photo coordinates (fractions of the photo), and reported as it grows (``strokeMoved``)
and when the mouse is released (``strokeDone``). The mask overlay (O) shows every stroke
of the photo as it is applied, protect in red and add in green: with its feathered edge,
and only over the photo."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...core.engine.strokes import strokes_weight
from ...core.state import Stroke
from ..widgets.brush_panel import ADD, PROTECT, BrushSettings
from .split_view import SplitView

COLOURS = {PROTECT: QColor(230, 60, 60, 110), ADD: QColor(60, 200, 90, 110)}
#: A point is kept when the mouse moved at least this many screen pixels (a stroke of a
#: thousand points stays small in the catalog, and smooth).
STEP_PX = 3.0
#: The overlay's mask is drawn at most this many pixels along the photo's longer side (it
#: is a guide on screen; the render applies the strokes at the photo's own size).
MASK_SIDE = 1024


class StrokesItem(QGraphicsItem):
    """The strokes drawn over the photo (scene coordinates: the photo's pixels)."""

    def __init__(self, view: SplitView) -> None:
        super().__init__()
        self.view = view
        self.strokes: list[Stroke] = []
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.view.item.size

    def set_strokes(self, strokes: Sequence[Stroke]) -> None:
        self.strokes = list(strokes)
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        size = self.view.item.size
        w, h = size.width(), size.height()
        side = max(w, h)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(size)  # never over the dark around the photo
        for stroke in self.strokes:
            pen = QPen(COLOURS.get(stroke.kind, COLOURS[PROTECT]), 2 * stroke.radius * side)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            path = QPainterPath(QPointF(stroke.points[0][0] * w, stroke.points[0][1] * h))
            for x, y in stroke.points[1:]:
                path.lineTo(x * w, y * h)
            if len(stroke.points) == 1:
                path.lineTo(stroke.points[0][0] * w + 0.01, stroke.points[0][1] * h)
            painter.drawPath(path)


class MaskItem(QGraphicsItem):
    """The overlay: the photo's strokes as the render applies them (their feathered
    weight), tinted by kind, stretched over the photo."""

    def __init__(self, view: SplitView) -> None:
        super().__init__()
        self.view = view
        self.strokes: list[Stroke] = []
        self.image = QImage()
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.view.item.size

    def set_strokes(self, strokes: Sequence[Stroke]) -> None:
        self.prepareGeometryChange()
        self.strokes = list(strokes)
        self.image = QImage()  # made when next shown, for the photo shown then
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.image.isNull() and self.strokes:
            self.image = mask_image(self.strokes, self.view.item.size)
        if not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.view.item.size, self.image)


def mask_image(strokes: Sequence[Stroke], size: QRectF) -> QImage:
    """``strokes`` as a tinted, feathered mask (RGBA) the shape of a photo of ``size``, at
    most :data:`MASK_SIDE` pixels along its longer side; protect drawn over add, as the
    render applies it."""
    if not strokes or size.width() < 1 or size.height() < 1:
        return QImage()
    scale = min(1.0, MASK_SIDE / max(size.width(), size.height()))
    h, w = max(1, round(size.height() * scale)), max(1, round(size.width() * scale))
    rgba = np.zeros((h, w, 4), np.uint8)
    for kind in (ADD, PROTECT):
        painted = strokes_weight([s for s in strokes if s.kind == kind], (h, w))
        if painted is None:
            continue
        (x0, y0, x1, y1), weight = painted
        colour = COLOURS[kind]
        alpha = (weight * colour.alpha()).astype(np.uint8)
        region = rgba[y0:y1, x0:x1]
        over = alpha > 0
        region[over, :3] = (colour.red(), colour.green(), colour.blue())
        region[..., 3] = np.where(over, alpha, region[..., 3])
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    return image.copy()  # owns its pixels


class BrushTool(QObject):
    """Paints on ``view`` while active (the view's own dragging is off meanwhile)."""

    strokeMoved = Signal(object)  # the stroke so far (Stroke)
    strokeDone = Signal(object)  # the finished stroke (Stroke)
    settingsChanged = Signal(object)  # BrushSettings

    def __init__(self, view: SplitView) -> None:
        super().__init__(view)
        self.view = view
        self.settings = BrushSettings()
        self.active = False
        self.overlay = False  # every stroke of the photo shown
        self._points: list[tuple[float, float]] = []
        self._last: QPointF | None = None
        self._radius = 0.0
        self.painting = StrokesItem(view)  # the stroke being painted
        self.mask = MaskItem(view)  # the photo's strokes (the overlay)
        self.mask.setVisible(False)
        view.scene().addItem(self.mask)
        view.scene().addItem(self.painting)
        view.viewport().installEventFilter(self)

    # --- settings -----------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        self.active = active
        self.view.viewport().setCursor(
            Qt.CursorShape.CrossCursor if active else Qt.CursorShape.OpenHandCursor
        )

    def set_settings(self, settings: BrushSettings) -> None:
        self.settings = settings
        self.settingsChanged.emit(settings)

    def set_overlay(self, shown: bool) -> None:
        self.overlay = shown
        self.mask.setVisible(shown)

    def show_strokes(self, strokes: Sequence[Stroke]) -> None:
        """The photo's strokes, for the overlay."""
        self.mask.set_strokes(strokes)

    # --- painting -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.active or not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            return True
        if kind == QEvent.Type.MouseMove and self._last is not None:
            self._extend(event.position())
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._last is not None:
            self._end()
            return True
        return False

    def _photo_point(self, pos: QPointF) -> tuple[float, float] | None:
        size = self.view.item.size
        if size.width() <= 0 or size.height() <= 0:
            return None
        scene = self.view.mapToScene(pos.toPoint())
        x = min(1.0, max(0.0, scene.x() / size.width()))
        y = min(1.0, max(0.0, scene.y() / size.height()))
        return round(x, 6), round(y, 6)  # as the catalog keeps them

    def _begin(self, pos: QPointF) -> None:
        point = self._photo_point(pos)
        if point is None:
            return
        size = self.view.item.size
        zoom = self.view.transform().m11() or 1.0
        # The brush's screen size in the photo's pixels, as a fraction of its longer side.
        self._radius = self.settings.size / 2 / zoom / max(size.width(), size.height())
        self._points, self._last = [point], pos
        self._report()

    def _extend(self, pos: QPointF) -> None:
        assert self._last is not None
        if (pos - self._last).manhattanLength() < STEP_PX:
            return
        point = self._photo_point(pos)
        if point is None:
            return
        self._points.append(point)
        self._last = pos
        self._report()

    def _end(self) -> None:
        stroke = self._stroke()
        self._points, self._last = [], None
        self.painting.set_strokes([])
        if stroke is not None:
            self.strokeDone.emit(stroke)

    def _stroke(self) -> Stroke | None:
        if not self._points:
            return None
        s = self.settings
        return Stroke(s.kind, min(1.0, self._radius), s.softness, tuple(self._points))

    def _report(self) -> None:
        stroke = self._stroke()
        if stroke is not None:
            self.painting.set_strokes([stroke])
            self.painting.prepareGeometryChange()
            self.strokeMoved.emit(stroke)
