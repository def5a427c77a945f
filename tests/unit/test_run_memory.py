"""The command line's memory set-up (core/memory.py), in a process of its own: it
changes how the whole process allocates, so it is never tried in the test runner's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/maps").exists(),
    reason="glibc's heap, seen in /proc: Linux only",
)

#: Whether an address is in the process's heap (its [heap] mapping), for the children.
ON_HEAP = r"""
import json, sys, threading
import numpy as np

def on_heap(addr):
    for line in open("/proc/self/maps"):
        if line.rstrip().endswith("[heap]"):
            a, b = (int(x, 16) for x in line.split()[0].split("-"))
            if a <= addr < b:
                return True
    return False
"""

CHILD = (
    ON_HEAP
    + r"""
from smartskin_gui.core.memory import keep_freed_memory
keep_freed_memory()
seen = {}
def work():
    arr = np.ones((10 * 1024**2,), np.uint8)  # 10 MB: a mid-size array of the engine
    seen["thread_array_on_heap"] = on_heap(arr.ctypes.data)
t = threading.Thread(target=work)
t.start(); t.join()
print(json.dumps(seen))
"""
)


@linux_only
def test_threads_take_their_arrays_from_the_one_heap() -> None:
    """In a command-line run a worker thread's array comes from the process's heap (kept
    for the next array), not from a heap of its own that faults its own fresh pages."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout.strip().splitlines()[-1])["thread_array_on_heap"]


STEADY_CHILD = (
    ON_HEAP
    + r"""
if sys.argv[1] == "engine":
    from smartskin_gui.core.engine.local import LocalEngine
    LocalEngine(cache_size=0)
arr = np.ones((10 * 1024**2,), np.uint8)  # a mid-size array of the first photo
print(json.dumps({"on_heap": on_heap(arr.ctypes.data)}))
"""
)


@linux_only
@pytest.mark.parametrize("mode, expected", [("plain", False), ("engine", True)])
def test_an_engine_takes_its_first_arrays_from_the_heap(mode: str, expected: bool) -> None:
    """glibc maps each array over 128 KB afresh in a new process (each page then a fault)
    until it has freed a large one; a process with an engine starts where glibc would end
    up by itself: arrays up to 32 MB from the heap. (A plain process shows the default.)"""
    out = subprocess.run(
        [sys.executable, "-c", STEADY_CHILD, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1])["on_heap"] is expected


def test_off_linux_every_call_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows builds call the same functions: nothing is looked up or set there,
    and nothing fails."""
    from smartskin_gui.core import memory

    monkeypatch.setattr(memory.sys, "platform", "win32")
    monkeypatch.setattr(memory, "_configured", False)
    memory._libc.cache_clear()
    try:
        assert memory._libc() is None
        memory.steady_heap()
        memory.keep_freed_memory()
        assert memory._mallopt() is None
    finally:
        memory._libc.cache_clear()
