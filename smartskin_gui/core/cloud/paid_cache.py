"""Paid (cloud) results kept on disk across restarts, so nothing is paid for twice.

:class:`DiskCache` is a size-bounded LRU of files in the platform's cache folder (or
``SMARTSKIN_CACHE_DIR``), keyed by what was sent, the settings and the service's address:
a result fetched from the emulator (or any other address) never answers for another.
Entries are read only when they are regular files of a sane size; anything else found in
their place (a pipe, a folder) is dropped with a log line, never read, never paid for twice.

Its receipts answer "is this paid for?" without reading or encoding the photo: each paid
result is also remembered by (photo file, its size and time, settings, service), so the
cloud render button and the cost question can say "already paid" at once, on any thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import TypeVar

import platformdirs

from ... import __version__
from ..io import UnusualFileError, read_plain, sweep_leftovers, write_atomic
from ..params import Params

CacheKey = tuple[str, str, Params, str]  # content hash, engine name, params, service base URL
V = TypeVar("V")
#: A photo file's (size, mtime_ns): a photo replaced under the same name is another photo.
Stamp = tuple[int, int]

log = logging.getLogger(__name__)


CACHE_ENV = "SMARTSKIN_CACHE_DIR"
DEFAULT_DISK_BYTES = 500_000_000
_MAGIC = b"SSKC1\n"
_CHUNK = 1 << 20
#: Entries keyed by the service too. Entries of older versions (``.bin``) were keyed without
#: it, so they could have come from any address: no key matches them, and they are dropped.
ENTRY_SUFFIX = ".res"
OLD_SUFFIX = ".bin"
#: Temp files of versions that wrote entries without :func:`~..io.write_atomic`.
_OLD_TEMP_PREFIX = ".entry-"
_OLD_TEMP_STALE = 15 * 60.0
RECEIPTS_FILE = "receipts.txt"
MAX_RECEIPTS_BYTES = 16 * 1024 * 1024


def cache_dir() -> Path:
    """``SMARTSKIN_CACHE_DIR``, else the platform's user cache dir for SmartSkin."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("SmartSkin", appauthor=False)) / "results"


