"""Side-by-side comparison of several settings on the same photo.

The original and up to five variants in a grid. Zoom and pan are shared: zoom into the
cheek of one tile and every tile shows the same cheek, so texture can be judged across
settings. "Use" puts a variant's settings on the sliders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QPainter, QPixmap, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...core.params import Params
from ...core.state import BUILTIN_PRESETS, NONE_PRESET
from ..widgets.theme import paint_focus_frame, photo_canvas, shows_focus

MAX_VARIANTS = 5


class TileView(QGraphicsView):
    """One tile's image. Its view transform and scroll position are mirrored to siblings."""

    zoomed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        photo_canvas(self)
        self.pix = QGraphicsPixmapItem()
        self.pix.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.pix)
        # Panning is by dragging; scroll bars would give tiles different viewport sizes.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.full = QRectF(0, 0, 1, 1)
        self.fit_mode = True  # keep the whole photo in view until the user zooms
        self.keyboard_focus = False  # focus came from the keyboard: the frame shows

    def fit(self) -> None:
        self.fit_mode = True
        self.fitInView(self.full, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_mode:
            self.fitInView(self.full, Qt.AspectRatioMode.KeepAspectRatio)

    def set_image(self, pixmap: QPixmap, full: QRectF) -> None:
        self.full = full
        self.pix.setPixmap(pixmap)
        # Previews and full-size images are scaled to the same scene rectangle.
        self.pix.setScale(full.width() / max(1, pixmap.width()))
        self.scene().setSceneRect(full)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            f = 1.25**steps
            self.fit_mode = False
            self.scale(f, f)
            self.zoomed.emit(self.transform().m11())
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.keyboard_focus = shows_focus(event.reason(), self.keyboard_focus)
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if self.hasFocus() and self.keyboard_focus:
            painter.save()
            painter.resetTransform()  # viewport pixels
            paint_focus_frame(painter, self.viewport().rect())
            painter.restore()


class Tile(QWidget):
    use = Signal(object)

    def __init__(self, title: str, params: Params | None) -> None:
        super().__init__()
        self.params = params
        self.view = TileView()
        self.caption = QLabel(title)
        self.caption.setToolTip(title)
        # The caption gives way on narrow screens (1024 px wide): the tile keeps its view.
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setMinimumWidth(40)
        self.status = QLabel("Waiting…" if params else "")
        self.status.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.status)
        button = QPushButton("Use")
        button.setToolTip("Put these settings on the sliders.")
        button.clicked.connect(lambda: self.use.emit(self.params))
        top.addWidget(button)
        if params is None:  # same header height as the variants, so every view is equal
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
            button.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(2, 2, 2, 2)
        col.addLayout(top)
        col.addWidget(self.view, 1)


#: The built-in looks the comparison starts with: the side panel's presets, but "None".
COMPARED_PRESETS = [name for name in BUILTIN_PRESETS if name != NONE_PRESET]


def compared_presets() -> list[Params]:
    return [BUILTIN_PRESETS[name] for name in COMPARED_PRESETS]


