"""Export names: templates, formats, never writing over an original or earlier output, and
an export folder typed in that does not exist yet made when the export starts."""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.batch.naming import (
    DEFAULT_TEMPLATE,
    ExportOptions,
    OutputFormat,
    OutputNamer,
    folder_problem,
    render_template,
    template_problem,
)
from smartskin_gui.core.batch.runner import run_batch
from smartskin_gui.core.engine.contract import EngineResult
from smartskin_gui.core.errors import ParameterError, SaveError
from smartskin_gui.core.io import OutputChoices
from smartskin_gui.core.params import Params
from smartskin_gui.core.photo import Photo

SETPRIV = shutil.which("setpriv")


def test_default_template_and_fields() -> None:
    assert render_template(DEFAULT_TEMPLATE, "IMG_0001", Params(), "local") == "IMG_0001_smartskin"
    name = render_template(
        "{stem}-{engine}-r{retouch}-w{whitening}", "a", Params(0.5, 1.25), "cloud"
    )
    assert name == "a-cloud-r0.50-w1.25"


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("{name}_x", "unknown field {name}"),
        ("out/{stem}", "cannot contain /"),
        ("out\\{stem}", "cannot contain \\"),
        ("{stem}:1", "cannot contain :"),
        ("{stem", "without its pair"),
        ("{stem:>20}", "without extra characters"),
        ("{stem!r}", "without extra characters"),
        ("...", "empty file name"),
    ],
)
def test_bad_templates_get_a_sentence(template: str, words: str) -> None:
    problem = template_problem(template)
    assert problem is not None and words in problem and problem.endswith(".")
    with pytest.raises(ParameterError, match=r"template|file name|field"):
        ExportOptions(template=template)


@pytest.mark.parametrize("template", [DEFAULT_TEMPLATE, "{stem}", "retouched {stem} {{v2}}"])
def test_good_templates_pass(template: str) -> None:
    assert template_problem(template) is None


@pytest.mark.parametrize(
    ("source", "fmt", "suffix"),
    [
        ("a.jpeg", OutputFormat.SAME, ".jpeg"),
        ("a.PNG", OutputFormat.SAME, ".png"),
        ("a.heic", OutputFormat.SAME, ".jpg"),
        ("a.png", OutputFormat.JPEG, ".jpg"),
        ("a.jpg", OutputFormat.PNG, ".png"),
        ("a.jpg", OutputFormat.TIFF, ".tif"),
    ],
)
def test_format_gives_the_extension(
    tmp_path: Path, source: str, fmt: OutputFormat, suffix: str
) -> None:
    options = ExportOptions(format=fmt)
    assert options.target(tmp_path / source, Params(), "local").suffix == suffix


def test_beside_each_original_or_in_one_folder(tmp_path: Path) -> None:
    src = tmp_path / "day1" / "IMG_1.jpg"
    out = tmp_path / "out"
    assert ExportOptions().target(src, Params(), "local") == src.parent / "IMG_1_smartskin.jpg"
    assert ExportOptions(folder=out).target(src, Params(), "local") == out / "IMG_1_smartskin.jpg"


def test_the_folder_field_keeps_two_cards_photos_apart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = ExportOptions(folder=out, template="{folder}_{stem}")
    a, b = tmp_path / "cardA" / "IMG_0001.jpg", tmp_path / "cardB" / "IMG_0001.jpg"
    assert options.target(a, Params(), "local") == out / "cardA_IMG_0001.jpg"
    assert options.target(b, Params(), "local") == out / "cardB_IMG_0001.jpg"
    assert template_problem("{folder}_{stem}") is None


def test_never_an_original_or_an_earlier_output(tmp_path: Path) -> None:
    src = tmp_path / "IMG_1.jpg"
    src.write_bytes(b"original")
    (tmp_path / "IMG_1_smartskin.jpg").write_bytes(b"earlier export")
    namer = OutputNamer(ExportOptions())
    assert namer.claim(src, Params(), "local") == tmp_path / "IMG_1_smartskin-2.jpg"
    # a template giving the original's own name gets a free name beside it
    same = OutputNamer(ExportOptions(template="{stem}"))
    assert same.claim(src, Params(), "local") == tmp_path / "IMG_1-2.jpg"


