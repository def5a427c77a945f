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
each new thread a heap of its own by default, each faulting its own fresh pages), and marks
the heap for huge pages (:func:`_reserve_heap`): the kernel then maps 2 MB at a time where
the engine's arrays of a few MB each took hundreds of 4 KB faults. Measured on a 24 MP
portrait through ``smartskin-cli enhance``: 63,000 page faults become 15,500, and the run
is some 60 ms (a tenth) shorter.
"""

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable

#: glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -2, -3, -8
#: madvise(2): back this range with transparent huge pages where the kernel can.
MADV_HUGEPAGE = 14
HUGE_PAGE = 2 * 1024**2
#: The heap grown (address space only: nothing is touched) and marked for huge pages at
#: the start of a run: this many blocks just under the largest heap array each, some 480 MB,
#: more than a 45 MP photo's arrays take at once.
RESERVE_BLOCKS, RESERVE_BLOCK = 16, 30 * 1024**2
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


_trim = _trimmer()
_reserving = False


def release_free_memory() -> None:
    """Give the free memory back to the system (between photos); in a run that keeps freed
    memory, the heap is then grown and marked for huge pages again for the next photo."""
    _trim()
    if _reserving:
        _reserve_heap()


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
    global _reserving, _configured
    _configured = True
    mallopt = _mallopt()
    if mallopt is None:
        return
    mallopt(M_MMAP_THRESHOLD, HEAP_ARRAYS)
    mallopt(M_TRIM_THRESHOLD, 2**30)
    mallopt(M_TOP_PAD, 64 * 1024**2)
    mallopt(M_ARENA_MAX, 1)  # threads started from now on share the one heap
    _reserving = True
    _reserve_heap()


def _reserve_heap() -> None:
    """Grow glibc's heap by about RESERVE_BLOCKS * RESERVE_BLOCK (allocated, then freed
    untouched: the heap keeps them, its free top not being trimmed) and mark that range
    for huge pages. A no-op where any of it is missing (not glibc, not Linux)."""
    libc = _libc()
    needed = ("sbrk", "malloc", "free", "madvise")
    if libc is None or not all(hasattr(libc, name) for name in needed):
        return
    libc.sbrk.restype = ctypes.c_void_p
    libc.sbrk.argtypes = [ctypes.c_ssize_t]
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.madvise.restype = ctypes.c_int
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    start = libc.sbrk(0)
    blocks = [libc.malloc(RESERVE_BLOCK) for _ in range(RESERVE_BLOCKS)]
    end = libc.sbrk(0)
    try:
        if start and end and end != ctypes.c_void_p(-1).value:
            first = (start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)
            if end > first:
                libc.madvise(first, end - first, MADV_HUGEPAGE)  # refused: 4 KB pages, as before
    finally:
        for block in blocks:
            libc.free(block)
