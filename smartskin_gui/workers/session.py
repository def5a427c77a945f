"""The session: the photo being worked on, its settings, what is on screen.

It owns the one stale check: a result is shown only if it is for the current photo and
settings (:meth:`Session.accept`). Qt-free, so it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.imageio import Photo
from ..core.params import Params


@dataclass(frozen=True)
class Shown:
    """What the result side of the view shows."""

    path: str
    params: Params
    engine: str
    full: bool


class Session:
    def __init__(self, params: Params | None = None, engine: str = "local") -> None:
        self.path: str | None = None
        self.params = params or Params()
        self.engine = engine
        self.preview: np.ndarray | None = None  # screen-sized upright RGB
        self.photo: Photo | None = None  # the full decode
        self.shown: Shown | None = None

    # --- changes --------------------------------------------------------------------------

    def open(self, path: str) -> bool:
        """Make ``path`` the current photo; False if it already is."""
        if path == self.path:
            return False
        self.path, self.preview, self.photo, self.shown = path, None, None, None
        return True

    def set_params(self, params: Params) -> bool:
        """True if the settings changed."""
        changed = params != self.params
        self.params = params
        return changed

    def set_engine(self, engine: str) -> bool:
        if engine == self.engine:
            return False
        self.engine, self.shown = engine, None
        return True

    # --- questions ------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        """Previews re-render while a slider moves (the local engine is fast and free)."""
        return self.engine == "local"

    def is_current(self, path: str | None, params: Params | None = None) -> bool:
        """Is this still the photo (and, if given, the settings) the user is looking at?"""
        return path == self.path and (params is None or params == self.params)

    def screen_hw(self) -> tuple[int, int]:
        """The preview's size, which every screen-sized image matches."""
        assert self.preview is not None
        return int(self.preview.shape[0]), int(self.preview.shape[1])

    def accept(self, path: str, params: Params, engine: str, full: bool) -> bool:
        """The one stale check: may this result be shown? Records it if so.

        A result for another photo, other settings or another engine is dropped, and so is a
        screen-sized preview once the full-resolution result of the same settings is shown.
        """
        if not self.is_current(path, params) or engine != self.engine:
            return False
        shown = Shown(path, params, engine, full)
        if not full and self.shown == Shown(path, params, engine, True):
            return False
        self.shown = shown
        return True
