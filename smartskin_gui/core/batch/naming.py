"""Export names and options: a name template, an output format, and a target that is never
an original or an earlier output (``-2``, ``-3``... as for a single save). A folder typed
in that does not exist yet is made (with its parents) when the export starts."""

import json
import os
import string
import threading
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import ParameterError, SaveError
from ..io import FORMAT_BY_SUFFIX, SUFFIX_BY_FORMAT, OutputChoices, resolve_target
from ..io.formats import READ_SUFFIXES
from ..params import Params

FIELDS = ("stem", "folder", "retouch", "whitening", "engine")
DEFAULT_TEMPLATE = "{stem}_smartskin"
FORBIDDEN_CHARS = '/\\:*?"<>|'
MIN_QUALITY, MAX_QUALITY, DEFAULT_QUALITY = 10, 100, 95


class OutputFormat(str, Enum):
    SAME = "same"
    JPEG = "JPEG"
    PNG = "PNG"
    TIFF = "TIFF"

    @property
    def label(self) -> str:
        return "Same as original" if self is OutputFormat.SAME else self.value


def template_problem(template: str) -> str | None:
    """None if ``template`` can name files, else the sentence that says what to fix."""
    fields_hint = "Use {stem}, {folder}, {retouch}, {whitening} or {engine}."
    if not template.strip():
        return "The name template is empty. Type one, for example {stem}_smartskin."
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return "The name template has a { or } without its pair. Write fields as {stem}."
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS:
            return f"The name template has an unknown field {{{name}}}. {fields_hint}"
        if spec or conversion:
            return f"Write the field as {{{name}}}, without extra characters inside the braces."
    bad = sorted({c for c in template if c in FORBIDDEN_CHARS or ord(c) < 32})
    if bad:
        shown = " ".join(c if ord(c) >= 32 else "a control character" for c in bad)
        return f"A file name cannot contain {shown}. Remove it from the name template."
    if not render_template(template, "x", Params(), "local").strip(" ."):
        return "The name template gives an empty file name. Add {stem} or some text."
    return None


def render_template(template: str, stem: str, params: Params, engine: str, folder: str = "") -> str:
    """The file name (without extension) ``template`` gives for this photo; ``folder`` is
    the name of the folder it is in (two cards' IMG_0001 told apart: {folder}_{stem})."""
    values = {
        "stem": stem,
        "folder": folder,
        "retouch": f"{params.retouch:.2f}",
        "whitening": f"{params.whitening:.2f}",
        "engine": engine,
    }
    return template.format_map(values)


def output_suffix(source: Path, fmt: "OutputFormat") -> str:
    """The extension for ``fmt``; "same" keeps the original's when SmartSkin can write it,
    else JPEG."""
    if fmt is OutputFormat.SAME:
        suffix = source.suffix.lower()
        return suffix if suffix in FORMAT_BY_SUFFIX else SUFFIX_BY_FORMAT["JPEG"]
    return SUFFIX_BY_FORMAT[fmt.value]


def _existing_part(folder: Path) -> Path:
    """``folder`` itself if something is there, else its nearest parent that exists."""
    probe = folder
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    return probe


def folder_problem(folder: Path) -> str | None:
    """None if an export can write into ``folder`` (it is there, or can be made), else the
    sentence that says why it never can: a file in its place or in its path, or (POSIX)
    a read-only folder where it is or would be made."""
    there = _existing_part(folder)
    if not there.is_dir():
        return (
            f"“{there}” is a file, so “{folder}” cannot be an export folder. Choose another folder."
        )
    if os.name == "posix" and not os.access(there, os.W_OK | os.X_OK):
        made = "" if there == folder else f" cannot be made: “{there}”"
        return f"The folder “{folder}”{made} is read-only. Choose another folder."
    return None


