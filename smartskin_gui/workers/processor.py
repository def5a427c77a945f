"""The GUI's processing controller: what to compute for the current photo and settings.

- A dropped photo shows at once from a fast screen-sized decode; the full decode follows.
- Local engine: while a slider moves, the screen-sized preview is re-rendered live (at most
  one render in flight; the latest settings win); on release, full resolution follows.
- Cloud engine: one call after the user stops (debounced), never per slider tick, and no
  call when the same photo and settings were already processed (cache).
- Results for settings or photos the user has moved on from are dropped, not shown.
- Workers hand over QImages ready for the view (screen-sized and full size), so the GUI
  thread never converts or scales a 24 MP image.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from ..core.cache import ResultCache
from ..core.imageio import Photo, load_photo, load_preview
from ..core.params import Params
from ..core.pipeline import engine_notes, make_engine, run_engine, shared_local_engine
from ..core.saving import default_output_path, save_image
from ..core.settings import Settings, SettingsStore
from .convert import to_display_qimage, to_qimage
from .jobs import JobRunner

log = logging.getLogger(__name__)

PREVIEW_SIDE = 2048
CANCELLABLE = ("render_full", "cloud", "variant")
FULL_RENDER_DELAY_MS = 350
CLOUD_DEBOUNCE_MS = 700


@dataclass
class Rendered:
    """A finished result: full-resolution pixels (for saving) and the view's two images."""

    pixels: np.ndarray
    screen: QImage  # preview-sized, aligned with the original's preview
    full: QImage
    notes: list[str]

    @property
    def nbytes(self) -> int:
        return int(self.pixels.nbytes * 2 + self.screen.sizeInBytes())


def package(out: np.ndarray, screen_hw: tuple[int, int], notes: list[str]) -> Rendered:
    """Worker side: make the view's images here, so the GUI thread converts nothing big."""
    h, w = screen_hw
    small = (
        out if out.shape[:2] == (h, w) else cv2.resize(out, (w, h), interpolation=cv2.INTER_AREA)
    )
    return Rendered(out, to_display_qimage(small), to_qimage(out), notes)


@dataclass
class _Request:
    kind: str  # preview | photo | render_preview | render_full | cloud | save | variant
    path: str
    params: Params | None = None
    tag: Any = None


