"""One photo from file to saved result, and the choice of engine. Used by CLI and GUI."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .api import DEFAULT_BASE_URL, SmartSkinClient, validate_base_url
from .engine import Engine
from .engine.cloud import CloudEngine
from .engine.local import LocalEngine
from .errors import MissingKeyError, SmartSkinError
from .imageio import Photo, is_supported_path, load_photo
from .params import Params
from .progress import Cancel, Progress, check
from .saving import OUTPUT_SUFFIX, default_output_path, save_image
from .settings import Settings, SettingsStore

log = logging.getLogger(__name__)

_local_engine: LocalEngine | None = None


def shared_local_engine() -> LocalEngine:
    """One local engine per process, so its face models and analyses are reused."""
    global _local_engine
    if _local_engine is None:
        _local_engine = LocalEngine()
    return _local_engine


def resolve_api_url(settings: Settings | None, override: str | None = None) -> str:
    """Command-line or caller override, then ``SMARTSKIN_API_URL``, then the settings."""
    url = (
        override
        or os.environ.get("SMARTSKIN_API_URL")
        or (settings.api_url if settings else DEFAULT_BASE_URL)
    )
    return validate_base_url(url)


def make_engine(
    name: str, store: SettingsStore, settings: Settings | None = None, api_url: str | None = None
) -> Engine:
    """The engine called ``name`` ("local" or "cloud"), ready to use."""
    if name == "local":
        return shared_local_engine()
    key = store.api_key()
    if not key:
        raise MissingKeyError()
    return CloudEngine(SmartSkinClient(key, resolve_api_url(settings, api_url)))


def run_engine(
    engine: Engine,
    photo: Photo,
    params: Params,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> np.ndarray:
    """The retouched pixels of ``photo`` at full size."""
    if isinstance(engine, CloudEngine):
        return engine.enhance_photo(photo, params, progress, cancel)
    return engine.enhance(photo.rgb, params, progress, cancel)


def engine_notes(engine: Engine, photo: Photo, params: Params) -> list[str]:
    """What the engine did that the user should know (faces found, downscaled upload...)."""
    if params.is_identity:
        return []  # nothing was run (and nothing should be analysed just to say so)
    if isinstance(engine, CloudEngine):
        return list(engine.last_changes)
    if isinstance(engine, LocalEngine):
        return engine.analyse(photo.rgb).notes  # cached by the run just made
    return []


@dataclass
class JobResult:
    input: Path
    output: Path | None = None
    ok: bool = False
    code: str = ""
    message: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "input": str(self.input),
            "output": str(self.output) if self.output else None,
            "ok": self.ok,
            "code": self.code,
            "message": self.message,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }


def enhance_file(
    path: Path,
    engine: Engine,
    params: Params,
    *,
    out_dir: Path | None = None,
    overwrite: bool = False,
    quality: int = 95,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> JobResult:
    """Load, retouch and save one file; every failure becomes a :class:`JobResult`."""
    started = time.monotonic()
    job = JobResult(input=path)
    try:
        check(cancel)
        photo = load_photo(path)
        job.notes.extend(photo.notes)
        pixels = run_engine(engine, photo, params, progress, cancel)
        job.notes.extend(engine_notes(engine, photo, params))
        target = default_output_path(path, out_dir)
        job.output = save_image(pixels, target, like=photo, overwrite=overwrite, quality=quality)
        job.ok, job.code, job.message = True, "OK", f"Saved {job.output.name}"
    except SmartSkinError as err:
        job.code, job.message = err.code, err.message
    except MemoryError:
        job.code, job.message = "OUT_OF_MEMORY", "Not enough memory for this photo."
    job.seconds = time.monotonic() - started
    return job


def expand_inputs(paths: Iterable[str | Path], recursive: bool = True) -> Iterator[Path]:
    """Files as given, and the supported photos inside folders (not our own outputs)."""
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(p.glob(pattern)):
                if (
                    child.is_file()
                    and is_supported_path(child)
                    and OUTPUT_SUFFIX not in child.stem
                    and not child.name.startswith(".")
                ):
                    yield child
        else:
            yield p