def make_folder(folder: Path) -> None:
    """Make the export folder ``folder`` and its parents (nothing if it is there already);
    :class:`SaveError` with the sentence if it cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        there = _existing_part(folder)
        if not there.is_dir():
            why = f"“{there}” is a file"
        elif isinstance(err, PermissionError):
            why = f"“{there}” is read-only"
        else:
            why = err.strerror or type(err).__name__
        raise SaveError(
            f"The export folder “{folder}” could not be made: {why}. Choose another folder, "
            "then export again."
        ) from err


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What an export does. ``folder`` None writes beside each original; a folder that does
    not exist is made when the export starts. ``skip_exported``: photos already exported
    with the same settings and :meth:`output_key` are left out (the window's catalog knows)."""

    selected_only: bool = False
    folder: Path | None = None
    format: OutputFormat = OutputFormat.SAME
    choices: OutputChoices = field(default_factory=lambda: OutputChoices(quality=DEFAULT_QUALITY))
    template: str = DEFAULT_TEMPLATE
    skip_exported: bool = True

    def __post_init__(self) -> None:
        problem = template_problem(self.template)
        if problem:
            raise ParameterError(problem)
        if not MIN_QUALITY <= self.choices.quality <= MAX_QUALITY:
            raise ParameterError(
                f"JPEG quality must be from {MIN_QUALITY} to {MAX_QUALITY}, "
                f"not {self.choices.quality}."
            )

    def target(self, source: Path, params: Params, engine: str) -> Path:
        """The wished-for output path (before avoiding existing files)."""
        name = render_template(self.template, source.stem, params, engine, source.parent.name)
        # An extension typed into the template ("{stem}_edit.jpg") is the format's to give:
        # never "_edit.jpg.jpg".
        typed = Path(name).suffix.lower()
        if typed in READ_SUFFIXES and name[: -len(typed)].strip(" ."):
            name = name[: -len(typed)]
        return (self.folder or source.parent) / f"{name}{output_suffix(source, self.format)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "selected_only": self.selected_only,
            "folder": "" if self.folder is None else str(self.folder),
            "format": self.format.value,
            "jpeg_quality": self.choices.quality,
            "template": self.template,
            "skip_exported": self.skip_exported,
        }

    def output_key(self) -> str:
        """What decides the files written (folder, format, quality, name template), as
        one string: an export with another key writes other files, so skips nothing."""
        written = self.to_json()
        del written["selected_only"], written["skip_exported"]
        return json.dumps(written, sort_keys=True)

    @classmethod
    def from_json(cls, data: Any) -> "ExportOptions":
        """Options from :meth:`to_json` output; anything unreadable falls back to defaults."""
        data = data if isinstance(data, dict) else {}
        default = cls()
        folder = data.get("folder")
        quality = data.get("jpeg_quality")
        template = data.get("template")
        skip = data.get("skip_exported")
        formats = {f.value: f for f in OutputFormat}
        return cls(
            selected_only=data.get("selected_only") is True,
            folder=Path(folder) if isinstance(folder, str) and folder else None,
            format=formats.get(str(data.get("format")), default.format),
            choices=(
                OutputChoices(quality=quality)
                if isinstance(quality, int) and MIN_QUALITY <= quality <= MAX_QUALITY
                else default.choices
            ),
            template=(
                template
                if isinstance(template, str) and template_problem(template) is None
                else default.template
            ),
            skip_exported=skip if isinstance(skip, bool) else default.skip_exported,
        )


@dataclass
class OutputNamer:
    """Hands out output paths for one export: never an original, an existing file, or a
    name already given to another photo of the same export still being written.

    The export starts with its namer: the export folder is made then (:meth:`prepare`),
    before the first photo. If it cannot be, each photo's :meth:`claim` raises the
    :class:`SaveError` that says why (tried again each time), so nothing is written elsewhere.
    """

    options: ExportOptions
    _given: set[Path] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ready: bool = False

    def __post_init__(self) -> None:
        try:
            self.prepare()
        except SaveError:
            pass  # said by each photo's claim

    def prepare(self) -> None:
        """Make the export folder and its parents if they are not there yet; raises
        :class:`SaveError` with the sentence when it cannot be made."""
        if not self._ready and self.options.folder is not None:
            make_folder(self.options.folder)
        self._ready = True

    def claim(self, source: Path, params: Params, engine: str) -> Path:
        wanted = self.options.target(source, params, engine)
        with self._lock:
            self.prepare()
            path = resolve_target(wanted, overwrite=False, protect=[source])
            n = 2
            while path in self._given:  # the next -n that is neither on disk nor given
                bumped = wanted.with_name(f"{wanted.stem}-{n}{wanted.suffix}")
                if not bumped.exists():
                    path = resolve_target(bumped, overwrite=False, protect=[source])
                n += 1
            self._given.add(path)
            return path

    def release(self, path: Path) -> None:
        """The photo's file is written (or failed): the name is the disk's to guard now."""
        with self._lock:
            self._given.discard(path)
