"""The one atomic file writer: a complete file under its final name, or nothing at all.

Bytes go to a hidden temp file beside the target (``.smartskin-*``), are fsynced, and only
then get their final name. Without ``overwrite`` the name is *claimed* atomically
(``os.link``, or an ``O_EXCL`` placeholder where hard links are not supported), so two
savers racing for the same name never overwrite each other: the second gets ``-2``.
Files get the mode the user's umask asks for.

Left-overs: a writer holds an exclusive ``flock`` on its temp file from its creation until
it has its final name, so a temp file nobody holds is a left-over of a killed process,
however young. :func:`sweep_leftovers` removes those (call it at start for the folders
SmartSkin writes to); every write sweeps its own folder first (at most every few seconds).
Where a file system has no locks, only temp files older than :data:`STALE_AFTER` go. On
Windows an open file cannot be deleted, which is the lock: a temp file that can be deleted
(and was last written over :data:`WINDOWS_QUIET` seconds ago) is a left-over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".smartskin-"
#: Where temp files cannot be locked (some network shares): older than this is a left-over.
STALE_AFTER = 15 * 60.0
#: Windows: a temp file last written this long ago is not between its close and its rename.
WINDOWS_QUIET = 10.0
#: A folder written to again within this many seconds is not swept again.
SWEEP_EVERY = 5.0
_MAX_CANDIDATES = 10_000
_NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.EBADF)

_swept: dict[str, float] = {}
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


def _lock(fd: int, *, wait: bool) -> bool | None:
    """An exclusive lock on ``fd``: True when held, False when another process holds it,
    None when this file system has no locks."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        if exc.errno in _NO_LOCKS:
            return None
        raise
    return True


def _remove_if_left_over(path: str) -> bool:
    """Remove the temp file ``path`` if no live process writes it; True if it went."""
    if fcntl is None:  # Windows: an open file cannot be deleted
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_mtime > time.time() - WINDOWS_QUIET:
                return False
            os.unlink(path)
        except OSError:
            return False
        return True
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return False
        held = _lock(fd, wait=False)
        if held is False:
            return False  # a SmartSkin process is writing it
        if held is None and st.st_mtime > time.time() - STALE_AFTER:
            return False  # no locks here: only the age tells
        if not os.path.samestat(os.lstat(path), st):
            return False  # it got its final name meanwhile, and another temp took this one
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def sweep_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove the ``.smartskin-*`` temp files in ``folders`` that no live SmartSkin process
    holds (left by a killed or crashed one), however young; returns what was removed.

    Never raises and never blocks on a file; safe from any thread, and while other
    SmartSkin processes save into the same folders (their temp files stay)."""
    removed: list[Path] = []
    for folder in folders:
        with _swept_lock:
            _swept[_folder_key(Path(folder))] = time.monotonic()
        try:
            entries = [e.path for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
        except OSError:
            continue
        removed.extend(Path(p) for p in entries if _remove_if_left_over(p))
    return removed


def sweep_stale_temps(directory: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Kept for callers of earlier versions: :func:`sweep_leftovers` of one folder
    (``older_than`` is no longer needed: a temp file in use is locked)."""
    return sweep_leftovers([directory])


def _folder_key(directory: Path) -> str:
    return os.path.abspath(directory)


def _sweep_due(directory: Path) -> None:
    """Sweep ``directory`` before writing into it, unless it was swept moments ago."""
    key = _folder_key(directory)
    with _swept_lock:
        last = _swept.get(key)
        if last is not None and time.monotonic() - last < SWEEP_EVERY:
            return
    sweep_leftovers([directory])


def _locked_temp(directory: Path, suffix: str) -> tuple[int, str]:
    """A new temp file in ``directory``, open and locked for as long as it is written.

    A sweep may remove a fresh temp file in the instant before it is locked; the name is
    then no longer this file's, and another is made."""
    for _ in range(10):
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=directory)
        try:
            _lock(fd, wait=True)
            if os.path.samestat(os.stat(tmp), os.fstat(fd)):
                return fd, tmp
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
    raise OSError(errno.EAGAIN, "could not make a temporary file", str(directory))


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
    ``OSError`` (callers turn it into their sentence); the temp file never stays behind,
    and while it exists it is locked (a sweep by another process leaves it alone).
    """
    directory = target.parent
    _sweep_due(directory)
    tmp: str | None = None
    fd = -1
    try:
        fd, tmp = _locked_temp(directory, target.suffix)
        if os.name == "posix":
            os.fchmod(fd, mode & ~current_umask())
        with open(fd, "wb", closefd=False) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if fcntl is None:  # Windows renames no open file
            os.close(fd)
            fd = -1
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
        if fd >= 0:
            os.close(fd)  # the lock goes with it, once the temp file has its final name
