"""Before/after split view: one image, original left of a draggable divider, result right.

Scene coordinates are the photo's full-resolution pixels. The original and the result are
both drawn into that same rectangle, whatever resolution each currently has (a fast preview
first, full resolution later), so they stay aligned pixel for pixel at any zoom.
The divider belongs to the screen, not to the photo: it stays where the user put it, as a
fraction of the photo's visible width, while zooming and panning (the original left of it,
the result right, over whatever part is in view).
Mouse: drag the divider's handle, drag elsewhere to pan, wheel to zoom. Keys: Ctrl+= / Ctrl+-
zoom, Ctrl+0 fit, Ctrl+1 100%, hold Space to pan anywhere, hold backslash to see the
whole original.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..widgets.theme import paint_focus_frame, photo_canvas, shows_focus

HANDLE_GRAB_PX = 8
MIN_ZOOM, MAX_ZOOM = 0.02, 32.0


class BeforeAfterItem(QGraphicsItem):
    """Paints the original and, right of the split, the result, into the same rectangle.

    Each side has a screen-sized pixmap (always) and a full-size QImage (once decoded or
    rendered). The full image is used only when the zoom shows more pixels than the screen
    version has, and then only its exposed part is drawn.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.size = QRectF(0, 0, 1, 1)
        self.before: QPixmap | None = None
        self.before_full: QImage | None = None
        self.after: QPixmap | None = None
        self.after_full: QImage | None = None
        self.split = 0.5  # fraction of the visible width showing the original
        self.split_x = 0.5  # where that is on the photo, in its pixels (set by the view)
        self.show_original = False

    def boundingRect(self) -> QRectF:
        return self.size

    def set_size(self, width: int, height: int) -> None:
        self.prepareGeometryChange()
        self.size = QRectF(0, 0, width, height)
        self.split_x = width * self.split

    def _draw(
        self, painter: QPainter, exposed: QRectF, low: QPixmap | None, full: QImage | None
    ) -> None:
        shown_px = (
            self.size.width() * painter.transform().m11() * painter.device().devicePixelRatioF()
        )
        if full is not None and (low is None or shown_px > low.width() * 1.05):
            area = exposed.intersected(self.size)
            fx, fy = full.width() / self.size.width(), full.height() / self.size.height()
            source = QRectF(area.x() * fx, area.y() * fy, area.width() * fx, area.height() * fy)
            painter.drawImage(area, full, source)
        elif low is not None:
            painter.drawPixmap(self.size, low, QRectF(low.rect()))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(
            QPainter.RenderHint.SmoothPixmapTransform, painter.transform().m11() < 1.0
        )
        exposed = option.exposedRect
        self._draw(painter, exposed, self.before, self.before_full)
        if (self.after is not None or self.after_full is not None) and not self.show_original:
            x = min(self.size.width(), max(0.0, self.split_x))
            clip = QRectF(x, 0, self.size.width() - x, self.size.height())
            painter.save()
            painter.setClipRect(clip)
            self._draw(painter, exposed.intersected(clip), self.after, self.after_full)
            painter.restore()


