"""Temp files of a SmartSkin process killed in the middle of a write are swept at the next
start or save, however young; a temp file a live process is writing stays. The writer is a
child process that blocks inside its write until told to go on (a pipe), so nothing here
depends on timing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from smartskin_gui.core.io import sweep_leftovers
from smartskin_gui.core.io.save import save_image
from smartskin_gui.core.state.jsonfile import write_json_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX")

WRITER = """
import sys
from pathlib import Path
from smartskin_gui.core.io import write_atomic

def write(fh):
    fh.write(b"half a photo")
    fh.flush()
    print("writing", flush=True)
    sys.stdin.readline()  # blocks until the test says so (or the child is killed)
    fh.write(b", and the rest")

print(write_atomic(Path(sys.argv[1]) / "out.jpg", write, overwrite=False), flush=True)
"""


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A child process in the middle of writing ``out.jpg`` into a fresh folder."""
    folder = tmp_path / "photos"
    folder.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        yield child, folder
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".smartskin-*"))


def test_a_temp_file_being_written_stays_and_is_swept_once_its_writer_is_killed(writer):
    child, folder = writer
    [temp] = temps(folder)
    assert sweep_leftovers([folder]) == [] and temp.exists()  # a live process holds it
    child.send_signal(signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    assert temps(folder) == [temp]  # what a kill leaves, young as it is
    assert sweep_leftovers([folder]) == [temp]
    assert temps(folder) == [] and not (folder / "out.jpg").exists()


def test_the_writer_that_was_not_killed_finishes_its_file(writer):
    child, folder = writer
    sweep_leftovers([folder])
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("go on\n")
    child.stdin.flush()
    assert child.wait() == 0
    assert Path(child.stdout.readline().strip()) == folder / "out.jpg"
    assert (folder / "out.jpg").read_bytes() == b"half a photo, and the rest"
    assert temps(folder) == []


def test_the_next_save_into_the_folder_sweeps_what_a_kill_left(writer):
    child, folder = writer
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert len(temps(folder)) == 1
    save_image(np.full((160, 160, 3), 90, np.uint8), folder / "next.png")
    assert temps(folder) == [] and (folder / "next.png").is_file()


def test_a_state_file_save_sweeps_the_config_folder_too(writer):
    child, folder = writer
    child.send_signal(signal.SIGKILL)
    child.wait()
    write_json_atomic(folder / "presets.json", {"presets": {}}, what="your presets")
    assert temps(folder) == []


def test_sweeping_never_blocks_on_a_fifo_named_like_a_temp_file(tmp_path: Path):
    fifo = tmp_path / ".smartskin-fifo.jpg"
    os.mkfifo(fifo)
    assert sweep_leftovers([tmp_path, tmp_path / "missing"]) == []
    assert fifo.exists()  # not a temp file SmartSkin made: left alone
