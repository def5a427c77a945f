"""HTTP plumbing that guarantees every call ends: a deadline per call and capped reads.

A per-read timeout does not end a call whose server trickles one byte at a time. Each call
therefore runs under a :class:`CallWatch`: a timer that shuts down the call's sockets when
its deadline passes, whatever the call is doing (connecting, uploading, waiting, reading).
Sockets are registered by the connection classes of :class:`DeadlineAdapter`.
"""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..errors import (
    AnswerTooLargeError,
    BadResponseError,
    BadResultLinkError,
    CallDeadlineError,
    CancelledError,
    NetworkError,
    RedirectRefusedError,
    ServiceTimeoutError,
    SmartSkinError,
    TLSError,
)
from ..progress import Cancel, Progress, check

log = logging.getLogger(__name__)
_local = threading.local()


def _shutdown(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown: wakes a blocked recv/send, also under TLS
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class CallWatch:
    """``with CallWatch(seconds, cancel):`` the sockets used meanwhile are shut down at the
    deadline, or as soon as ``cancel()`` says so (checked every :attr:`STEP` seconds)."""

    STEP = 0.1

    def __init__(self, seconds: float, cancel: Cancel | None = None) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self.cancelled = False
        self._cancel = cancel
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="CallWatch", daemon=True)

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired or self.cancelled:
                _shutdown(sock)
            elif sock not in self._sockets:
                self._sockets.append(sock)

    def check(self) -> None:
        """Raise :class:`CancelledError` once cancelled, :class:`CallDeadlineError` once the
        deadline has passed."""
        if self.cancelled or (self._cancel is not None and self._cancel()):
            self.cancelled = True
            raise CancelledError()
        if self.expired or time.monotonic() >= self.end:
            self.expired = True
            raise CallDeadlineError()

    def _watch(self) -> None:
        while True:
            left = self.end - time.monotonic()
            step = (
                left if self._cancel is None else min(self.STEP, left)
            )  # promise: cancel-reaches-call
            if self._done.wait(max(0.0, step)):
                return
            if self._cancel is not None and self._cancel():
                self._fire(cancelled=True)
                return
            if time.monotonic() >= self.end:
                self._fire(cancelled=False)
                return

    def _fire(self, *, cancelled: bool) -> None:
        with self._lock:
            if cancelled:
                self.cancelled = True
            else:
                self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def __enter__(self) -> CallWatch:
        self._outer = getattr(_local, "watch", None)
        _local.watch = self
        self._thread.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._done.set()
        _local.watch = self._outer


def _register(sock: socket.socket | None) -> None:
    watch: CallWatch | None = getattr(_local, "watch", None)
    if watch is not None:
        watch.attach(sock)


C = TypeVar("C", bound=HTTPConnection)


def _watched(base: type[C]) -> type[C]:
    """``base`` whose sockets register with the running CallWatch (new and reused ones)."""

    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            _register(self.sock)

        def request(self, *args: Any, **kwargs: Any) -> None:
            _register(self.sock)
            super().request(*args, **kwargs)

    return Watched


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _watched(HTTPConnection)


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _watched(HTTPSConnection)


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections register their sockets with the running CallWatch."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


def deadline_session(max_redirects: int = 5) -> requests.Session:
    session = requests.Session()
    session.max_redirects = max_redirects
    adapter = DeadlineAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def read_capped(
    resp: requests.Response,
    cap: int,
    watch: CallWatch,
    *,
    cancel: Cancel | None = None,
    progress: Progress | None = None,
    too_large: Callable[[], SmartSkinError] = AnswerTooLargeError,
) -> bytes:
    """The (decoded) body of a streamed ``resp``, in chunks, never more than ``cap`` bytes."""
    total = content_length(resp)
    chunks: list[bytes] = []
    got = 0
    for chunk in resp.iter_content(64 * 1024):
        check(cancel)
        watch.check()
        got += len(chunk)
        if got > cap:
            raise too_large()
        chunks.append(chunk)
        if progress is not None and total:
            progress(min(1.0, got / total), "Downloading the result")
    watch.check()  # a socket shut down at the deadline reads as a clean end: it is not
    return b"".join(chunks)


def content_length(resp: requests.Response) -> int:
    try:
        return max(0, int(resp.headers.get("Content-Length") or 0))
    except ValueError:
        return 0


def error_for_exception(
    exc: BaseException, watch: CallWatch, cancelled: bool, *, download: bool = False
) -> SmartSkinError:
    """The sentence for an exception raised while talking to the service (never a crash)."""
    if isinstance(exc, CancelledError) or cancelled or watch.cancelled:
        return CancelledError()
    if isinstance(exc.__context__, CancelledError):
        return CancelledError()
    if isinstance(exc, SmartSkinError):
        return exc
    if watch.expired:
        return CallDeadlineError()
    if isinstance(exc, requests.exceptions.SSLError):
        return TLSError()
    if isinstance(exc, requests.Timeout):
        what = "Downloading the result" if download else "The service"
        return ServiceTimeoutError(
            f"{what} did not answer in time. Check your connection and try again."
        )
    if isinstance(
        exc,
        requests.TooManyRedirects
        | requests.exceptions.InvalidSchema
        | requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema,
    ):
        return BadResultLinkError() if download else RedirectRefusedError()
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BadResponseError(
            "The service sent an answer in an encoding SmartSkin cannot read. Try again later."
        )
    if isinstance(exc, requests.RequestException | http.client.HTTPException | OSError):
        if download:
            return NetworkError("The connection dropped while downloading the result.")
        return NetworkError()
    log.warning("unexpected %s while talking to the service", type(exc).__name__)
    return BadResponseError()
