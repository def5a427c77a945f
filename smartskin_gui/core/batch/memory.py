"""Freed memory: kept for the next array of a photo, given back between photos.

With several worker threads, glibc serves the large temporary arrays of each photo from
per-thread heaps that it rarely shrinks by itself: a long batch's resident set then grows
by hundreds of MB although nothing is kept. ``malloc_trim`` returns those free pages
(measured in tests/bench/bench_batch.py) between photos.

Within a photo it is the other way round: by default glibc hands arrays of a few MB back
to the system as soon as they are freed (and maps the larger ones afresh each time), so
the engine's next temporary array of the same size starts on fresh pages, each one a page
fault: some 45 ms of a 24 MP portrait's skin mask alone. :func:`keep_freed_memory` has
glibc keep them for reuse (arrays up to 32 MB come from the heap, whose free top is not
trimmed); the command line asks for it, and still trims between photos. Elsewhere (not
glibc) both are no-ops.
"""

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

#: glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
#: Arrays up to this size come from the heap (glibc's largest allowed on 64-bit).
HEAP_ARRAYS = 32 * 1024**2


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _trimmer() -> Callable[[], None]:
    libc = _libc()
    trim = getattr(libc, "malloc_trim", None)  # not glibc (musl has no malloc_trim)
    if trim is None:
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int

    def release() -> None:
        trim(0)

    return release


release_free_memory = _trimmer()


def keep_freed_memory() -> None:
    """Have glibc keep freed memory for the next arrays (see above) instead of returning it
    to the system at once; :func:`release_free_memory` still gives it back when asked."""
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or not hasattr(libc, "malloc_trim"):  # glibc only
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(M_MMAP_THRESHOLD, HEAP_ARRAYS)
    mallopt(M_TRIM_THRESHOLD, 2**30)
    mallopt(M_TOP_PAD, 64 * 1024**2)
