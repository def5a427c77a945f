"""At start, off the GUI thread: the temp files a killed or crashed SmartSkin left in the
folders it writes (the settings folder, where it saved and exported) are removed, however
young, unless another running SmartSkin holds them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.io import sweep_leftovers
from ..core.progress import Cancel, Progress
from .jobs import Job


class SweepLeftovers(Job[list[Path]]):
    priority = -5  # after everything the user waits for

    def __init__(self, folders: Iterable[Path]) -> None:
        super().__init__(lambda removed: None)
        self.folders = list(dict.fromkeys(folders))

    def run(self, progress: Progress, cancel: Cancel) -> list[Path]:
        return sweep_leftovers(f for f in self.folders if not cancel())
