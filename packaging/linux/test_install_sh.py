"""The Linux tar.xz's install.sh and smartskin.desktop, on a stand-in folder (fast).

Run by `make installer-test`; `make package-smoke` runs the real unpacked tar.xz.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads" / "SmartSkin 0.1.0"  # a space, as users' folders have
    folder.mkdir(parents=True)
    (folder / "SmartSkin").write_text('#!/bin/sh\necho started "$@"\n')
    (folder / "SmartSkin").chmod(0o755)
    shutil.copy(HERE / "install.sh", folder)
    shutil.copy(HERE / "smartskin.desktop", folder)
    shutil.copy(ROOT / "resources" / "icons" / "smartskin.png", folder)
    return folder


def _run(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    return subprocess.run(
        [str(folder / "install.sh"), *args],
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_desktop_file_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(HERE / "smartskin.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_install_puts_menu_entry_and_icon_in_local_share(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _run(unpacked, home)
    assert result.returncode == 0, result.stderr
    desktop = home / ".local/share/applications/smartskin.desktop"
    icon = home / ".local/share/icons/hicolor/512x512/apps/smartskin.png"
    assert icon.read_bytes() == (ROOT / "resources/icons/smartskin.png").read_bytes()
    lines = desktop.read_text().splitlines()
    assert f'Exec="{unpacked}/SmartSkin" %F' in lines
    assert "Icon=smartskin" in lines
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # The Exec line, split as a desktop environment does, starts the app with the photo.
    exe = lines[[line.startswith("Exec=") for line in lines].index(True)][5:].split('" ')[0]
    started = subprocess.run([exe.strip('"'), "/photos/a.jpg"], capture_output=True, text=True)
    assert started.stdout.strip() == "started /photos/a.jpg"

    removed = _run(unpacked, home, "--uninstall")
    assert removed.returncode == 0
    assert not desktop.exists()
    assert not icon.exists()
    assert (unpacked / "SmartSkin").exists(), "uninstall must leave the app folder alone"


def test_install_refuses_without_the_app_next_to_it(unpacked: Path, tmp_path: Path) -> None:
    (unpacked / "SmartSkin").unlink()
    result = _run(unpacked, tmp_path / "home")
    assert result.returncode == 1
    assert "Unpack the whole download" in result.stderr
    assert not (tmp_path / "home" / ".local/share/applications/smartskin.desktop").exists()
