"""Side-by-side comparison of several settings on the same photo.

The original and up to five variants in a grid. Zoom and pan are shared: zoom into the
cheek of one tile and every tile shows the same cheek, so texture can be judged across
settings; the next photo opens at that zoom, about the same point (fitted, it is fitted).
"Use" puts a variant's settings on the sliders; each variant's ✕ (Tab to it, Space; or
Delete on a focused tile) removes it; the original stays. "Add current settings" asks for
a tile of the settings on the sliders (``addRequested``: the window answers with
:meth:`CompareView.add_variant`, as the side panel's "Add to comparison" does). Adding or
removing a tile renders only the new tile; the others keep their images.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.params import Params
from ...core.state import BUILTIN_PRESETS, NONE_PRESET
from ..widgets.theme import paint_focus_frame, photo_canvas, shows_focus

MAX_VARIANTS = 5  # with the original, six tiles: three columns of two rows fit 1024 px
MIN_ZOOM, MAX_ZOOM = 0.02, 16.0
HINT = "Zoom and pan are shared by all tiles."


class TileView(QGraphicsView):
    """One tile's image. Its view transform and scroll position are mirrored to siblings."""

    zoomed = Signal(float)
    deleteRequested = Signal()

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
        # Zoomed in, a tile laid out (or resized) keeps the point of the photo in its middle.
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.keyboard_focus = False  # focus came from the keyboard: the frame shows

    def fit(self) -> None:
        self.fit_mode = True
        self.fitInView(self.full, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` (1: one photo pixel per viewport pixel) about the centre."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self.fit_mode = False
        self.scale(factor / self.zoom(), factor / self.zoom())
        self.zoomed.emit(self.zoom())

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
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            self.scale(f, f)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoomed.emit(self.transform().m11())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

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


class FittedLabel(QLabel):
    """A label that shows the first of its ``forms`` (longest first) that fits its width,
    else the last one elided: a tile's caption keeps its numbers on a narrow screen, where
    clipping the full sentence would cut them off. The full form is its tooltip and what a
    screen reader says, whatever form is shown; it fits again when the text's font
    changes (a larger system font, another style) as when its width does.

    Labels worded alike (the tiles' captions) keep one wording: each says through
    ``fitted`` which form it could show alone (:attr:`natural`), and shows no longer a form
    than :attr:`floor` allows (the shortest any of them needs)."""

    fitted = Signal()

    def __init__(self, forms: list[str]) -> None:
        super().__init__(forms[0])
        self.forms = forms
        self.natural = 0  # the longest form that fits, alone
        self.floor = 0  # the longest form labels worded alike may show
        self.setToolTip(forms[0])
        self.setAccessibleName(forms[0])
        # It gives way on narrow screens (1024 px wide): the tile keeps its view.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    @property
    def full_text(self) -> str:
        return self.forms[0]

    def set_forms(self, forms: list[str]) -> None:
        """Other ``forms`` (longest first), fitted to the width there is now."""
        self.forms = forms
        self.setToolTip(forms[0])
        self.setAccessibleName(forms[0])
        self._fit()

    def set_floor(self, floor: int) -> None:
        if floor != self.floor:
            self.floor = floor
            self._show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        fits = [i for i, form in enumerate(self.forms) if metrics.horizontalAdvance(form) <= room]
        natural = fits[0] if fits else len(self.forms) - 1
        changed, self.natural = natural != self.natural, natural
        self._show()
        if changed:
            self.fitted.emit()

    def _show(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        level = min(len(self.forms) - 1, max(self.natural, self.floor))
        form = self.forms[level]
        if metrics.horizontalAdvance(form) > room:
            form = metrics.elidedText(self.forms[-1], Qt.TextElideMode.ElideRight, room)
        self.setText(form)


class Tile(QWidget):
    """A caption, "Use" and ✕ over one :class:`TileView`; the original's has neither button."""

    use = Signal(object)  # Params
    removeRequested = Signal(object)  # this tile

    def __init__(self, titles: list[str], params: Params | None, key: int = 0) -> None:
        super().__init__()
        title = titles[0]
        self.params = params
        self.key = key  # this tile's part of the render tag: never reused
        self.requested = False  # its render was asked for
        self.view = TileView()
        self.caption = FittedLabel(titles)
        self.status = QLabel("Waiting…" if params else "")
        self.status.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.status)
        button = QPushButton("Use")
        button.setObjectName("useTileButton")
        button.setToolTip("Put these settings on the sliders.")
        button.clicked.connect(lambda: self.use.emit(self.params))
        top.addWidget(button)
        self.use_button = button
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeTileButton")
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        font = self.remove_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.remove_button.setFont(font)
        self.remove_button.setToolTip("Remove this tile (Delete).")
        self.remove_button.setAccessibleName(f"Remove {title}")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        self.view.deleteRequested.connect(lambda: self.removeRequested.emit(self))
        top.addWidget(self.remove_button)
        if params is None:  # same header height as the variants, so every view is equal
            for widget in (button, self.remove_button):
                policy = widget.sizePolicy()
                policy.setRetainSizeWhenHidden(True)
                widget.setSizePolicy(policy)
                widget.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(2, 2, 2, 2)
        col.addLayout(top)
        col.addWidget(self.view, 1)


#: The built-in looks the comparison starts with: the side panel's presets, but "None".
COMPARED_PRESETS = [name for name in BUILTIN_PRESETS if name != NONE_PRESET]


def tile_titles(params: Params) -> list[str]:
    """A tile's captions, longest first, worded alike for every tile: the built-in
    preset's name when it is one and the strengths in words, then the name and the numbers,
    then the numbers alone. A preset's name stays as long as it can: tiles side by side are
    told apart by it."""
    name = next((n for n, p in BUILTIN_PRESETS.items() if p == params), None)
    numbers = f"{params.retouch:.2f} · {params.whitening:.2f}"
    if name is None:
        return [params.label(), numbers, numbers]
    return [f"{name}: {params.label()}", f"{name} {numbers}", numbers]


def compared_presets() -> list[Params]:
    return [BUILTIN_PRESETS[name] for name in COMPARED_PRESETS]


class CompareView(QWidget):
    renderRequested = Signal(object, object)  # params, tag
    useParams = Signal(object)
    zoomChanged = Signal(int)  # percent of the photo's own pixels, as the split view's
    addRequested = Signal()  # "Add current settings": answer with add_variant(the sliders')

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setAcceptDrops(False)
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        self.add_button = QPushButton("Add current settings")
        self.add_button.setObjectName("addTileButton")
        self.add_button.clicked.connect(self.addRequested)
        self.reset_button = QPushButton("Presets")
        self.reset_button.setToolTip(
            "Compare the " + ", ".join(COMPARED_PRESETS) + " presets (as in the side panel)."
        )
        bar = QHBoxLayout()
        self.hint = FittedLabel([HINT])  # cut short with "…", never mid-word and silently
        self.hint.setObjectName("hint")
        bar.addWidget(self.hint, 1)
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
        self._usable = True  # the photo selected can be edited
        self.original: QPixmap | None = None
        self.full = QRectF(0, 0, 1, 1)
        self._keys = itertools.count(1)
        self._generation = 0
        self._syncing = False
        self._stale = False
        self.paid = False  # cloud engine: renders cost credits, so they wait for a click
        #: Asked before paid renders with how many there are; the window asks the user.
        self.ask_to_pay: Callable[[int], bool] = lambda count: True
        self.reset_button.clicked.connect(lambda: self.set_variants(compared_presets()))
        self._rebuild(compared_presets())

    @property
    def variants(self) -> list[Params]:
        return [tile.params for tile in self.tiles[1:] if tile.params is not None]

    # --- content ------------------------------------------------------------------------------

    def set_original(self, pixmap: QPixmap, full_size: tuple[int, int]) -> None:
        self.original = pixmap
        self.full = QRectF(0, 0, *full_size)
        self._stale = True
        if self.isVisible():  # tiles are (re)built when the comparison is on screen
            self._rebuild(self.variants)

    def set_usable(self, usable: bool) -> None:
        """Whether the photo selected can be edited: a tile's "Use" and "Add current
        settings" would set the settings of one that cannot be opened."""
        self._usable = usable
        self._layout()

    def no_photo(self, why: str, detail: str = "") -> None:
        """The photo selected cannot be shown: the tiles keep their settings but nothing of
        the last photo, and the bar says ``why`` (its tooltip ``detail`` as well)."""
        self.original = None
        self.full = QRectF(0, 0, 1, 1)
        self._rebuild(self.variants)
        self._note(why)
        if detail:
            self.hint.setToolTip(f"{why}\n\n{detail}")

    def add_variant(self, params: Params) -> bool:
        """A tile for ``params`` (rendered alone; the others keep theirs). False, with a
        note in the bar, when they are already compared or no tile is free."""
        for tile in self.tiles[1:]:
            if tile.params == params:
                self._note(f"{params.label()} is already compared.")
                tile.view.setFocus(Qt.FocusReason.ShortcutFocusReason)  # framed: here it is
                return False
        if len(self.tiles) - 1 >= MAX_VARIANTS:
            self._note(f"At most {MAX_VARIANTS} settings side by side: remove a tile (✕) first.")
            return False
        self._append(params)
        self._layout()
        self._note(HINT)
        self._request_renders()
        return True

    def remove_variant(self, params: Params) -> bool:
        """Remove the tile of ``params`` (never the original's); the others stay as they are."""
        for tile in self.tiles[1:]:
            if tile.params == params:
                self._remove(tile)
                return True
        return False

    def set_variants(self, variants: list[Params]) -> None:
        self._rebuild(list(dict.fromkeys(variants))[:MAX_VARIANTS])

    def set_variant_image(self, tag: Any, params: Params, pixmap: QPixmap) -> None:
        generation, key = tag
        tile = next((t for t in self.tiles[1:] if t.key == key), None)
        if generation != self._generation or tile is None or tile.params != params:
            return  # from an earlier photo, set of variants, or a removed tile
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

    # --- tiles --------------------------------------------------------------------------------

    def _rebuild(self, variants: list[Params]) -> None:
        """New tiles for every variant (a new photo, engine or set of variants), fitted;
        at a zoom of their own (100%...) they keep it, about the same point of the photo
        (as fractions of its width and height), as the split view does."""
        kept = self._zoom_kept()
        self._stale = False
        self._generation += 1
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()  # at once: deleted when the event loop gets to it
            tile.deleteLater()
        self.tiles = []
        self._append(None)
        for params in variants:
            self._append(params)
        if self.original is not None:
            self.tiles[0].view.set_image(self.original, self.full)
        self._layout()
        self._note(HINT)
        self._request_renders()
        if kept is None or self.original is None:
            self.fit_all()
            return
        zoom, fx, fy = kept
        lead = self.tiles[0].view
        lead.fit_mode = False
        lead.setTransform(QTransform.fromScale(zoom, zoom))
        lead.centerOn(QPointF(fx * self.full.width(), fy * self.full.height()))
        self._sync_from(lead)

    def _zoom_kept(self) -> tuple[float, float, float] | None:
        """The tiles' zoom and the point of the photo in their middle (fractions of its
        size), when the user chose that zoom; None when they are fitted."""
        if not self.tiles or self.original is None or self.tiles[0].view.fit_mode:
            return None
        lead = self.tiles[0].view
        centre = lead.mapToScene(lead.viewport().rect().center())
        full = lead.full
        if full.width() <= 1 or full.height() <= 1:
            return None
        fx = min(1.0, max(0.0, centre.x() / full.width()))
        fy = min(1.0, max(0.0, centre.y() / full.height()))
        return lead.zoom(), fx, fy

    def _append(self, params: Params | None) -> Tile:
        titles = ["Original"] if params is None else tile_titles(params)
        tile = Tile(titles, params, next(self._keys))
        if self.original is None:  # no photo yet: nothing is being waited for
            tile.status.setText("")
        view = tile.view
        tile.use.connect(self.useParams)
        tile.removeRequested.connect(self._remove)
        tile.caption.fitted.connect(self._captions_fitted)
        view.zoomed.connect(lambda _z, v=view: self._sync_from(v))
        view.horizontalScrollBar().valueChanged.connect(lambda _v, v=view: self._sync_from(v))
        view.verticalScrollBar().valueChanged.connect(lambda _v, v=view: self._sync_from(v))
        view.full = self.full
        self.tiles.append(tile)
        return tile

    def _remove(self, tile: Tile) -> None:
        if tile not in self.tiles[1:]:
            return
        index = self.tiles.index(tile)
        had_focus = tile.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        self.tiles.remove(tile)
        self.grid.removeWidget(tile)
        tile.hide()
        tile.deleteLater()
        self._layout()
        self._captions_fitted()  # the tile gone may have been the one with least room
        self._note(HINT)
        self._request_renders()  # a paid render waiting for a click counts one fewer
        if had_focus:  # the keyboard goes on from the next tile's ✕, else "Add"
            rest = self.tiles[index:] or self.tiles[1:]
            after = rest[0].remove_button if rest and rest[0].params else self.add_button
            after.setFocus(Qt.FocusReason.TabFocusReason)

    def _layout(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        columns = 3 if len(self.tiles) > 4 else 2
        rows = (len(self.tiles) + columns - 1) // columns
        for r in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(columns, self.grid.columnCount())):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // columns, i % columns)
            tile.show()
        full = len(self.tiles) - 1 >= MAX_VARIANTS
        self.add_button.setEnabled(not full and self._usable)
        for tile in self.tiles:
            tile.use_button.setEnabled(self._usable)
        self.add_button.setToolTip(
            f"At most {MAX_VARIANTS} settings side by side: remove a tile (✕) to add another."
            if full
            else "Add a tile with the settings now on the sliders."
        )

    def _captions_fitted(self) -> None:
        """The tiles' captions keep one wording: the longest every one of them can show."""
        captions = [tile.caption for tile in self.tiles[1:]]
        floor = max((c.natural for c in captions), default=0)
        for caption in captions:
            caption.set_floor(floor)

    def _note(self, text: str) -> None:
        self.hint.set_forms([text])

    # --- rendering ----------------------------------------------------------------------------

    def set_paid(self, paid: bool) -> None:
        """With a paid engine, variants are rendered only after the user agrees."""
        self.paid = paid
        self._rebuild(self.variants)

    def _request_renders(self, confirmed: bool = False) -> None:
        # Only while the comparison is on screen, and with a paid engine only on request:
        # nothing is sent (or charged) for a view the user has not asked for.
        waiting = [tile for tile in self.tiles[1:] if not tile.requested]
        if not waiting:
            self.render_button.hide()
            return
        if self.original is None or not self.isVisible():
            return
        count = len(waiting)
        if self.paid and not confirmed:
            self.render_button.setText(f"Render {count} with cloud ({5 * count} credits)")
            self.render_button.show()
            for tile in waiting:
                tile.status.setText("Not rendered")
            return
        self.render_button.hide()
        for tile in waiting:
            tile.requested = True
            tile.status.setText("Rendering…")
            self.renderRequested.emit(tile.params, (self._generation, tile.key))

    def _confirm_paid(self) -> None:
        if self.ask_to_pay(sum(not tile.requested for tile in self.tiles[1:])):
            self._request_renders(confirmed=True)

    def fit_all(self) -> None:
        for tile in self.tiles:
            tile.view.full = self.full
            tile.view.fit()
        self.zoomChanged.emit(self.zoom_percent())

    # The window's zoom actions and keys (Ctrl+= / Ctrl+-, Ctrl+0, Ctrl+1, Z) act on the
    # tiles while the comparison is shown: on the first tile, mirrored to the others.

    def fit(self) -> None:
        self.fit_all()

    def zoom_percent(self) -> int:
        lead = self.tiles[0].view
        return round(lead.zoom() * lead.devicePixelRatioF() * 100)

    def zoom_in(self) -> None:
        self.tiles[0].view.set_zoom(self.tiles[0].view.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.tiles[0].view.set_zoom(self.tiles[0].view.zoom() / 1.25)

    def actual_pixels(self) -> None:
        """100%: one photo pixel per device pixel, in every tile."""
        lead = self.tiles[0].view
        lead.set_zoom(1.0 / lead.devicePixelRatioF())

    def is_fit(self) -> bool:
        return self.tiles[0].view.fit_mode

    def toggle_zoom(self) -> None:
        """Z: fit every tile, or show them all at 100% about the centre."""
        if self.is_fit():
            self.actual_pixels()
        else:
            self.fit_all()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._rebuild(self.variants)
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
        self.zoomChanged.emit(self.zoom_percent())
