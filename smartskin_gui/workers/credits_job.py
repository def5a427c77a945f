"""The credits left on the API key, asked off the GUI thread (status bar, before paying)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.cloud import SmartSkinClient
from ..core.engine import resolve_api_url
from ..core.progress import Cancel, Progress
from ..core.state import AppSettings
from .jobs import FailFn, Job


class QueryCredits(Job[int | None]):
    def __init__(
        self, key: str, settings: AppSettings, then: Callable[[int | None], None], failed: FailFn
    ) -> None:
        super().__init__(then, failed)
        self.key, self.settings = key, settings

    def run(self, progress: Progress, cancel: Cancel) -> int | None:
        client = SmartSkinClient(self.key, resolve_api_url(self.settings))
        try:
            remaining = client.query_credits(cancel).remaining
            return None if remaining is None else int(remaining)
        finally:
            client.close()
