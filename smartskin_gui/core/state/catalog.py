"""The catalog: every photo's settings and state, the photos open in the filmstrip, the
photographer's presets, the places opened lately and every file written, kept the moment
they change (``catalog.sqlite3`` in the config folder, see :mod:`.catalog_db`).

The window reads it from memory (a dict look-up, on the GUI thread); each change updates
memory and queues that one row for the writer thread, which commits it within moments.
A kill at any moment loses at most the change being committed and never damages the file.
The ``session.json`` and ``presets.json`` of earlier versions are imported once.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ParameterError
from ..params import Params
from .app_settings import config_dir
from .catalog_db import CATALOG_FILE, CatalogWriter, Op, open_catalog, write_now
from .jsonfile import read_json_object, set_aside
from .records import (
    LABELS,
    Culling,
    ExportRecord,
    FaceSetting,
    FileStamp,
    PathLike,
    PhotoEdits,
    PhotoRecord,
    Stroke,
    photo_key,
)

log = logging.getLogger(__name__)

MAX_RECENT = 10
OLD_SESSION_FILE = "session.json"
OLD_PRESETS_FILE = "presets.json"


class Catalog:
    """Not thread-safe: the GUI thread's (the writer thread only gets finished rows)."""

    def __init__(
        self,
        directory: Path | None = None,
        default: Params | None = None,
        on_write_error: Callable[[str | None], None] | None = None,
    ) -> None:
        self.directory = directory or config_dir()
        self.default = default or Params()
        self.warnings: list[str] = []
        #: Why this catalog is not in the settings folder (it could not be made there).
        self.fallback: str | None = None
        self._records: dict[str, PhotoRecord] = {}
        self._session: dict[str, None] = {}  # the open photos, in order
        self._presets: dict[str, Params] = {}
        self._recent: list[str] = []
        self._current: str | None = None  # the photo on screen when SmartSkin closed
        self._renumber = False
        rows, warnings = open_catalog(self.path)
        self.warnings += warnings
        self._load(rows)
        self._writer = CatalogWriter(self.path, on_write_error)
        if self._renumber:  # positions with gaps: written again as 0..n-1
            self.keep_open(list(self._session))
        meta = dict(rows["meta"])
        self._current = meta.get("current") if isinstance(meta.get("current"), str) else None
        if "imported_json" not in meta:
            self._import_json()

    @property
    def path(self) -> Path:
        return self.directory / CATALOG_FILE

    # --- photos -------------------------------------------------------------------------------

    def record(self, path: PathLike) -> PhotoRecord:
        """The record of ``path``, made from the default preset when new. A photo whose file
        was replaced since its settings were made starts again from the default (its
        exports stay on record: they name another version of the file)."""
        key = self._key(path)
        stamp = FileStamp.of(key)
        record = self._records.get(key)
        if record is None:
            return self._put(PhotoRecord(key, PhotoEdits(self.default), stamp))
        if record.stamp != stamp:
            if record.edited and stamp is not None and record.stamp is not None:
                self.warnings.append(
                    f"“{Path(key).name}” changed on disk since its settings were made, so "
                    "it starts again from the default."
                )
            return self._put(replace(record, edits=PhotoEdits(self.default), stamp=stamp))
        return record

    def get(self, path: PathLike) -> PhotoRecord | None:
        return self._records.get(self._key(path))

    def remembers(self, key: str) -> bool:
        """Does the catalog hold settings for this resolved path? (A dict look-up.)"""
        return key in self._records

    def params(self, path: PathLike) -> Params:
        return self._known(path).params

    def edits(self, path: PathLike) -> PhotoEdits:
        return self._known(path).edits

    def set_edits(self, path: PathLike, edits: PhotoEdits) -> PhotoRecord:
        """The photo's edits as they now are (a change, an undo or a redo)."""
        record = self._known(path)
        if edits == record.edits:
            return record
        return self._put(replace(record, edits=edits, failure=None))

    def apply(self, changes: dict[str, PhotoEdits]) -> list[str]:
        """Give each photo its edits (a sync, or its undo); the keys that changed."""
        changed = [k for k, edits in changes.items() if self.edits(k) != edits]
        for key in changed:
            self.set_edits(key, changes[key])
        return changed

    def set_params(self, path: PathLike, params: Params) -> PhotoRecord:
        """The photographer chose ``params`` for the photo."""
        return self.set_edits(path, PhotoEdits(params, edited=True))

    def mark_exported(self, path: PathLike, export: ExportRecord) -> PhotoRecord:
        record = self._known(path)
        kept = tuple(e for e in record.exports if e.output != export.output)
        self._writer.put([_export_op(record.path, export)])
        return self._put(replace(record, exports=(*kept, export), failure=None))

    def mark_failed(self, path: PathLike, reason: str) -> PhotoRecord:
        return self._put(replace(self._known(path), failure=reason))

    def mark_broken(self, path: PathLike, reason: str | None) -> PhotoRecord:
        """The file cannot be opened (``reason``), or can again (None)."""
        record = self._known(path)
        if record.broken == reason:
            return record
        return self._put(replace(record, broken=reason))

    def set_culling(self, path: PathLike, culling: Culling) -> PhotoRecord:
        """The photo's rating, flag and colour label as the photographer set them."""
        record = self._known(path)
        if record.culling == culling:
            return record
        return self._put(replace(record, culling=culling))

    def unexported_edits(self) -> list[str]:
        """Open photos whose edits are in no written file yet (lost to a quit unexported)."""
        return [k for k in self._session if (r := self._records.get(k)) and r.needs_export]

    def failed(self) -> list[str]:
        return [k for k in self._session if (r := self._records.get(k)) and r.failure]

    def __iter__(self) -> Iterator[PhotoRecord]:
        return iter(list(self._records.values()))

    def __len__(self) -> int:
        return len(self._records)

    # --- the photos open in the filmstrip -----------------------------------------------------

    def session(self) -> list[str]:
        return list(self._session)

    def open_photos(self, keys: Iterable[str]) -> None:
        """``keys`` (resolved paths) joined the filmstrip, at its end."""
        new = [k for k in keys if k not in self._session]
        start = len(self._session)
        for key in new:
            self._session[key] = None
        self._writer.put(
            Op(
                ("session", start + i),
                "INSERT OR REPLACE INTO session VALUES (?, ?)",
                (start + i, k),
            )
            for i, k in enumerate(new)
        )

    def current(self) -> str | None:
        """The photo that was on screen last (SmartSkin reopens on it)."""
        return self._current if self._current in self._session else None

    def set_current(self, key: str) -> None:
        if key == self._current:
            return
        self._current = key
        sql = "INSERT OR REPLACE INTO meta VALUES ('current', ?)"
        self._writer.put([Op(("meta", "current"), sql, (key,))])

    def close_photos(self) -> None:
        """The filmstrip was emptied (the photos' settings stay in the catalog)."""
        self._session.clear()
        self._writer.put([Op(("session", "*"), "DELETE FROM session", ())])

    def keep_open(self, keys: Iterable[str]) -> None:
        """Only ``keys`` (in this order) are open now: the others left the filmstrip (their
        settings stay in the catalog)."""
        keys = list(keys)
        self.close_photos()
        self.open_photos(keys)

    # --- presets ------------------------------------------------------------------------------

    def presets(self) -> dict[str, Params]:
        return dict(self._presets)

    def set_presets(self, presets: dict[str, Params]) -> None:
        """The photographer's presets as they now are (one row per preset changed)."""
        ops = [
            Op(("preset", name), "DELETE FROM presets WHERE name = ?", (name,))
            for name in self._presets
            if name not in presets
        ]
        ops += [
            Op(
                ("preset", name),
                "INSERT OR REPLACE INTO presets VALUES (?, ?, ?)",
                (name, p.retouch, p.whitening),
            )
            for name, p in presets.items()
            if self._presets.get(name) != p
        ]
        self._presets = dict(presets)
        self._writer.put(ops)

    # --- places opened lately ----------------------------------------------------------------

    def recent(self) -> list[str]:
        """Files and folders opened lately, newest first."""
        return list(self._recent)

    def remember_place(self, place: PathLike) -> None:
        text = str(Path(place).expanduser().resolve())
        dropped = [p for p in self._recent[MAX_RECENT - 1 :] if p != text]
        self._recent = [text, *[p for p in self._recent if p != text]][:MAX_RECENT]
        ops = [
            Op(("recent", text), "INSERT OR REPLACE INTO recent VALUES (?, ?)", (text, time.time()))
        ]
        ops += [Op(("recent", p), "DELETE FROM recent WHERE place = ?", (p,)) for p in dropped]
        self._writer.put(ops)

    def forget_place(self, place: str) -> None:
        if place in self._recent:
            self._recent.remove(place)
            self._writer.put(
                [Op(("recent", place), "DELETE FROM recent WHERE place = ?", (place,))]
            )

    # --- writing ------------------------------------------------------------------------------

    @property
    def write_error(self) -> str | None:
        """Why the last write failed, while the catalog is not written (None: all is well)."""
        return self._writer.error

    def retry(self) -> None:
        self._writer.retry()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every change so far is in the file; False if it could not be written."""
        return self._writer.flush(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is left and close; False if some change could not be written."""
        return self._writer.close(timeout)

    def write_copy(self, directory: Path) -> Path:
        """Everything the catalog holds (written or not) as a new catalog file in
        ``directory`` (when its own folder cannot be written); the file's path. Raises
        :class:`CatalogError` if that fails too."""
        target = directory / CATALOG_FILE
        n = 2
        while target.exists():
            target = directory / f"catalog-{n}.sqlite3"
            n += 1
        open_catalog(target)
        ops = [_photo_op(r) for r in self._records.values()]
        ops += [_export_op(r.path, e) for r in self._records.values() for e in r.exports]
        ops += [
            Op(("session", i), "INSERT INTO session VALUES (?, ?)", (i, k))
            for i, k in enumerate(self._session)
        ]
        ops += [
            Op(("preset", k), "INSERT INTO presets VALUES (?, ?, ?)", (k, p.retouch, p.whitening))
            for k, p in self._presets.items()
        ]
        ops.append(
            Op(
                ("meta", "imported_json"),
                "INSERT INTO meta VALUES ('imported_json', ?)",
                (str(time.time()),),
            )
        )
        write_now(target, ops)
        return target

    # --- helpers ------------------------------------------------------------------------------

    def _key(self, path: PathLike) -> str:
        """A known key as it is (keys are resolved already: no file system call)."""
        text = str(path)
        return text if text in self._records or text in self._session else photo_key(path)

    def _known(self, path: PathLike) -> PhotoRecord:
        return self._records.get(self._key(path)) or self.record(path)

    def _put(self, record: PhotoRecord) -> PhotoRecord:
        self._records[record.path] = record
        self._writer.put([_photo_op(record)])
        return record

    def _load(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        exports: dict[str, list[ExportRecord]] = {}
        unreadable = 0
        for row in rows["exports"]:
            try:
                path, output, retouch, whitening, engine, options, size, mtime, at, edits, cull = (
                    row
                )
                exports.setdefault(str(path), []).append(
                    ExportRecord(
                        _text(output),
                        Params.parse(retouch, whitening),
                        _text(engine),
                        _text(options),
                        _stamp(size, mtime),
                        float(at),
                        _text(edits),
                        _text(cull),
                    )
                )
            except (TypeError, ValueError, ParameterError):
                unreadable += 1
        for row in rows["photos"]:
            try:
                (
                    path,
                    size,
                    mtime,
                    retouch,
                    whitening,
                    edited,
                    failure,
                    broken,
                    faces,
                    strokes,
                    rating,
                    flag,
                    label,
                ) = row
                key = _text(path)
                edits = PhotoEdits(
                    Params.parse(retouch, whitening),
                    bool(edited),
                    faces_from_json(_text(faces)),
                    strokes_from_json(_text(strokes)),
                )
                self._records[key] = PhotoRecord(
                    key,
                    edits,
                    _stamp(size, mtime),
                    _optional_text(failure),
                    _optional_text(broken),
                    tuple(exports.get(key, ())),
                    culling_from(rating, flag, label),
                )
            except (TypeError, ValueError, KeyError, AttributeError, ParameterError):
                unreadable += 1
        positions = sorted(r for r in rows["session"] if isinstance(r[0], int))
        for _, path in positions:
            if isinstance(path, str):
                self._session[path] = None
        self._renumber = [pos for pos, _ in positions] != list(range(len(self._session)))
        for row in rows["presets"]:
            try:
                self._presets[_text(row[0])] = Params.parse(row[1], row[2])
            except (TypeError, ValueError, ParameterError):
                unreadable += 1
        recent = sorted(
            (r for r in rows["recent"] if isinstance(r[0], str) and isinstance(r[1], float)),
            key=lambda r: -r[1],
        )
        self._recent = [r[0] for r in recent][:MAX_RECENT]
        if unreadable:
            self.warnings.append(
                f"{unreadable} entries of SmartSkin's catalog could not be read and were "
                "left out; the photos they were about start again from the default."
            )

    def _old_presets(self) -> dict[str, Params]:
        """The presets of an earlier version's ``presets.json``; each unreadable one named."""
        path = self.directory / OLD_PRESETS_FILE
        data, warning = read_json_object(path, what="your presets")
        if warning:
            self.warnings.append(warning)
        table = data.get("presets", {})
        if not isinstance(table, dict):
            self.warnings.append(set_aside(path, "no table of presets", what="your presets"))
            return {}
        presets: dict[str, Params] = {}
        for name, value in table.items():
            try:
                if not isinstance(value, dict):
                    raise ParameterError()
                presets[str(name)] = Params.parse(value.get("retouch"), value.get("whitening"))
            except (ConfigError, ParameterError):
                self.warnings.append(
                    f"The saved preset “{name}” could not be read and is not shown."
                )
        return presets

    def _import_json(self) -> None:
        """The photo settings and presets of versions before the catalog, once."""
        data, warning = read_json_object(
            self.directory / OLD_SESSION_FILE, what="the last session's photo settings"
        )
        if warning:
            self.warnings.append(warning)
        photos = data.get("photos")
        skipped = 0
        if isinstance(photos, dict):
            for key, item in photos.items():
                record = _record_from_json(str(key), item)
                if record is None:
                    skipped += 1
                elif record.path not in self._records:
                    self._put(record)
        elif photos is not None:
            skipped += 1
        self.set_presets({**self._presets, **self._old_presets()})
        if skipped:
            self.warnings.append(
                f"{skipped} entries of the settings saved by an earlier SmartSkin could not be "
                "read and were not brought over."
            )
        self._writer.put(
            [
                Op(
                    ("meta", "imported_json"),
                    "INSERT OR REPLACE INTO meta VALUES ('imported_json', ?)",
                    (str(time.time()),),
                )
            ]
        )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _stamp(size: Any, mtime: Any) -> FileStamp | None:
    if size is None or mtime is None:
        return None
    if not isinstance(size, int) or not isinstance(mtime, int):
        raise TypeError("not a file stamp")
    return FileStamp(size, mtime)


def _photo_op(r: PhotoRecord) -> Op:
    stamp = r.stamp
    return Op(
        ("photo", r.path),
        "INSERT OR REPLACE INTO photos VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            r.path,
            None if stamp is None else stamp.size,
            None if stamp is None else stamp.mtime_ns,
            r.params.retouch,
            r.params.whitening,
            int(r.edited),
            r.failure,
            r.broken,
            faces_json(r.edits.faces),
            strokes_json(r.edits.strokes),
            r.culling.rating,
            r.culling.flag,
            r.culling.label,
        ),
    )