class Processor(QObject):
    previewReady = Signal(str, QImage, int, int)  # path, fast original, full width, height
    originalReady = Signal(str, QImage)  # path, full-resolution original
    # path, params, preview-sized image, is full resolution, full-size QImage or None
    resultReady = Signal(str, object, QImage, bool, object)
    variantReady = Signal(object, object, QImage)  # tag, params, image
    progress = Signal(float, str)
    busyChanged = Signal(bool)
    failed = Signal(str, str, str)  # code, message, action
    saved = Signal(str)
    notes = Signal(list)  # what the engine did, for the info line
    photoFailed = Signal(str, str)  # path, message

    def __init__(
        self, store: SettingsStore, settings: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.runner = JobRunner(2, self)
        self.runner.signals.finished.connect(self._on_finished)
        self.runner.signals.failed.connect(self._on_failed)
        self.runner.signals.cancelled.connect(self._on_cancelled)
        self.runner.signals.progress.connect(self._on_progress)
        self.cache: ResultCache[Rendered] = ResultCache()
        self.engine_name = "local"
        self.params = Params(settings.retouch, settings.whitening)
        self.path: str | None = None
        self.preview_rgb: np.ndarray | None = None
        self.photo: Photo | None = None
        self._jobs: dict[int, _Request] = {}
        self._preview_in_flight = False
        self._preview_dirty = False
        self._pending_save: str | None = None
        self._overwrite = False
        self._waiting_variants: list[tuple[Params, Any]] = []
        self._full_timer = QTimer(self, singleShot=True, interval=FULL_RENDER_DELAY_MS)
        self._full_timer.timeout.connect(self._start_full_render)
        self._cloud_timer = QTimer(self, singleShot=True, interval=CLOUD_DEBOUNCE_MS)
        self._cloud_timer.timeout.connect(self._start_cloud)

    # --- state ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Work the user waits for and can cancel (not photo loading or live previews)."""
        return any(r.kind in CANCELLABLE for r in self._jobs.values())

    def current_result(self) -> Rendered | None:
        if self.path is None:
            return None
        return self.cache.get(ResultCache.key(self.path, self.engine_name, self.params))

    def _screen_hw(self) -> tuple[int, int]:
        """The preview's size, which every screen-sized image matches.

        Asked only once the full photo is decoded, and that decode starts after the preview.
        """
        assert self.preview_rgb is not None
        return int(self.preview_rgb.shape[0]), int(self.preview_rgb.shape[1])

    # --- inputs from the window ---------------------------------------------------------------

    def set_photo(self, path: str) -> None:
        if path == self.path:
            return
        self.cancel()
        for job_id, req in list(self._jobs.items()):  # loading of the photo left behind too
            if req.kind in ("preview", "photo", "render_preview"):
                self.runner.cancel(job_id)
        self.path, self.preview_rgb, self.photo = path, None, None
        self._waiting_variants.clear()
        # The screen-sized preview first, alone; the full decode starts once it is shown.
        self._start(_Request("preview", path), lambda p, c: self._load_preview(path), priority=10)

    def set_params(self, params: Params, final: bool) -> None:
        changed = params != self.params
        self.params = params
        self.settings.retouch, self.settings.whitening = params.retouch, params.whitening
        if self.path is None:
            return
        if self.engine_name == "local":
            if changed or final:
                self._request_preview_render()
            if final:
                self._full_timer.start()
        elif final:
            self._cloud_timer.start()

    def set_engine(self, name: str) -> None:
        if name == self.engine_name:
            return
        self.engine_name = name
        self._full_timer.stop()
        self._cloud_timer.stop()
        if self.path is not None:
            self.set_params(self.params, final=True)

    def retry(self) -> None:
        self.set_params(self.params, final=True)
        if self.engine_name == "cloud":
            self._cloud_timer.stop()
            self._start_cloud()

    def cancel(self) -> None:
        """Stop processing (the user pressed Cancel, or moved on to another photo).

        Loading the current photo goes on, and a save already writing completes: stopping
        either would leave a half-opened photo or nothing for a pending save to use.
        """
        self._full_timer.stop()
        self._cloud_timer.stop()
        self._pending_save = None
        for job_id, req in list(self._jobs.items()):
            if req.kind in CANCELLABLE:
                self.runner.cancel(job_id)

    def shutdown(self) -> bool:
        self._full_timer.stop()
        self._cloud_timer.stop()
        return self.runner.shutdown()

    def save(self, target: str | None = None, overwrite: bool = False) -> None:
        """Save the full-resolution result (computing it first if needed)."""
        if self.path is None:
            return
        if target is None:
            out_dir = Path(self.settings.last_save_dir) if self.settings.last_save_dir else None
            target = str(default_output_path(Path(self.path), out_dir))
        self._overwrite = overwrite
        result = self.current_result()
        if result is None or self.photo is None:
            self._pending_save = target
            if self.engine_name == "local":
                self._full_timer.stop()
                self._start_full_render()
            else:
                self._cloud_timer.stop()
                self._start_cloud()
            return
        self._start_save(target, result.pixels)

    def request_variant(self, params: Params, tag: Any) -> None:
        """A render of the current photo with other settings, for the comparison view.

        Local: on the screen-sized preview. Cloud: the full result (cached, so choosing that
        variant afterwards costs nothing more).
        """
        if self.path is None:
            return
        source = self.preview_rgb if self.engine_name == "local" else self.photo
        if source is None:  # not decoded yet: asked again when it is
            self._waiting_variants.append((params, tag))
            return
        path = self.path
        if isinstance(source, np.ndarray):
            rgb = source

            def render(p: Any, c: Any) -> QImage:
                return to_display_qimage(shared_local_engine().enhance(rgb, params, p, c))
        else:
            photo, screen = source, self._screen_hw()

            def render(p: Any, c: Any) -> QImage:
                return self._cloud_result(path, photo, params, screen, p, c).screen

        self._start(_Request("variant", path, params, tag), render)

    def _flush_variants(self) -> None:
        waiting, self._waiting_variants = self._waiting_variants, []
        for params, tag in waiting:
            self.request_variant(params, tag)

    # --- job bodies (worker threads: no widgets, only core + QImage) -----------------------

    def _load_preview(self, path: str) -> tuple[np.ndarray, QImage, tuple[int, int]]:
        rgb, size = load_preview(path, PREVIEW_SIDE)
        return rgb, to_display_qimage(rgb), size

    def _load_photo(self, path: str) -> tuple[Photo, QImage]:
        photo = load_photo(path)
        return photo, to_qimage(photo.rgb)

    def _cloud_result(
        self, path: str, photo: Photo, params: Params, screen_hw: tuple[int, int], p: Any, c: Any
    ) -> Rendered:
        key = ResultCache.key(path, "cloud", params)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        engine = make_engine("cloud", self.store, self.settings)
        out = run_engine(engine, photo, params, p, c)
        result = package(out, screen_hw, engine_notes(engine, photo, params))
        self.cache.put(key, result, result.nbytes)
        return result

    # --- starting jobs ------------------------------------------------------------------------

    def _start(self, req: _Request, fn: Any, priority: int = 0) -> int:
        job_id = self.runner.start(fn, priority)
        if not job_id:  # shutting down
            return 0
        was_busy = self.busy
        self._jobs[job_id] = req
        if not was_busy and self.busy:
            self.busyChanged.emit(True)
        return job_id

    def _request_preview_render(self) -> None:
        if self.preview_rgb is None:
            return
        if self._preview_in_flight:
            self._preview_dirty = True  # coalesce: render the latest settings next
            return
        self._preview_in_flight = True
        self._preview_dirty = False
        rgb, params, path = self.preview_rgb, self.params, self.path
        assert path is not None

        def render(p: Any, c: Any) -> QImage:
            return to_display_qimage(shared_local_engine().enhance(rgb, params, None, c))

        self._start(_Request("render_preview", path, params), render, priority=5)

    def _start_full_render(self) -> None:
        if self.path is None or self.photo is None:
            return  # the full decode is still running: it calls back when done
        cached = self.cache.get(ResultCache.key(self.path, "local", self.params))
        if cached is not None:
            self._deliver_full(self.path, self.params, cached)
            return
        photo, params, path, screen = self.photo, self.params, self.path, self._screen_hw()

        def render(p: Any, c: Any) -> Rendered:
            engine = shared_local_engine()
            out = engine.enhance(photo.rgb, params, p, c)
            return package(out, screen, engine_notes(engine, photo, params))

        self._start(_Request("render_full", path, params), render)

    def _start_cloud(self) -> None:
        if self.path is None or self.photo is None:
            return
        path, params = self.path, self.params
        cached = self.cache.get(ResultCache.key(path, "cloud", params))
        if cached is not None:
            self._deliver_full(path, params, cached)
            return
        if any(
            r.kind == "cloud" and r.params == params and r.path == path for r in self._jobs.values()
        ):
            return  # already on its way
        photo, screen = self.photo, self._screen_hw()

        def call(p: Any, c: Any) -> Rendered:
            return self._cloud_result(path, photo, params, screen, p, c)

        self._start(_Request("cloud", path, params), call)

    def _start_save(self, target: str, pixels: np.ndarray) -> None:
        assert self.photo is not None and self.path is not None
        photo, quality, overwrite = self.photo, self.settings.jpeg_quality, self._overwrite

        def save(p: Any, c: Any) -> str:
            p(0.5, "Saving")
            return str(
                save_image(pixels, Path(target), like=photo, quality=quality, overwrite=overwrite)
            )

        self._start(_Request("save", self.path), save)

    def _deliver_full(self, path: str, params: Params, result: Rendered) -> None:
        if path != self.path or params != self.params:
            return  # stale: the user moved on
        self.resultReady.emit(path, params, result.screen, True, result.full)
        self.notes.emit(result.notes)
        if self._pending_save is not None:
            target, self._pending_save = self._pending_save, None
            self._start_save(target, result.pixels)

    # --- results (GUI thread) -----------------------------------------------------------------

    def _finish(self, job_id: int) -> _Request | None:
        was_busy = self.busy
        req = self._jobs.pop(job_id, None)
        if was_busy and not self.busy:
            self.busyChanged.emit(False)
        return req

    def _on_finished(self, job_id: int, result: Any) -> None:
        req = self._finish(job_id)
        if req is None:
            return
        if req.kind == "variant":
            self.variantReady.emit(req.tag, req.params, result)
        elif req.kind == "save":
            self.saved.emit(result)
        elif req.kind == "render_preview":
            self._preview_in_flight = False
            if req.path == self.path and req.params == self.params:
                self.resultReady.emit(req.path, req.params, result, False, None)
            if self._preview_dirty:
                self._request_preview_render()
        elif req.path != self.path:
            return  # a photo the user has left
        elif req.kind == "preview":
            self.preview_rgb, image, (w, h) = result
            self.previewReady.emit(req.path, image, w, h)
            path = req.path
            self._start(_Request("photo", path), lambda p, c: self._load_photo(path))
            if self.engine_name == "local":
                self._request_preview_render()
                self._flush_variants()
        elif req.kind == "photo":
            self.photo, image = result
            self.originalReady.emit(req.path, image)
            if self.engine_name == "local":
                self._full_timer.start()
            else:
                self._cloud_timer.start()
                self._flush_variants()
        elif req.kind in ("render_full", "cloud"):
            assert req.params is not None
            engine = "cloud" if req.kind == "cloud" else "local"
            self.cache.put(ResultCache.key(req.path, engine, req.params), result, result.nbytes)
            self._deliver_full(req.path, req.params, result)

    def _on_failed(self, job_id: int, code: str, message: str, action: str) -> None:
        req = self._finish(job_id)
        if req is None:
            return
        if req.kind == "render_preview":
            self._preview_in_flight = False
        if req.kind in ("preview", "photo") and req.path == self.path:
            self.photoFailed.emit(req.path, message)
            return
        if req.path == self.path or req.kind == "save":
            self._pending_save = None
            self.failed.emit(code, message, action)

    def _on_cancelled(self, job_id: int) -> None:
        req = self._finish(job_id)
        if req is not None and req.kind == "render_preview":
            self._preview_in_flight = False
            if self._preview_dirty:
                self._request_preview_render()

    def _on_progress(self, job_id: int, fraction: float, message: str) -> None:
        req = self._jobs.get(job_id)
        if req is not None and req.kind in ("render_full", "cloud", "save"):
            self.progress.emit(fraction, message)
