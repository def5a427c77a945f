"""The window as a process: edits survive SIGKILL and SIGTERM (they are in the catalog the
moment they are made), Ctrl+C and SIGTERM quit as Quit does, and a second launch hands its
photos to the window already open."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartskin_gui.core.params import Params
from smartskin_gui.core.resources import sample_path
from smartskin_gui.core.state.catalog import Catalog
from smartskin_gui.core.state.records import photo_key

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@pytest.fixture
def shoot(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "shoot"
    folder.mkdir()
    photos = [folder / "bride.jpg", folder / "groom.jpg"]
    shutil.copyfile(sample_path("astronaut.jpg"), photos[0])
    shutil.copyfile(sample_path("grace_hopper.jpg"), photos[1])
    return photos


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for child in started:
        if child.poll() is None:
            child.kill()
        child.wait(30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def start(children: list, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    children.append(child)
    return child


def edited_window(children: list, photo: Path, *extra: str) -> subprocess.Popen[str]:
    """A window that opened ``photo``, set 0.40 / 1.30 on it and has it in its catalog."""
    child = start(children, "-m", "tests.drive_window", str(photo), "0.4", "1.3", *extra)
    assert child.stdout is not None
    line = child.stdout.readline()  # blocks until the child says so (or ends)
    assert line.strip() == "EDITED", child.stderr.read() if child.stderr else ""
    return child


def reopened(config: Path) -> Catalog:
    """The catalog as the next start of SmartSkin reads it."""
    catalog = Catalog(config)
    catalog.close()
    return catalog


def leftovers(*folders: Path) -> list[Path]:
    return [p for f in folders for p in f.iterdir() if p.name.startswith(".smartskin")]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_edits_survive_the_process_being_killed(
    how: signal.Signals, shoot, children, _isolated_environment: Path
) -> None:
    child = edited_window(children, shoot[0], "--save")
    child.send_signal(how)
    out, err = child.communicate(timeout=60)
    if how == signal.SIGTERM:  # quits as Quit does: a clean exit, no traceback
        assert child.returncode == 0 and "CLOSED" in out and "Traceback" not in err
    else:
        assert child.returncode == -signal.SIGKILL
    catalog = reopened(_isolated_environment)
    record = catalog.get(photo_key(shoot[0]))
    assert record is not None and record.params == Params(0.2, 1.3) and record.edited
    assert record.exports and record.exports[0].params == Params(0.4, 1.3)  # the save
    assert catalog.session() == [photo_key(shoot[0])]
    # What a process killed while writing leaves, swept by the next start, however young.
    for folder in (shoot[0].parent, _isolated_environment):
        (folder / ".smartskin-killed-while-writing.tmp").write_bytes(b"")
    again = edited_window(children, shoot[0])
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=60)
    assert again.returncode == 0
    assert leftovers(shoot[0].parent, _isolated_environment) == []


def test_ctrl_c_in_the_terminal_quits_without_a_traceback(shoot, children) -> None:
    child = edited_window(children, shoot[0])
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0 and "CLOSED" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_second_launch_hands_its_photos_to_the_open_window(
    shoot, children, _isolated_environment: Path
) -> None:
    first = start(children, "-m", "smartskin_gui", str(shoot[0]))
    assert first.stderr is not None
    for line in first.stderr:  # blocks until the first window listens (or ends)
        if "ready for the photos of later launches" in line:
            break
    else:
        pytest.fail("the first launch never got ready")
    second = start(children, "-m", "smartskin_gui", str(shoot[1]))
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "SmartSkin is open already" in out and "now has 2 photos" in out
    first.send_signal(signal.SIGTERM)
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert reopened(_isolated_environment).session() == [photo_key(p) for p in shoot]
