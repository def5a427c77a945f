"""The catalog's SQLite file: its schema, opening it (a damaged one is set aside), and the
one writer thread that commits every change within moments of it being made.

Schema (``catalog.sqlite3`` in the config folder, WAL journal, ``synchronous=FULL``):

- ``meta(key, value)``: the schema version and what was imported once;
- ``photos(path, size, mtime_ns, retouch, whitening, edited, failure, broken, faces,
  strokes, rating, flag, label)``: every photo SmartSkin has given settings to, keyed by its
  resolved path, with the stamp of the file those settings were made for, its faces' own
  settings and brush strokes (JSON), and how it was culled;
- ``exports(path, output, retouch, whitening, engine, options, size, mtime_ns, at, edits,
  culling)``: every file written from a photo (Save and Export), with what it was written
  with (its settings, faces and brush; the rating, flag and label in its XMP);
- ``session(pos, path)``: the photos open in the filmstrip, in order (reopened at start);
- ``presets(name, retouch, whitening)``: the photographer's own presets;
- ``recent(place, at)``: files and folders opened lately (File > Open Recent).

Only the window's :class:`~.catalog.Catalog` writes it, through :class:`CatalogWriter`:
each change is one row written (an upsert or a delete), never the whole catalog. A second
SmartSkin window on the same folder is prevented by the single-instance hand-over.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CatalogError

log = logging.getLogger(__name__)

CATALOG_FILE = "catalog.sqlite3"
SCHEMA_VERSION = 3
#: Larger than any real catalog (3,000 photos take about 1 MB): anything bigger is not ours.
MAX_CATALOG_BYTES = 2 * 1024**3

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS photos (
    path TEXT PRIMARY KEY,
    size INTEGER,
    mtime_ns INTEGER,
    retouch REAL NOT NULL,
    whitening REAL NOT NULL,
    edited INTEGER NOT NULL DEFAULT 0,
    failure TEXT,
    broken TEXT,
    faces TEXT NOT NULL DEFAULT '[]',
    strokes TEXT NOT NULL DEFAULT '[]',
    rating INTEGER,
    flag INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS exports (
    path TEXT NOT NULL,
    output TEXT NOT NULL,
    retouch REAL NOT NULL,
    whitening REAL NOT NULL,
    engine TEXT NOT NULL,
    options TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    at REAL NOT NULL,
    edits TEXT NOT NULL DEFAULT '',
    culling TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (path, output)
);
CREATE TABLE IF NOT EXISTS session (pos INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS presets (
    name TEXT PRIMARY KEY, retouch REAL NOT NULL, whitening REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS recent (place TEXT PRIMARY KEY, at REAL NOT NULL);
"""


#: From each older schema to the next, all run in one transaction: the columns added.
MIGRATIONS = {
    "1": [
        "ALTER TABLE photos ADD COLUMN faces TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE photos ADD COLUMN strokes TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE photos ADD COLUMN rating INTEGER",
        "ALTER TABLE photos ADD COLUMN flag INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE photos ADD COLUMN label TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE exports ADD COLUMN edits TEXT NOT NULL DEFAULT ''",
    ],
    "2": ["ALTER TABLE exports ADD COLUMN culling TEXT NOT NULL DEFAULT ''"],
}


def _migrate(db: sqlite3.Connection, version: str) -> None:
    db.execute("BEGIN IMMEDIATE")
    for step in range(int(version), SCHEMA_VERSION):
        for statement in MIGRATIONS[str(step)]:
            db.execute(statement)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
    db.execute("COMMIT")


@dataclass(frozen=True, slots=True)
class Op:
    """One row written: ``sql`` with ``args``. Ops with the same ``key`` replace each
    other while waiting (only the newest state of a row is written)."""

    key: tuple[Any, ...]
    sql: str
    args: tuple[Any, ...]


def _connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, full sync. Raises
    ``sqlite3.DatabaseError`` for a file that is not a catalog."""
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        db.close()
        raise
    return db


def _sentence(exc: BaseException, path: Path) -> str:
    return (
        f"SmartSkin cannot save your edits in its catalog (“{path}”): {exc}. Free some disk "
        "space or make the folder writable; nothing is lost while SmartSkin stays open."
    )


def _set_aside(path: Path, reason: str) -> str:
    """Move a damaged catalog (and its journal files) out of the way; the sentence."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 2
    while aside.exists():
        aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
        n += 1
    with contextlib.suppress(OSError):
        path.replace(aside)
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{extra}").replace(Path(f"{aside}{extra}"))
    return (
        f"SmartSkin's catalog was damaged ({reason[:200]}); it was set aside as "
        f"“{aside.name}” and a new one was started. Photos keep their files; their "
        "SmartSkin settings start again from the default."
    )


