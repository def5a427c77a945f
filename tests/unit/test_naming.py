"""Export names: templates, formats, and never writing over an original or earlier output."""

from pathlib import Path

import pytest

from smartskin_gui.core.batch.naming import (
    DEFAULT_TEMPLATE,
    ExportOptions,
    OutputFormat,
    OutputNamer,
    render_template,
    template_problem,
)
from smartskin_gui.core.errors import ParameterError
from smartskin_gui.core.io import OutputChoices
from smartskin_gui.core.params import Params


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


@pytest.mark.parametrize(
    "data",
    [None, [], {"format": "GIF", "jpeg_quality": "high", "template": "{bad}", "folder": 3}],
)
def test_unreadable_remembered_options_fall_back_to_defaults(data: object) -> None:
    assert ExportOptions.from_json(data) == ExportOptions()