class SplitView(QGraphicsView):
    zoomChanged = Signal(int)  # percent of the photo's own pixels (100: one to one)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("splitView")
        photo_canvas(self)
        self.item = BeforeAfterItem()
        self.scene().addItem(self.item)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(
            "Drag the divider to compare; drag elsewhere to pan; wheel to zoom.\n"
            "Hold \\ to see the whole original."
        )
        self.empty_text = "Drop portraits or folders here\n\nor press Ctrl+O to open photos"
        self._dragging_split = False
        self._space = False
        self._fit = True
        self._keyboard_focus = False

    # --- content ------------------------------------------------------------------------------

    def has_image(self) -> bool:
        return self.item.before is not None

    def set_original(self, pixmap: QPixmap, full_size: tuple[int, int] | None = None) -> None:
        """Show a new photo from its screen-sized pixmap (``full_size``: real pixel size)."""
        w, h = full_size or (pixmap.width(), pixmap.height())
        new_photo = (w, h) != (int(self.item.size.width()), int(self.item.size.height()))
        self.item.set_size(w, h)
        self.item.before = pixmap
        self.item.before_full = None
        self.scene().setSceneRect(self.item.size)
        if new_photo or self._fit:
            self.fit()
        self.viewport().update()

    def set_original_full(self, image: QImage) -> None:
        self.item.before_full = image
        self.viewport().update()

    def set_result(self, pixmap: QPixmap, full: QImage | None = None) -> None:
        self.item.after = pixmap
        self.item.after_full = full
        self.viewport().update()

    def clear_result(self) -> None:
        self.item.after = self.item.after_full = None
        self.viewport().update()

    def clear(self) -> None:
        """No photo: the empty view's invitation to drop photos (a photo failed to open)."""
        self.item.before = self.item.before_full = None
        self.clear_result()

    @property
    def split(self) -> float:
        return self.item.split

    def set_split(self, fraction: float) -> None:
        self.item.split = min(1.0, max(0.0, fraction))
        self.viewport().update()

    # --- zoom ---------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor_under_mouse: bool = False) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self.setTransformationAnchor(
            QGraphicsView.ViewportAnchor.AnchorUnderMouse
            if anchor_under_mouse
            else QGraphicsView.ViewportAnchor.AnchorViewCenter
        )
        current = self.zoom()
        self.scale(factor / current, factor / current)
        self._fit = False
        self._zoomed()

    def zoom_percent(self) -> int:
        return round(self.zoom() * self.devicePixelRatioF() * 100)

    def _zoomed(self) -> None:
        self.zoomChanged.emit(self.zoom_percent())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def actual_pixels(self) -> None:
        """100%: one photo pixel per device pixel (high-DPI aware)."""
        self.set_zoom(1.0 / self.devicePixelRatioF())

    def fit(self) -> None:
        if self.item.size.width() <= 1:
            return
        self.fitInView(self.item.size, Qt.AspectRatioMode.KeepAspectRatio)
        self._fit = True
        self._zoomed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom() * (1.25**steps), anchor_under_mouse=True)
        event.accept()

    # --- divider --------------------------------------------------------------------------------

    def _visible_span(self) -> tuple[float, float]:
        """Left and right of the photo's visible part, in viewport pixels."""
        width = float(self.viewport().width())
        shown = self.viewportTransform().mapRect(self.item.size)
        left, right = max(0.0, shown.left()), min(width, shown.right())
        return (left, right) if right - left >= 1 else (0.0, width)

    def _divider_x(self) -> float:
        """The divider's x in the viewport: ``split`` of the visible width."""
        left, right = self._visible_span()
        return left + self.item.split * (right - left)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The result is clipped at the divider: where it is on the photo at this zoom and pan.
        inverse, _ = self.viewportTransform().inverted()
        self.item.split_x = inverse.map(QPointF(self._divider_x(), 0)).x()
        super().paintEvent(event)

    def _near_divider(self, pos: QPointF) -> bool:
        return (
            self.item.after is not None
            and not self._space
            and abs(pos.x() - self._divider_x()) <= HANDLE_GRAB_PX
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._near_divider(event.position()):
            self._dragging_split = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging_split:
            left, right = self._visible_span()
            self.set_split((event.position().x() - left) / max(1.0, right - left))
            event.accept()
            return
        near = self._near_divider(event.position())
        self.viewport().setCursor(
            Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.OpenHandCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging_split:
            self._dragging_split = False
            event.accept()
            return
        super().mouseReleaseEvent(event)
        event.accept()  # the end of a pan: the view's, not the window's behind it

    def _hold_key(self, event: QKeyEvent, down: bool) -> bool:
        """Backslash held: show the whole original. Space held: drag pans anywhere."""
        if event.isAutoRepeat():
            return False
        if event.key() == Qt.Key.Key_Backslash:
            self.item.show_original = down
            self.viewport().update()
            return True
        if event.key() == Qt.Key.Key_Space:
            self._space = down
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._hold_key(event, True):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if not self._hold_key(event, False):
            super().keyReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._keyboard_focus = shows_focus(event.reason(), self._keyboard_focus)
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def _label(self, painter: QPainter, text: str) -> None:
        """A caption in the top-left corner, in viewport pixels."""
        painter.save()
        painter.resetTransform()
        fm = painter.fontMetrics()
        box = QRectF(10, 10, fm.horizontalAdvance(text) + 12, fm.height() + 6)
        painter.fillRect(box, QColor(0, 0, 0, 130))
        painter.setPen(QColor(235, 235, 235))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        self._draw_divider(painter)
        if self.hasFocus() and self._keyboard_focus:
            painter.save()
            painter.resetTransform()  # viewport pixels
            paint_focus_frame(painter, self.viewport().rect())
            painter.restore()

    def _draw_divider(self, painter: QPainter) -> None:
        if self.item.before is None:
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor(140, 140, 140))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            painter.setFont(font)
            painter.drawText(
                QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text
            )
            painter.restore()
            return
        if self.item.show_original:
            self._label(painter, "Original")
            return
        if self.item.after is None:
            return
        # Draw in viewport pixels so the line and handle keep their size at any zoom.
        painter.save()
        painter.resetTransform()
        x = self._divider_x()
        h = self.viewport().height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 0, 0, 120), 3))
        painter.drawLine(QPointF(x, 0), QPointF(x, h))
        painter.setPen(QPen(QColor(245, 245, 245), 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, h))
        centre = QPointF(x, h / 2)
        painter.setBrush(QColor(245, 245, 245))
        painter.setPen(QPen(QColor(0, 0, 0, 140), 1))
        painter.drawEllipse(centre, 13, 13)
        arrows = QPainterPath()
        for sign in (-1, 1):
            arrows.moveTo(centre + QPointF(sign * 3, -5))
            arrows.lineTo(centre + QPointF(sign * 9, 0))
            arrows.lineTo(centre + QPointF(sign * 3, 5))
            arrows.closeSubpath()
        painter.setBrush(QColor(60, 60, 60))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPath(arrows)
        painter.setPen(QColor(235, 235, 235))
        font = painter.font()
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1))
        painter.setFont(font)
        fm = painter.fontMetrics()
        for text, left in (("Before", True), ("After", False)):
            tw = fm.horizontalAdvance(text) + 12
            bx = x - tw - 10 if left else x + 10
            box = QRectF(bx, 10, tw, fm.height() + 6)
            painter.fillRect(box, QColor(0, 0, 0, 130))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
