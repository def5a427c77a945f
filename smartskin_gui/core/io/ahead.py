"""Decoding a JPEG ahead, while the program is still starting.

A command-line run spends its first fifth of a second importing Python modules, on one
core; decoding a 24 MP JPEG takes a tenth of a second that another core can spend (OpenCV
holds no Python lock meanwhile). :func:`read_ahead` starts that decode on a thread of its
own as soon as the arguments are known, and :func:`.decoding.decode` takes its pixels
(:func:`taken`) instead of decoding again when the bytes it was given are exactly the bytes
that were decoded ahead: the same bytes through the same decoder (:func:`decode_jpeg`), so
the same pixels, and every check of the ordinary path (the file's kind and size, its
format, its dimensions) still runs on those bytes.

Light on purpose: importing this module loads nothing but the standard library; the thread
loads numpy and OpenCV itself.
"""

from __future__ import annotations

import os
import stat
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: Files larger than this are not read ahead (a photo is far smaller; the ordinary path
#: says what is wrong with anything else).
MAX_AHEAD_BYTES = 512 * 1024**2
JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"


class _Ahead:
    """One file read ahead: its bytes (None: not a JPEG read ahead), then its pixels."""

    def __init__(self) -> None:
        self.data: Future[bytes | None] = Future()
        self.pixels: Future[np.ndarray | None] = Future()


_lock = threading.Lock()
_ahead: _Ahead | None = None


def read_ahead(path: Path) -> None:
    """Start reading and decoding ``path`` on a thread of its own, if it is an ordinary
    JPEG file: the next :func:`taken` of the very same bytes gets its pixels. Anything
    unusual (not a regular file, too large, not a JPEG, unreadable, undecodable) is left
    to the ordinary path, which explains it."""
    global _ahead
    ahead = _Ahead()
    with _lock:
        _ahead = ahead

    def work() -> None:
        data = pixels = None
        try:
            data = _read(path)
            ahead.data.set_result(data)
            if data is not None:
                pixels = decode_jpeg(data)
        except Exception:  # the ordinary path decodes again, and says what is wrong
            pixels = None
        finally:
            if not ahead.data.done():
                ahead.data.set_result(None)
            ahead.pixels.set_result(pixels)

    threading.Thread(target=work, name="smartskin-read-ahead").start()


def taken(data: bytes) -> np.ndarray | None:
    """The pixels of ``data`` (as :func:`decode_jpeg` gives them) if exactly these bytes
    were read ahead, waiting for their decode to end; else None. Taken once."""
    global _ahead
    with _lock:
        ahead, _ahead = _ahead, None
    if ahead is None:
        return None
    read = ahead.data.result()
    if read is None or len(read) != len(data) or read != data:
        return None
    return ahead.pixels.result()


def decode_jpeg(data: bytes) -> np.ndarray | None:
    """A colour JPEG's pixels as stored (RGB, no EXIF rotation: that is applied from the
    EXIF Pillow reads), decoded by OpenCV, which holds no Python lock while it works; None
    when OpenCV cannot decode it.

    Where it can (Linux), OpenCV decodes the bytes from an in-memory file straight into an
    array made here: numpy backs large arrays with huge pages, OpenCV's own buffer takes a
    page fault every 4 KB (a 24 MP photo: 18,000 of them, a third of the decoding time).
    The same bytes, the same decoder, the same pixels; only for a complete JPEG (ending
    with its end marker): from a file, the decoder pads a truncated one with grey where,
    from memory, OpenCV refuses it (and Pillow then says it is damaged)."""
    import cv2
    import numpy as np

    flags = cv2.IMREAD_COLOR_RGB | cv2.IMREAD_IGNORE_ORIENTATION
    size = jpeg_size(data) if data.endswith(JPEG_END) else None
    if size is not None and hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        try:
            fd = os.memfd_create("smartskin-jpeg", getattr(os, "MFD_CLOEXEC", 0))
        except OSError:
            fd = -1
        if fd >= 0:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                out = np.empty((size[1], size[0], 3), np.uint8)
                got = cv2.imread(f"/proc/self/fd/{fd}", out, flags)
                if got is not None and got.shape == out.shape:
                    return np.asarray(got)
            except (OSError, cv2.error):
                pass
            finally:
                os.close(fd)
    rgb = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    return None if rgb is None else np.asarray(rgb)


#: Start-of-frame markers (every coding process), which hold the image's size.
_SOF = frozenset((0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF))


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, or None."""
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length
            pos += 2
            continue
        if marker in (0xD9, 0xDA):  # the end, or the scan: no frame header before it
            return None
        if marker in _SOF:
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return (width, height) if width and height else None
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


def _read(path: Path) -> bytes | None:
    """The bytes of ``path`` when it is a regular JPEG file of a photo's size, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_AHEAD_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_AHEAD_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_AHEAD_BYTES or not data.startswith(JPEG_MAGIC):
        return None
    return data
