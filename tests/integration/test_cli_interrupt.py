"""Ctrl+C in ``smartskin-cli enhance``: the batch is cancelled (no new photo starts, those
under way stop), one line says so, exit code 130, no traceback; a second Ctrl+C ends the
process at once, also 130 (before: ``RuntimeError: cannot schedule new futures after
interpreter shutdown`` and SIGABRT). The CLI runs as a child process that is sent SIGINT;
the test waits on its output, never on a clock."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from smartskin_gui.cli import CANCEL_NOTE, EXIT_CANCELLED, STOP_NOTE
from tests.integration.hostile import Hostile, Seen
from tests.shoot import make_shoot

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is POSIX"),
    pytest.mark.timeout(120),
]


def hang(req: Seen, sock: socket.socket) -> None:
    """Take the photo, then answer nothing until the client hangs up (server side only)."""
    sock.settimeout(60)
    while sock.recv(65536):
        pass


@pytest.fixture
def service() -> Iterator[Hostile]:
    with Hostile("127.0.0.1", hang) as srv:
        yield srv


_children: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_child_left() -> Iterator[None]:
    """A test that fails never leaves its child running."""
    yield
    while _children:
        child = _children.pop()
        if child.poll() is None:
            child.kill()
        child.communicate()


def start(args: list[str], *, code: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, SMARTSKIN_API_KEY="demo-key", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "smartskin_gui.cli"]
    child = subprocess.Popen(
        [*cmd, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    _children.append(child)
    return child


def finish(child: subprocess.Popen[str]) -> tuple[str, str]:
    """The child's output once it ended (killed after a minute, with what it said)."""
    try:
        return child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        raise AssertionError(f"the child did not end; it said:\n{err}\n{out}") from None


def read_until(stream: IO[str], needle: str) -> list[str]:
    """Lines of ``stream`` up to the first that contains ``needle`` (blocks on the pipe)."""
    lines = []
    for line in stream:
        lines.append(line)
        if needle in line:
            return lines
    raise AssertionError(f"the child ended without printing {needle!r}: {''.join(lines)}")


def test_ctrl_c_cancels_the_batch_and_exits_130(service: Hostile, tmp_path: Path) -> None:
    photos = make_shoot(tmp_path / "shoot", 6)
    child = start(
        ["enhance", *map(str, photos), "--engine", "cloud", "--api-url", service.url, "-j", "3"]
    )
    assert child.stderr is not None
    before = read_until(child.stderr, "Uploading")  # a photo is on its way to the service
    child.send_signal(signal.SIGINT)
    _, rest = finish(child)
    err = "".join(before) + rest
    assert child.returncode == EXIT_CANCELLED, err
    assert "Traceback" not in err and "RuntimeError" not in err
    assert err.count(CANCEL_NOTE) == 1
    assert "Cancelled: 0 of 6 photo(s) retouched" in err
    assert "FAILED" not in err  # no line per cancelled photo: the note said it once
    assert len(service.seen) <= 3  # no photo started after Ctrl+C
    assert not list((tmp_path / "shoot").glob("*_smartskin*"))


BLOCKING_ENGINE = """
import sys
from smartskin_gui import cli
from smartskin_gui.core.engine import registry
from smartskin_gui.core.engine.contract import EngineResult


class Stuck:
    # Stands for a render that takes long and checks for cancel late: it waits on the
    # test's pipe and ignores cancel, so only the second Ctrl+C can end the process.
    name = "local"

    def run(self, photo, params, progress=None, cancel=None):
        sys.stdout.write("rendering\\n")  # one write: two workers never mix their lines
        sys.stdout.flush()
        sys.stdin.readline()
        return EngineResult(photo.rgb.copy())


registry._FACTORIES["local"] = lambda *args: Stuck()
raise SystemExit(cli.main(sys.argv[1:]))
"""


def test_a_second_ctrl_c_ends_the_process_at_once_with_130(tmp_path: Path) -> None:
    photos = make_shoot(tmp_path / "shoot", 4)
    child = start(
        ["enhance", *map(str, photos), "--engine", "local", "-j", "2"], code=BLOCKING_ENGINE
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline() == "rendering\n"
    child.send_signal(signal.SIGINT)
    first = read_until(child.stderr, CANCEL_NOTE)
    assert child.poll() is None  # the render under way has not reached a check yet
    child.send_signal(signal.SIGINT)
    _, rest = finish(child)
    err = "".join(first) + rest
    assert child.returncode == EXIT_CANCELLED, err
    assert "Traceback" not in err and "RuntimeError" not in err
    assert err.count(CANCEL_NOTE) == 1 and STOP_NOTE in err


def test_one_ctrl_c_stops_the_photo_under_way_at_its_next_check_and_exits_130(
    tmp_path: Path,
) -> None:
    photos = make_shoot(tmp_path / "shoot", 4)
    child = start(
        ["enhance", *map(str, photos), "--engine", "local", "-j", "1"], code=BLOCKING_ENGINE
    )
    assert child.stdout is not None and child.stderr is not None and child.stdin is not None
    assert child.stdout.readline() == "rendering\n"
    child.send_signal(signal.SIGINT)
    read_until(child.stderr, CANCEL_NOTE)
    child.stdin.write("go on\n")  # the render returns: the next check stops the photo
    child.stdin.flush()
    out, err = finish(child)
    assert child.returncode == EXIT_CANCELLED, err
    assert "Traceback" not in err
    assert out == ""  # no other photo started
    assert "Cancelled: 0 of 4 photo(s) retouched" in err
    assert not list((tmp_path / "shoot").glob("*_smartskin*"))
