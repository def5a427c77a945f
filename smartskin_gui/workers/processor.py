"""The GUI's processing controller: what to compute for the current photo and settings.

- A dropped photo shows at once from a fast screen-sized decode; the full decode follows.
- Local engine: while a slider moves, the screen-sized preview is re-rendered live (the
  :class:`~.scheduler.PreviewScheduler` coalesces ticks); on release, full resolution follows.
- Cloud engine: previews and the full-resolution result come from the local engine, for
  free; a paid call happens only on request (:meth:`Processor.render_cloud`), on Save, or
  for a comparison the user agreed to, never when a photo is selected or a slider moves,
  and never twice for the same photo and settings (cache).
- Results for settings or photos the user has moved on from are dropped by the
  :class:`~..core.state.PhotoSession`'s one check, not here.

The work itself is in typed jobs (:mod:`.photo_jobs`), each carrying its continuation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..core.engine import Engine, close_clients, make_engine
from ..core.engine.regions import FoundFace
from ..core.engine_info import PREVIEW, EngineInfo, engine_info
from ..core.errors import NothingToSaveError, PhotoChangedError, SmartSkinError
from ..core.io import Saved, SaveRequest
from ..core.io.metadata import XmpCulling
from ..core.params import Params
from ..core.photo import Photo
from ..core.state import (
    NO_REGIONS,
    AppSettings,
    FileStamp,
    PhotoSession,
    Regions,
    ResultCache,
    ResultKey,
    SettingsStore,
)
from .jobs import JobRunner
from .photo_jobs import (
    DiskPhotos,
    FindFaces,
    LoadedPreview,
    LoadPhoto,
    LoadPreview,
    PhotoSource,
    PreviewCache,
    Rendered,
    RenderFull,
    RenderPreview,
    RenderVariant,
    SaveResult,
)
from .scheduler import PreviewScheduler

log = logging.getLogger(__name__)

EngineSource = Callable[[str], Engine]


class SavedResult(NamedTuple):
    """A result Save wrote: from which photo (and which version of its file), where, with
    which settings and engine."""

    source: str
    output: str
    params: Params
    engine: str
    stamp: FileStamp | None


class PendingSave(NamedTuple):
    """A save waiting for its render: the result it needs and where it goes."""

    key: ResultKey
    request: SaveRequest


def engine_source(store: SettingsStore, settings: AppSettings) -> EngineSource:
    """Engines by name, read from the settings in force when each is asked for."""
    return partial(make_engine, store=store, settings=settings)


class Processor(QObject):
    previewReady = Signal(str, QImage, int, int)  # path, fast original, full width, height
    originalReady = Signal(str, QImage)  # path, full-resolution original
    # path, params, preview-sized image, is full resolution, full-size QImage or None
    resultReady = Signal(str, object, QImage, bool, object)
    variantReady = Signal(object, object, QImage)  # tag, params, image
    progress = Signal(float, str)
    busyChanged = Signal(bool)
    failed = Signal(object)  # SmartSkinError
    engineChanged = Signal(object)  # EngineInfo of the engine now chosen
    paramsChanged = Signal(object)  # Params of the current photo, as they change
    regionsChanged = Signal(object)  # its Regions (faces' settings, strokes), as they change
    saved = Signal(str)  # the file written
    resultSaved = Signal(object)  # SavedResult: what was written from which photo
    saveNotes = Signal(list)  # what the save changed (e.g. "saved as RGB"), for the message bar
    notes = Signal(list)  # what the engine did, for the info line
    facesFound = Signal(str, list)  # path, the faces found (FoundFace), left to right
    photoFailed = Signal(str, str)  # path, message

    def __init__(
        self,
        engines: EngineSource,
        params: Params | None = None,
        source: PhotoSource | None = None,
        parent: QObject | None = None,
        engine: str = PREVIEW.name,
    ) -> None:
        super().__init__(parent)
        self.engines = engines
        self.source: PhotoSource = source or DiskPhotos()
        self.session = PhotoSession(params, engine_info(engine).name)
        self.cache: ResultCache[Rendered] = ResultCache()
        self.previews: PreviewCache = ResultCache(max_bytes=300_000_000)
        self.faces: list[FoundFace] = []  # the current photo's, once found
        self.runner = JobRunner(2, self)
        self.runner.busyChanged.connect(self.busyChanged)
        self.runner.progress.connect(self.progress)
        self.runner.failed.connect(self.failed)
        self.scheduler = PreviewScheduler(self._start_preview, self._start_final, self)
        self._pending_save: PendingSave | None = None
        self._retry_paid = False  # the last failure was a paid render: Retry asks again
        self._waiting_variants: list[tuple[Params, object]] = []
        #: The rating and label a photo's saved file gets in its XMP (the window's culling).
        self.culling_of: Callable[[str], XmpCulling | None] = _no_culling

    # --- state (owned by the session) ---------------------------------------------------------

    @property
    def path(self) -> str | None:
        return self.session.path

    @property
    def params(self) -> Params:
        return self.session.params

    @property
    def photo(self) -> Photo | None:
        return self.session.photo

    @property
    def engine(self) -> EngineInfo:
        """The chosen engine."""
        return engine_info(self.session.engine)

    @property
    def busy(self) -> bool:
        """Work the user waits for and can cancel (not photo loading or live previews)."""
        return self.runner.busy

    def current_result(self) -> Rendered | None:
        """The full result of the chosen engine for the current photo and settings, if made."""
        s = self.session
        return None if s.path is None else self.cache.get(s.key())

    @property
    def saving(self) -> bool:
        """A save is waiting for its render or being written."""
        return self._pending_save is not None or any(
            isinstance(j, SaveResult) for j in self.runner.jobs()
        )

    def rendering(self, key: ResultKey) -> bool:
        """Is the full result of (photo, engine, settings) on its way? A cancelled render
        is not: it will never deliver."""
        return any(
            isinstance(j, RenderFull)
            and j.key == key
            and not j.cancel_event.is_set()  # promise: cancelled-is-not-on-its-way
            for j in self.runner.jobs()
        )

    def rendering_current(self) -> bool:
        """Is the chosen engine's full result for the current photo and settings on its way?"""
        return self.session.path is not None and self.rendering(self.session.key())

    def render_cloud(self) -> None:
        """The paid engine's full result for the current photo and settings (on request)."""
        s = self.session
        if s.path is not None:
            self._render_full(s.key())

    # --- inputs from the window ---------------------------------------------------------------

    def set_photo(self, path: str) -> None:
        if not self.session.open(path):
            return
        self._leave_photo()
        # The screen-sized preview first, alone; the full decode starts once it is shown.
        failed = partial(self._load_failed, path)
        self.runner.start(
            LoadPreview(path, self.source, partial(self._preview_loaded, path), failed)
        )

    def close_photo(self) -> None:
        """No photo: the one shown was taken out of the session (a save already writing
        completes)."""
        if not self.session.open(None):
            return
        self._leave_photo()
        self.facesFound.emit("", [])  # none known: no photo

    def _leave_photo(self) -> None:
        """Stop all work on the photo left: its renders, its loading and previews too (a
        save already writing completes)."""
        self.cancel()
        self.runner.cancel(keep=lambda job: isinstance(job, SaveResult))
        self._waiting_variants.clear()
        self.faces = []

    def set_params(self, params: Params, final: bool) -> None:
        changed = self.session.set_params(params)
        if changed:
            self.paramsChanged.emit(params)
        self._follow(changed, final)

    def set_regions(self, regions: Regions, final: bool) -> None:
        """The current photo's faces' settings or brush strokes changed (``final``: the
        stroke or the change is done; during a stroke only the preview follows)."""
        changed = self.session.set_regions(regions)
        if changed:
            self.regionsChanged.emit(regions)
        self._follow(changed, final)

    def _follow(self, changed: bool, final: bool) -> None:
        """The render follows a change: the live preview while it goes on (or once more at
        its end), the full-resolution result when it is ``final``."""
        if self.session.path is None:
            return
        if self.session.live and (changed or final):
            self.scheduler.preview()
        if final:
            self.scheduler.final(self.session.live)

    def set_engine(self, name: str) -> None:
        if not self.session.set_engine(engine_info(name).name):
            return
        self.scheduler.stop()
        self.engineChanged.emit(self.engine)
        self.set_params(self.session.params, final=True)

    def retry(self) -> None:
        self.set_params(self.session.params, final=True)
        if self._retry_paid:
            self._retry_paid = False
            self.render_cloud()

    def cancel(self) -> None:
        """Stop processing (the user pressed Cancel, or moved on to another photo).

        Loading the current photo goes on, and a save already writing completes: stopping
        either would leave a half-opened photo or nothing for a pending save to use.
        """
        self.scheduler.stop()
        self._pending_save = None
        self.runner.cancel(keep=lambda job: not job.cancellable)  # promise: cancel-reaches-render

    def shutdown(self) -> bool:
        self.scheduler.stop()
        stopped = self.runner.shutdown()
        close_clients()
        return stopped

    def save(self, request: SaveRequest) -> None:
        """Save the full-resolution result as ``request`` says (computing it first if
        needed), with the settings of this moment even if a slider moves meanwhile."""
        s = self.session
        if s.path is None:
            return
        if s.load_error is not None:  # no result will ever come
            self._nothing_to_save()
            return
        if request.culling is None:  # the photo's rating and label as Save was pressed
            request = request._replace(culling=self.culling_of(s.path))
        key = s.key()
        result, photo = self.cache.get(key), s.photo
        if result is None or photo is None:
            self._pending_save = PendingSave(key, request)
            if not s.paid:
                self.scheduler.final_timer.stop()
            self._render_full(key)
            return
        self._start_save(key, result, photo, request)

    def request_variant(self, params: Params, tag: object) -> None:
        """A render of the current photo with other settings, for the comparison view.

        Local: on the screen-sized preview. Cloud: the full result (cached, so choosing that
        variant afterwards costs nothing more).
        """
        s = self.session
        if s.path is None:
            return
        if (s.photo if s.paid else s.preview) is None:  # not decoded yet: asked again when it is
            self._waiting_variants.append((params, tag))
            return
        engine = self._engine(s.engine)
        if engine is None:
            return
        path, failed = s.path, partial(self._render_failed, s.path, s.paid)
        if not s.paid:
            assert s.preview is not None
            then = partial(self._variant_done, path, tag, params)
            self.runner.start(RenderVariant(params, s.regions, s.preview, engine, then, failed))
            return
        key = s.key(params=params)
        cached = self.cache.get(key)
        if cached is not None:
            self.variantReady.emit(tag, params, cached.screen)
            return
        assert s.photo is not None
        then_full = partial(self._cloud_variant_done, key, tag)
        self.runner.start(RenderFull(key, s.photo, s.screen_hw(), engine, then_full, failed))

    # --- starting work ------------------------------------------------------------------------

    def _engine(self, name: str) -> Engine | None:
        try:
            return self.engines(name)
        except SmartSkinError as err:
            self.failed.emit(err)
            return None

    def _start_preview(self) -> bool:
        s = self.session
        if s.path is None or s.preview is None or not s.live:
            return False
        engine = self._engine(PREVIEW.name)  # previews are free, whichever engine is chosen
        if engine is None:
            return False
        path, params, regions = s.path, s.params, s.regions
        then = partial(self._preview_rendered, path, params, regions)
        return self.runner.start(
            RenderPreview(
                path,
                params,
                regions,
                s.preview,
                engine,
                self.previews,
                then,
                self.scheduler.preview_ended,
                s.stamp,
            )
        )

    def _start_final(self) -> None:
        """The free full-resolution result (the local engine), after the sliders settle."""
        s = self.session
        if s.path is not None:
            self._render_full(s.key(engine=PREVIEW.name))

    def _render_full(self, key: ResultKey) -> None:
        s = self.session
        if s.path is None or s.photo is None:
            return  # the full decode is still running: it asks again when done
        cached = self.cache.get(key)
        if cached is not None:
            self._deliver_full(key, cached)
            return
        if self.rendering(key):
            return  # already on its way
        engine = self._engine(key.engine)
        if engine is None:
            self._pending_save = None
            return
        self._retry_paid = False
        then = partial(self._full_rendered, key)
        failed = partial(self._render_failed, key.path, engine_info(key.engine).paid)
        self.runner.start(RenderFull(key, s.photo, s.screen_hw(), engine, then, failed))

    def _start_save(
        self, key: ResultKey, result: Rendered, photo: Photo, request: SaveRequest
    ) -> None:
        then = partial(self._saved, key, result)
        failed = partial(self._save_failed, key.path)
        self.runner.start(SaveResult(result, photo, request, then, failed, key.stamp))

    def _flush_variants(self) -> None:
        waiting, self._waiting_variants = self._waiting_variants, []
        for params, tag in waiting:
            self.request_variant(params, tag)

    # --- continuations (GUI thread) -----------------------------------------------------------

    def _preview_loaded(self, path: str, loaded: LoadedPreview) -> None:
        s = self.session
        if not s.is_current(path):
            return
        s.preview, s.stamp = loaded.rgb, loaded.stamp
        pending = self._pending_save
        if pending is not None:  # a save asked for before the file was read: now it has a stamp
            key = s.key(pending.key.engine, pending.key.params)
            self._pending_save = pending._replace(key=key)
        self.previewReady.emit(path, loaded.image, *loaded.size)
        faces = partial(self._faces_found, path)
        self.runner.start(FindFaces(loaded.rgb, faces, lambda err: faces([])))
        failed = partial(self._load_failed, path)
        self.runner.start(LoadPhoto(path, self.source, partial(self._photo_loaded, path), failed))
        if s.live:
            self.scheduler.preview()
            self._flush_variants()

    def _photo_loaded(self, path: str, loaded: tuple[Photo, QImage]) -> None:
        s = self.session
        if not s.is_current(path):
            return
        s.photo, image = loaded
        self.originalReady.emit(path, image)
        if self._pending_save is not None:
            self._render_full(self._pending_save.key)  # a save asked for while it loaded
        self.scheduler.final(True)
        if s.paid:
            self._flush_variants()

    def _faces_found(self, path: str, faces: list[FoundFace]) -> None:
        if self.session.is_current(path):
            self.faces = faces
            self.facesFound.emit(path, faces)

    def _preview_rendered(self, path: str, params: Params, regions: Regions, image: QImage) -> None:
        self._show(path, params, PREVIEW.name, image, None, regions)  # promise: preview-stale-check
        self.scheduler.preview_ended()

    def _full_rendered(self, key: ResultKey, result: Rendered) -> None:
        self.cache.put(key, result, result.nbytes)
        self._deliver_full(key, result)

    def _deliver_full(self, key: ResultKey, result: Rendered) -> None:
        pending = self._pending_save
        # The save is of the settings at the time of Ctrl+S, even if the user moved on since.
        if pending is not None and pending.key == key and self.session.photo is not None:
            self._pending_save = None
            self._start_save(key, result, self.session.photo, pending.request)
        shown = self._show(
            key.path, key.params, key.engine, result.screen, result.full, key.regions
        )  # promise: full-stale-check
        if shown:
            self.notes.emit(result.notes)

    def _show(
        self,
        path: str,
        params: Params,
        engine: str,
        screen: QImage,
        full: QImage | None,
        regions: Regions = NO_REGIONS,
    ) -> bool:
        if not self.session.accept(path, params, engine, full is not None, regions):
            return False  # stale: the user moved on
        self.resultReady.emit(path, params, screen, full is not None, full)
        return True

    def _variant_done(self, path: str, tag: object, params: Params, image: QImage) -> None:
        if self.session.is_current(path):
            self.variantReady.emit(tag, params, image)

    def _cloud_variant_done(self, key: ResultKey, tag: object, result: Rendered) -> None:
        self.cache.put(key, result, result.nbytes)
        self._variant_done(key.path, tag, key.params, result.screen)

    def _saved(self, key: ResultKey, result: Rendered, saved: Saved) -> None:
        self.saved.emit(str(saved.path))
        self.resultSaved.emit(
            SavedResult(
                key.path, str(saved.path), result.params or key.params, result.engine, key.stamp
            )
        )
        if saved.notes:
            self.saveNotes.emit(list(saved.notes))

    def _save_failed(self, path: str, err: SmartSkinError) -> None:
        self._failed(err)
        if isinstance(err, PhotoChangedError) and self.session.is_current(path):
            self.reload()

    def reload(self) -> None:
        """Open the current photo again from its file (it changed on disk)."""
        path = self.session.path
        if path is not None:
            self.session.open(None)
            self.set_photo(path)

    def _load_failed(self, path: str, err: SmartSkinError) -> None:
        if self.session.is_current(path):
            self.session.load_error = err.message
            self.photoFailed.emit(path, err.message)
            if self._pending_save is not None:  # a save asked for while it loaded
                self._nothing_to_save()

    def _nothing_to_save(self) -> None:
        self._failed(NothingToSaveError())

    def _render_failed(self, path: str, paid: bool, err: SmartSkinError) -> None:
        if self.session.is_current(path):
            self._retry_paid = paid
            self._failed(err)

    def _failed(self, err: SmartSkinError) -> None:
        self._pending_save = None
        self.failed.emit(err)


def _no_culling(path: str) -> XmpCulling | None:
    return None
