"""Filmstrip thumbnails, decoded off the GUI thread, with the rating and colour label
another program wrote into the file's XMP (read from the same file, on the same thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtGui import QImage

from ..core.errors import SmartSkinError
from ..core.io import load_preview
from ..core.io.metadata import XmpCulling, culling_from_file
from ..core.progress import Cancel, Progress
from .convert import to_display_qimage
from .jobs import Job

THUMB_SIDE = 224


class Thumbnail(NamedTuple):
    path: str
    image: QImage
    culling: XmpCulling | None = None  # the file's own xmp:Rating and xmp:Label, if any


class MakeThumbnail(Job[Thumbnail]):
    def __init__(
        self,
        path: str,
        then: Callable[[Thumbnail], None],
        ended: Callable[[], None] = lambda: None,
        broken: Callable[[str, str], None] = lambda path, why: None,
    ) -> None:
        # Without a thumbnail the name still shows; ``broken`` hears why (path, sentence).
        super().__init__(then, failed=self._failed, cancelled=ended)
        self.path, self.ended, self.broken = path, ended, broken

    def _failed(self, err: SmartSkinError) -> None:
        self.broken(self.path, err.message)
        self.ended()

    def run(self, progress: Progress, cancel: Cancel) -> Thumbnail:
        # Qt's display format: the GUI thread's QPixmap.fromImage is then a plain copy.
        image = to_display_qimage(load_preview(self.path, THUMB_SIDE).rgb)
        return Thumbnail(self.path, image, culling_from_file(self.path))
