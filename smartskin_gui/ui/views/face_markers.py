"""Numbered markers on the faces SmartSkin found, in the split view: a small badge on each
face's ring, at its upper left (on the brow's side of the face, never out on the
background; the same size at every zoom); click one to give that face settings of its
own. A face left out shows a red crossed badge and a ring, a face with strengths of its
own a yellow badge and a ring, the selected face a solid ring. Only the badge takes
clicks: dragging on a face still pans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from .split_view import SplitView

MARK = 22.0  # the badge's diameter, in screen pixels at any zoom
PLAIN, OWN, LEFT_OUT = QColor(235, 235, 235), QColor(250, 200, 70), QColor(235, 90, 80)


@dataclass(frozen=True)
class Marker:
    """One face as the view shows it: where (fractions of the photo), its number, state."""

    cx: float
    cy: float
    size: float
    number: int
    excluded: bool = False
    own: bool = False  # strengths of its own


class MarkerItem(QGraphicsItem):
    """A ring around the face (in photo pixels) and its number in a badge (screen pixels)."""

    def __init__(self, marker: Marker, rect: QRectF, chosen: Callable[[int], None]) -> None:
        super().__init__()
        self.marker, self.rect, self.chosen = marker, rect, chosen
        self.selected = False
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Face {marker.number}: click to give it settings of its own")
        self.setZValue(10)

    def boundingRect(self) -> QRectF:
        grow = MARK / self._scale()  # the badge, in scene units at this zoom
        return self.rect.adjusted(-grow, -grow, 4, 4)

    @property
    def anchor(self) -> QPointF:
        """Where the badge sits: on the ring around the face, at its upper left."""
        c, diagonal = self.rect.center(), 0.7071
        return QPointF(
            c.x() - self.rect.width() / 2 * diagonal, c.y() - self.rect.height() / 2 * diagonal
        )

    def _scale(self) -> float:
        views = self.scene().views() if self.scene() is not None else []
        return (views[0].transform().m11() if views else 1.0) or 1.0

    def shape(self) -> QPainterPath:
        """Only the badge takes clicks (the face itself stays free for panning)."""
        radius = MARK / 2 / self._scale()
        path = QPainterPath()
        path.addEllipse(self.anchor, radius, radius)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        m = self.marker
        colour = LEFT_OUT if m.excluded else OWN if m.own else PLAIN
        scale = painter.worldTransform().m11() or 1.0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.selected or m.excluded or m.own:  # plain faces: the badge alone
            pen = QPen(colour, (3.0 if self.selected else 1.5) / scale)
            pen.setStyle(Qt.PenStyle.SolidLine if self.selected else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.rect)
        # The number badge on the ring, the same size at every zoom.
        painter.save()
        corner = painter.worldTransform().map(self.anchor)
        painter.resetTransform()
        badge = QRectF(corner.x() - MARK / 2, corner.y() - MARK / 2, MARK, MARK)
        painter.setPen(QPen(QColor(20, 20, 20), 1.5))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(badge)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(20, 20, 20))
        text = "✕" if m.excluded else str(m.number)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()
        self.chosen(self.marker.number)


class FaceMarkers(QObject):
    """The markers of the photo shown in ``view``; ``faceClicked(number)`` (1-based)."""

    faceClicked = Signal(int)

    def __init__(self, view: SplitView) -> None:
        super().__init__(view)
        self.view = view
        self.items: list[MarkerItem] = []
        self.markers: list[Marker] = []
        self.visible = True
        self.selected: int | None = None

    def show_faces(self, markers: Sequence[Marker]) -> None:
        """The faces of the photo on screen (an empty list: none, or not known yet)."""
        self.markers = list(markers)
        self._rebuild()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        for item in self.items:
            item.setVisible(visible)

    def select(self, number: int | None) -> None:
        self.selected = number
        for item in self.items:
            item.selected = item.marker.number == number
            item.update()

    def _rebuild(self) -> None:
        scene = self.view.scene()
        for item in self.items:
            scene.removeItem(item)
        self.items = []
        size = self.view.item.size  # the photo's full size: scene coordinates
        w, h = size.width(), size.height()
        if w <= 0 or h <= 0:
            return
        side = max(w, h)
        for marker in self.markers:
            radius = 0.62 * marker.size * side
            centre = QPointF(marker.cx * w, marker.cy * h - 0.12 * marker.size * side)
            rect = QRectF(centre.x() - radius, centre.y() - radius * 1.25, 2 * radius, 2.5 * radius)
            item = MarkerItem(marker, rect, self.faceClicked.emit)
            item.selected = marker.number == self.selected
            item.setVisible(self.visible)
            scene.addItem(item)
            self.items.append(item)
