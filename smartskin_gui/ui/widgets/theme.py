"""A dark, neutral theme: pure greys, so nothing around the photo tints how it is judged.

Keyboard focus is a 2 px frame in :data:`FOCUS` (a light neutral grey, 9:1 and more
against the theme's greys, unlike the blue of selections and slider fills) drawn by
:class:`FocusFrameStyle` over Fusion's own drawing of the focused control: buttons, check
and radio boxes, sliders, spin boxes, combos, line edits, tabs and item views (the
filmstrip). Unfocused controls are drawn exactly as Fusion draws them. The photo views
paint the same frame themselves (:func:`paint_focus_frame`), only when the focus came
from the keyboard (:func:`shows_focus`): a click on a photo frames nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGraphicsScene,
    QGraphicsView,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

CANVAS = QColor(38, 38, 38)  # behind the photo: neutral 15% grey
ACCENT = QColor(90, 140, 210)
FOCUS = QColor(235, 235, 235)  # the keyboard focus frame: neutral, 9:1 and more on 38-70 grey
FOCUS_WIDTH = 2

_KEYBOARD_REASONS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


def paint_focus_frame(painter: QPainter, rect: QRect | QRectF) -> None:
    """The focus frame, inside ``rect`` (in the painter's current coordinates)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(FOCUS, FOCUS_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FOCUS_WIDTH / 2
    painter.drawRoundedRect(QRectF(rect).adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


def shows_focus(reason: Qt.FocusReason, before: bool) -> bool:
    """Whether a photo view that just got the focus for ``reason`` shows its frame: yes
    from the keyboard (Tab, Shift+Tab, a shortcut), no from a click, else as before (the
    window was activated again, a popup closed)."""
    if reason in _KEYBOARD_REASONS:
        return True
    if reason == Qt.FocusReason.MouseFocusReason:
        return False
    return before


def _in_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def _focused(option: QStyleOption) -> bool:
    return bool(option.state & QStyle.StateFlag.State_HasFocus) and bool(
        option.state & QStyle.StateFlag.State_Enabled
    )


class FocusFrameStyle(QProxyStyle):
    """Fusion, plus :func:`paint_focus_frame` around the control that has the focus."""

    CONTROLS = frozenset(
        {
            QStyle.ControlElement.CE_PushButton,
            QStyle.ControlElement.CE_CheckBox,
            QStyle.ControlElement.CE_RadioButton,
            QStyle.ControlElement.CE_TabBarTab,
        }
    )
    COMPLEX = frozenset(
        {
            QStyle.ComplexControl.CC_Slider,
            QStyle.ComplexControl.CC_SpinBox,
            QStyle.ComplexControl.CC_ComboBox,
            QStyle.ComplexControl.CC_ToolButton,
        }
    )

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if not _focused(option):
            return
        if element in self.CONTROLS or (
            # Item views (the filmstrip) and text areas; photo views draw their own frame.
            element == QStyle.ControlElement.CE_ShapedFrame
            and isinstance(widget, QAbstractScrollArea)
            and not isinstance(widget, QGraphicsView)
        ):
            paint_focus_frame(painter, option.rect)

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        # Item views get a 2 px frame (Fusion's is 1 px), so the focus frame is not half
        # hidden under their viewport. Not the list inside a combo's popup.
        if (
            metric == QStyle.PixelMetric.PM_DefaultFrameWidth
            and isinstance(widget, QAbstractItemView)
            and not _in_combo(widget)
        ):
            return FOCUS_WIDTH
        return int(super().pixelMetric(metric, option, widget))

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in self.COMPLEX and _focused(option):
            paint_focus_frame(painter, option.rect)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if (
            element == QStyle.PrimitiveElement.PE_PanelLineEdit
            and isinstance(widget, QLineEdit)
            and widget.hasFrame()  # not the line edit inside a spin box or combo
            and _focused(option)
        ):
            paint_focus_frame(painter, option.rect)


def photo_canvas(view: QGraphicsView) -> None:
    """Set up a view that shows a photo: its own scene, neutral grey around the photo, no
    frame, drag to pan, zoom about the mouse, and drops left to the main window."""
    view.setScene(QGraphicsScene(view))
    view.setBackgroundBrush(QBrush(CANVAS))
    view.setFrameShape(QGraphicsView.Shape.NoFrame)
    view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
    view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
    view.setAcceptDrops(False)
    view.viewport().setAcceptDrops(False)


def ensure_theme(app: QApplication) -> None:
    """The app's theme, applied once (the first window applies it)."""
    if not app.property("smartskinThemed"):
        apply_theme(app)
        app.setProperty("smartskinThemed", True)


def apply_theme(app: QApplication) -> None:
    app.setStyle(FocusFrameStyle())
    p = QPalette()
    grey = {
        QPalette.ColorRole.Window: QColor(45, 45, 45),
        QPalette.ColorRole.WindowText: QColor(225, 225, 225),
        QPalette.ColorRole.Base: QColor(32, 32, 32),
        QPalette.ColorRole.AlternateBase: QColor(50, 50, 50),
        QPalette.ColorRole.ToolTipBase: QColor(60, 60, 60),
        QPalette.ColorRole.ToolTipText: QColor(235, 235, 235),
        QPalette.ColorRole.Text: QColor(225, 225, 225),
        QPalette.ColorRole.Button: QColor(58, 58, 58),
        QPalette.ColorRole.ButtonText: QColor(225, 225, 225),
        QPalette.ColorRole.BrightText: QColor(255, 255, 255),
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: ACCENT.lighter(130),
        QPalette.ColorRole.PlaceholderText: QColor(140, 140, 140),
    }
    for role, colour in grey.items():
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    app.setPalette(p)
    app.setStyleSheet(
        "QToolTip { border: 1px solid #555; padding: 4px; }"
        "QFrame#messageBar { background: #3a3a3a; border: 1px solid #5a5a5a; border-radius: 4px; }"
        "QFrame#messageBar[level='error'] { border-color: #b05a5a; }"
        "QLabel#hint { color: #9a9a9a; }"
        "QGroupBox { border: 1px solid #555; border-radius: 4px; margin-top: 14px; padding: 6px; }"
        "QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }"
    )
