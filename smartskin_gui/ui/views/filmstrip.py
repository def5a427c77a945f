"""The filmstrip: the photos opened in this session, with thumbnails made in the background,
several selectable at once (Shift/Ctrl click, Ctrl+A), each with a badge saying its state
and its culling marks (stars, pick or reject, colour label: :mod:`.filmstrip_marks`).

A filter (:meth:`Filmstrip.set_filter`) hides the photos it does not show, never removes
them: :meth:`Filmstrip.paths` is still every photo open, :meth:`Filmstrip.selected_paths`
only the selected photos shown, and the current photo moves to a shown one when it is
hidden. Each change of a badge or of culling marks is filtered again at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QMouseEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from ...core.state import Culling
from ...workers.jobs import JobRunner
from ...workers.thumbnails import MakeThumbnail, Thumbnail
from .filmstrip_marks import CULLING_ROLE, FilmstripDelegate, marks_text

THUMB_DELAY_MS = 800  # the selected photo's preview goes first
THUMBS_QUEUED = 4
#: A tile's narrowest width (a thumbnail and its margins); wider as the filmstrip is.
TILE_WIDTH = 124
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1  # "", "edited", "exported", "failed", "broken"
WHY_ROLE = Qt.ItemDataRole.UserRole + 3  # the badge's reason, for the tooltip
BADGE_MARKS = {"": "", "edited": "● ", "exported": "✓ ", "failed": "⚠ ", "broken": "✗ "}
#: A camera's usual file name: the filmstrip's first width shows it whole, its badge's mark
#: before it and a scroll bar beside it (a longer name loses its middle, never its end).
TYPICAL_NAME = "IMG_20240512_1432.jpg"
#: The filmstrip's first width stays within these, whatever the font (pixels).
DEFAULT_WIDTHS = (150, 240)
#: Whether a photo with this badge and these culling marks is shown.
PhotoFilter = Callable[[str, Culling], bool]


class Filmstrip(QListWidget):
    photoSelected = Signal(str)  # resolved path
    photosAdded = Signal(list)  # resolved paths (str) just added
    photoBroken = Signal(str, str)  # resolved path, why it cannot be opened
    fileCulling = Signal(str, object)  # resolved path, the XmpCulling its file holds
    shownChanged = Signal(int, int)  # photos shown by the filter, photos open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmstrip")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setLayoutMode(QListView.LayoutMode.Batched)  # thousands of items lay out in steps
        self.setBatchSize(200)
        self.setUniformItemSizes(True)  # one size for all: no measuring of each item
        self.setIconSize(QSize(112, 84))
        # Until its thumbnail comes (and for good, for a file that cannot be opened) a tile
        # shows a grey card of the thumbnail's size: tiles line up and the culling marks sit
        # on their own photo's card, never under the name of the photo above.
        self.waiting_icon = placeholder(self.iconSize(), "")
        self.broken_icon = placeholder(self.iconSize(), "✗")
        self.setGridSize(QSize(TILE_WIDTH + 4, 110))
        self.item_size = QSize(TILE_WIDTH, 106)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(140)  # (its first width: default_width)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setItemDelegate(FilmstripDelegate(self))
        self.setToolTip(
            "Photos you opened. Shift or Ctrl click (Ctrl+A: all) to choose several for Sync "
            "or Export. Drop more photos or folders anywhere."
        )
        self.setAcceptDrops(False)  # drops go to the main window
        self.thumbs = JobRunner(1, self)
        self._items: dict[str, QListWidgetItem] = {}  # resolved path -> its item
        self._queue: deque[str] = deque()
        self._in_flight = 0
        self._filter: PhotoFilter | None = None
        self._hidden = 0
        self._by_name: dict[str, list[str]] = {}  # file name -> the photos of that name
        self.timer = QTimer(self, singleShot=True, interval=THUMB_DELAY_MS)
        self.timer.timeout.connect(self._make_thumbnails)
        self._holding = False  # a Shift or Ctrl click keeps the photo shown (see mousePressEvent)
        self.currentItemChanged.connect(self._selected)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Shift or Ctrl click adds photos to the selection (or takes one out) and keeps the
        photo shown, as Lightroom keeps its active photo: it is the one Sync copies from, so
        choosing the photos to give its settings to never changes whose settings they get.
        Taking the photo shown out of the selection shows the first one still selected."""
        modifiers = event.modifiers() & (
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
        )
        held = self.currentItem() if modifiers else None
        if held is None:
            super().mousePressEvent(event)
            return
        self._holding = True
        try:
            super().mousePressEvent(event)
            keep = held
            if not held.isSelected():
                chosen = [i for i in self.selectedItems() if not i.isHidden()]
                keep = min(chosen, key=self.row) if chosen else self.currentItem()
            if keep is not None and keep is not self.currentItem():
                self.selectionModel().setCurrentIndex(
                    self.indexFromItem(keep), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        finally:
            self._holding = False
        if self.currentItem() is not held:
            self._selected(self.currentItem())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The tiles are as wide as the filmstrip: dragging it wider gives the names room
        ("Kunde Müller #3.jpg", not "Kunde ...r #3.jpg")."""
        super().resizeEvent(event)
        width = max(TILE_WIDTH, self.viewport().width() - 4)
        if width != self.item_size.width():
            # Laid out again at once (tiles are one size: quick even for thousands), so the
            # strip stays where it was: a batched layout cut the scroll range to its first
            # batch, and the photo being worked on went off screen.
            value = self.verticalScrollBar().value()
            mode = self.layoutMode()
            self.setLayoutMode(QListView.LayoutMode.SinglePass)
            self.item_size = QSize(width, self.item_size.height())
            self.setGridSize(QSize(width + 4, self.gridSize().height()))
            self.doItemsLayout()
            self.verticalScrollBar().setValue(value)
            self.setLayoutMode(mode)

    def default_width(self) -> int:
        """The width the filmstrip starts at (before it is dragged wider or narrower): a
        tile's name as wide as :data:`TYPICAL_NAME` with a badge's mark before it shows
        whole, with the scroll bar many photos bring."""
        style = self.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        scroll_bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        metrics = self.fontMetrics()
        text = max(metrics.horizontalAdvance(m + TYPICAL_NAME) for m in BADGE_MARKS.values())
        # A tile is the viewport less 4 px (resizeEvent); its text has a margin each side.
        width = text + 2 + 2 * margin + 4 + scroll_bar + 2 * self.frameWidth()
        return min(max(width, DEFAULT_WIDTHS[0]), DEFAULT_WIDTHS[1])

    def paths(self) -> list[str]:
        """Every photo open, shown or hidden by the filter."""
        return list(self._items)

    def add(self, path: Path) -> bool:
        """Add ``path`` unless it is already there; True if added."""
        return bool(self.add_many([path]))

    def add_many(self, paths: list[Path], resolved: bool = False) -> list[Path]:
        """Add the photos not already there, in one layout pass; returns those added."""
        added: list[Path] = []
        self.setUpdatesEnabled(False)
        try:
            for path in paths:
                key = str(path if resolved else path.resolve())
                if key in self._items:
                    continue
                item = QListWidgetItem(self._named(key))
                # (Its size is the delegate's: room for the thumbnail that arrives later.)
                item.setIcon(self.waiting_icon)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setData(CULLING_ROLE, Culling())
                self.addItem(item)
                self._items[key] = item
                self._describe(item)
                self._queue.append(key)
                added.append(path)
                if self._filter is not None and not self._shows(item):
                    item.setHidden(True)
                    self._hidden += 1
        finally:
            self.setUpdatesEnabled(True)
        if added:
            self.timer.start()
            self.photosAdded.emit([str(p if resolved else p.resolve()) for p in added])
            self._count()
        return added

    def selected_paths(self) -> list[str]:
        """The selected photos the filter shows, in filmstrip order."""
        rows = sorted(self.row(item) for item in self.selectedItems() if not item.isHidden())
        return [self.item(r).data(Qt.ItemDataRole.UserRole) for r in rows]

    def set_badge(self, path: str, badge: str, why: str = "") -> None:
        """Show the photo's state: edited, exported, failed or broken (``why`` as tooltip)."""
        item = self._items.get(path)
        if item is None:
            return
        item.setData(BADGE_ROLE, badge)
        item.setData(WHY_ROLE, why)
        self._retitle(path)
        self._describe(item)
        self._refilter([item])

    def badge(self, path: str) -> str:
        item = self._items.get(path)
        return "" if item is None else str(item.data(BADGE_ROLE) or "")

    def remove(self, paths: list[str]) -> None:
        """Take ``paths`` out of the filmstrip (their files and settings stay where they
        are). No photo is shown meanwhile: the caller chooses the one to show next."""
        self._holding = True
        self.setUpdatesEnabled(False)
        try:
            for key in paths:
                item = self._items.pop(key, None)
                if item is None:
                    continue
                if item.isHidden():
                    self._hidden -= 1
                self.takeItem(self.row(item))
                same = self._by_name.get(Path(key).name, [])
                if key in same:
                    same.remove(key)
                if len(same) == 1:  # no twin left: its name alone again
                    self._retitle(same[0])
            self._queue = deque(k for k in self._queue if k in self._items)
        finally:
            self.setUpdatesEnabled(True)
            self._holding = False
        self._count()

    def _named(self, key: str) -> str:
        """Count ``key``'s file name in; the name to show for it. Two photos of one name
        (two cards' IMG_0001) both show their folder too: cardA/IMG_0001.jpg."""
        name = Path(key).name
        same = self._by_name.setdefault(name, [])
        same.append(key)
        if len(same) == 2:  # the first of that name learns its folder now
            self._retitle(same[0])
        return self._shown_name(key)

    def _retitle(self, key: str) -> None:
        """The photo's tile text: its badge's mark, then its name (with its folder while
        another photo of that name is open)."""
        item = self._items.get(key)
        if item is not None:
            badge = str(item.data(BADGE_ROLE) or "")
            item.setText(BADGE_MARKS.get(badge, "") + self._shown_name(key))

    def _shown_name(self, key: str) -> str:
        path = Path(key)
        if len(self._by_name.get(path.name, ())) > 1:
            return f"{path.parent.name}/{path.name}"
        return path.name

    def has_thumbnail(self, path: str) -> bool:
        """The photo's own thumbnail is shown (not the grey card)."""
        item = self._items.get(path)
        cards = (self.waiting_icon.cacheKey(), self.broken_icon.cacheKey())
        return item is not None and item.icon().cacheKey() not in cards

    def select(self, path: Path) -> None:
        """Make ``path`` the current and only selected photo (photos just opened: what
        the culling keys, Sync and Export then act on is what the photographer sees)."""
        item = self._items.get(str(path.resolve()))
        if item is not None:
            self.setCurrentItem(item, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def shutdown(self) -> None:
        self.timer.stop()
        self.thumbs.shutdown()

    # --- culling marks ------------------------------------------------------------------------

    def set_cullings(self, marks: dict[str, Culling]) -> None:
        """Show each photo's rating, flag and colour label (``rating`` None: no stars)."""
        items = []
        for path, culling in marks.items():
            item = self._items.get(path)
            if item is not None and item.data(CULLING_ROLE) != culling:
                item.setData(CULLING_ROLE, culling)
                self._describe(item)
                items.append(item)
        self._refilter(items)

    def culling(self, path: str) -> Culling:
        item = self._items.get(path)
        value = None if item is None else item.data(CULLING_ROLE)
        return value if isinstance(value, Culling) else Culling()

    def _describe(self, item: QListWidgetItem) -> None:
        """The tooltip and the screen reader's text: the file's whole name and its folder
        (a name too long for its tile loses its middle there), state and culling marks."""
        path = str(item.data(Qt.ItemDataRole.UserRole))
        badge, why = str(item.data(BADGE_ROLE) or ""), str(item.data(WHY_ROLE) or "")
        marks = marks_text(self.culling(path))
        lines = [Path(path).name, f"in {Path(path).parent}"]
        if badge and why:
            lines.append(f"{badge.capitalize()}: {why}")
        if marks:
            lines.append(marks)
        item.setToolTip("\n".join(lines))
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            ", ".join([item.text(), marks] if marks else [item.text()]),
        )

    # --- the filter ---------------------------------------------------------------------------

    def set_filter(self, shows: PhotoFilter | None) -> None:
        """Show only the photos ``shows`` accepts (None: all of them)."""
        self._filter = shows
        self._refilter([self.item(r) for r in range(self.count())])

    def selectAll(self) -> None:
        """Ctrl+A: every photo shown (the hidden ones stay unselected)."""
        if not self._hidden:
            super().selectAll()
            return
        selection = QItemSelection()
        for row in range(self.count()):
            if not self.item(row).isHidden():
                index = self.model().index(row, 0)
                selection.select(index, index)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def shown_paths(self) -> list[str]:
        return [k for k, item in self._items.items() if not item.isHidden()]

    def shown_count(self) -> int:
        return self.count() - self._hidden

    def step(self, delta: int) -> bool:
        """Make the next (``delta`` 1) or previous (-1) shown photo the current and only
        selected one; False at either end."""
        row = self.currentRow()
        if row < 0 or self.item(row).isHidden():
            shown = [r for r in range(self.count()) if not self.item(r).isHidden()]
            if not shown:
                return False
            later = [r for r in shown if r > row] if delta > 0 else [r for r in shown if r < row]
            target = (later[0] if delta > 0 else later[-1]) if later else shown[0]
        else:
            target = row + delta
            while 0 <= target < self.count() and self.item(target).isHidden():
                target += delta
            if not 0 <= target < self.count():
                return False
        self.setCurrentRow(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    def step_to_end(self, last: bool) -> bool:
        """Make the first (or ``last``) photo shown the current and only selected one."""
        shown = [r for r in range(self.count()) if not self.item(r).isHidden()]
        if not shown:
            return False
        self.setCurrentRow(
            shown[-1 if last else 0], QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True

    def _shows(self, item: QListWidgetItem) -> bool:
        if self._filter is None:
            return True
        culling = item.data(CULLING_ROLE)
        return self._filter(
            str(item.data(BADGE_ROLE) or ""),
            culling if isinstance(culling, Culling) else Culling(),
        )

    def _refilter(self, items: list[QListWidgetItem]) -> None:
        """Hide or show ``items`` as the filter says; the current photo stays a shown one."""
        changed = False
        for item in items:
            hidden = not self._shows(item)
            if item.isHidden() == hidden:
                continue
            changed = True
            item.setHidden(hidden)
            self._hidden += 1 if hidden else -1
            if hidden and item.isSelected():
                item.setSelected(False)
        if changed:
            self._settle_current()
            self._count()

    def _settle_current(self) -> None:
        """A hidden current photo gives way: to a selected photo still shown, else to the
        nearest shown photo after it (or before it)."""
        current = self.currentItem()
        if current is None or not current.isHidden():
            return
        row = self.row(current)
        selected = [self.row(i) for i in self.selectedItems() if not i.isHidden()]
        if selected:
            nearest = min(selected, key=lambda r: (abs(r - row), r < row))
            self.setCurrentRow(nearest, QItemSelectionModel.SelectionFlag.NoUpdate)
            return
        for target in [*range(row + 1, self.count()), *range(row - 1, -1, -1)]:
            if not self.item(target).isHidden():
                self.setCurrentRow(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                return

    def _count(self) -> None:
        self.shownChanged.emit(self.shown_count(), self.count())

    # --- thumbnails ---------------------------------------------------------------------------

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None and not self._holding:
            self.photoSelected.emit(item.data(Qt.ItemDataRole.UserRole))

    def _make_thumbnails(self) -> None:
        """Keep a few thumbnails queued, never thousands (the next starts as one ends)."""
        while self._queue and self._in_flight < THUMBS_QUEUED:
            if not self.thumbs.start(
                MakeThumbnail(self._queue.popleft(), self._on_thumb, self._ended, self._broken)
            ):
                return
            self._in_flight += 1

    def _ended(self) -> None:
        self._in_flight -= 1
        self._make_thumbnails()

    def _broken(self, path: str, why: str) -> None:
        item = self._items.get(path)
        if item is not None:
            item.setIcon(self.broken_icon)
        self.set_badge(path, "broken", why)
        self.photoBroken.emit(path, why)

    def _on_thumb(self, result: Thumbnail) -> None:
        item = self._items.get(result.path)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(result.image)))
            if result.culling is not None:
                self.fileCulling.emit(result.path, result.culling)
        self._ended()


def placeholder(size: QSize, mark: str) -> QIcon:
    """A dark grey card of ``size`` with ``mark`` in its middle (the tile of a photo whose
    thumbnail is not there)."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(58, 58, 58))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 3, 3)
    if mark:
        painter.setPen(QColor(150, 150, 150))
        font = painter.font()
        font.setPixelSize(size.height() // 3)
        painter.setFont(font)
        painter.drawText(
            QRect(0, 0, size.width(), size.height()), Qt.AlignmentFlag.AlignCenter, mark
        )
    painter.end()
    return QIcon(pixmap)
