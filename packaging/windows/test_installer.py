"""The Windows installer (smartskin.nsi), compiled with makensis and run under Wine.

`make installer-test` installs makensis and wine64 when missing, then runs this file. The
installer is built around a small stand-in payload (a tiny SmartSkin.exe that records its
command line, a library, 2 MB of data), not the real PyInstaller folder, so the
installer's own logic is what is tested: refusal before Windows 10 1809, silent per-user
and all-users installs, upgrade removing stale files, Start-menu shortcut, Apps & Features
entry, "Open with" registration that leaves the default program alone, and a silent
uninstall that leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from winetools import read_reg, tool

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp")
UNINSTALL = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\SmartSkin"
PROGID = "SmartSkin.Photo"
PAYLOAD_KB = 2048


_tool = tool  # wine64, wineserver, makensis


# ---------------------------------------------------------------- wine prefix


@dataclass
class Wine:
    prefix: Path
    wine: str
    wineserver: str

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            # no Mono/Gecko prompts, no menu entries written into the Linux desktop
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
        }

    def run(self, *args: str) -> int:
        # In the prefix's own temporary folder: whatever a program writes to a relative path
        # (a stand-in's record whose path lost its drive) never lands in the source tree.
        result = subprocess.run(
            [self.wine, *args],
            env=self.env,
            cwd=self.prefix,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.settle()
        return result.returncode

    def settle(self) -> None:
        """Wait until every Wine process is gone and the registry is written to disk."""
        subprocess.run([self.wineserver, "-w"], env=self.env, timeout=300, check=True)

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    def user_dir(self) -> Path:
        return next(p for p in (self.drive_c / "users").iterdir() if p.name.lower() != "public")

    def hkcu(self) -> dict[str, dict[str, str | int | None]]:
        return read_reg(self.prefix / "user.reg")

    def hklm(self) -> dict[str, dict[str, str | int | None]]:
        return read_reg(self.prefix / "system.reg")

    def to_unix(self, windows_path: str) -> Path:
        assert windows_path[1:3] == ":\\", windows_path
        return self.drive_c / windows_path[3:].replace("\\", "/")

    def files(self) -> set[str]:
        """Every file and folder on C: except Windows itself and temporary folders."""
        names = (str(p.relative_to(self.drive_c)).lower() for p in self.drive_c.rglob("*"))
        return {n for n in names if not n.startswith("windows/") and "/temp/" not in n + "/"}

    def set_windows(self, version: str) -> None:
        assert self.run("winecfg", "/v", version) == 0


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    w = Wine(
        tmp_path_factory.mktemp("wineprefix"),
        _tool("wine64", "/usr/lib/wine/wine64", "wine"),
        _tool("wineserver", "/usr/lib/wine/wineserver"),
    )
    subprocess.run([w.wineserver, "-p0"], env=w.env, check=True)  # exit as soon as idle
    w.run("wineboot", "--init")
    w.set_windows("win10")
    yield w
    subprocess.run([w.wineserver, "-k"], env=w.env, timeout=60)


# ---------------------------------------------------------------- the installer


def _makensis(script: Path, *defines: str) -> None:
    subprocess.run(
        [_tool("makensis"), "-V2", "-WX", *defines, str(script)],
        check=True,
        cwd=script.parent,
        timeout=300,
    )


def _stand_in_exe(out: Path, record: Path) -> None:
    """A tiny Windows program standing in for SmartSkin.exe: writes its command line."""
    script = out.parent.parent / f"{out.parent.name}-stand-in.nsi"
    target = "Z:" + str(record).replace("/", "\\")
    script.write_text(
        "Unicode true\nTarget amd64-unicode\nRequestExecutionLevel user\nSilentInstall silent\n"
        f'OutFile "{out}"\nSection\n'
        f'  FileOpen $0 "{target}" w\n  FileWrite $0 $CMDLINE\n  FileClose $0\nSectionEnd\n'
    )
    _makensis(script)


def _payload(folder: Path, record: Path, *, stale: bool) -> Path:
    (folder / "_internal" / "licenses").mkdir(parents=True)
    _stand_in_exe(folder / "SmartSkin.exe", record)
    (folder / "_internal" / "data.bin").write_bytes(os.urandom(PAYLOAD_KB * 1024))
    (folder / "_internal" / "licenses" / "README.txt").write_text("licences\n")
    if stale:
        (folder / "_internal" / "stale-0.0.9.dll").write_bytes(b"old")
    return folder


@dataclass
class Setups:
    old: Path
    new: Path
    record: Path


@pytest.fixture(scope="module")
def setups(tmp_path_factory: pytest.TempPathFactory) -> Setups:
    work = tmp_path_factory.mktemp("setups")
    record = work / "opened.txt"
    out = {}
    for version, stale in (("0.0.9", True), (VERSION, False)):
        payload = _payload(work / f"payload-{version}", record, stale=stale)
        out[version] = work / f"SmartSkin-{version}-setup.exe"
        _makensis(
            HERE / "smartskin.nsi",
            f"-DVERSION={version}",
            f"-DPAYLOAD={payload}",
            f"-DOUTFILE={out[version]}",
            f"-DICON={ROOT / 'resources' / 'icons' / 'smartskin.ico'}",
        )
    return Setups(out["0.0.9"], out[VERSION], record)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def test_setup_carries_the_version_from_pyproject(setups: Setups) -> None:
    data = setups.new.read_bytes()
    assert _utf16("VS_VERSION_INFO") in data
    for key in ("ProductVersion", "FileVersion"):
        assert _utf16(key) in data
    assert _utf16(VERSION) in data
    assert _utf16("SmartSkin") in data


def test_refuses_windows_older_than_1809(wine: Wine, setups: Setups) -> None:
    before = wine.files()
    wine.set_windows("win7")
    try:
        assert wine.run(str(setups.new), "/S") != 0
    finally:
        wine.set_windows("win10")
    assert wine.files() == before
    assert UNINSTALL.lower() not in wine.hkcu()


def _assert_installed(
    wine: Wine, reg: dict[str, dict[str, str | int | None]], version: str, programs: Path
) -> Path:
    entry = reg[UNINSTALL.lower()]
    assert entry["DisplayName"] == "SmartSkin"
    assert entry["DisplayVersion"] == version
    assert entry["Publisher"] == "SmartSkin"
    install_dir = str(entry["InstallLocation"])
    exe = install_dir + r"\SmartSkin.exe"
    assert entry["DisplayIcon"] == exe + ",0"
    assert isinstance(entry["EstimatedSize"], int)
    assert PAYLOAD_KB <= entry["EstimatedSize"] <= PAYLOAD_KB + 512
    assert str(entry["QuietUninstallString"]).startswith(f'"{install_dir}\\uninstall.exe" /S')

    folder = wine.to_unix(install_dir)
    assert (folder / "SmartSkin.exe").is_file()
    assert (folder / "uninstall.exe").is_file()
    assert (folder / "_internal" / "licenses" / "README.txt").is_file()
    assert (folder / "_internal" / "data.bin").stat().st_size == PAYLOAD_KB * 1024

    shortcut = programs / "SmartSkin.lnk"
    assert shortcut.is_file()
    raw = shortcut.read_bytes()
    assert b"SmartSkin.exe" in raw or _utf16("SmartSkin.exe") in raw

    command = f'"{exe}" "%1"'
    classes = r"software\classes"
    assert reg[rf"{classes}\{PROGID}\shell\open\command".lower()][""] == command
    assert reg[rf"{classes}\applications\smartskin.exe\shell\open\command"][""] == command
    supported = reg[rf"{classes}\applications\smartskin.exe\supportedtypes"]
    assert set(supported) == set(PHOTO_TYPES)
    for ext in PHOTO_TYPES:
        assert PROGID in reg[rf"{classes}\{ext}\openwithprogids"]
    return folder


def _assert_open_with_runs_the_app(
    wine: Wine, reg: dict[str, dict[str, str | int | None]], setups: Setups
) -> None:
    command = str(reg[rf"software\classes\{PROGID}\shell\open\command".lower()][""])
    exe, placeholder = re.findall(r'"([^"]*)"', command)
    photo = r"C:\users\Public\My Photos\portrait one.jpg"
    setups.record.unlink(missing_ok=True)
    assert wine.run(exe, placeholder.replace("%1", photo)) == 0
    assert f'"{photo}"' in setups.record.read_text(encoding="utf-8", errors="replace")


def test_per_user_install_upgrade_open_with_and_uninstall(wine: Wine, setups: Setups) -> None:
    programs = wine.user_dir() / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
    # Another program is the default for JPEG and also listed in "Open with": both must stay.
    jpg = r"HKCU\Software\Classes\.jpg"
    assert wine.run("reg", "add", jpg, "/ve", "/d", "Other.jpg", "/f") == 0
    assert wine.run("reg", "add", jpg + r"\OpenWithProgids", "/v", "Other.jpg", "/f") == 0
    # Exists on every Windows 10; the uninstaller rightly leaves it.
    (wine.user_dir() / "AppData/Local/Programs").mkdir(exist_ok=True)
    before_files = wine.files()

    assert wine.run(str(setups.old), "/S") == 0
    old = _assert_installed(wine, wine.hkcu(), "0.0.9", programs)
    assert (old / "_internal" / "stale-0.0.9.dll").is_file()

    assert wine.run(str(setups.new), "/S") == 0
    reg = wine.hkcu()
    folder = _assert_installed(wine, reg, VERSION, programs)
    assert folder == old
    assert not (folder / "_internal" / "stale-0.0.9.dll").exists(), "upgrade kept a stale file"
    assert reg[r"software\classes\.jpg"][""] == "Other.jpg", "the default program changed"
    assert "Other.jpg" in reg[r"software\classes\.jpg\openwithprogids"]
    assert not (wine.user_dir() / "Desktop" / "SmartSkin.lnk").exists()
    _assert_open_with_runs_the_app(wine, reg, setups)

    uninstaller = str(reg[UNINSTALL.lower()]["InstallLocation"]) + r"\uninstall.exe"
    assert wine.run(uninstaller, "/S") == 0
    reg = wine.hkcu()
    assert wine.files() == before_files
    assert not [key for key in reg if "smartskin" in key]
    assert not [(k, v) for k, values in reg.items() for v in values if "smartskin" in v.lower()]
    assert reg[r"software\classes\.jpg"][""] == "Other.jpg"
    assert set(reg[r"software\classes\.jpg\openwithprogids"]) == {"Other.jpg"}
    for ext in PHOTO_TYPES[1:]:
        assert rf"software\classes\{ext}" not in reg


def test_all_users_install_with_desktop_shortcut_and_uninstall(wine: Wine, setups: Setups) -> None:
    before_files = wine.files()
    assert wine.run(str(setups.new), "/S", "/AllUsers", "/DesktopShortcut") == 0
    reg = wine.hklm()
    programs = wine.drive_c / "ProgramData/Microsoft/Windows/Start Menu/Programs"
    folder = _assert_installed(wine, reg, VERSION, programs)
    assert folder == wine.drive_c / "Program Files" / "SmartSkin"
    assert (wine.drive_c / "users/Public/Desktop/SmartSkin.lnk").is_file()
    assert str(reg[UNINSTALL.lower()]["QuietUninstallString"]).endswith("/S /AllUsers")
    assert not [key for key in wine.hkcu() if "smartskin" in key], "wrote to the user's registry"

    uninstaller = str(reg[UNINSTALL.lower()]["InstallLocation"]) + r"\uninstall.exe"
    assert wine.run(uninstaller, "/S", "/AllUsers") == 0
    reg = wine.hklm()
    assert wine.files() == before_files
    assert not (wine.drive_c / "users/Public/Desktop/SmartSkin.lnk").exists()
    assert not [key for key in reg if "smartskin" in key]
    assert not [(k, v) for k, values in reg.items() for v in values if "smartskin" in v.lower()]
