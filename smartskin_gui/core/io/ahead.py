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
    when OpenCV cannot decode it."""
    import cv2
    import numpy as np

    flags = cv2.IMREAD_COLOR_RGB | cv2.IMREAD_IGNORE_ORIENTATION
    rgb = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    return None if rgb is None else np.asarray(rgb)


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
