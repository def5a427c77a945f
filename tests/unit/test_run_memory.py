"""The command line's memory set-up (core/memory.py), in a process of its own: it
changes how the whole process allocates, so it is never tried in the test runner's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

THP = Path("/sys/kernel/mm/transparent_hugepage/enabled")

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not THP.exists(),
    reason="glibc's heap and the kernel's huge pages: Linux only",
)

CHILD = r"""
import json, threading
import numpy as np
from smartskin_gui.core.memory import keep_freed_memory, release_free_memory

def heap():
    # [heap] mappings: (start, end, huge pages asked for)
    out, current = [], None
    for line in open("/proc/self/smaps"):
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
            current = None
            if line.rstrip().endswith("[heap]"):
                a, b = (int(x, 16) for x in head[0].split("-"))
                current = [a, b, False]
                out.append(current)
        elif current is not None and line.startswith("VmFlags:"):
            current[2] = "hg" in line.split()
    return out

def inside(addr, maps):
    return any(a <= addr < b for a, b, _ in maps)

keep_freed_memory()
after_keep = heap()
seen = {}
def work():
    arr = np.ones((10 * 1024**2,), np.uint8)  # 10 MB: a mid-size array of the engine
    seen["thread_array_on_heap"] = inside(arr.ctypes.data, heap())
t = threading.Thread(target=work)
t.start(); t.join()
release_free_memory()
after_release = heap()
print(json.dumps({
    "keep": [[b - a, hg] for a, b, hg in after_keep],
    "release": [[b - a, hg] for a, b, hg in after_release],
    **seen,
}))
"""


def _child() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@linux_only
def test_the_heap_is_grown_and_marked_for_huge_pages_and_threads_share_it() -> None:
    got = _child()
    marked = sum(size for size, huge in got["keep"] if huge)
    # About 480 MB of address space asked for huge pages (nothing is touched yet).
    assert marked >= 400 * 1024**2, got
    # A worker thread's array comes from that heap, not from a heap of its own.
    assert got["thread_array_on_heap"], got
    # Trimmed between photos, and marked again for the next one.
    assert sum(size for size, huge in got["release"] if huge) >= 400 * 1024**2, got


STEADY_CHILD = r"""
import json, sys
import numpy as np

def on_heap(addr):
    for line in open("/proc/self/maps"):
        if line.rstrip().endswith("[heap]"):
            a, b = (int(x, 16) for x in line.split()[0].split("-"))
            if a <= addr < b:
                return True
    return False

if sys.argv[1] == "engine":
    from smartskin_gui.core.engine.local import LocalEngine
    LocalEngine(cache_size=0)
arr = np.ones((10 * 1024**2,), np.uint8)  # a mid-size array of the first photo
print(json.dumps({"on_heap": on_heap(arr.ctypes.data)}))
"""


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
    monkeypatch.setattr(memory, "_reserving", False)
    memory._libc.cache_clear()
    try:
        assert memory._libc() is None
        memory.steady_heap()
        memory.keep_freed_memory()
        memory._reserve_heap()
        assert not memory._reserving  # nothing to grow again after a trim
    finally:
        memory._libc.cache_clear()
