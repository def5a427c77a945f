"""The jobs of the photo being worked on: load it, render it, save it.

Each job holds its inputs, does its work on a pool thread and returns images ready for
the view (QImage, never QPixmap), so the GUI thread never converts or scales a big photo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np
from PySide6.QtGui import QImage

from ..core.engine import Engine, local_engine
from ..core.engine.regions import FoundFace, adder, compose, found_faces, run_with_regions
from ..core.errors import PhotoChangedError
from ..core.io import Saved, SaveRequest, load_photo, load_preview, save_result, to_display_srgb
from ..core.params import Params
from ..core.photo import Photo, Preview
from ..core.progress import Cancel, Progress
from ..core.state import FileStamp, Regions, ResultCache, ResultKey, Stroke
from .convert import to_display_qimage, to_qimage
from .jobs import FailFn, Job

PREVIEW_SIDE = 2048


class PhotoSource(Protocol):
    """Where photos come from (files; tests use a fake)."""

    def preview(self, path: str, max_side: int) -> Preview: ...

    def photo(self, path: str) -> Photo: ...


class DiskPhotos:
    def preview(self, path: str, max_side: int) -> Preview:
        return load_preview(path, max_side)

    def photo(self, path: str) -> Photo:
        return load_photo(path)


@dataclass
class LoadedPreview:
    rgb: np.ndarray
    image: QImage
    size: tuple[int, int]  # the photo's full (width, height)
    stamp: FileStamp | None = None  # the file's size and time, read before decoding it


@dataclass
class Rendered:
    """A finished result: full-resolution pixels (for saving) and the view's two images."""

    pixels: np.ndarray  # in the photo's own colour space, for saving
    screen: QImage  # preview-sized, aligned with the original's preview (display colours)
    full: QImage
    notes: list[str]
    engine: str = ""  # what made it, recorded in the saved file
    params: Params | None = None
    unchanged: bool = False  # the photo's own pixels: saving keeps the original file

    @property
    def nbytes(self) -> int:
        return int(self.pixels.nbytes * 2 + self.screen.sizeInBytes())


#: Screen-sized renders of the current photos at each strength, reused while the regions
#: change (a brush stroke recomposes in milliseconds instead of rendering again).
PreviewCache = ResultCache[np.ndarray]


def render_screen(
    engine: Engine,
    rgb: np.ndarray,
    params: Params,
    regions: Regions,
    cancel: Cancel,
    cache: PreviewCache | None = None,
    name: str = "",
) -> QImage:
    """Retouch the screen-sized preview ``rgb`` (with its regions) and make it ready for
    the view. ``cache`` keeps the engine's renders by (``name``, engine, strengths) and
    the "add" strokes' by (``name``, "add", strengths, strokes)."""

    def cached(key: Hashable, make: Callable[[], np.ndarray]) -> np.ndarray:
        pixels = cache.get(key) if cache is not None else None
        if pixels is None:
            pixels = make()
            if cache is not None:
                cache.put(key, pixels)
        return pixels

    def render(p: Params) -> np.ndarray:
        photo = Photo(rgb=rgb, format="JPEG")
        return cached((name, engine.name, p), lambda: engine.run(photo, p, None, cancel).pixels)

    add = adder(engine, rgb, params, cancel)

    def add_source(strokes: Sequence[Stroke]) -> np.ndarray:
        return cached((name, "add", params, tuple(strokes)), lambda: add(strokes))

    base = render(params)
    return to_display_qimage(compose(rgb, base, params, regions, render, add_source))


class LoadPreview(Job[LoadedPreview]):
    """The fast screen-sized decode, shown before anything else.

    A wide-gamut photo's preview is converted to sRGB here, for the screen: live previews
    and comparison variants are made from it and only ever shown. Full renders and saves
    work on the photo's own pixels, in its own space.
    """

    priority = 10

    def __init__(
        self, path: str, source: PhotoSource, then: Callable[[LoadedPreview], None], failed: FailFn
    ) -> None:
        super().__init__(then, failed)
        self.path, self.source = path, source

    def run(self, progress: Progress, cancel: Cancel) -> LoadedPreview:
        stamp = FileStamp.of(self.path)
        preview = self.source.preview(self.path, PREVIEW_SIDE)
        rgb = to_display_srgb(preview.rgb, preview.icc)
        return LoadedPreview(rgb, to_display_qimage(rgb), preview.size, stamp)


class LoadPhoto(Job[tuple[Photo, QImage]]):
    """The full decode, with its full-size QImage for 100% zoom."""

    def __init__(
        self,
        path: str,
        source: PhotoSource,
        then: Callable[[tuple[Photo, QImage]], None],
        failed: FailFn,
    ) -> None:
        super().__init__(then, failed)
        self.path, self.source = path, source

    def run(self, progress: Progress, cancel: Cancel) -> tuple[Photo, QImage]:
        photo = self.source.photo(self.path)
        return photo, to_qimage(to_display_srgb(photo.rgb, photo.icc))