def _export_op(path: str, e: ExportRecord) -> Op:
    stamp = e.stamp
    return Op(
        ("export", path, e.output),
        "INSERT OR REPLACE INTO exports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            path,
            e.output,
            e.params.retouch,
            e.params.whitening,
            e.engine,
            e.options,
            None if stamp is None else stamp.size,
            None if stamp is None else stamp.mtime_ns,
            e.at,
            e.edits,
            e.culling,
        ),
    )


def _params_from(value: Any) -> Params | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ParameterError()
    return Params.parse(*value)


def _record_from_json(key: str, item: Any) -> PhotoRecord | None:
    """A record from an earlier version's ``session.json``, or None when it is damaged."""
    try:
        params = _params_from(item["params"])
        size, mtime = item["stamp"]
        stamp = FileStamp(int(size), int(mtime))
        text = {k: item.get(k) for k in ("exported_to", "failure")}
        if params is None or not all(v is None or isinstance(v, str) for v in text.values()):
            return None
        exported = _params_from(item.get("exported_params"))
        exports = (
            (ExportRecord(text["exported_to"], exported, "", "imported", stamp),)
            if text["exported_to"] and exported is not None
            else ()
        )
        return PhotoRecord(
            key,
            PhotoEdits(params, bool(item.get("edited", False))),
            stamp,
            text["failure"],
            None,
            exports,
        )
    except (KeyError, TypeError, ValueError, ParameterError):
        return None


