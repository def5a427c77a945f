"""A hostile HTTP server on loopback: each test scripts what it answers, byte for byte.

Every loop here is bounded and stops by itself (or when the client goes away), so a test
that fails never leaves a thread spinning.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


Script = Callable[[Seen, socket.socket], None]


@dataclass
class Hostile:
    """``with Hostile("127.0.0.1", script) as srv: srv.url ... srv.seen``."""

    host: str
    script: Script
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                req = _read_request(self.request)
                if req is None:
                    return
                owner.seen.append(req)
                try:
                    owner.script(req, self.request)
                except OSError:
                    pass  # the client hung up: what we want it to be able to do

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server((self.host, 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Hostile:
        self._thread.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def _read_request(sock: socket.socket) -> Seen | None:
    sock.settimeout(10)
    buf = sock.recv(65536)
    if buf[:1] == b"\x16":  # a TLS handshake: answer it with whatever the script sends
        return Seen("TLS", "", {}, buf)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk or len(buf) > 1 << 20:
            return None
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = [*lines[0].split(" ", 2), "", ""][:3]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Seen(method, path, headers, rest)


def answer(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None, *, length: bool = True
) -> bytes:
    lines = [f"HTTP/1.1 {status} X", "Connection: close"]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def send(data: bytes) -> Script:
    def script(req: Seen, sock: socket.socket) -> None:
        sock.sendall(data)

    return script


def trickle(head: bytes, step: float, limit: int) -> Script:
    """Send ``head``, then one byte every ``step`` seconds, ``limit`` bytes at most."""

    def script(req: Seen, sock: socket.socket) -> None:
        sock.sendall(head)
        for _ in range(limit):
            sock.sendall(b"x")
            time.sleep(step)  # server side only: this is the attack being reproduced

    return script


def endless(head: bytes, limit: int, chunk: bytes = b"y" * 65536) -> Script:
    """``head`` then ``chunk`` after ``chunk``: ``limit`` bytes at most, or until hung up."""

    def script(req: Seen, sock: socket.socket) -> None:
        sock.sendall(head)
        sent = 0
        while sent < limit:
            sock.sendall(chunk)
            sent += len(chunk)

    return script
