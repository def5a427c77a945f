"""The filmstrip: the photos opened in this session, with thumbnails made in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from ..core.imageio import load_preview
from ..workers.convert import to_qimage
from ..workers.jobs import JobRunner

THUMB_SIDE = 224
THUMB_DELAY_MS = 800  # the selected photo's preview goes first


class Filmstrip(QListWidget):
    photoSelected = Signal(str)  # resolved path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmstrip")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(112, 84))
        self.setGridSize(QSize(128, 110))
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(140)
        self.setToolTip("Photos you opened. Drop more photos or folders anywhere.")
        self.setAcceptDrops(False)  # drops go to the main window
        self.thumbs = JobRunner(1, self)
        self.thumbs.signals.finished.connect(self._on_thumb)
        self._queue: list[str] = []
        self.timer = QTimer(self, singleShot=True, interval=THUMB_DELAY_MS)
        self.timer.timeout.connect(self._make_thumbnails)
        self.currentItemChanged.connect(self._selected)

    def paths(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def add(self, path: Path) -> bool:
        """Add ``path`` unless it is already there; True if added."""
        key = str(path.resolve())
        if key in self.paths():
            return False
        item = QListWidgetItem(path.name)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(key)
        self.addItem(item)
        self._queue.append(key)
        self.timer.start()
        return True

    def select(self, path: Path) -> None:
        key = str(path.resolve())
        for i, known in enumerate(self.paths()):
            if known == key:
                self.setCurrentRow(i)
                return

    def shutdown(self) -> None:
        self.timer.stop()
        self.thumbs.shutdown()

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.photoSelected.emit(item.data(Qt.ItemDataRole.UserRole))

    def _make_thumbnails(self) -> None:
        queue, self._queue = self._queue, []
        for key in queue:
            self.thumbs.start(lambda p, c, k=key: (k, to_qimage(load_preview(k, THUMB_SIDE).rgb)))

    def _on_thumb(self, _job: int, result: tuple[str, QImage]) -> None:
        key, image = result
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
