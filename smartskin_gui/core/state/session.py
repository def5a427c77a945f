"""The photo being worked on (:class:`PhotoSession`): its settings, engine, what is on screen.

It owns the one stale check: a result is shown only if it is for the current photo and
settings (:meth:`PhotoSession.accept`). Qt-free, so it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..engine_info import PREVIEW, engine_info
from ..params import Params
from ..photo import Photo
from .records import NO_REGIONS, FileStamp, Regions


class ResultKey(NamedTuple):
    """A full result's identity: the photo (its path and the file's stamp when it loaded),
    the engine and the settings. A file replaced under the same name is another photo."""

    path: str
    stamp: FileStamp | None
    engine: str
    params: Params
    regions: Regions = NO_REGIONS  # faces with settings of their own, brush strokes


@dataclass(frozen=True)
class Shown:
    """What the result side of the view shows."""

    path: str
    params: Params
    engine: str
    full: bool
    regions: Regions = NO_REGIONS


class PhotoSession:
    def __init__(self, params: Params | None = None, engine: str = PREVIEW.name) -> None:
        self.path: str | None = None
        self.params = params or Params()
        self.regions = Regions()
        self.engine = engine
        self.preview: np.ndarray | None = None  # screen-sized upright RGB
        self.photo: Photo | None = None  # the full decode
        self.stamp: FileStamp | None = None  # the file's size and time when it loaded
        self.load_error: str | None = None  # why the photo could not be opened
        self.shown: Shown | None = None

    # --- changes --------------------------------------------------------------------------

    def open(self, path: str | None) -> bool:
        """Make ``path`` the current photo (None: none); False if it already is."""
        if path == self.path:
            return False
        self.path, self.preview, self.photo, self.shown = path, None, None, None
        self.stamp, self.load_error = None, None
        return True

    def set_params(self, params: Params) -> bool:
        """True if the settings changed."""
        changed = params != self.params
        self.params = params
        return changed

    def set_regions(self, regions: Regions) -> bool:
        """True if the faces' settings or the strokes changed."""
        changed = regions != self.regions
        self.regions = regions
        return changed

    def set_engine(self, engine: str) -> bool:
        if engine == self.engine:
            return False
        self.engine, self.shown = engine, None
        return True

    # --- questions ------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        """Previews re-render while a slider moves: always with the local engine, which is
        fast and free, also when the cloud engine is chosen (it renders only on request)."""
        return True

    @property
    def paid(self) -> bool:
        """The chosen engine charges for each render (it runs only when the user asks)."""
        return engine_info(self.engine).paid

    def shows_paid_result(self) -> bool:
        """Is the paid engine's result for the current settings on screen?"""
        s = self.shown
        return (
            s is not None
            and s.engine == self.engine
            and self.paid
            and self.is_current(s.path, s.params, s.regions)
        )

    def is_current(
        self, path: str | None, params: Params | None = None, regions: Regions | None = None
    ) -> bool:
        """Is this still the photo (and, if given, the settings and regions) the user is
        looking at?"""
        return (
            path == self.path
            and (params is None or params == self.params)
            and (regions is None or regions == self.regions)
        )

    def key(self, engine: str | None = None, params: Params | None = None) -> ResultKey:
        """The key of the current photo's full result (by default: chosen engine, settings,
        the current regions)."""
        assert self.path is not None
        return ResultKey(
            self.path,
            self.stamp,  # promise: result-key-stamp
            self.engine if engine is None else engine,
            self.params if params is None else params,
            self.regions,
        )

    def screen_hw(self) -> tuple[int, int]:
        """The preview's size, which every screen-sized image matches."""
        assert self.preview is not None
        return int(self.preview.shape[0]), int(self.preview.shape[1])

    def accept(
        self, path: str, params: Params, engine: str, full: bool, regions: Regions = NO_REGIONS
    ) -> bool:
        """The one stale check: may this result be shown? Records it if so.

        A result for another photo, other settings or another engine (the local engine always
        counts: it makes the free previews) is dropped, and so is a screen-sized preview once
        the full-resolution result of the same settings is shown, and a local result once
        the chosen paid engine's result of the same settings is.
        """
        if not self.is_current(path, params, regions) or engine not in (
            PREVIEW.name,
            self.engine,
        ):  # promise: one-stale-check
            return False
        shown = Shown(path, params, engine, full, regions)
        if not full and self.shown == Shown(path, params, engine, True, regions):
            return False
        if engine != self.engine and self.shows_paid_result():
            return False
        self.shown = shown
        return True
