import os
import stat
import sys
from pathlib import Path

import pytest

from smartskin_gui.core.state.edit_targets import Origin, edit_target


def _touch(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"photo")
    return path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("Portrait-Edit.tif", "TIFF"),
        ("Portrait-Edit-2.tif", "TIFF"),
        ("DSC_0042-Edit-12.tiff", "TIFF"),
        ("Anna-Edit.jpg", "JPEG"),
        ("Anna Smith-edit.PNG", "PNG"),
    ],
)
def test_lightroom_edit_copies_from_the_command_line(tmp_path: Path, name: str, fmt: str):
    path = _touch(tmp_path, name)
    target = edit_target(path, from_command_line=True)
    assert target is not None
    assert target.origin is Origin.LIGHTROOM and target.format == fmt
    assert target.is_target(path) and not target.is_target(tmp_path / "other.tif")
    assert "Lightroom Classic" in target.title and name in target.title


@pytest.mark.parametrize(
    "name",
    [
        "Portrait.tif",  # an original
        "Portrait-Edit.psd",  # Photoshop document: SmartSkin cannot write it back
        "Portrait-Edited.tif",
        "Portrait-Edit-final.tif",
        "Edit.tif",
    ],
)
def test_other_command_line_files_are_originals(tmp_path: Path, name: str):
    assert edit_target(_touch(tmp_path, name), from_command_line=True) is None


def test_a_matching_name_opened_from_the_window_is_not_a_target(tmp_path: Path):
    path = _touch(tmp_path, "Portrait-Edit.tif")
    assert edit_target(path) is None  # drag and drop, File > Open: never written over


def test_open_for_editing_makes_any_writable_photo_a_target(tmp_path: Path):
    path = _touch(tmp_path, "holiday.jpg")
    target = edit_target(path, chosen_for_editing=True)
    assert target is not None and target.origin is Origin.USER and target.format == "JPEG"
    assert edit_target(_touch(tmp_path, "layers.psd"), chosen_for_editing=True) is None
    assert edit_target(tmp_path / "missing.tif", chosen_for_editing=True) is None


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="read-only bits are not enforced for root or on Windows",
)
def test_a_read_only_file_is_never_a_target(tmp_path: Path):
    path = _touch(tmp_path, "Portrait-Edit.tif")
    path.chmod(stat.S_IREAD)
    try:
        assert edit_target(path, from_command_line=True) is None
    finally:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)


def test_capture_one_variants_need_their_raw_beside_them(tmp_path: Path):
    _touch(tmp_path, "IMG_1234.CR3")
    for name in ("IMG_1234.tif", "IMG_1234_1.tif", "IMG_1234_2.jpg"):
        target = edit_target(_touch(tmp_path, name), from_command_line=True)
        assert target is not None and target.origin is Origin.CAPTURE_ONE, name
    # The camera's own RAW+JPEG pair is an original.
    assert edit_target(_touch(tmp_path, "IMG_1234.JPG"), from_command_line=True) is None
    # No raw of that name: not a variant.
    assert edit_target(_touch(tmp_path, "IMG_9999_1.tif"), from_command_line=True) is None


def test_capture_one_session_output_is_matched_to_its_capture_folder(tmp_path: Path):
    _touch(tmp_path / "Capture", "A7R_0101.ARW")
    out = _touch(tmp_path / "Output", "A7R_0101_1.tif")
    target = edit_target(out, from_command_line=True)
    assert target is not None and target.origin is Origin.CAPTURE_ONE
    stray = _touch(tmp_path / "Elsewhere", "A7R_0101_1.tif")
    assert edit_target(stray, from_command_line=True) is None
