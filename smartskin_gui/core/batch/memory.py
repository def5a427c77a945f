"""Giving freed memory back to the system between photos of a long batch.

With several worker threads, glibc serves the large temporary arrays of each photo from
per-thread heaps that it rarely shrinks by itself: a long batch's resident set then grows
by hundreds of MB although nothing is kept. ``malloc_trim`` returns those free pages
(measured in tests/bench/bench_batch.py); elsewhere this is a no-op.
"""

import ctypes
import ctypes.util
import sys
from collections.abc import Callable


def _trimmer() -> Callable[[], None]:
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int

    def release() -> None:
        trim(0)

    return release


release_free_memory = _trimmer()