class RenderPreview(Job[QImage]):
    """A live, screen-sized render while a slider moves (local engine)."""

    priority = 5

    def __init__(
        self,
        path: str,
        params: Params,
        regions: Regions,
        rgb: np.ndarray,
        engine: Engine,
        cache: PreviewCache,
        then: Callable[[QImage], None],
        ended: Callable[[], None],
        stamp: FileStamp | None = None,
    ) -> None:
        super().__init__(then, lambda *_: ended(), ended)
        self.path, self.params, self.regions, self.rgb = path, params, regions, rgb
        self.engine, self.cache = engine, cache
        self.name = f"{path}|{stamp}"  # a file replaced since is another photo

    def run(self, progress: Progress, cancel: Cancel) -> QImage:
        return render_screen(
            self.engine, self.rgb, self.params, self.regions, cancel, self.cache, self.name
        )


class RenderFull(Job[Rendered]):
    """The full-resolution result of one engine; the user waits for it and can cancel it."""

    cancellable = True
    reports_progress = True

    def __init__(
        self,
        key: ResultKey,
        photo: Photo,
        screen_hw: tuple[int, int],
        engine: Engine,
        then: Callable[[Rendered], None],
        failed: FailFn,
    ) -> None:
        super().__init__(then, failed)
        self.key, self.photo, self.engine, self.screen_hw = key, photo, engine, screen_hw

    def run(self, progress: Progress, cancel: Cancel) -> Rendered:
        params = self.key.params
        result = run_with_regions(
            self.engine, self.photo, params, self.key.regions, progress, cancel
        )
        out, (h, w) = result.pixels, self.screen_hw
        shown = to_display_srgb(out, self.photo.icc)
        small = (
            shown
            if shown.shape[:2] == (h, w)
            else cv2.resize(shown, (w, h), interpolation=cv2.INTER_AREA)
        )
        return Rendered(
            out,
            to_display_qimage(small),
            to_qimage(shown),
            [*self.photo.notes, *result.messages],
            self.engine.name,
            params,
            result.unchanged,
        )


class RenderVariant(Job[QImage]):
    """A render for the comparison view: another setting on the screen-sized preview."""

    cancellable = True

    def __init__(
        self,
        params: Params,
        regions: Regions,
        rgb: np.ndarray,
        engine: Engine,
        then: Callable[[QImage], None],
        failed: FailFn,
    ) -> None:
        super().__init__(then, failed)
        self.params, self.regions, self.rgb, self.engine = params, regions, rgb, engine

    def run(self, progress: Progress, cancel: Cancel) -> QImage:
        return render_screen(self.engine, self.rgb, self.params, self.regions, cancel)


class FindFaces(Job[list[FoundFace]]):
    """The faces of the photo on screen, for the view's markers (from its preview: the
    local engine's analysis of the preview is reused when a preview render made it)."""

    priority = 2

    def __init__(
        self, rgb: np.ndarray, then: Callable[[list[FoundFace]], None], failed: FailFn
    ) -> None:
        super().__init__(then, failed)
        self.rgb = rgb

    def run(self, progress: Progress, cancel: Cancel) -> list[FoundFace]:
        return found_faces(self.rgb, local_engine())


class SaveResult(Job[Saved]):
    """Write the full-resolution result with the original's depth, profile and metadata,
    and the engine and settings that made it, where and how the user asked. (No progress
    of its own: the status bar says "Saving…" until it ends, and nothing is left saying so
    afterwards, as a progress text would be, a save not being a job one waits on.)"""

    def __init__(
        self,
        result: Rendered,
        original: Photo,
        request: SaveRequest,
        then: Callable[[Saved], None],
        failed: FailFn,
        stamp: FileStamp | None = None,
    ) -> None:
        super().__init__(then, failed)
        self.result, self.original, self.request = result, original, request
        self.stamp = stamp  # the file's version when it was opened

    def run(self, progress: Progress, cancel: Cancel) -> Saved:
        result, request, source = self.result, self.request, self.original.source
        if self.stamp is not None and source is not None and FileStamp.of(source) != self.stamp:
            raise PhotoChangedError.since_opened(source.name)
        return save_result(
            result.pixels,  # promise: save-the-result
            request.target,
            original=self.original,
            overwrite=request.overwrite,
            engine=result.engine,
            params=result.params,
            choices=request.choices,
            unchanged=result.unchanged,
            culling=request.culling,
        )
