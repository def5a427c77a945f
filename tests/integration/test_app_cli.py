"""`smartskin --help` and `--version` answer on any terminal, with or without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version


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
    assert "usage: smartskin" in result.stdout
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
    assert result.returncode == 0
    assert "needs a display" in result.stdout
