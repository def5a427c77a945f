"""`smartskin --help` and `--version` answer on any terminal, with or without a display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from smartskin_gui.app import parse_command_line
from smartskin_gui.core.resources import sample_path


def _smartskin(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from smartskin_gui.app import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_help_without_a_display() -> None:
    result = _smartskin("--help")
    assert result.returncode == 0
    assert "usage: smartskin" in result.stdout and "-style fusion" in result.stdout
    assert "smartskin.log" in result.stdout
    assert "needs a display" not in result.stdout


def test_version_is_the_installed_package_version() -> None:
    for entry_point in ("smartskin_gui.app", "smartskin_gui.cli"):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; from {entry_point} import main; sys.exit(main())",
                "--version",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0
        assert result.stdout.strip() == f"SmartSkin {version('smartskin')}"


def test_without_a_display_the_window_explains_instead_of_crashing() -> None:
    result = _smartskin()
    assert result.returncode == 1 and result.stdout == ""
    assert "needs a display" in result.stderr and "Traceback" not in result.stderr
    # An installed bundle has no source tree: a way that works there is named too.
    assert "--self-test" in result.stderr and "make demo" in result.stderr


def test_self_test_opens_a_photo_named_on_the_command_line(tmp_path: Path) -> None:
    """What Windows' "Open with" starts (`SmartSkin.exe "C:\\...\\photo.jpg"`) as the
    installer test checks it: a path with spaces and non-ASCII letters reaches the window."""
    folder = tmp_path / "Fotos ü 2024"
    folder.mkdir()
    photo = folder / "Porträt één.jpg"
    shutil.copyfile(sample_path("astronaut.jpg"), photo)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SMARTSKIN_CONFIG_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from smartskin_gui.app import main; sys.exit(main())",
            "--self-test",
            str(photo),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "opened Porträt één.jpg (512 x 512)" in result.stdout
    assert "self-test OK" in result.stdout


def test_self_test_with_a_photo_that_is_not_there_says_so_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SMARTSKIN_CONFIG_DIR": str(tmp_path)}
    missing = tmp_path / "gone.jpg"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from smartskin_gui.app import main; sys.exit(main())",
            "--self-test",
            str(missing),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert f"self-test FAILED: no photo at {missing}" in result.stdout


@pytest.mark.parametrize(
    ("argv", "photos", "qt"),
    [
        (["-style", "fusion", "a.jpg"], ["a.jpg"], ["-style", "fusion"]),
        (["a.jpg", "-style=fusion", "b.jpg"], ["a.jpg", "b.jpg"], ["-style=fusion"]),
        (["--style", "fusion", "a.jpg"], ["a.jpg"], ["--style", "fusion"]),
        (
            ["-platform", "offscreen", "-reverse", "-qwindowgeometry", "800x600", "dir"],
            ["dir"],
            ["-platform", "offscreen", "-reverse", "-qwindowgeometry", "800x600"],
        ),
        (
            ["-stylesheet", "my.qss", "-platformtheme", "gtk3", "x.tif"],
            ["x.tif"],
            ["-stylesheet", "my.qss", "-platformtheme", "gtk3"],
        ),
        (
            ["-plugin", "evdevtablet", "-display", ":1", "-geometry", "+0+0", "p.png"],
            ["p.png"],
            ["-plugin", "evdevtablet", "-display", ":1", "-geometry", "+0+0"],
        ),
        (["-qmljsdebugger=port:1234", "p.png"], ["p.png"], ["-qmljsdebugger=port:1234"]),
        (["--", "-style"], ["-style"], []),
    ],
)
def test_qt_options_and_their_values_are_not_photos(argv, photos, qt) -> None:
    options, qt_args = parse_command_line(argv)
    assert options.photos == photos and qt_args == qt
