"""Named presets: the built-in looks plus the ones a photographer saved, kept in the
catalog (an earlier version's ``presets.json`` is imported once)."""

from ..errors import ConfigError
from ..params import PRESETS, Params
from .catalog import Catalog

NONE_PRESET = "None"
MAX_NAME = 40

#: Built-in presets, in the order the chooser lists them. "None" leaves the photo as it is.
BUILTIN_PRESETS: dict[str, Params] = {
    "Natural": PRESETS["Natural"],
    "Soft": PRESETS["Soft"],
    "Glamour": PRESETS["Glamour"],
    NONE_PRESET: Params(0.0, 0.0),
}


def clean_name(name: str) -> str:
    """``name`` trimmed, or :class:`ConfigError` with the sentence to show."""
    text = " ".join(name.split())
    if not text:
        raise ConfigError("A preset needs a name. Type one, then save again.")
    if len(text) > MAX_NAME:
        raise ConfigError(f"A preset name can have at most {MAX_NAME} characters.")
    return text


class PresetStore:
    """Built-in presets (read-only) and user presets (kept in the catalog on every change)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._user: dict[str, Params] = {
            name: params
            for name, params in catalog.presets().items()
            if not self._builtin_clash(name)
        }

    # --- reading ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Built-ins first (fixed order), then user presets by name."""
        return [*BUILTIN_PRESETS, *sorted(self._user, key=str.casefold)]

    def user_names(self) -> list[str]:
        return sorted(self._user, key=str.casefold)

    def get(self, name: str) -> Params | None:
        return BUILTIN_PRESETS.get(name) or self._user.get(name)

    def is_builtin(self, name: str) -> bool:
        return name in BUILTIN_PRESETS

    def name_of(self, params: Params) -> str | None:
        """The first preset (built-ins first) with exactly these settings, if any."""
        return next((n for n in self.names() if self.get(n) == params), None)

    # --- changing -----------------------------------------------------------------------------

    def save(self, name: str, params: Params) -> str:
        """Add or replace the user preset ``name``; returns the cleaned name."""
        name = clean_name(name)
        if self._builtin_clash(name):
            raise ConfigError(f"“{name}” is a built-in preset. Choose another name.")
        self._user[name] = params
        self._write()
        return name

    def rename(self, old: str, new: str) -> str:
        if old not in self._user:
            raise ConfigError(f"There is no saved preset called “{old}”.")
        new = clean_name(new)
        if self._builtin_clash(new):
            raise ConfigError(f"“{new}” is a built-in preset. Choose another name.")
        if new != old and new in self._user:
            raise ConfigError(f"A preset called “{new}” already exists. Choose another name.")
        self._user = {(new if k == old else k): v for k, v in self._user.items()}
        self._write()
        return new

    def delete(self, name: str) -> None:
        if self.is_builtin(name):
            raise ConfigError(f"“{name}” is a built-in preset and cannot be deleted.")
        if self._user.pop(name, None) is not None:
            self._write()

    @staticmethod
    def _builtin_clash(name: str) -> bool:
        return name.casefold() in {b.casefold() for b in BUILTIN_PRESETS}

    def _write(self) -> None:
        self.catalog.set_presets(self._user)
