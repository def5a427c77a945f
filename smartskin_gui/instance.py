"""One SmartSkin window per settings folder: a second launch (a double-click on a photo,
"Open with", a catalog's "Edit In") hands its photos to the window already open and ends,
so two windows never write the same catalog.

The first launch holds a lock file in the settings folder for as long as it runs (a crashed
one's lock is taken over: Qt checks the process that wrote it) and listens on a local
socket named after that folder, for this user only. A later launch connects, sends the
paths it was given as one JSON line and waits for the answer: how many photos the window
holds once they were opened.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE = "smartskin.lock"
#: How long a later launch waits for the first one to listen (it may be starting up).
CONNECT_WAIT_S = 10.0
#: How long it waits for the photos to be opened (a big folder takes a moment).
ANSWER_WAIT_MS = 60_000
MAX_MESSAGE = 4 * 1024 * 1024

Reply = Callable[[int], None]


def server_name(config: Path) -> str:
    """The local socket of the SmartSkin using ``config``."""
    digest = hashlib.sha256(str(config.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"smartskin-{digest}"


class InstanceServer(QObject):
    """The first launch's end: ``received(paths, reply)`` for each later launch."""

    received = Signal(list, object)  # the paths, and reply(photos in the window)

    def __init__(self, lock: QLockFile, name: str) -> None:
        super().__init__()
        self.lock = lock  # held while this process runs
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # a crashed launch's socket file; we hold the lock
        if self.server.listen(name):
            log.info("ready for the photos of later launches (%s)", name)
        else:
            log.warning("cannot listen for later launches: %s", self.server.errorString())
        self.server.newConnection.connect(self._connected)

    def close(self) -> None:
        self.server.close()
        self.lock.unlock()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > MAX_MESSAGE:
                sock.abort()
            return
        try:
            message = json.loads(bytes(sock.readLine().data()).decode("utf-8"))
            paths = [str(p) for p in message.get("open", []) if isinstance(p, str)]
        except (ValueError, AttributeError):
            log.warning("a later launch sent a message that is not ours")
            sock.abort()
            return

        def reply(photos: int) -> None:
            if sock.state() == QLocalSocket.LocalSocketState.ConnectedState:
                sock.write(json.dumps({"photos": photos}).encode("utf-8") + b"\n")
                sock.flush()
                sock.disconnectFromServer()

        self.received.emit(paths, reply)


def claim(config: Path) -> InstanceServer | None:
    """Become the one SmartSkin for ``config`` (an :class:`InstanceServer`), or None when
    another one runs (hand the photos to it with :func:`hand_over`). When the folder
    cannot hold a lock (read-only), this SmartSkin runs on its own: None is never returned
    then, only a server that did not listen."""
    lock = QLockFile(str(config / LOCK_FILE))
    lock.setStaleLockTime(0)  # held for hours: only a dead owner makes it stale
    if lock.tryLock(0):
        return InstanceServer(lock, server_name(config))
    if lock.error() != QLockFile.LockError.LockFailedError:  # no lock file can be made there
        return InstanceServer(lock, server_name(config))
    return None


def hand_over(config: Path, paths: list[str]) -> int | None:
    """Give ``paths`` (absolute) to the SmartSkin running for ``config``; how many photos
    its window then holds (-1: not said), or None when none answers."""
    name = server_name(config)
    deadline = time.monotonic() + CONNECT_WAIT_S
    sock = QLocalSocket()
    while True:
        sock.connectToServer(name)
        if sock.waitForConnected(1000):
            break
        if time.monotonic() > deadline:
            return None
        QThread.msleep(100)  # the first launch is still starting: it listens in a moment
    sock.write(json.dumps({"open": paths}).encode("utf-8") + b"\n")
    sock.flush()
    answer = b""
    while not answer.endswith(b"\n") and sock.waitForReadyRead(ANSWER_WAIT_MS):
        answer += bytes(sock.readAll().data())
    try:
        return int(json.loads(answer.decode("utf-8"))["photos"])
    except (ValueError, KeyError, TypeError):
        return -1  # handed over; the window did not say how many it holds


def take_over_stale(config: Path) -> InstanceServer | None:
    """The lock's owner does not answer (hung or not SmartSkin): take the lock over."""
    lock = QLockFile(str(config / LOCK_FILE))
    lock.setStaleLockTime(0)
    if lock.removeStaleLockFile() and lock.tryLock(0):
        return InstanceServer(lock, server_name(config))
    return None