class CompareView(QWidget):
    renderRequested = Signal(object, object)  # params, tag
    useParams = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setAcceptDrops(False)
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        self.add_button = QPushButton("Add current settings")
        self.add_button.setToolTip("Add a tile with the settings now on the sliders.")
        self.reset_button = QPushButton("Presets")
        self.reset_button.setToolTip(
            "Compare the " + ", ".join(COMPARED_PRESETS) + " presets (as in the side panel)."
        )
        bar = QHBoxLayout()
        hint = QLabel("Zoom and pan are shared by all tiles.")
        hint.setObjectName("hint")
        bar.addWidget(hint, 1)
        self.render_button = QPushButton()
        self.render_button.setObjectName("renderVariantsButton")
        self.render_button.setToolTip("The cloud engine charges for each variant it renders.")
        self.render_button.clicked.connect(self._confirm_paid)
        self.render_button.hide()
        bar.addWidget(self.render_button)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.add_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(bar)
        col.addLayout(self.grid, 1)
        self.tiles: list[Tile] = []
        self.original: QPixmap | None = None
        self.full = QRectF(0, 0, 1, 1)
        self._generation = 0
        self._syncing = False
        self._pending = False
        self._stale = False
        self.paid = False  # cloud engine: renders cost credits, so they wait for a click
        #: Asked before paid renders with how many there are; the window asks the user.
        self.ask_to_pay: Callable[[int], bool] = lambda count: True
        self.variants: list[Params] = compared_presets()
        self.reset_button.clicked.connect(lambda: self.set_variants(compared_presets()))
        self._rebuild()

    # --- content ------------------------------------------------------------------------------

    def set_original(self, pixmap: QPixmap, full_size: tuple[int, int]) -> None:
        self.original = pixmap
        self.full = QRectF(0, 0, *full_size)
        self._stale = True
        if self.isVisible():  # tiles are (re)built when the comparison is on screen
            self._rebuild()

    def add_variant(self, params: Params) -> None:
        if params in self.variants:
            return
        self.variants = [*self.variants, params][-MAX_VARIANTS:]
        self._rebuild()

    def set_variants(self, variants: list[Params]) -> None:
        self.variants = variants[:MAX_VARIANTS]
        self._rebuild()

    def set_variant_image(self, tag: Any, params: Params, pixmap: QPixmap) -> None:
        generation, index = tag
        if generation != self._generation or index >= len(self.tiles):
            return  # from an earlier photo or set of variants
        tile = self.tiles[index]
        if tile.params != params:
            return
        tile.view.set_image(pixmap, self.full)
        tile.status.setText("")
        if self.tiles[0].view.fit_mode:
            tile.view.fit()
        else:
            self._sync_from(self.tiles[0].view)

    def failed(self, message: str) -> None:
        for tile in self.tiles[1:]:
            if tile.status.text():
                tile.status.setText("Failed")
                tile.status.setToolTip(message)

    # --- layout -------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._stale = False
        self._generation += 1
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = [Tile("Original", None)] + [Tile(p.label(), p) for p in self.variants]
        columns = 3 if len(self.tiles) > 4 else 2
        rows = (len(self.tiles) + columns - 1) // columns
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // columns, i % columns)
            self.grid.setRowStretch(i // columns, 1)
            self.grid.setColumnStretch(i % columns, 1)
            tile.use.connect(self.useParams)
            tile.view.zoomed.connect(lambda _z, v=tile.view: self._sync_from(v))
            tile.view.horizontalScrollBar().valueChanged.connect(
                lambda _v, v=tile.view: self._sync_from(v)
            )
            tile.view.verticalScrollBar().valueChanged.connect(
                lambda _v, v=tile.view: self._sync_from(v)
            )
        if self.original is not None:
            self.tiles[0].view.set_image(self.original, self.full)
        self._pending = True
        self._request_renders()
        self.fit_all()

    def set_paid(self, paid: bool) -> None:
        """With a paid engine, variants are rendered only after the user agrees."""
        self.paid = paid
        self._rebuild()

    def _request_renders(self, confirmed: bool = False) -> None:
        # Only while the comparison is on screen, and with a paid engine only on request:
        # nothing is sent (or charged) for a view the user has not asked for.
        if not self._pending or self.original is None or not self.isVisible():
            return
        count = len(self.tiles) - 1
        if self.paid and not confirmed:
            self.render_button.setText(f"Render {count} with cloud ({5 * count} credits)")
            self.render_button.show()
            for tile in self.tiles[1:]:
                tile.status.setText("Not rendered")
            return
        self.render_button.hide()
        self._pending = False
        for i, tile in enumerate(self.tiles[1:], 1):
            tile.status.setText("Rendering…")
            self.renderRequested.emit(tile.params, (self._generation, i))

    def _confirm_paid(self) -> None:
        if self.ask_to_pay(len(self.tiles) - 1):
            self._request_renders(confirmed=True)

    def fit_all(self) -> None:
        for tile in self.tiles:
            tile.view.full = self.full
            tile.view.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._rebuild()
        self._request_renders()
        self.fit_all()

    def _sync_from(self, source: TileView) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for tile in self.tiles:
                view = tile.view
                if view is source:
                    continue
                view.fit_mode = source.fit_mode
                view.setTransform(source.transform())
                view.centerOn(source.mapToScene(source.viewport().rect().center()))
        finally:
            self._syncing = False