def test_two_photos_of_one_export_never_share_a_name(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a" / "IMG.jpg", tmp_path / "b" / "IMG.jpg", tmp_path / "c" / "IMG.jpg"
    out = tmp_path / "out"
    out.mkdir()
    (out / "IMG_smartskin-2.jpg").write_bytes(b"from an earlier export")
    namer = OutputNamer(ExportOptions(folder=out))
    first = namer.claim(a, Params(), "local")
    second = namer.claim(b, Params(), "local")
    third = namer.claim(c, Params(), "local")
    assert [p.name for p in (first, second, third)] == [
        "IMG_smartskin.jpg",
        "IMG_smartskin-3.jpg",
        "IMG_smartskin-4.jpg",
    ]
    first.write_bytes(b"written")
    namer.release(first)
    namer.release(second)  # failed: its name is free again
    assert namer.claim(a, Params(), "local").name == "IMG_smartskin-3.jpg"


def test_options_validate_quality_and_round_trip_json(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="JPEG quality"):
        ExportOptions(choices=OutputChoices(quality=101))
    options = ExportOptions(True, tmp_path, OutputFormat.PNG, OutputChoices(80), "{stem}_{engine}")
    assert ExportOptions.from_json(options.to_json()) == options
    assert ExportOptions.from_json(ExportOptions().to_json()) == ExportOptions()


def test_skipping_photos_already_exported_is_the_default_and_is_remembered() -> None:
    assert ExportOptions().skip_exported is True
    again = ExportOptions(skip_exported=False)
    assert again.to_json()["skip_exported"] is False
    assert ExportOptions.from_json(json.loads(json.dumps(again.to_json()))) == again
    # Options remembered by an earlier version (no such key), or a wrong type: the default.
    older = ExportOptions().to_json()
    del older["skip_exported"]
    assert ExportOptions.from_json(older).skip_exported is True
    assert ExportOptions.from_json({"skip_exported": "no"}).skip_exported is True


def test_output_key_is_what_decides_the_files_written(tmp_path: Path) -> None:
    base = ExportOptions(folder=tmp_path)
    assert ExportOptions(True, tmp_path, skip_exported=False).output_key() == base.output_key()
    for other in (
        ExportOptions(),
        ExportOptions(folder=tmp_path, format=OutputFormat.PNG),
        ExportOptions(folder=tmp_path, choices=OutputChoices(80)),
        ExportOptions(folder=tmp_path, template="{stem}_web"),
    ):
        assert other.output_key() != base.output_key()


@pytest.mark.parametrize(
    "data",
    [None, [], {"format": "GIF", "jpeg_quality": "high", "template": "{bad}", "folder": 3}],
)
def test_unreadable_remembered_options_fall_back_to_defaults(data: object) -> None:
    assert ExportOptions.from_json(data) == ExportOptions()


class CopyEngine:
    """Returns the photo as it is: the batch's saving and naming are what is tested."""

    name = "copy"

    def run(self, photo: Photo, params: Params, progress=None, cancel=None) -> EngineResult:
        return EngineResult(photo.rgb.copy())


def _photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"IMG_{i}.png"
        Image.fromarray(np.full((200, 160, 3), 40 * i, np.uint8)).save(path)
        paths.append(path)
    return paths


def test_a_new_export_folder_and_its_parents_are_made_when_the_export_starts(tmp_path):
    out = tmp_path / "exports" / "2024" / "web"
    options = ExportOptions(folder=out)
    assert folder_problem(out) is None  # the dialog lets it through
    namer = OutputNamer(options)
    assert out.is_dir()  # before the first photo
    photos = _photos(tmp_path / "shoot", 2)
    results = run_batch(photos, CopyEngine(), Params(), namer=namer)
    assert [r.ok for r in results] == [True, True]
    assert sorted(p.name for p in out.iterdir()) == ["IMG_0_smartskin.png", "IMG_1_smartskin.png"]
    OutputNamer(options).prepare()  # there already: nothing to do, no error


def test_a_file_in_the_way_is_refused_with_a_sentence_and_each_photo_says_it(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    for out in (blocker, blocker / "web"):
        problem = folder_problem(out)
        assert problem is not None and "notes.txt” is a file" in problem
        with pytest.raises(SaveError, match=r"could not be made: .*notes\.txt” is a file"):
            OutputNamer(ExportOptions(folder=out)).prepare()
    photos = _photos(tmp_path / "shoot", 2)
    namer = OutputNamer(ExportOptions(folder=blocker / "web"))
    results = run_batch(photos, CopyEngine(), Params(), namer=namer)
    assert [r.code for r in results] == ["SAVE_FAILED", "SAVE_FAILED"]
    assert all("Choose another folder" in r.message and r.output is None for r in results)
    assert blocker.read_text() == "a file, not a folder"


def _as_unprivileged(cmd: list[str]) -> list[str]:
    """``cmd`` so that file permissions apply even when the tests run as root."""
    if os.geteuid() != 0:
        return cmd
    return [SETPRIV, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *cmd]


READ_ONLY_EXPORT = """
import json, sys
from pathlib import Path
from smartskin_gui.core.batch.naming import ExportOptions, OutputNamer, folder_problem
from smartskin_gui.core.errors import SaveError
out = Path(sys.argv[1])
answer = {"problem": folder_problem(out)}
try:
    OutputNamer(ExportOptions(folder=out)).prepare()
except SaveError as err:
    answer.update(code=err.code, message=err.message)
print(json.dumps(answer))
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.skipif(os.geteuid() == 0 and SETPRIV is None, reason="root without setpriv")
def test_a_read_only_parent_is_refused_with_a_sentence(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    out = parent / "new" / "web"
    try:
        r = subprocess.run(
            _as_unprivileged([sys.executable, "-c", READ_ONLY_EXPORT, str(out)]),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        parent.chmod(stat.S_IRWXU)
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout)
    assert answer["code"] == "SAVE_FAILED"
    assert "locked” is read-only" in answer["message"]
    assert "Choose another folder" in answer["message"]
    assert "locked” is read-only" in answer["problem"]
    assert not list(parent.iterdir())


@pytest.mark.parametrize(
    "template, fmt, name",
    [
        ("{stem}_{engine}.jpg", OutputFormat.JPEG, "IMG_1_local.jpg"),
        ("{stem}_edit.JPG", OutputFormat.PNG, "IMG_1_edit.png"),
        ("{stem}.v2", OutputFormat.JPEG, "IMG_1.v2.jpg"),  # not a photo's extension: kept
        (".jpg", OutputFormat.JPEG, ".jpg.jpg"),  # nothing else to name it by
    ],
)
def test_an_extension_typed_into_the_template_is_not_doubled(template, fmt, name):
    options = ExportOptions(template=template, format=fmt)
    assert options.target(Path("/shoot/IMG_1.jpg"), Params(), "local").name == name