def content_hash(path: str | os.PathLike[str]) -> str:
    """SHA-256 of the file's bytes: the same photo under another name or place is the same
    key, a photo replaced under the same name is not."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class DiskCache:
    """Paid results (encoded bytes) kept across restarts, keyed by (content hash, engine,
    params, service), least recently used dropped beyond ``max_bytes``.

    Each entry is one file: a magic line, the SHA-256 of the payload, then the payload; an
    entry that does not match, or that is not a regular file of at most ``max_bytes``, is
    deleted and reads as a miss. Writes are atomic (:func:`~..io.write_atomic`).
    Thread-safe; two processes sharing the dir at worst redo a write (or, for the receipts,
    miss one: the render is then still served from the cache, only not announced as paid).
    Disk errors never raise: the cache is an optimisation, a failure reads as a miss.
    """

    def __init__(self, directory: Path | None = None, max_bytes: int = DEFAULT_DISK_BYTES) -> None:
        self.directory = directory or cache_dir()
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sizes: OrderedDict[str, int] = self._scan()
        self._receipts: dict[str, str] = {}  # receipt -> entry name
        with self._lock:
            self._evict()
        self._load_receipts()

    @staticmethod
    def key(content: str, engine: str, params: Params, service: str) -> CacheKey:
        """The key of a result: the SHA-256 of the bytes sent, the engine, the settings and
        the service's base URL (a result of one address never answers for another)."""
        return (content, engine, params, service.rstrip("/"))

    @staticmethod
    def _name(key: CacheKey) -> str:
        content, engine, params, service = key
        text = f"{content}|{engine}|{params.retouch:.2f}|{params.whitening:.2f}|{service}"
        return hashlib.sha256(text.encode()).hexdigest() + ENTRY_SUFFIX

    @property
    def total_bytes(self) -> int:
        with self._lock:
            return sum(self._sizes.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._sizes)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return isinstance(key, tuple) and len(key) == 4 and self._name(key) in self._sizes

    def get(self, key: CacheKey) -> bytes | None:
        name = self._name(key)
        path = self.directory / name
        try:
            blob = read_plain(path, max(self.max_bytes, 1))
        except UnusualFileError as exc:
            self._drop(name, exc.reason)
            return None
        except OSError:
            with self._lock:
                self._sizes.pop(name, None)
            return None
        payload = _unwrap(blob)
        with self._lock:
            if payload is None:
                self._sizes.pop(name, None)
                with contextlib.suppress(OSError):
                    path.unlink()
                log.warning("A damaged cache entry was dropped: %s", name)
                return None
            if name not in self._sizes and not path.exists():
                return payload  # evicted while it was read: right bytes, no entry any more
            self._sizes[name] = len(blob)
            self._sizes.move_to_end(name)
        with contextlib.suppress(OSError):
            os.utime(path)  # the order survives a restart
        return payload

    def put(self, key: CacheKey, data: bytes) -> None:
        name = self._name(key)
        blob = _MAGIC + hashlib.sha256(data).digest() + data
        if len(blob) > self.max_bytes:
            return
        target = self.directory / name
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._clear_unusual(target)
            write_atomic(target, lambda fh: fh.write(blob), overwrite=True, mode=0o600)
        except OSError as exc:
            log.warning("Could not keep a result in the cache (%s)", exc.strerror or exc)
            return
        with self._lock:
            self._sizes.pop(name, None)
            self._sizes[name] = len(blob)
            self._evict()

    def clear(self) -> None:
        with self._lock:
            for name in list(self._sizes):
                with contextlib.suppress(OSError):
                    (self.directory / name).unlink()
            self._sizes.clear()
            self._receipts.clear()
            with contextlib.suppress(OSError):
                (self.directory / RECEIPTS_FILE).unlink()

    # --- "is this paid for?" ----------------------------------------------------------------

    def remember_paid(self, photo: str | os.PathLike[str], stamp: Stamp, key: CacheKey) -> None:
        """The result kept under ``key`` is the one of the file ``photo`` as it was at
        ``stamp`` (its size and mtime_ns) with the key's engine, settings and service."""
        _, engine, params, service = key
        name = self._name(key)
        receipt = _receipt(photo, stamp, engine, params, service)
        with self._lock:
            if name not in self._sizes or self._receipts.get(receipt) == name:
                return
            self._receipts[receipt] = name
            self._append_receipt(f"{receipt} {name}\n".encode())

    def paid_for(
        self,
        photo: str | os.PathLike[str],
        engine: str,
        params: Params,
        service: str,
        stamp: Stamp | None = None,
    ) -> bool:
        """Is the result of ``photo`` (the file as it is now, or as it was at ``stamp``) with
        these settings from ``service`` in the cache? Cheap (no read, no encode: at most one
        ``stat`` of the photo) and thread-safe."""
        if stamp is None:
            try:
                st = os.stat(photo)
            except OSError:
                return False
            stamp = (st.st_size, st.st_mtime_ns)
        receipt = _receipt(photo, stamp, engine, params, service.rstrip("/"))
        with self._lock:
            name = self._receipts.get(receipt)
            return name is not None and name in self._sizes

    # --- files ------------------------------------------------------------------------------

    def _drop(self, name: str, reason: str) -> None:
        """An entry that is not a regular file of a sane size: removed, never read."""
        log.warning("A cache entry that could not be used was dropped (%s): %s", reason, name)
        with self._lock:
            self._sizes.pop(name, None)
        _remove_any(self.directory / name)

    def _clear_unusual(self, target: Path) -> None:
        """Make room for ``target``: anything but a regular file in its place goes."""
        try:
            mode = os.lstat(target).st_mode
        except OSError:
            return
        if not stat.S_ISREG(mode):
            self._drop(target.name, "it was not a file")

    def _evict(self) -> None:
        while sum(self._sizes.values()) > self.max_bytes and len(self._sizes) > 1:
            name, _ = self._sizes.popitem(last=False)
            with contextlib.suppress(OSError):
                (self.directory / name).unlink()

    def _scan(self) -> OrderedDict[str, int]:
        """Entries on disk, least recently used first (by mtime, refreshed on every hit).

        Left-over temp files are swept; entries of versions whose key did not name the
        service, and anything that is not a regular file of at most ``max_bytes``, go."""
        found: list[tuple[int, str, int]] = []
        sweep_leftovers([self.directory])
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return OrderedDict()
        old = 0
        for entry in entries:
            name = entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if name.startswith(_OLD_TEMP_PREFIX):
                if st.st_mtime < time.time() - _OLD_TEMP_STALE:
                    _remove_any(Path(entry.path))
                continue
            if name.endswith(OLD_SUFFIX) and not name.startswith("."):
                old += _remove_any(Path(entry.path))
                continue
            if name.startswith(".") or not name.endswith(ENTRY_SUFFIX):
                continue
            reason = None if stat.S_ISREG(st.st_mode) else "it was not a file"
            if reason is None and st.st_size > self.max_bytes:
                reason = "it was larger than the whole cache may be"
            if reason is not None:
                log.warning(
                    "A cache entry that could not be used was dropped (%s): %s", reason, name
                )
                _remove_any(Path(entry.path))
                continue
            found.append((st.st_mtime_ns, name, st.st_size))
        if old:
            log.info(
                "%d paid result(s) kept before the cache knew the service's address were "
                "dropped (no address can be sure they are its own).",
                old,
            )
        found.sort()
        return OrderedDict((name, size) for _, name, size in found)

    def _load_receipts(self) -> None:
        path = self.directory / RECEIPTS_FILE
        try:
            raw = read_plain(path, MAX_RECEIPTS_BYTES)
        except FileNotFoundError:
            return
        except UnusualFileError as exc:
            log.warning("The cache's receipts could not be used and were dropped (%s)", exc.reason)
            _remove_any(path)
            return
        except OSError:
            return
        lines = raw.decode("ascii", "replace").splitlines()
        with self._lock:
            for line in lines:
                receipt, _, name = line.partition(" ")
                if name in self._sizes:
                    self._receipts[receipt] = name
            live = len(self._receipts)
            if len(lines) > 64 and live < len(lines) // 2:
                text = "".join(f"{r} {n}\n" for r, n in self._receipts.items()).encode()
                try:
                    write_atomic(path, lambda fh: fh.write(text), overwrite=True, mode=0o600)
                except OSError as exc:
                    log.info("Could not compact the cache's receipts (%s)", exc.strerror or exc)

    def _append_receipt(self, line: bytes) -> None:
        """One line appended in one write (O_APPEND: other processes' lines stay whole)."""
        path = self.directory / RECEIPTS_FILE
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:  # a FIFO nobody reads (ENXIO), a folder...
            if not _is_file(path):
                log.warning("The cache's receipts were not a file and were dropped")
                _remove_any(path)
            else:
                log.info("Could not write a cache receipt (%s)", exc.strerror or exc)
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                log.warning("The cache's receipts were not a file and were dropped")
                os.close(fd)
                fd = -1
                _remove_any(path)
                return
            os.write(fd, line)
        except OSError as exc:
            log.info("Could not write a cache receipt (%s)", exc.strerror or exc)
        finally:
            if fd >= 0:
                os.close(fd)


def _receipt(
    photo: str | os.PathLike[str], stamp: Stamp, engine: str, params: Params, service: str
) -> str:
    """What names a paid (file, settings, service): hashed, so no photo path is kept in the
    cache dir. The version is part of it: another version may encode the upload otherwise."""
    text = "|".join(
        (
            __version__,
            os.path.abspath(os.fspath(photo)),
            str(stamp[0]),
            str(stamp[1]),
            engine,
            f"{params.retouch:.2f}",
            f"{params.whitening:.2f}",
            service,
        )
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _is_file(path: Path) -> bool:
    """Is ``path`` a regular file, or nothing at all (so not in the way of one)?"""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _remove_any(path: Path) -> int:
    """Remove whatever is at ``path`` (a folder with what is in it; a link, not its target);
    1 if it went, 0 if not."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except OSError:
        return 0
    return 1


def _unwrap(blob: bytes) -> bytes | None:
    """The payload of an entry, or None when the entry is damaged."""
    head = len(_MAGIC) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    return payload if hashlib.sha256(payload).digest() == blob[len(_MAGIC) : head] else None
