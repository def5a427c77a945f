"""Engines behind one protocol: ``enhance(image, params, progress, cancel) -> image``."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..params import Params
from ..progress import Cancel, Progress


@runtime_checkable
class Engine(Protocol):
    """Turns an upright uint8 RGB array into a retouched array of the same size."""

    name: str

    def enhance(
        self,
        image: np.ndarray,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> np.ndarray: ...