def _check_kind(path: Path) -> str | None:
    """Why ``path`` is no catalog file we would open (a FIFO, a folder, huge), or None."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "it is not an ordinary file"
    if info.st_size > MAX_CATALOG_BYTES:
        return "it is far larger than a catalog"
    return None


def open_catalog(path: Path) -> tuple[dict[str, list[tuple[Any, ...]]], list[str]]:
    """Open (or make) the catalog at ``path``, check it, create its tables, and read every
    row: ``({table: rows}, warnings)``. A damaged file is set aside (a warning says so) and
    a new one started. Raises :class:`CatalogError` when no catalog can be made there."""
    warnings: list[str] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogError(_sentence(exc, path)) from None
    problem = _check_kind(path)
    if problem is not None:
        warnings.append(_set_aside(path, problem))
    for attempt in (1, 2):
        db: sqlite3.Connection | None = None
        try:
            db = _connect(path)
            status = db.execute("PRAGMA quick_check").fetchone()
            if status is None or status[0] != "ok":
                raise sqlite3.DatabaseError(f"check failed: {status[0] if status else '?'}")
            db.executescript(SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if version is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif version[0] in MIGRATIONS:
                _migrate(db, version[0])
            elif version[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"made by another version ({version[0]})")
            rows = {
                table: db.execute(f"SELECT * FROM {table}").fetchall()
                for table in ("meta", "photos", "exports", "session", "presets", "recent")
            }
            return rows, warnings
        except sqlite3.OperationalError as exc:  # cannot write there: nothing to set aside
            raise CatalogError(_sentence(exc, path)) from None
        except sqlite3.DatabaseError as exc:  # not a database, or damaged
            if db is not None:
                db.close()
            if attempt == 2:
                raise CatalogError(_sentence(exc, path)) from None
            warnings.append(_set_aside(path, str(exc)))
        finally:
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
    raise AssertionError("unreachable")


def write_now(path: Path, ops: Iterable[Op]) -> None:
    """Write ``ops`` into the catalog at ``path`` in one transaction, on this thread."""
    try:
        db = _connect(path)
        try:
            db.execute("BEGIN IMMEDIATE")
            for op in ops:
                db.execute(op.sql, op.args)
            db.execute("COMMIT")
        finally:
            db.close()
    except (sqlite3.Error, OSError) as exc:
        raise CatalogError(_sentence(exc, path)) from None


class CatalogWriter:
    """The catalog's one writer: a thread that commits queued rows in one transaction per
    batch, as soon as they arrive (rows queued while a commit runs go in the next one).

    A commit that fails (disk full, folder read-only) keeps its rows, reports the sentence
    through ``on_error`` (from the writer thread) and is tried again with the next change
    or :meth:`retry`; ``on_error(None)`` says the catalog is written again."""

    def __init__(self, path: Path, on_error: Callable[[str | None], None] | None = None) -> None:
        self.path = path
        self.on_error = on_error
        self.error: str | None = None
        self._pending: dict[tuple[Any, ...], Op] = {}
        self._cond = threading.Condition()
        self._submitted = 0  # ops queued so far
        self._committed = 0  # ops queued before the last successful commit
        self._stopping = False
        self._wake = False  # try again after a failure
        self._thread = threading.Thread(target=self._run, name="smartskin-catalog", daemon=True)
        self._thread.start()

    # --- any thread ---------------------------------------------------------------------------

    def put(self, ops: Iterable[Op]) -> None:
        with self._cond:
            for op in ops:
                self._pending.pop(op.key, None)  # the newest state goes last
                self._pending[op.key] = op
                self._submitted += 1
            self._wake = True
            self._cond.notify_all()

    def retry(self) -> None:
        with self._cond:
            self._wake = True
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is committed; False on failure or timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            target = self._submitted
            self._wake = True
            self._cond.notify_all()
            while self._committed < target:
                left = deadline - time.monotonic()
                if left <= 0 or (self.error is not None and not self._wake):
                    return False
                self._cond.wait(min(left, 0.5))
            return True

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def close(self, timeout: float = 10.0) -> bool:
        """Commit what is queued, then stop the thread; False if something stayed unwritten."""
        flushed = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return flushed and not self._pending

    # --- the writer thread --------------------------------------------------------------------

    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        while True:
            with self._cond:
                while not self._stopping and not (self._pending and self._wake):
                    self._cond.wait()
                if self._stopping and (not self._pending or not self._wake):
                    break
                batch, self._pending = self._pending, {}
                self._wake = False
                upto = self._submitted
            try:
                if db is None:
                    db = _connect(self.path)
                db.execute("BEGIN IMMEDIATE")
                for op in batch.values():
                    db.execute(op.sql, op.args)
                db.execute("COMMIT")
            except (sqlite3.Error, OSError) as exc:
                with contextlib.suppress(sqlite3.Error):
                    if db is not None and db.in_transaction:
                        db.execute("ROLLBACK")
                self._failed(batch, exc)
                continue
            with self._cond:
                self._committed = upto  # every op queued so far is in the file, or newer
                recovered, self.error = self.error is not None, None
                self._cond.notify_all()
            if recovered and self.on_error is not None:
                self.on_error(None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()

    def _failed(self, batch: dict[tuple[Any, ...], Op], exc: BaseException) -> None:
        sentence = _sentence(exc, self.path)
        log.warning("catalog write failed: %s", exc)
        with self._cond:
            merged = dict(batch)  # back in front, in their order; a newer state of a row wins
            for key, op in self._pending.items():
                merged.pop(key, None)
                merged[key] = op
            self._pending = merged
            self.error = sentence
            self._cond.notify_all()
        if self.on_error is not None:
            self.on_error(sentence)
