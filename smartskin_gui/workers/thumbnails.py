"""Filmstrip thumbnails, decoded off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage

from ..core.imageio import load_preview
from ..core.progress import Cancel, Progress
from .convert import to_qimage
from .jobs import Job

THUMB_SIDE = 224


class MakeThumbnail(Job[tuple[str, QImage]]):
    def __init__(
        self,
        path: str,
        then: Callable[[tuple[str, QImage]], None],
        ended: Callable[[], None] = lambda: None,
    ) -> None:
        # Without a thumbnail the name still shows: a failure only ends the job.
        super().__init__(then, failed=lambda *_: ended(), cancelled=ended)
        self.path = path

    def run(self, progress: Progress, cancel: Cancel) -> tuple[str, QImage]:
        return self.path, to_qimage(load_preview(self.path, THUMB_SIDE).rgb)
