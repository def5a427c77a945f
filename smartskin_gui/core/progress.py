"""Progress and cancel callables shared by the core's long jobs (no Qt here)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .errors import CancelledError

#: ``progress(fraction, message)``: fraction in [0, 1] of the whole job.
Progress = Callable[[float, str], None]
#: ``cancel()`` returns True once the user asked to stop.
Cancel = Callable[[], bool]


def check(cancel: Cancel | None) -> None:
    """Raise :class:`CancelledError` if ``cancel`` says so."""
    if cancel is not None and cancel():
        raise CancelledError()


def interruptible_sleep(seconds: float, cancel: Cancel | None, step: float = 0.05) -> None:
    """Sleep ``seconds`` but wake up (and raise) as soon as ``cancel`` says so."""
    deadline = time.monotonic() + seconds
    while True:
        check(cancel)
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(step, left))
