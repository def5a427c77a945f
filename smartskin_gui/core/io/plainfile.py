"""Reading the small files SmartSkin keeps itself (state files, cache entries): only
regular files of a sane size, and never a read that blocks.

A FIFO named like a state file would block ``open`` for good, ``/dev/zero`` never ends, a
folder in place of a file cannot be read: each is an :class:`UnusualFileError` whose
``reason`` completes a sentence ("it is a pipe (FIFO), not a file").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnusualFileError(Exception):
    """``path`` is not a regular file of a sane size; ``reason`` says what it is instead."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


def _size_text(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, as the end of a sentence; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is a device, not a file"


def too_large(size: int, limit: int) -> str:
    return f"it is {_size_text(size)}, far larger than such a file ever is ({_size_text(limit)})"


def read_plain(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises ``FileNotFoundError`` when there is no such file, :class:`UnusualFileError` when
    it is something else (FIFO, device, socket, folder) or larger than ``limit``, and
    ``OSError`` when it cannot be read. Opening never blocks (``O_NONBLOCK``)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise UnusualFileError(path, "it is a folder, not a file") from None
    except PermissionError:
        if path.is_dir():  # Windows opens no folder as a file
            raise UnusualFileError(path, "it is a folder, not a file") from None
        raise
    try:
        info = os.fstat(fd)
        reason = kind_of(info.st_mode)
        if reason is None and info.st_size > limit:
            reason = too_large(info.st_size, limit)
        if reason is not None:
            raise UnusualFileError(path, reason)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # it grew while being read
            raise UnusualFileError(path, too_large(got, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)
