"""Culling marks on the filmstrip's thumbnails: the stars along the bottom, a pick flag or a
reject cross in the top-left corner, the colour label's chip in the top-right corner, each
on a dark plate so it reads on any photo; a rejected photo is dimmed. The badge (edited,
exported, failed, broken) stays in front of the name, under the thumbnail. Selected tiles
are lighter, and the photo shown among them is framed in the accent colour (Lightroom's
active photo: the one Sync copies from).

Shapes are drawn, not typed: a star or a flag looks the same whatever fonts are installed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ...core.state import PICK, REJECT, Culling

CULLING_ROLE = Qt.ItemDataRole.UserRole + 2  # the photo's Culling as shown
#: The colour of each label (as Lightroom shows them), for its chip.
LABEL_COLOURS = {
    "Red": QColor(224, 64, 64),
    "Yellow": QColor(236, 200, 52),
    "Green": QColor(84, 178, 92),
    "Blue": QColor(70, 128, 232),
    "Purple": QColor(160, 96, 204),
}
REJECTED_OPACITY = 0.35
PLATE = QColor(0, 0, 0, 170)
STAR = QColor(245, 245, 245)
PICKED = QColor(245, 245, 245)
REJECTED_MARK = QColor(232, 80, 80)
STAR_PX, GAP_PX, PAD_PX = 9.0, 2.0, 3.0
#: A selected tile's background, over the filmstrip's; the photo shown gets a frame too.
SELECTED_TILE = QColor(255, 255, 255, 30)
SHOWN_FRAME_PX = 2.0


def marks_text(culling: Culling) -> str:
    """The marks in words (tooltips, screen readers): "3 stars, pick, Red label"."""
    words = []
    if culling.rating:
        words.append(f"{culling.rating} star" + ("s" if culling.rating > 1 else ""))
    if culling.flag == PICK:
        words.append("pick")
    elif culling.flag == REJECT:
        words.append("rejected")
    if culling.label:
        words.append(f"{culling.label} label")
    return ", ".join(words)


def star_path(centre: QPointF, radius: float) -> QPainterPath:
    points = [
        centre
        + QPointF(
            math.sin(math.pi * k / 5) * (radius if k % 2 == 0 else radius * 0.45),
            -math.cos(math.pi * k / 5) * (radius if k % 2 == 0 else radius * 0.45),
        )
        for k in range(10)
    ]
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


class FilmstripDelegate(QStyledItemDelegate):
    """The usual tile (thumbnail, badge and name), then the culling marks over it; every
    tile the filmstrip's tile size (``item_size``: as wide as the filmstrip)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = getattr(self.parent(), "item_size", None)
        return size if isinstance(size, QSize) else super().sizeHint(option, index)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        culling = index.data(CULLING_ROLE)
        if not isinstance(culling, Culling):
            culling = Culling()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            self._selected_tile(painter, option, index, frame=False)
        painter.save()
        if culling.flag == REJECT:
            painter.setOpacity(REJECTED_OPACITY)
        super().paint(painter, option, index)
        painter.restore()
        if selected:
            self._selected_tile(painter, option, index, frame=True)
        if culling == Culling():
            return
        image = self._image_rect(option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if culling.rating:
            self._stars(painter, image, culling.rating)
        if culling.flag == PICK:
            self._flag(painter, image)
        elif culling.flag == REJECT:
            self._cross(painter, image)
        if culling.label in LABEL_COLOURS:
            self._chip(painter, image, LABEL_COLOURS[culling.label])
        painter.restore()

    def _selected_tile(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        frame: bool,
    ) -> None:
        """A selected tile's lighter background (under the tile), or (over it) the frame of
        the photo shown."""
        view = self.parent()
        shown = isinstance(view, QAbstractItemView) and view.currentIndex().row() == index.row()
        if frame and not shown:
            return
        inset = SHOWN_FRAME_PX / 2 + 1
        tile = QRectF(option.rect).adjusted(inset, inset, -inset, -inset)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if frame:
            painter.setPen(QPen(option.palette.highlight().color(), SHOWN_FRAME_PX))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED_TILE)
        painter.drawRoundedRect(tile, 4, 4)
        painter.restore()

    def _image_rect(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QRectF:
        """Where the thumbnail is drawn (the icon's box, narrowed to the picture)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else None
        box = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, opt, opt.widget)
            if style is not None
            else QRect(opt.rect.topLeft(), opt.decorationSize)
        )
        icon = opt.icon if isinstance(opt.icon, QIcon) else QIcon()
        size = icon.actualSize(box.size()) if not icon.isNull() else box.size()
        left = box.x() + (box.width() - size.width()) / 2
        top = box.y() + (box.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def _stars(self, painter: QPainter, image: QRectF, rating: int) -> None:
        width = rating * STAR_PX + (rating - 1) * GAP_PX + 2 * PAD_PX
        plate = QRectF(
            image.left() + 2, image.bottom() - STAR_PX - 2 * PAD_PX - 2, width, STAR_PX + 2 * PAD_PX
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLATE)
        painter.drawRoundedRect(plate, 3, 3)
        painter.setBrush(STAR)
        for k in range(rating):
            centre = QPointF(
                plate.left() + PAD_PX + STAR_PX / 2 + k * (STAR_PX + GAP_PX), plate.center().y()
            )
            painter.drawPath(star_path(centre, STAR_PX / 2 + 0.5))

    def _corner_plate(self, painter: QPainter, image: QRectF, right: bool) -> QRectF:
        side = STAR_PX + 2 * PAD_PX + 2
        left = image.right() - side - 2 if right else image.left() + 2
        plate = QRectF(left, image.top() + 2, side, side)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLATE)
        painter.drawRoundedRect(plate, 3, 3)
        return plate

    def _flag(self, painter: QPainter, image: QRectF) -> None:
        """Pick: a white flag, as Lightroom marks picks."""
        plate = self._corner_plate(painter, image, right=False)
        pole_x, top, bottom = plate.left() + 4.5, plate.top() + 3, plate.bottom() - 3
        painter.setPen(QPen(PICKED, 1.5))
        painter.drawLine(QPointF(pole_x, top), QPointF(pole_x, bottom))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PICKED)
        pennant = QPolygonF(
            [
                QPointF(pole_x, top),
                QPointF(plate.right() - 3, top + 2.5),
                QPointF(pole_x, top + 6),
            ]
        )
        painter.drawPolygon(pennant)

    def _cross(self, painter: QPainter, image: QRectF) -> None:
        """Reject: a red cross."""
        plate = self._corner_plate(painter, image, right=False)
        inner = plate.adjusted(4, 4, -4, -4)
        pen = QPen(REJECTED_MARK, 2.2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())

    def _chip(self, painter: QPainter, image: QRectF, colour: QColor) -> None:
        """The colour label: a chip with a light rim, so dark blue shows on dark photos."""
        plate = self._corner_plate(painter, image, right=True)
        chip = plate.adjusted(2.5, 2.5, -2.5, -2.5)
        painter.setPen(QPen(QColor(235, 235, 235), 1))
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, 2, 2)
