"""The filmstrip: the photos opened in this session, with thumbnails made in the background,
several selectable at once (Shift/Ctrl click, Ctrl+A), each with a badge saying its state."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from ...workers.jobs import JobRunner
from ...workers.thumbnails import MakeThumbnail

THUMB_DELAY_MS = 800  # the selected photo's preview goes first
THUMBS_QUEUED = 4
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1  # "", "edited", "exported", "failed", "broken"
BADGE_MARKS = {"": "", "edited": "● ", "exported": "✓ ", "failed": "⚠ ", "broken": "✗ "}


class Filmstrip(QListWidget):
    photoSelected = Signal(str)  # resolved path
    photosAdded = Signal(list)  # resolved paths (str) just added
    photoBroken = Signal(str, str)  # resolved path, why it cannot be opened

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
        self.setGridSize(QSize(128, 110))
        self.item_size = QSize(124, 106)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(140)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setToolTip(
            "Photos you opened. Shift or Ctrl click (Ctrl+A: all) to choose several for Sync "
            "or Export. Drop more photos or folders anywhere."
        )
        self.setAcceptDrops(False)  # drops go to the main window
        self.thumbs = JobRunner(1, self)
        self._items: dict[str, QListWidgetItem] = {}  # resolved path -> its item
        self._queue: deque[str] = deque()
        self._in_flight = 0
        self.timer = QTimer(self, singleShot=True, interval=THUMB_DELAY_MS)
        self.timer.timeout.connect(self._make_thumbnails)
        self.currentItemChanged.connect(self._selected)

    def paths(self) -> list[str]:
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
                item = QListWidgetItem(path.name)
                # Uniform sizes are measured once: a fixed hint keeps room for the
                # thumbnail that arrives later (else every tile is as short as a name).
                item.setSizeHint(self.item_size)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setToolTip(key)
                self.addItem(item)
                self._items[key] = item
                self._queue.append(key)
                added.append(path)
        finally:
            self.setUpdatesEnabled(True)
        if added:
            self.timer.start()
            self.photosAdded.emit([str(p if resolved else p.resolve()) for p in added])
        return added

    def selected_paths(self) -> list[str]:
        """The selected photos, in filmstrip order."""
        rows = sorted(self.row(item) for item in self.selectedItems())
        return [self.item(r).data(Qt.ItemDataRole.UserRole) for r in rows]

    def set_badge(self, path: str, badge: str, why: str = "") -> None:
        """Show the photo's state: edited, exported, failed or broken (``why`` as tooltip)."""
        item = self._items.get(path)
        if item is None:
            return
        item.setData(BADGE_ROLE, badge)
        item.setText(BADGE_MARKS.get(badge, "") + Path(path).name)
        item.setToolTip(f"{path}\n{badge.capitalize()}: {why}" if why else path)

    def badge(self, path: str) -> str:
        item = self._items.get(path)
        return "" if item is None else str(item.data(BADGE_ROLE) or "")

    def select(self, path: Path) -> None:
        item = self._items.get(str(path.resolve()))
        if item is not None:
            self.setCurrentItem(item)

    def shutdown(self) -> None:
        self.timer.stop()
        self.thumbs.shutdown()

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
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
        self.set_badge(path, "broken", why)
        self.photoBroken.emit(path, why)

    def _on_thumb(self, result: tuple[str, QImage]) -> None:
        key, image = result
        item = self._items.get(key)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        self._ended()
