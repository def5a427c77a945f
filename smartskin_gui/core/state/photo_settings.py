"""Per-photo settings for a session: each photo keeps its own Params and its state.

Photos are keyed by their resolved path; the file's size and mtime notice a photo that was
replaced under the same name (it starts again from the default). The photos of the session
are saved to ``session.json`` in the config dir, so they come back after a restart.
"""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Self

from ..errors import ParameterError
from ..params import Params
from .app_settings import config_dir
from .jsonfile import read_json_object, write_json_atomic

SESSION_FILE = "session.json"
SESSION_VERSION = 1
WHAT = "the last session's photo settings"

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells a photo from another file saved under its name."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: PathLike) -> Self | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """One photo's settings and what happened to it. ``exported_params`` is what the last
    export used; the photo counts as exported only while its settings still match."""

    path: str
    params: Params
    stamp: FileStamp | None = None
    edited: bool = False
    exported_to: str | None = None
    exported_params: Params | None = None
    failure: str | None = None  # the last export/render failed: the sentence why
    broken: str | None = None  # the file cannot be opened: the sentence why

    @property
    def exported(self) -> bool:
        return self.exported_to is not None and self.exported_params == self.params

    @property
    def needs_export(self) -> bool:
        """Edited, and those edits are not in an exported file yet."""
        return self.edited and not self.exported and self.broken is None


def photo_key(path: PathLike) -> str:
    return str(Path(path).expanduser().resolve())


class PhotoSettings:
    """The session's photos, in the order they were added. Not thread-safe: GUI thread."""

    def __init__(self, directory: Path | None = None, default: Params | None = None) -> None:
        self.directory = directory or config_dir()
        self.default = default or Params()
        self.warnings: list[str] = []
        self._records: dict[str, PhotoRecord] = {}
        self._previous: dict[str, PhotoRecord] = self._load()
        self.dirty = False

    @property
    def path(self) -> Path:
        return self.directory / SESSION_FILE

    # --- photos -------------------------------------------------------------------------------

    def add(self, path: PathLike) -> PhotoRecord:
        """The record for ``path``, made (from the default, or from the last session if the
        file is unchanged) when new. A file replaced on disk starts again from the default."""
        key = photo_key(path)
        stamp = FileStamp.of(key)
        record = self._records.get(key) or self._previous.pop(key, None)
        if record is None or record.stamp != stamp:
            record = PhotoRecord(key, self.default, stamp)
            self.dirty = True
        self._records[key] = record
        return record

    def remembers(self, key: str) -> bool:
        """Was the photo with this resolved path in the last session (not added yet)? A dict
        look-up: cheap enough for thousands of photos arriving."""
        return key in self._previous

    def add_all(self, paths: Iterable[PathLike]) -> list[PhotoRecord]:
        return [self.add(p) for p in paths]

    def _key(self, path: PathLike) -> str:
        """The record key of ``path``: a known key as it is (keys are resolved already), so
        look-ups on the GUI thread do not ask the file system again."""
        text = os.fspath(path)
        return text if text in self._records else photo_key(path)

    def get(self, path: PathLike) -> PhotoRecord | None:
        return self._records.get(self._key(path))

    def params(self, path: PathLike) -> Params:
        """The photo's settings (it is added if new; a known photo's file is not re-checked:
        call :meth:`add` when a photo is (re)opened)."""
        return self._known(path).params

    def _known(self, path: PathLike) -> PhotoRecord:
        return self._records.get(self._key(path)) or self.add(path)

    def remove(self, path: PathLike) -> None:
        if self._records.pop(self._key(path), None) is not None:
            self.dirty = True

    def __iter__(self) -> Iterator[PhotoRecord]:
        return iter(list(self._records.values()))

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str | os.PathLike) and self._key(path) in self._records

    # --- edits --------------------------------------------------------------------------------

    def set_params(self, path: PathLike, params: Params) -> PhotoRecord:
        record = self._known(path)
        if params == record.params:
            return record
        return self._put(replace(record, params=params, edited=True, failure=None))

    def sync(self, source: PathLike, targets: Iterable[PathLike] | None = None) -> list[str]:
        """Give ``targets`` (None: every photo) the settings of ``source``; the keys changed."""
        params = self.params(source)
        if targets is None:
            chosen = list(self._records.values())
        else:
            chosen = [self._known(p) for p in targets]
        changed = [r.path for r in chosen if r.params != params]
        for key in changed:
            self._put(replace(self._records[key], params=params, edited=True, failure=None))
        return changed

    def mark_exported(self, path: PathLike, output: PathLike, params: Params) -> PhotoRecord:
        """``output`` was written with ``params`` (the photo's settings when it started)."""
        record = self._known(path)
        return self._put(
            replace(record, exported_to=str(output), exported_params=params, failure=None)
        )

    def mark_failed(self, path: PathLike, reason: str) -> PhotoRecord:
        return self._put(replace(self._known(path), failure=reason))

    def mark_broken(self, path: PathLike, reason: str | None) -> PhotoRecord:
        """The file cannot be opened (``reason``), or can again (None)."""
        return self._put(replace(self._known(path), broken=reason))

    # --- questions ----------------------------------------------------------------------------

    def unexported_edits(self) -> list[str]:
        """Photos whose edits would be lost on quit (edited, not exported with these settings)."""
        return [r.path for r in self._records.values() if r.needs_export]

    def failed(self) -> list[str]:
        return [r.path for r in self._records.values() if r.failure is not None]

    # --- persistence --------------------------------------------------------------------------

    def save(self) -> None:
        """Write this session's photos (raises ConfigError with the sentence on failure)."""
        self.write(self.path, self.snapshot())
        self.dirty = False

    def snapshot(self) -> dict[str, Any]:
        """The session as JSON data: cheap, so it can be taken on the GUI thread and handed
        to :meth:`write` on a worker thread."""
        photos = {key: _record_to_json(r) for key, r in self._records.items()}
        return {"version": SESSION_VERSION, "photos": photos}

    @staticmethod
    def write(path: Path, snapshot: dict[str, Any]) -> None:
        """Write a :meth:`snapshot` atomically (any thread)."""
        write_json_atomic(path, snapshot, what=WHAT)

    def _put(self, record: PhotoRecord) -> PhotoRecord:
        self._records[record.path] = record
        self.dirty = True
        return record

    def _load(self) -> dict[str, PhotoRecord]:
        data, warning = read_json_object(self.path, what=WHAT)
        if warning:
            self.warnings.append(warning)
        photos = data.get("photos")
        if not isinstance(photos, dict):
            return {}
        out: dict[str, PhotoRecord] = {}
        for key, item in photos.items():
            record = _record_from_json(str(key), item)
            if record is not None:
                out[record.path] = record
        return out


