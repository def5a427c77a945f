"""What SmartSkin remembers: the catalog (every photo's settings and state, the photos
open in the filmstrip, presets, places opened lately, every file written), the app's
settings and the API key, the photo being worked on (with the one stale check), results
rendered this session, and whether a file is a catalog's editing copy.

The catalog is ``catalog.sqlite3`` in the settings folder (SQLite, WAL journal,
``synchronous=FULL``). Its tables:

- ``photos(path, size, mtime_ns, retouch, whitening, edited, failure, broken)``: every
  photo given settings, by resolved path, with the stamp of the file they were made for;
- ``exports(path, output, retouch, whitening, engine, options, size, mtime_ns, at)``:
  every file written from a photo (Save's ``options`` is ``"save"``);
- ``session(pos, path)``: the photos open in the filmstrip, reopened at the next start;
- ``presets(name, retouch, whitening)``; ``recent(place, at)``; ``meta(key, value)``.

Who writes it: only the window's :class:`Catalog` (one per process; a second launch hands
its photos to the running window instead of opening the catalog). Every change updates
memory on the GUI thread and queues that one row for the catalog's writer thread, which
commits it within moments; a failed commit keeps the rows, says so, and is tried again.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .app_settings import AppSettings, SettingsStore, config_dir
    from .catalog import Catalog
    from .edit_targets import EditTarget, Origin, edit_target
    from .presets import BUILTIN_PRESETS, NONE_PRESET, PresetStore
    from .records import (
        LABELS,
        NO_REGIONS,
        PICK,
        REJECT,
        UNFLAGGED,
        Culling,
        ExportRecord,
        FaceSetting,
        FileStamp,
        PhotoEdits,
        PhotoRecord,
        Regions,
        Stroke,
        photo_key,
    )
    from .result_cache import ResultCache
    from .session import PhotoSession, ResultKey

__all__ = [
    "BUILTIN_PRESETS",
    "LABELS",
    "NONE_PRESET",
    "NO_REGIONS",
    "PICK",
    "REJECT",
    "UNFLAGGED",
    "AppSettings",
    "Catalog",
    "Culling",
    "EditTarget",
    "ExportRecord",
    "FaceSetting",
    "FileStamp",
    "Origin",
    "PhotoEdits",
    "PhotoRecord",
    "PhotoSession",
    "PresetStore",
    "Regions",
    "ResultCache",
    "ResultKey",
    "SettingsStore",
    "Stroke",
    "config_dir",
    "edit_target",
    "photo_key",
]
_EXPORTS = {
    "NO_REGIONS": ".records",
    "Regions": ".records",
    "Stroke": ".records",
    "FaceSetting": ".records",
    "Culling": ".records",
    "UNFLAGGED": ".records",
    "REJECT": ".records",
    "PICK": ".records",
    "LABELS": ".records",
    "BUILTIN_PRESETS": ".presets",
    "NONE_PRESET": ".presets",
    "AppSettings": ".app_settings",
    "Catalog": ".catalog",
    "EditTarget": ".edit_targets",
    "ExportRecord": ".records",
    "FileStamp": ".records",
    "Origin": ".edit_targets",
    "PhotoEdits": ".records",
    "PhotoRecord": ".records",
    "PhotoSession": ".session",
    "PresetStore": ".presets",
    "ResultCache": ".result_cache",
    "ResultKey": ".session",
    "SettingsStore": ".app_settings",
    "config_dir": ".app_settings",
    "edit_target": ".edit_targets",
    "photo_key": ".records",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
