"""Small JSON state files in the config dir: written atomically, damaged ones set aside."""

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from .errors import ConfigError


def write_json_atomic(path: Path, data: Any, *, what: str) -> None:
    """Write ``data`` as JSON to ``path`` via a temp file + ``os.replace``: a crash mid-write
    leaves the old file whole. ``what`` names the content in the error sentence."""
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise ConfigError(
            f"Could not save {what} in “{path.parent}”: {exc.strerror or exc}. "
            "Check that the folder is writable."
        ) from None


def set_aside(path: Path, reason: str, *, what: str) -> str:
    """Move a damaged ``path`` out of the way; return the sentence that says so."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    return (
        f"The file with {what} was damaged ({reason}); it was set aside as “{aside.name}” "
        "and SmartSkin starts without it."
    )


def read_json_object(path: Path, *, what: str) -> tuple[dict[str, Any], str | None]:
    """The JSON object in ``path`` and ``None``, or ``{}`` and a warning sentence.

    A missing file is not a problem ({}, None). Unreadable JSON, or JSON that is not an
    object, is set aside (see :func:`set_aside`)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return {}, f"Could not read the file with {what} ({reason})."
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return {}, set_aside(path, str(exc), what=what)
    if not isinstance(data, dict):
        return {}, set_aside(path, "not a JSON object", what=what)
    return data, None
