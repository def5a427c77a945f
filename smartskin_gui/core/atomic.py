"""The one atomic file writer: a complete file under its final name, or nothing at all.

Bytes go to a hidden temp file beside the target (``.smartskin-*``), are fsynced, and only
then get their final name. Without ``overwrite`` the name is *claimed* atomically
(``os.link``, or an ``O_EXCL`` placeholder where hard links are not supported), so two
savers racing for the same name never overwrite each other: the second gets ``-2``.
Files get the mode the user's umask asks for. Temp files left by a killed process are
swept the next time SmartSkin writes into that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".smartskin-"
#: Temp files older than this are left-overs of a killed process, not a save in progress.
STALE_AFTER = 15 * 60.0
_MAX_CANDIDATES = 10_000

_swept: set[str] = set()
_swept_lock = threading.Lock()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def numbered(path: Path) -> Iterator[Path]:
    """``path``, then ``<stem>-2``, ``-3``... beside it."""
    yield path
    for n in range(2, _MAX_CANDIDATES):
        yield path.with_name(f"{path.stem}-{n}{path.suffix}")


def sweep_stale_temps(directory: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove ``.smartskin-*`` temp files a killed process left in ``directory``."""
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _sweep_once(directory: Path) -> None:
    key = str(directory.resolve())
    with _swept_lock:
        if key in _swept:
            return
        _swept.add(key)
    sweep_stale_temps(directory)


#: What ``os.link`` raises where the file system has no hard links: EPERM (Linux vfat),
#: EINVAL (Windows on exFAT/FAT32 memory cards and USB drives, and mapped network drives:
#: "[WinError 1] Incorrect function"), ENOSYS (exFAT through FUSE), ENOTSUP, EXDEV.
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
)


def _claim(tmp: str, target: Path) -> Path:
    """Give ``tmp`` the first free name of ``numbered(target)``, atomically."""
    for candidate in numbered(target):
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            try:  # no hard links here (FAT, some network shares): an O_EXCL placeholder
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            os.replace(tmp, candidate)
            return candidate
        os.unlink(tmp)
        return candidate
    raise FileExistsError(errno.EEXIST, "no free name left", str(target))


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    overwrite: bool,
    mode: int = 0o666,
) -> Path:
    """Write through ``write(fh)`` and return the name the file got.

    With ``overwrite`` the file replaces ``target``; without it, it takes ``target`` or the
    first free numbered name beside it. ``mode`` is narrowed by the umask. Raises
    ``OSError`` (callers turn it into their sentence); the temp file never stays behind.
    """
    directory = target.parent
    _sweep_once(directory)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=directory)
        with os.fdopen(fd, "wb") as fh:
            if os.name == "posix":
                os.fchmod(fh.fileno(), mode & ~current_umask())
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, target)
            final = target
        else:
            final = _claim(tmp, target)
        tmp = None
        _fsync_dir(directory)
        return final
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
