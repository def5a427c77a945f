"""Paid (cloud) results kept on disk across restarts, so nothing is paid for twice.

:class:`DiskCache` is a size-bounded LRU of files in the platform's cache folder (or
``SMARTSKIN_CACHE_DIR``), keyed by what was sent and the settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TypeVar

import platformdirs

from ..params import Params

K = tuple[str, str, Params]  # photo key, engine name, params
V = TypeVar("V")

log = logging.getLogger(__name__)


CACHE_ENV = "SMARTSKIN_CACHE_DIR"
DEFAULT_DISK_BYTES = 500_000_000
_MAGIC = b"SSKC1\n"
_CHUNK = 1 << 20


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
    params), least recently used dropped beyond ``max_bytes``.

    Each entry is one file: a magic line, the SHA-256 of the payload, then the payload; an
    entry that does not match is deleted and reads as a miss. Writes are atomic (temp file
    + ``os.replace``). Thread-safe; two processes sharing the dir at worst redo a write.
    Disk errors never raise: the cache is an optimisation, a failure reads as a miss.
    """

    def __init__(self, directory: Path | None = None, max_bytes: int = DEFAULT_DISK_BYTES) -> None:
        self.directory = directory or cache_dir()
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sizes: OrderedDict[str, int] = self._scan()
        with self._lock:
            self._evict()

    @staticmethod
    def key(content: str, engine: str, params: Params) -> K:
        return (content, engine, params)

    @staticmethod
    def _name(key: K) -> str:
        content, engine, params = key
        text = f"{content}|{engine}|{params.retouch:.2f}|{params.whitening:.2f}"
        return hashlib.sha256(text.encode()).hexdigest() + ".bin"

    @property
    def total_bytes(self) -> int:
        with self._lock:
            return sum(self._sizes.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._sizes)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return isinstance(key, tuple) and self._name(key) in self._sizes

    def get(self, key: K) -> bytes | None:
        name = self._name(key)
        path = self.directory / name
        try:
            blob = path.read_bytes()
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

    def put(self, key: K, data: bytes) -> None:
        name = self._name(key)
        blob = _MAGIC + hashlib.sha256(data).digest() + data
        if len(blob) > self.max_bytes:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=self.directory)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, self.directory / name)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
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

    def _evict(self) -> None:
        while sum(self._sizes.values()) > self.max_bytes and len(self._sizes) > 1:
            name, _ = self._sizes.popitem(last=False)
            with contextlib.suppress(OSError):
                (self.directory / name).unlink()

    def _scan(self) -> OrderedDict[str, int]:
        """Entries on disk, least recently used first (by mtime, refreshed on every hit)."""
        found: list[tuple[int, str, int]] = []
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return OrderedDict()
        for entry in entries:
            if not entry.name.endswith(".bin"):
                continue
            with contextlib.suppress(OSError):
                st = entry.stat()
                found.append((st.st_mtime_ns, entry.name, st.st_size))
        found.sort()
        return OrderedDict((name, size) for _, name, size in found)


def _unwrap(blob: bytes) -> bytes | None:
    """The payload of an entry, or None when the entry is damaged."""
    head = len(_MAGIC) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    return payload if hashlib.sha256(payload).digest() == blob[len(_MAGIC) : head] else None
