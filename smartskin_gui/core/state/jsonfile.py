"""Small JSON state files in the config dir: written atomically, damaged ones set aside."""

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..io import numbered, write_atomic


def write_json_atomic(path: Path, data: Any, *, what: str) -> None:
    """Write ``data`` as JSON to ``path`` via a temp file + ``os.replace``: a crash mid-write
    leaves the old file whole. ``what`` names the content in the error sentence."""
    text = (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, lambda fh: fh.write(text), overwrite=True, mode=0o600)
    except OSError as exc:
        raise ConfigError(
            f"Could not save {what} in “{path.parent}”: {exc.strerror or exc}. "
            "Check that the folder is writable."
        ) from None


def set_aside(
    path: Path, reason: str, *, what: str, instead: str = "SmartSkin starts without it"
) -> str:
    """Move a damaged ``path`` out of the way (under a free name); return the sentence."""
    stamp = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    aside = next((p for p in numbered(stamp) if not p.exists()), stamp)
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    return (
        f"The file with {what} was damaged ({reason[:200]}); it was set aside as "
        f"“{aside.name}” and {instead}."
    )


def read_json_object(
    path: Path, *, what: str, instead: str = "SmartSkin starts without it"
) -> tuple[dict[str, Any], str | None]:
    """The JSON object in ``path`` and ``None``, or ``{}`` and a warning sentence.

    A missing file is not a problem ({}, None). Unreadable JSON, or JSON that is not an
    object, is set aside (see :func:`set_aside`)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"Could not read the file with {what} ({exc.strerror or exc}); {instead}."
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, set_aside(path, "it is not UTF-8 text", what=what, instead=instead)
    except RecursionError:
        return {}, set_aside(path, "it is nested too deeply", what=what, instead=instead)
    except ValueError as exc:
        return {}, set_aside(path, str(exc), what=what, instead=instead)
    if not isinstance(data, dict):
        return {}, set_aside(path, "not a JSON object", what=what, instead=instead)
    return data, None
