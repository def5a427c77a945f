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

from . import errors as e
from .progress import Cancel, Progress, check

log = logging.getLogger(__name__)
_local = threading.local()


def _shutdown(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown: wakes a blocked recv/send, also under TLS
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class CallWatch:
    """``with CallWatch(seconds):`` the sockets used meanwhile are shut down at the deadline."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shutdown(sock)
            elif sock not in self._sockets:
                self._sockets.append(sock)

    def check(self) -> None:
        """Raise :class:`CallDeadlineError` once the deadline has passed."""
        if self.expired or time.monotonic() >= self.end:
            self.expired = True
            raise e.CallDeadlineError()

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def __enter__(self) -> CallWatch:
        self._outer = getattr(_local, "watch", None)
        _local.watch = self
        self._timer.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
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
    too_large: Callable[[], e.SmartSkinError] = e.AnswerTooLargeError,
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
) -> e.SmartSkinError:
    """The sentence for an exception raised while talking to the service (never a crash)."""
    if isinstance(exc, e.CancelledError) or cancelled:
        return e.CancelledError()
    if isinstance(exc.__context__, e.CancelledError):
        return e.CancelledError()
    if isinstance(exc, e.SmartSkinError):
        return exc
    if watch.expired:
        return e.CallDeadlineError()
    if isinstance(exc, requests.exceptions.SSLError):
        return e.TLSError()
    if isinstance(exc, requests.Timeout):
        what = "Downloading the result" if download else "The service"
        return e.ServiceTimeoutError(
            f"{what} did not answer in time. Check your connection and try again."
        )
    if isinstance(
        exc,
        requests.TooManyRedirects
        | requests.exceptions.InvalidSchema
        | requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema,
    ):
        return e.BadResultLinkError() if download else e.RedirectRefusedError()
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return e.BadResponseError(
            "The service sent an answer in an encoding SmartSkin cannot read. Try again later."
        )
    if isinstance(exc, requests.RequestException | http.client.HTTPException | OSError):
        if download:
            return e.NetworkError("The connection dropped while downloading the result.")
        return e.NetworkError()
    log.warning("unexpected %s while talking to the service", type(exc).__name__)
    return e.BadResponseError()
