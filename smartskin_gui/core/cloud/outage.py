"""A batch stops paying time for a service that is down: :class:`OutageWatch`.

Each photo of a batch retries the service's passing failures (1, 2, 4, 8 s), so with the
service down every photo spent its whole retry schedule: 10 photos, 3 at a time, took about
a minute to fail. One watch per batch (the cloud engine of that batch) instead:

- a failure that will not change by trying another photo (wrong key, no credits, account
  locked, wrong address, a redirect, a TLS failure) stops the batch at once;
- after the first photo failed with the service down (network, 5xx, busy, timeouts, answers
  that are not the service's) after all its retries, the next photos try once, without
  retries; when :data:`TRIP_AFTER` photos in a row failed the same way, the rest of the batch
  fails at once with the same sentence, "Not started: ...";
- a success, or an answer about the photo itself (no face, too large...), shows the service
  is up: the count starts again.

Thread-safe; no Qt.
"""

from __future__ import annotations

import copy
import threading

from ..errors import (
    AnswerTooLargeError,
    AuthError,
    BadResponseError,
    BusyError,
    EndpointError,
    ForbiddenError,
    NetworkError,
    NoCreditsError,
    RateLimitedError,
    RedirectRefusedError,
    ResultExpiredError,
    ResultMismatchError,
    ServerError,
    ServiceError,
    ServiceTimeoutError,
    SmartSkinError,
    TLSError,
)

#: Photos in a row that failed the same way before the rest of the batch is not started.
TRIP_AFTER = 2

#: Failures no other photo can change: the batch stops at the first.
AT_ONCE: tuple[type[ServiceError], ...] = (
    AuthError,
    NoCreditsError,
    ForbiddenError,
    EndpointError,
    RedirectRefusedError,
    TLSError,
    AnswerTooLargeError,
)
#: The service (or the way to it) is down or overloaded.
DOWN: tuple[type[ServiceError], ...] = (
    NetworkError,
    ServerError,
    BusyError,
    ServiceTimeoutError,
    RateLimitedError,
    BadResponseError,
    ResultExpiredError,
)


def _kind(err: SmartSkinError) -> str:
    """ "at once", "down", or "" for a failure that says nothing about the service."""
    if isinstance(err, AT_ONCE):
        return "at once"
    if isinstance(err, ResultMismatchError):  # the service answered, about this photo
        return ""
    if isinstance(err, DOWN):
        return "down"
    return ""


class OutageWatch:
    """What the photos of one batch learnt about the service so far."""

    def __init__(self, trip_after: int = TRIP_AFTER) -> None:
        self.trip_after = max(1, trip_after)
        self._lock = threading.Lock()
        self._same: tuple[str, str] | None = None  # (class, code) of the last failures
        self._count = 0
        self._stopped: SmartSkinError | None = None  # the sentence every later photo gets

    @property
    def suspect(self) -> bool:
        """A photo already failed with the service down after all its retries: the next
        ones try once (see :meth:`give_up`)."""
        with self._lock:
            return self._count > 0 or self._stopped is not None

    def give_up(self) -> bool:
        """For the client: stop retrying a passing failure (the service looks down)."""
        return self.suspect

    def check(self) -> None:
        """Before a paid call: raise the batch's "Not started" sentence once it stopped."""
        with self._lock:
            stopped = self._stopped
        if stopped is not None:
            raise copy.copy(stopped)

    def succeeded(self) -> None:
        with self._lock:
            self._same, self._count = None, 0

    def failed(self, err: SmartSkinError) -> None:
        """A photo's paid call failed with ``err`` (after the retries it was given)."""
        kind = _kind(err)
        with self._lock:
            if self._stopped is not None:
                return
            if not kind:
                self._same, self._count = None, 0
                return
            same = (type(err).__name__, err.code)
            self._count = self._count + 1 if same == self._same else 1
            self._same = same
            if kind == "at once":
                self._stopped = _not_started(err, "")
            elif self._count >= self.trip_after:
                self._stopped = _not_started(
                    err, f"the service failed the same way for {self._count} photos in a row. "
                )


def _not_started(err: SmartSkinError, why: str) -> SmartSkinError:
    """``err`` (same class and code, so the same next step) saying the photo was not sent."""
    stopped = copy.copy(err)
    stopped.message = f"Not started: {why}{err.message}"
    stopped.args = (stopped.message,)
    stopped.retryable = False
    return stopped
