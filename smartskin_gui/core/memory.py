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

Any process that renders (the window too) starts glibc where it ends up by itself after
its first large array is freed (:func:`steady_heap`): by default it maps every array over
128 KB afresh, each page a fault, until a free teaches it otherwise, so the first photo
after start paid some 40,000 faults more than the next (a 24 MP portrait: 0.4-0.5 s instead
of 0.3).

The command line also has every thread take its arrays from that one heap (glibc gives
each new thread a heap of its own by default, each faulting its own fresh pages): measured
on a 24 MP portrait through ``smartskin-cli enhance``, 0.71 s instead of 0.75 s on average
over 12 runs each. (Marking the heap for huge pages as well made the typical run shorter
still, but one run in four took a second more in the kernel on this virtual machine: on
average slower. Not done.)
"""

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable

#: glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -2, -3, -8
#: Arrays up to this size come from the heap (glibc's largest allowed on 64-bit).
HEAP_ARRAYS = 32 * 1024**2


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, looked up once (``find_library`` runs ``ldconfig``: not per photo)."""
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


_configured = False


def _mallopt() -> Callable[[int, int], int] | None:
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or not hasattr(libc, "malloc_trim"):  # glibc only
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt  # type: ignore[no-any-return]


def steady_heap() -> None:
    """Have glibc serve arrays up to 32 MB from its heap and keep up to 64 MB of it free,
    from now on: the values its dynamic threshold reaches by itself once the process has
    freed an array that large, so the first photo is not slower than the next. Once per
    process; a no-op after :func:`keep_freed_memory` (which keeps more) and off glibc."""
    global _configured
    if _configured:
        return
    _configured = True
    mallopt = _mallopt()
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, HEAP_ARRAYS)
        mallopt(M_TRIM_THRESHOLD, 2 * HEAP_ARRAYS)


def keep_freed_memory() -> None:
    """Have glibc keep freed memory for the next arrays (see above) instead of returning it
    to the system at once; :func:`release_free_memory` still gives it back when asked."""
    global _configured
    _configured = True
    mallopt = _mallopt()
    if mallopt is None:
        return
    mallopt(M_MMAP_THRESHOLD, HEAP_ARRAYS)
    mallopt(M_TRIM_THRESHOLD, 2**30)
    mallopt(M_TOP_PAD, 64 * 1024**2)
    mallopt(M_ARENA_MAX, 1)  # threads started from now on share the one heap
