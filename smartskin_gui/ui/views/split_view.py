"""Before/after split view: one image, original left of a draggable divider, result right.

Scene coordinates are the photo's full-resolution pixels. The original and the result are
both drawn into that same rectangle, whatever resolution each currently has (a fast preview
first, full resolution later), so they stay aligned pixel for pixel at any zoom.
The divider belongs to the screen, not to the photo: it stays where the user put it, as a
fraction of the photo's visible width, while zooming and panning (the original left of it,
the result right, over whatever part is in view).
Mouse: drag the divider's handle, drag elsewhere to pan, wheel to zoom. Keys: Ctrl+= / Ctrl+-
zoom, Ctrl+0 fit, Ctrl+1 100%, hold Space to pan anywhere (the window's actions add Z, \\
and Y: :meth:`SplitView.toggle_zoom`, :meth:`SplitView.set_show_original` and
:meth:`SplitView.set_side_by_side`).
The zoom stays from photo to photo, as in Lightroom: after a photo seen at 100% (or any
zoom but Fit) the next one opens at that zoom, about the same point of the photo; after a
fitted photo it is fitted.

Side by side (Y): the viewport's two halves each show the whole photo, the original left
and the result right, with one zoom and one pan: each half shows the scene around the
same centre (the scene is rendered once per half), and the scene rect gets a margin of a
quarter viewport on each side so that the halves can be panned to the photo's edges.
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
    QTransform,
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


#: What the empty view says.
INVITATION = "Drop portraits or folders here\n\nor press Ctrl+O to open photos"


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
        self.side = ""  # side by side: "before" or "after" while that half is rendered

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
        if self.side:
            self._paint_side(painter, exposed)
            return
        self._draw(painter, exposed, self.before, self.before_full)
        if (self.after is not None or self.after_full is not None) and not self.show_original:
            x = min(self.size.width(), max(0.0, self.split_x))
            clip = QRectF(x, 0, self.size.width() - x, self.size.height())
            painter.save()
            painter.setClipRect(clip)
            self._draw(painter, exposed.intersected(clip), self.after, self.after_full)
            painter.restore()

    def _paint_side(self, painter: QPainter, exposed: QRectF) -> None:
        """One half of side by side: the whole original, or the whole result (the original
        while there is none yet, or while the original is asked for)."""
        has_result = self.after is not None or self.after_full is not None
        if self.side == "after" and has_result and not self.show_original:
            self._draw(painter, exposed, self.after, self.after_full)
        else:
            self._draw(painter, exposed, self.before, self.before_full)


class SplitView(QGraphicsView):
    zoomChanged = Signal(int)  # percent of the photo's own pixels (100: one to one)
    sideBySideChanged = Signal(bool)

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
            "\\ shows the whole original (tap: until tapped again; hold: while held).\n"
            "Y: before and after side by side. Z: fit or 100%."
        )
        self.empty_text = INVITATION
        self._dragging_split = False
        self._space = False
        self._fit = True
        self._keyboard_focus = False
        self._side_by_side = False

    # --- content ------------------------------------------------------------------------------

    def has_image(self) -> bool:
        return self.item.before is not None

    def set_original(self, pixmap: QPixmap, full_size: tuple[int, int] | None = None) -> None:
        """Show a new photo from its screen-sized pixmap (``full_size``: real pixel size).
        Fitted, it is fitted; at a zoom of its own (100%...) it keeps that zoom, centred on
        the same point of the photo (as fractions of its width and height)."""
        w, h = full_size or (pixmap.width(), pixmap.height())
        old = QRectF(self.item.size)
        new_photo = (w, h) != (int(old.width()), int(old.height()))
        centre = self.mapToScene(self.viewport().rect().center())
        self.item.set_size(w, h)
        self.item.before = pixmap
        self.item.before_full = None
        self.scene().setSceneRect(self.item.size)
        self._side_margins(self.zoom())
        if self._fit or old.width() <= 1:  # fitted, or the first photo
            self.fit()
        else:
            if new_photo:
                fx, fy = centre.x() / old.width(), centre.y() / old.height()
                self.centerOn(QPointF(min(1.0, max(0.0, fx)) * w, min(1.0, max(0.0, fy)) * h))
            self._zoomed()
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

    def clear(self, why: str | None = None) -> None:
        """No photo: the empty view's invitation to drop photos, or ``why`` none is shown
        (the photo selected cannot be opened)."""
        self.empty_text = INVITATION if why is None else why
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
        self._side_margins(factor)
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
        if self._side_by_side:
            self._fit_halves()
            return
        self.fitInView(self.item.size, Qt.AspectRatioMode.KeepAspectRatio)
        self._fit = True
        self._zoomed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._side_margins(self.zoom())
        if self._fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self._side_by_side:
            self._zoom_half_at(self.zoom() * (1.25**steps), event.position())
        elif steps:
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
        if self._side_by_side and self.item.before is not None:
            self._paint_side_by_side()
            return
        # The result is clipped at the divider: where it is on the photo at this zoom and pan.
        inverse, _ = self.viewportTransform().inverted()
        self.item.split_x = inverse.map(QPointF(self._divider_x(), 0)).x()
        super().paintEvent(event)

    def _near_divider(self, pos: QPointF) -> bool:
        return (
            self.item.after is not None
            and not self._space
            and not self._side_by_side
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
        """Space held: drag pans anywhere. (Backslash is the window's action: a tap toggles
        the original, holding it shows the original while held.)"""
        if event.isAutoRepeat():
            return False
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

    def _label(self, painter: QPainter, text: str, left: float = 0.0) -> None:
        """A caption in the top-left corner (of the half starting at ``left``), in viewport
        pixels."""
        painter.save()
        painter.resetTransform()
        fm = painter.fontMetrics()
        box = QRectF(left + 10, 10, fm.horizontalAdvance(text) + 12, fm.height() + 6)
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
            room = QRectF(self.viewport().rect()).adjusted(40, 40, -40, -40)
            flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(room, flags, self.empty_text)
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

    # --- before/after keys: the original, fit/100%, side by side ------------------------------

    def showing_original(self) -> bool:
        return self.item.show_original

    def set_show_original(self, shown: bool) -> None:
        """The whole original instead of before/after (backslash)."""
        self.item.show_original = shown
        self.viewport().update()

    def is_fit(self) -> bool:
        return self._fit

    def toggle_zoom(self) -> None:
        """Z: fit the photo, or show it at 100% about the centre of what is shown."""
        if self._fit:
            self.actual_pixels()
        else:
            self.fit()

    @property
    def side_by_side(self) -> bool:
        return self._side_by_side

    def set_side_by_side(self, on: bool) -> None:
        """Y: the original and the result side by side, each the whole photo, one zoom and
        one pan; off: back to the divider."""
        if on == self._side_by_side:
            return
        centre = self.mapToScene(self.viewport().rect().center())
        self._side_by_side = on
        self.scene().setSceneRect(self.item.size)
        self._side_margins(self.zoom())
        if self._fit:
            self.fit()
        else:
            self.centerOn(centre)
        self.viewport().update()
        self.sideBySideChanged.emit(on)

    def _side_margins(self, zoom: float) -> None:
        """Side by side: a quarter viewport more scene on the left and right, so each half
        can show the photo's edges at ``zoom``."""
        if not self._side_by_side or zoom <= 0:
            return
        margin = self.viewport().width() / 4 / zoom
        self.scene().setSceneRect(self.item.size.adjusted(-margin, 0, margin, 0))

    def _fit_halves(self) -> None:
        """Side by side: the zoom at which the whole photo fits one half, centred."""
        half = max(1.0, self.viewport().width() / 2 - 8)
        height = max(1.0, self.viewport().height() - 8)
        zoom = min(half / self.item.size.width(), height / self.item.size.height())
        self._side_margins(zoom)
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(self.item.size.center())
        self._fit = True
        self._zoomed()

    def _zoom_half_at(self, factor: float, pos: QPointF) -> None:
        """Side by side: zoom about the photo point under the mouse, in either half."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        quarter = self.viewport().width() / 4
        shifted = QPointF(pos.x() + (quarter if pos.x() < 2 * quarter else -quarter), pos.y())
        point = self.mapToScene(shifted.toPoint())
        self.set_zoom(factor)
        centre = QPointF(self.viewport().rect().center())
        self.centerOn(point + (centre - shifted) / factor)

    def _half_source(self) -> QRectF:
        """The part of the scene each half shows: the middle half of the viewport's."""
        quarter = self.viewport().width() / 4
        middle = QRectF(quarter, 0, 2 * quarter, self.viewport().height())
        return self.mapToScene(middle.toRect()).boundingRect()

    def _paint_side_by_side(self) -> None:
        painter = QPainter(self.viewport())
        rect = QRectF(self.viewport().rect())
        painter.fillRect(rect, self.backgroundBrush())
        source = self._half_source()
        half = rect.width() / 2
        for side, left in (("before", 0.0), ("after", half)):
            target = QRectF(left, 0, half, rect.height())
            self.item.side = side
            painter.save()
            painter.setClipRect(target)
            self.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
            painter.restore()
        self.item.side = ""
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3))
        painter.drawLine(QPointF(half, 0), QPointF(half, rect.height()))
        painter.setPen(QPen(QColor(245, 245, 245), 1))
        painter.drawLine(QPointF(half, 0), QPointF(half, rect.height()))
        after = "Original" if self.item.show_original else "After"
        for text, left in (("Before", 0.0), (after, half)):
            self._label(painter, text, left)
        if self.hasFocus() and self._keyboard_focus:
            paint_focus_frame(painter, self.viewport().rect())
        painter.end()
