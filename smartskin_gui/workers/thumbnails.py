"""Filmstrip thumbnails, decoded off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage

from ..core.errors import SmartSkinError
from ..core.io import load_preview
from ..core.progress import Cancel, Progress
from .convert import to_display_qimage
from .jobs import Job

THUMB_SIDE = 224


class MakeThumbnail(Job[tuple[str, QImage]]):
    def __init__(
        self,
        path: str,
        then: Callable[[tuple[str, QImage]], None],
        ended: Callable[[], None] = lambda: None,
        broken: Callable[[str, str], None] = lambda path, why: None,
    ) -> None:
        # Without a thumbnail the name still shows; ``broken`` hears why (path, sentence).
        super().__init__(then, failed=self._failed, cancelled=ended)
        self.path, self.ended, self.broken = path, ended, broken

    def _failed(self, err: SmartSkinError) -> None:
        self.broken(self.path, err.message)
        self.ended()

    def run(self, progress: Progress, cancel: Cancel) -> tuple[str, QImage]:
        # Qt's display format: the GUI thread's QPixmap.fromImage is then a plain copy.
        return self.path, to_display_qimage(load_preview(self.path, THUMB_SIDE).rgb)
