"""The settings dialog's "Test key": one credits query off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from ..core.engine import describe_credits
from ..core.progress import Cancel, Progress
from .jobs import FailFn, Job


class CheckKey(Job[str]):
    def __init__(self, key: str, url: str, then: Callable[[str], None], failed: FailFn) -> None:
        super().__init__(then, failed)
        self.key, self.url = key, url

    def run(self, progress: Progress, cancel: Cancel) -> str:
        return describe_credits(self.key, self.url, cancel)
