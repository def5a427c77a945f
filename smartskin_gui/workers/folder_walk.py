"""Opening files and folders: the walk runs off the GUI thread and sends photos in chunks,
so a folder of thousands of photos never blocks the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.batch import expand_inputs
from ..core.io import is_supported_path
from ..core.progress import Cancel, Progress, check
from .jobs import Job

CHUNK = 200


def why_skipped(path: Path) -> str | None:
    """Why ``path`` cannot be opened, as a short phrase; None if it is a photo."""
    if not path.is_file():
        return f"“{path.name}” was not found"
    if not is_supported_path(path):
        return f"“{path.name}” is not a supported photo"
    return None


class WalkPaths(Job[list[str]]):
    """Finds the photos in ``paths`` (files and folders); sends chunks of resolved paths and
    ends with what was skipped, as short phrases for the user."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        found: Callable[[list[Path]], None],
        then: Callable[[list[str]], None],
    ) -> None:
        super().__init__(then)
        self.paths, self.found = list(paths), found

    def on_part(self, part: object) -> None:
        assert isinstance(part, list)
        self.found(part)

    def run(self, progress: Progress, cancel: Cancel) -> list[str]:
        skipped: list[str] = []
        chunk: list[Path] = []
        for path in expand_inputs(self.paths):
            check(cancel)
            why = why_skipped(path)
            if why is not None:
                skipped.append(why)
            else:
                chunk.append(path.resolve())
                if len(chunk) >= CHUNK:
                    self.send(chunk)
                    chunk = []
        if chunk:
            self.send(chunk)
        return skipped
