"""Engines behind one contract: ``run(photo, params, progress, cancel) -> EngineResult``.

An engine returns everything it knows about its run, so callers never ask it twice or
test its type: the retouched pixels, notes for the user (faces found...) and what was
changed on the way (a downscaled upload...). ``unchanged`` says the pixels are the
photo's own (no face found, or settings that change nothing), so saving may keep the
original file as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from ..params import Params
from ..photo import Photo
from ..progress import Cancel, Progress


@dataclass(frozen=True)
class EngineResult:
    """One run: full-size pixels, notes about the photo, changes made on the way, and
    whether nothing was retouched (``pixels`` are then the photo's own)."""

    pixels: np.ndarray
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    unchanged: bool = False

    @property
    def messages(self) -> list[str]:
        """Everything the user should read about this run."""
        return [*self.notes, *self.changes]


@runtime_checkable
class Engine(Protocol):
    """Turns an upright photo into retouched pixels of the same size."""

    name: str

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult: ...
