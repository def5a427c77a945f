"""Export: a batch of photos, each with its own settings, run by the core's one batch
runner (:func:`~..core.batch.run_batch`) on a worker thread. Each photo's end is sent to
the GUI thread as it happens; Cancel starts no new photo and stops those in flight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..core.batch import ExportOptions, OutputNamer, PhotoResult, run_batch
from ..core.engine import Engine
from ..core.io.metadata import XmpCulling
from ..core.params import Params
from ..core.progress import Cancel, Progress
from ..core.state import NO_REGIONS, FileStamp, Regions
from .jobs import FailFn, Job

PhotoDone = Callable[[int, PhotoResult], None]  # index into the photos, its result


class ExportItem(NamedTuple):
    """One photo to export: its settings, and the version of the file they were made for
    (None: any; a replaced file is not written with another photo's settings); its rating
    and label for the file's XMP (None: the original's)."""

    path: Path
    params: Params
    expect: FileStamp | None = None
    regions: Regions = NO_REGIONS
    culling: XmpCulling | None = None


class ExportPhotos(Job[list[PhotoResult]]):
    def __init__(
        self,
        photos: Sequence[ExportItem],
        engine: Engine,
        options: ExportOptions,
        workers: int,
        photo_done: PhotoDone,
        then: Callable[[list[PhotoResult]], None],
        cancelled: Callable[[], None],
        failed: FailFn | None = None,
    ) -> None:
        super().__init__(then, failed, cancelled)
        self.photos = list(photos)
        self.engine, self.options, self.workers = engine, options, workers
        self.photo_done = photo_done

    def on_part(self, part: object) -> None:
        assert isinstance(part, tuple)
        index, result = part
        assert isinstance(index, int) and isinstance(result, PhotoResult)
        self.photo_done(index, result)

    def run(self, progress: Progress, cancel: Cancel) -> list[PhotoResult]:
        namer = OutputNamer(self.options)
        namer.prepare()  # a folder that cannot be made fails here, before any (paid) render
        return run_batch(
            [item.path for item in self.photos],
            self.engine,
            [item.params for item in self.photos],
            workers=self.workers,
            cancel=cancel,
            on_result=self._ended,
            namer=namer,
            expect=[item.expect for item in self.photos],
            regions=[item.regions for item in self.photos],
            culling=[item.culling for item in self.photos],
        )

    def _ended(self, index: int, result: PhotoResult) -> None:
        self.send((index, result))  # a worker thread: the GUI gets it as a queued signal