def _params_json(p: Params | None) -> list[float] | None:
    return None if p is None else [p.retouch, p.whitening]


def _params_from(value: Any) -> Params | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ParameterError()
    return Params.parse(*value)


def _record_to_json(r: PhotoRecord) -> dict[str, Any]:
    return {
        "params": _params_json(r.params),
        "stamp": None if r.stamp is None else [r.stamp.size, r.stamp.mtime_ns],
        "edited": r.edited,
        "exported_to": r.exported_to,
        "exported_params": _params_json(r.exported_params),
        "failure": r.failure,
    }


def _record_from_json(key: str, item: Any) -> PhotoRecord | None:
    """A record from the session file, or None when it is damaged (it is then forgotten)."""
    try:
        params = _params_from(item["params"])
        size, mtime = item["stamp"]
        text = {k: item.get(k) for k in ("exported_to", "failure")}
        if params is None or not all(v is None or isinstance(v, str) for v in text.values()):
            return None
        return PhotoRecord(
            path=key,
            params=params,
            stamp=FileStamp(int(size), int(mtime)),
            edited=bool(item.get("edited", False)),
            exported_to=text["exported_to"],
            exported_params=_params_from(item.get("exported_params")),
            failure=text["failure"],
        )
    except (KeyError, TypeError, ValueError, ParameterError):
        return None
