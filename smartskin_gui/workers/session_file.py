"""Writing the session's photo settings off the GUI thread (an atomic write fsyncs, which
can take a while on a busy disk): the snapshot is taken on the GUI thread, written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.progress import Cancel, Progress
from ..core.state import PhotoSettings
from .jobs import FailFn, Job


class WriteSession(Job[None]):
    def __init__(
        self, path: Path, snapshot: dict[str, Any], then: Callable[[None], None], failed: FailFn
    ) -> None:
        super().__init__(then, failed)
        self.path, self.snapshot = path, snapshot

    def run(self, progress: Progress, cancel: Cancel) -> None:
        PhotoSettings.write(self.path, self.snapshot)
