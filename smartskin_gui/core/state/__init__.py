"""What SmartSkin remembers: the app's settings and the API key, each photo's settings
and state, presets, the photo being worked on (with the one stale check), results
rendered this session, and whether a file is a catalog's editing copy.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .app_settings import AppSettings, SettingsStore, config_dir
    from .edit_targets import EditTarget, Origin, edit_target
    from .photo_settings import FileStamp, PhotoRecord, PhotoSettings
    from .presets import BUILTIN_PRESETS, NONE_PRESET, PresetStore
    from .result_cache import ResultCache
    from .session import PhotoSession, ResultKey

__all__ = [
    "BUILTIN_PRESETS",
    "NONE_PRESET",
    "AppSettings",
    "EditTarget",
    "FileStamp",
    "Origin",
    "PhotoRecord",
    "PhotoSession",
    "PhotoSettings",
    "PresetStore",
    "ResultCache",
    "ResultKey",
    "SettingsStore",
    "config_dir",
    "edit_target",
]
_EXPORTS = {
    "AppSettings": ".app_settings",
    "BUILTIN_PRESETS": ".presets",
    "EditTarget": ".edit_targets",
    "FileStamp": ".photo_settings",
    "NONE_PRESET": ".presets",
    "Origin": ".edit_targets",
    "PhotoRecord": ".photo_settings",
    "PhotoSession": ".session",
    "PhotoSettings": ".photo_settings",
    "PresetStore": ".presets",
    "ResultCache": ".result_cache",
    "ResultKey": ".session",
    "SettingsStore": ".app_settings",
    "config_dir": ".app_settings",
    "edit_target": ".edit_targets",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
