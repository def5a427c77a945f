"""A dark, neutral theme: pure greys, so nothing around the photo tints how it is judged."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

CANVAS = QColor(38, 38, 38)  # behind the photo: neutral 15% grey
ACCENT = QColor(90, 140, 210)


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


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
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
