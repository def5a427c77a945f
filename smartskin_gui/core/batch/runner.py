"""Many photos, one engine: the per-photo job, the folder walk and a bounded runner.

Used by the CLI and by the window's Export. Every photo ends as a :class:`PhotoResult`,
failures included: one bad file never stops a batch. Each photo may have its own settings;
an :class:`~.naming.OutputNamer` names the outputs of an export from its template.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import Engine
from ..engine.regions import run_with_regions
from ..errors import CancelledError, PhotoChangedError, SmartSkinError, as_sentence
from ..io import (
    OUTPUT_SUFFIX,
    OutputChoices,
    default_output_path,
    is_supported_path,
    load_photo,
    save_result,
)
from ..io.metadata import XmpCulling
from ..io.metadata.carry import app_version
from ..memory import release_free_memory
from ..params import Params
from ..progress import Cancel, Progress, check
from ..state import NO_REGIONS, FileStamp, Regions
from .naming import OutputNamer

log = logging.getLogger(__name__)

#: (index into the inputs, fraction of that photo done, message)
BatchProgress = Callable[[int, float, str], None]


@dataclass
class PhotoResult:
    """What happened to one input; ``as_json`` is enough to reproduce it."""

    input: Path
    engine: str
    params: Params
    output: Path | None = None
    ok: bool = False
    code: str = ""
    message: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    stamp: FileStamp | None = None  # the version of the file that was retouched

    def as_json(self) -> dict[str, object]:
        return {
            "input": str(self.input),
            "output": str(self.output) if self.output else None,
            "ok": self.ok,
            "code": self.code,
            "message": self.message,
            "engine": self.engine,
            "retouch": self.params.retouch,
            "whitening": self.params.whitening,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class SaveOptions:
    out_dir: Path | None = None
    overwrite: bool = False
    choices: OutputChoices = field(default_factory=OutputChoices)


def enhance_file(
    path: Path,
    engine: Engine,
    params: Params,
    options: SaveOptions = SaveOptions(),
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    namer: OutputNamer | None = None,
    expect: FileStamp | None = None,
    regions: Regions = NO_REGIONS,
    culling: XmpCulling | None = None,
) -> PhotoResult:
    """Load, retouch and save one file; every failure becomes a failed :class:`PhotoResult`.

    With ``namer`` the output is named by the export's template (never over an existing
    file) and written with its choices (JPEG quality...); else ``options`` say where and how.
    ``expect`` is the version of the file its settings were made for: another version
    (the file was replaced since) fails with :class:`PhotoChangedError`. ``regions``: its
    faces' own settings and brush strokes. ``culling`` is the photo's rating and label for
    the output's XMP (None: the source's stay)."""
    started = time.monotonic()
    job = PhotoResult(input=path, engine=engine.name, params=params)
    try:
        check(cancel)
        stamp = FileStamp.of(path)
        if expect is not None and stamp is not None and stamp != expect:
            raise PhotoChangedError.about(path.name)
        photo = load_photo(path)
        if FileStamp.of(path) != stamp:  # replaced while it was read
            raise PhotoChangedError.about(path.name)
        job.stamp = stamp
        job.notes.extend(photo.notes)
        result = run_with_regions(engine, photo, params, regions, progress, cancel)
        job.notes.extend(result.messages)
        check(cancel)
        if namer is None:
            target = default_output_path(path, options.out_dir)
            overwrite, choices = options.overwrite, options.choices
        else:
            target = namer.claim(path, params, engine.name)
            overwrite, choices = False, namer.options.choices
        try:
            saved = save_result(
                result.pixels,
                target,
                original=photo,
                overwrite=overwrite,
                engine=engine.name,
                params=params,
                choices=choices,
                unchanged=result.unchanged,
                culling=culling,
            )
        finally:
            if namer is not None:
                namer.release(target)
        job.output = saved.path
        job.notes.extend(saved.notes)
        job.ok, job.code, job.message = True, "OK", f"Saved {job.output.name}"
    except SmartSkinError as err:
        job.code, job.message = err.code, err.message
    except Exception as exc:  # out of memory, or a bug: logged, the batch goes on
        log.exception("photo %s failed", path)
        sentence = as_sentence(exc)
        job.code, job.message = sentence.code, sentence.message
    job.seconds = time.monotonic() - started
    return job


def run_batch(
    paths: Sequence[Path],
    engine: Engine,
    params: Params | Sequence[Params],
    options: SaveOptions = SaveOptions(),
    *,
    workers: int = 1,
    progress: BatchProgress | None = None,
    cancel: Cancel | None = None,
    on_result: Callable[[int, PhotoResult], None] | None = None,
    namer: OutputNamer | None = None,
    expect: Sequence[FileStamp | None] | None = None,
    regions: Sequence[Regions] | None = None,
    culling: Sequence[XmpCulling | None] | None = None,
) -> list[PhotoResult]:
    """Retouch ``paths`` with at most ``workers`` at a time; results in input order.

    ``params`` is one setting for all, or one per photo (``expect`` and ``culling``: one per
    photo, see :func:`enhance_file`). ``on_result`` is called (from a worker thread) as each
    photo ends; after ``cancel`` no photo starts (they end as cancelled results) and those
    in flight stop at their next check.
    """
    cancelled = cancel or threading.Event().is_set
    each = [params] * len(paths) if isinstance(params, Params) else list(params)
    stamps = list(expect) if expect is not None else [None] * len(paths)
    areas = list(regions) if regions is not None else [NO_REGIONS] * len(paths)
    marks = list(culling) if culling is not None else [None] * len(paths)
    if not len(each) == len(stamps) == len(areas) == len(marks) == len(paths):
        raise ValueError("one Params (expected stamp, regions, culling) per photo")

    def one(index: int) -> PhotoResult:
        path, params = paths[index], each[index]

        def step(fraction: float, message: str) -> None:
            if progress:
                progress(index, fraction, message)

        if cancelled():
            err = CancelledError()
            job = PhotoResult(path, engine.name, params, code=err.code, message=err.message)
        else:
            job = enhance_file(
                path,
                engine,
                params,
                options,
                step,
                cancelled,
                namer,
                stamps[index],
                areas[index],
                marks[index],
            )
            release_free_memory()  # memory flat over a long batch
        if on_result:
            on_result(index, job)
        return job

    # The version every saved file records, looked up while the first photo is retouched.
    threading.Thread(target=app_version, name="smartskin-version").start()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, range(len(paths))))


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
