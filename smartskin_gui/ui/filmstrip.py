"""The filmstrip: the photos opened in this session, with thumbnails made in the background."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from ..workers.jobs import JobRunner
from ..workers.thumbnails import MakeThumbnail

THUMB_DELAY_MS = 800  # the selected photo's preview goes first
THUMBS_QUEUED = 4


class Filmstrip(QListWidget):
    photoSelected = Signal(str)  # resolved path

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
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(140)
        self.setToolTip("Photos you opened. Drop more photos or folders anywhere.")
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
        return added

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
                MakeThumbnail(self._queue.popleft(), self._on_thumb, self._ended)
            ):
                return
            self._in_flight += 1

    def _ended(self) -> None:
        self._in_flight -= 1
        self._make_thumbnails()

    def _on_thumb(self, result: tuple[str, QImage]) -> None:
        key, image = result
        item = self._items.get(key)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        self._ended()