# --- faces, strokes and culling as the catalog keeps them -------------------------------------

STROKE_KINDS = ("protect", "add")


def faces_json(faces: tuple[FaceSetting, ...]) -> str:
    return json.dumps(
        [
            {
                "cx": f.cx,
                "cy": f.cy,
                "size": f.size,
                "excluded": f.excluded,
                "params": None if f.params is None else [f.params.retouch, f.params.whitening],
            }
            for f in faces
        ]
    )


def faces_from_json(text: str) -> tuple[FaceSetting, ...]:
    """Faces from :func:`faces_json`; ``ValueError`` when the text is not that."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("faces: not a list")
    faces = []
    for item in data:
        params = item.get("params")
        faces.append(
            FaceSetting(
                _fraction(item["cx"]),
                _fraction(item["cy"]),
                _fraction(item["size"]),
                item.get("excluded") is True,
                None if params is None else Params.parse(*params),
            )
        )
    return tuple(faces)


def strokes_json(strokes: tuple[Stroke, ...]) -> str:
    return json.dumps(
        [
            {
                "kind": s.kind,
                "radius": s.radius,
                "softness": s.softness,
                "points": [[round(x, 6), round(y, 6)] for x, y in s.points],
            }
            for s in strokes
        ]
    )


def strokes_from_json(text: str) -> tuple[Stroke, ...]:
    """Strokes from :func:`strokes_json`; ``ValueError`` when the text is not that."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("strokes: not a list")
    strokes = []
    for item in data:
        kind = item["kind"]
        if kind not in STROKE_KINDS:
            raise ValueError(f"stroke kind {kind!r}")
        points = tuple((float(x), float(y)) for x, y in item["points"])
        if not points:
            raise ValueError("a stroke without points")
        strokes.append(Stroke(kind, _fraction(item["radius"]), _fraction(item["softness"]), points))
    return tuple(strokes)


def culling_from(rating: Any, flag: Any, label: Any) -> Culling:
    if rating is not None and (not isinstance(rating, int) or not 0 <= rating <= 5):
        raise ValueError("rating")
    if flag not in (-1, 0, 1) or (label and label not in LABELS):
        raise ValueError("flag or label")
    return Culling(rating, int(flag), str(label or ""))


def _fraction(value: Any) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError("not a fraction")
    return number
