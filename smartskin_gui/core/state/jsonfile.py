"""Small JSON state files in the config dir: written atomically, damaged ones set aside.

A state file is read only when it is a regular file of a sane size
(:data:`MAX_STATE_BYTES`): a FIFO named like one (which would hang the start), a folder, a
device or a huge file is set aside like a damaged one, with a sentence.
"""

import json
import os
import time
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..io import UnusualFileError, numbered, read_plain, write_atomic

#: Far above any real state file (a session of 3,000 photos is well under 1 MB).
MAX_STATE_BYTES = 64 * 1024 * 1024


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
    path: Path,
    reason: str,
    *,
    what: str,
    instead: str = "SmartSkin starts without it",
    damaged: bool = True,
) -> str:
    """Move a damaged (or, with ``damaged=False``, unusable) ``path`` out of the way, under a
    free name; return the sentence."""
    state = "was damaged" if damaged else "could not be used"
    stamp = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    aside = next((p for p in numbered(stamp) if not os.path.lexists(p)), stamp)
    try:
        os.replace(path, aside)
    except OSError as exc:
        return (
            f"The file with {what} ({path}) {state} ({reason[:200]}) and could not be set aside "
            f"({exc.strerror or exc}); {instead}. Move or delete it by hand."
        )
    return (
        f"The file with {what} {state} ({reason[:200]}); it was set aside as "
        f"“{aside.name}” and {instead}."
    )


def read_state_bytes(
    path: Path,
    *,
    what: str,
    instead: str = "SmartSkin starts without it",
    limit: int = MAX_STATE_BYTES,
) -> tuple[bytes | None, str | None]:
    """The bytes of the state file ``path`` and ``None``, or ``None`` and a warning sentence
    (``None, None`` when there is no such file). Only a regular file of at most ``limit``
    bytes is read, and nothing blocks; anything else is set aside."""
    try:
        return read_plain(path, limit), None
    except FileNotFoundError:
        return None, None
    except UnusualFileError as exc:
        return None, set_aside(path, exc.reason, what=what, instead=instead, damaged=False)
    except OSError as exc:
        return None, f"Could not read the file with {what} ({exc.strerror or exc}); {instead}."


def read_json_object(
    path: Path, *, what: str, instead: str = "SmartSkin starts without it"
) -> tuple[dict[str, Any], str | None]:
    """The JSON object in ``path`` and ``None``, or ``{}`` and a warning sentence.

    A missing file is not a problem ({}, None). Something that is not a regular file of a
    sane size, unreadable JSON, or JSON that is not an object, is set aside (see
    :func:`set_aside`)."""
    raw, problem = read_state_bytes(path, what=what, instead=instead)
    if raw is None:
        return {}, problem
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
