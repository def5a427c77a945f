"""Progress text for a batch: "N of M", time elapsed, and an estimate of the time left."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field


def format_duration(seconds: float) -> str:
    """``0:07``, ``12:30``, ``1:02:03``: how photographers read a clock."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def estimate_remaining(done: int, total: int, elapsed: float) -> float | None:
    """Seconds left at the average pace so far; None until the first photo is done."""
    if done <= 0 or elapsed <= 0:
        return None
    return elapsed / done * max(0, total - done)


@dataclass
class BatchClock:
    """Times one batch. ``clock`` is injectable for tests (default: ``time.monotonic``)."""

    total: int
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def elapsed(self) -> float:
        return self.clock() - self.started

    def remaining(self, done: int) -> float | None:
        return estimate_remaining(done, self.total, self.elapsed())

    def count_text(self, done: int) -> str:
        return f"{done} of {self.total}"

    def time_text(self, done: int) -> str:
        """``0:12 elapsed · about 1:48 left`` (no estimate before the first photo)."""
        text = f"{format_duration(self.elapsed())} elapsed"
        left = self.remaining(done)
        if done >= self.total:
            return text
        return text + (
            " · estimating time left" if left is None else f" · about {format_duration(left)} left"
        )

    def short_time_text(self, done: int) -> str:
        """:meth:`time_text` where room is short: ``about 1:48 left`` (``estimating…``
        before the first photo; the time elapsed once all are done)."""
        left = self.remaining(done)
        if done >= self.total:
            return f"{format_duration(self.elapsed())} elapsed"
        return "estimating…" if left is None else f"about {format_duration(left)} left"

    def stopping_text(self) -> str:
        """Once Cancel is pressed: ``0:12 elapsed · stopping…`` (no time left: no new photo
        starts, the photos under way stop at their next check)."""
        return f"{format_duration(self.elapsed())} elapsed · stopping…"
