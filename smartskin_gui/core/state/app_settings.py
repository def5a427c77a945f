"""App settings that survive a restart: a versioned JSON file and the API key beside it.

Location: platformdirs' user config dir for "SmartSkin", or ``SMARTSKIN_CONFIG_DIR``.
The key lives in its own file (mode 0600 on POSIX); ``SMARTSKIN_API_KEY`` overrides it.
A corrupt config file is set aside and defaults are used, with a warning, never a crash.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from ..cloud import DEFAULT_BASE_URL, validate_base_url
from ..engine_info import CLOUD, ENGINES, LOCAL
from ..errors import ConfigError
from ..io import write_atomic
from ..params import DEFAULT_STRENGTH, parse_strength
from .jsonfile import read_json_object, read_state_bytes, set_aside

log = logging.getLogger(__name__)

APP_NAME = "SmartSkin"
CONFIG_VERSION = 1
CONFIG_FILE = "config.json"
KEY_FILE = "api_key"
DEFAULTS_USED = "defaults are used"
KEY_WHAT = "your API key"
KEY_INSTEAD = "no key is used: enter it again in Settings"
#: An AILabTools key is a few dozen characters.
MAX_KEY_BYTES = 4096
#: The engines, and their names in the app (the one list; the CLI takes the keys).


def config_dir() -> Path:
    override = os.environ.get("SMARTSKIN_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass
class AppSettings:
    """Everything the app remembers. ``ui`` holds opaque window state (geometry, splitters)."""

    version: int = CONFIG_VERSION
    api_url: str = DEFAULT_BASE_URL
    engine: str = ""  # "" = automatic: cloud when a key is set, else local
    retouch: float = DEFAULT_STRENGTH
    whitening: float = DEFAULT_STRENGTH
    last_open_dir: str = ""
    last_save_dir: str = ""
    jpeg_quality: int = 95
    tiff_compression: str = ""  # "" keeps the original's; else "none", "lzw" or "zip"
    #: The preset a newly opened photo starts from (a built-in or a saved preset's name).
    default_preset: str = "Natural"
    ui: dict[str, str] = field(default_factory=dict)

    def sanitised(self) -> AppSettings:
        """A copy with every field in range (hand-edited files may hold anything)."""
        return self.checked()[0]

    def checked(self) -> tuple[AppSettings, list[str]]:
        """:meth:`sanitised`, and the names (as the app shows them) of the fields it replaced."""
        s = AppSettings(**asdict(self))
        replaced: list[str] = []
        try:
            s.api_url = validate_base_url(str(s.api_url))
        except ConfigError:
            s.api_url = DEFAULT_BASE_URL
            replaced.append(FIELD_LABELS["api_url"])
        if s.engine not in ("", *ENGINES):
            s.engine = ""
            replaced.append(FIELD_LABELS["engine"])
        for name in ("retouch", "whitening"):
            try:
                setattr(s, name, parse_strength(getattr(s, name), name))
            except Exception:
                setattr(s, name, DEFAULT_STRENGTH)
                replaced.append(FIELD_LABELS[name])
        quality = s.jpeg_quality if type(s.jpeg_quality) is int else 95
        s.jpeg_quality = min(100, max(50, quality))
        if s.jpeg_quality != self.jpeg_quality:
            replaced.append(FIELD_LABELS["jpeg_quality"])
        if s.tiff_compression not in ("", "none", "lzw", "zip"):
            s.tiff_compression = ""
            replaced.append(FIELD_LABELS["tiff_compression"])
        for name in ("last_open_dir", "last_save_dir"):
            if not isinstance(getattr(s, name), str):
                setattr(s, name, "")
                replaced.append(FIELD_LABELS[name])
        if not isinstance(s.ui, dict):
            s.ui = {}
            replaced.append(FIELD_LABELS["ui"])
        ui = {str(k): v for k, v in s.ui.items() if isinstance(v, str)}
        if len(ui) != len(s.ui) and FIELD_LABELS["ui"] not in replaced:
            replaced.append(FIELD_LABELS["ui"])
        s.ui = ui
        if not isinstance(s.default_preset, str):
            s.default_preset = "Natural"
            replaced.append(FIELD_LABELS["default_preset"])
        s.default_preset = (s.default_preset or "Natural")[:40]
        s.version = CONFIG_VERSION
        return s, replaced


#: The settings as the app names them, for the sentence about replaced values.
FIELD_LABELS = {
    "api_url": "API URL",
    "engine": "default engine",
    "retouch": "retouch strength",
    "whitening": "whitening strength",
    "jpeg_quality": "JPEG quality",
    "tiff_compression": "TIFF compression",
    "ui": "window layout",
    "last_open_dir": "folder photos were last opened from",
    "last_save_dir": "folder results were last saved to",
    "default_preset": "default preset",
}


class SettingsStore:
    """Reads and writes :class:`AppSettings` and the API key in one directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.warnings: list[str] = []

    @property
    def config_path(self) -> Path:
        return self.directory / CONFIG_FILE

    @property
    def key_path(self) -> Path:
        return self.directory / KEY_FILE

    # --- settings ---------------------------------------------------------------------------

    def load(self) -> AppSettings:
        path = self.config_path
        data, problem = read_json_object(path, what="your settings", instead=DEFAULTS_USED)
        if problem:
            self._warn(problem)
            return AppSettings()
        known = {f.name for f in fields(AppSettings)}
        try:
            settings, replaced = AppSettings(
                **{k: v for k, v in data.items() if k in known}
            ).checked()
        except (ValueError, TypeError) as exc:
            self._warn(set_aside(path, str(exc), what="your settings", instead=DEFAULTS_USED))
            return AppSettings()
        if replaced:
            self._warn(
                f"Some settings in “{path}” are not valid and were replaced with defaults: "
                f"{', '.join(replaced)}. Choose them again in Settings (saving there writes the "
                "defaults over the file)."
            )
        return settings

    def save(self, settings: AppSettings) -> None:
        data = asdict(settings.sanitised())
        self._atomic_write(self.config_path, json.dumps(data, indent=2, sort_keys=True) + "\n")

    # --- API key ----------------------------------------------------------------------------

    def api_key(self) -> str:
        """The key in force: ``SMARTSKIN_API_KEY`` if set, else the stored one, else ""."""
        env = os.environ.get("SMARTSKIN_API_KEY", "").strip()
        if env:
            return env
        return self.stored_api_key()

    def stored_api_key(self) -> str:
        """The key in its file: read only when it is a regular file of a key's size (a FIFO
        in its place is set aside with a sentence, never waited on)."""
        raw, problem = read_state_bytes(
            self.key_path, what=KEY_WHAT, instead=KEY_INSTEAD, limit=MAX_KEY_BYTES
        )
        if problem:
            self._warn(problem)
        if raw is None:
            return ""
        try:
            return raw.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            self._warn(
                set_aside(self.key_path, "it is not UTF-8 text", what=KEY_WHAT, instead=KEY_INSTEAD)
            )
            return ""

    def key_from_environment(self) -> bool:
        return bool(os.environ.get("SMARTSKIN_API_KEY", "").strip())

    def set_api_key(self, key: str) -> None:
        key = key.strip()
        if not key:
            with contextlib.suppress(FileNotFoundError):
                self.key_path.unlink()
            return
        self._atomic_write(self.key_path, key + "\n", mode=0o600)

    def effective_engine(self, settings: AppSettings) -> str:
        if settings.engine in ENGINES:
            return settings.engine
        return CLOUD.name if self.api_key() else LOCAL.name

    # --- helpers ----------------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        if message in self.warnings:  # the same file loaded again says nothing new
            return
        log.warning("%s", message)
        self.warnings.append(message)

    def _atomic_write(self, path: Path, text: str, mode: int = 0o666) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, lambda fh: fh.write(text.encode("utf-8")), overwrite=True, mode=mode)
        except OSError as exc:
            raise ConfigError(
                f"Could not save settings in “{path.parent}”: {exc.strerror or exc}."
            ) from None
