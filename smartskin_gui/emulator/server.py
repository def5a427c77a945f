"""Serve the emulator over real HTTP on loopback, in a background thread or in the foreground."""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from werkzeug.serving import BaseWSGIServer, make_server

from ..core.cloud import is_loopback_host
from .app import Emulator, EmulatorConfig

log = logging.getLogger(__name__)


class EmulatorServer:
    """``with EmulatorServer() as srv: ... srv.url ...`` (port 0 picks a free port)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        config: EmulatorConfig | None = None,
        emulator: Emulator | None = None,
    ) -> None:
        self.emulator = emulator or Emulator(config)
        if not is_loopback_host(host):
            log.warning(
                "The emulator listens on %s, so other computers on the network can reach it "
                "(and its demo key). Use --host 127.0.0.1 unless that is what you want.",
                host,
            )
        self._server: BaseWSGIServer = make_server(host, port, self.emulator, threaded=True)
        self.host = host
        self.port = int(self._server.server_port)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="emulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
