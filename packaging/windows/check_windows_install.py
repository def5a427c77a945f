"""`make windows-test`: dist/SmartSkin-<version>-setup.exe installed and used as a person would,
in a fresh Wine prefix (Windows 10), with the real PyInstaller payload.

Each check prints a line as it passes; the last line is "windows-test OK" or
"windows-test FAILED: ..." followed by what Windows would have shown (the frozen app's
traceback, a DLL the loader did not find, the installer's exit code).
  1. silent per-user install (`/S`): files, Start-menu shortcut, Apps & Features entry,
     "Open with" registration for every photo type, version info in SmartSkin.exe;
  2. the installed SmartSkin.exe --self-test on Qt's offscreen platform (under Xvfb, so a
     message box the app or its bootloader shows is there to be reported);
  3. the same on Qt's own `windows` platform under Xvfb (real Win32 windows, GDI/DirectWrite
     fonts, the Windows style), with a screenshot of the window in
     build/windows/installed-app-windows-platform.png (see UISETTINGS below);
  4. the registered open command with a photo in a folder with spaces and non-ASCII
     letters: `--self-test` added, the window reports the photo it opened and its size;
  5. the same command as "Open with" runs it (no flag): the app starts, stays up and keeps
     its settings and log in %LOCALAPPDATA%\\SmartSkin; then it is stopped;
  6. the same setup over the installed copy (upgrade in place: same folder, same files);
  7. silent uninstall through the QuietUninstallString: program files, shortcut and every
     registry entry gone, the settings folder kept.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from winetools import Registry, Wine, prefix_dir, tool, what_windows_said

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
SETUP = ROOT / "dist" / f"SmartSkin-{VERSION}-setup.exe"
PREFIX = prefix_dir(ROOT, "test")
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp")
UNINSTALL = r"software\microsoft\windows\currentversion\uninstall\smartskin"
PROGID = "SmartSkin.Photo"
PHOTO = r"C:\users\Public\Fotos ü 2024\Porträt één.jpg"
SELF_TEST_TIMEOUT = 240  # a run takes 20-40 s; a crash dialog waits for this
# Qt 6's `windows` platform aborts under Wine 8.0 while building its palette: it asks the WinRT
# class Windows.UI.ViewManagement.UISettings for the accent colour, which Wine 8.0 does not
# have (Wine 9 and every Windows 10 1809+ do). The test prefix gets a small stand-in for it
# (wine-stand-ins/uisettings.c, compiled here with mingw-w64, never shipped).
UISETTINGS = "Windows.UI.ViewManagement.UISettings"
SCREENSHOT = ROOT / "build" / "windows" / "installed-app-windows-platform.png"


class CheckError(Exception):
    def __init__(self, what: str, windows_said: str = "") -> None:
        super().__init__(what)
        self.windows_said = windows_said


def ok(text: str) -> None:
    print(f"  ok: {text}", flush=True)


def check(condition: object, what: str, windows_said: str = "") -> None:
    if not condition:
        raise CheckError(what, windows_said)


def install(wine: Wine, *args: str) -> None:
    result = wine.run(str(SETUP), "/S", *args, timeout=600)
    check(
        result.returncode == 0,
        f"setup.exe /S exited with {result.returncode}",
        what_windows_said(result.stdout),
    )


def installed(wine: Wine, reg: Registry) -> Path:
    """Checks 1 (after install and upgrade): returns the install folder."""
    check(UNINSTALL in reg, "no Apps & Features entry (HKCU ...\\Uninstall\\SmartSkin)")
    entry = reg[UNINSTALL]
    for name, value in (
        ("DisplayName", "SmartSkin"),
        ("DisplayVersion", VERSION),
        ("Publisher", "SmartSkin"),
    ):
        check(entry.get(name) == value, f"uninstall entry {name} is {entry.get(name)!r}")
    location = str(entry["InstallLocation"])
    expected = wine.user_dir() / "AppData" / "Local" / "Programs" / "SmartSkin"
    folder = wine.to_unix(location)
    check(folder == expected, f"installed in {location}, not %LOCALAPPDATA%\\Programs\\SmartSkin")
    check(
        str(entry.get("QuietUninstallString", "")).startswith(f'"{location}\\uninstall.exe" /S'),
        f"QuietUninstallString {entry.get('QuietUninstallString')!r}",
    )
    check(
        isinstance(entry.get("EstimatedSize"), int) and int(entry["EstimatedSize"]) > 50_000,
        f"EstimatedSize {entry.get('EstimatedSize')!r} KB",
    )
    exe = folder / "SmartSkin.exe"
    check(exe.is_file() and (folder / "uninstall.exe").is_file(), f"no SmartSkin.exe in {folder}")
    check((folder / "_internal" / "licenses").is_dir(), "no licenses folder in the install")
    check(VERSION.encode("utf-16-le") in exe.read_bytes(), "SmartSkin.exe has no version info")
    menu = wine.user_dir() / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/SmartSkin.lnk"
    check(menu.is_file(), "no Start-menu shortcut")
    command = f'"{location}\\SmartSkin.exe" "%1"'
    for key in (
        rf"software\classes\{PROGID.lower()}\shell\open\command",
        r"software\classes\applications\smartskin.exe\shell\open\command",
    ):
        check(reg.get(key, {}).get("") == command, f"{key} is {reg.get(key)}")
    supported = set(reg.get(r"software\classes\applications\smartskin.exe\supportedtypes", {}))
    check(supported == set(PHOTO_TYPES), f"SupportedTypes {sorted(supported)}")
    for ext in PHOTO_TYPES:
        check(
            PROGID in reg.get(rf"software\classes\{ext}\openwithprogids", {}),
            f"{ext} does not offer SmartSkin in Open with",
        )
        check(
            "" not in reg.get(rf"software\classes\{ext}", {}),
            f"{ext}: the installer set the default program",
        )
    return folder


def add_uisettings_stand_in(wine: Wine) -> None:
    source = HERE / "wine-stand-ins" / "uisettings.c"
    dll = wine.drive_c / "windows" / "system32" / "smartskin-test-uisettings.dll"
    subprocess.run(
        [
            tool("x86_64-w64-mingw32-gcc"),
            "-shared",
            "-O2",
            "-Wall",
            "-Werror",
            "-Wno-cast-function-type",
            "-o",
            str(dll),
            str(source),
        ],
        check=True,
        timeout=120,
    )
    key = rf"HKLM\Software\Microsoft\WindowsRuntime\ActivatableClassId\{UISETTINGS}"
    result = wine.run(
        "reg", "add", key, "/v", "DllPath", "/t", "REG_SZ", "/d", wine.to_windows(dll), "/f"
    )
    check(result.returncode == 0, f"reg add {key}", what_windows_said(result.stdout))


def self_test(
    wine: Wine, exe: str, *args: str, platform: str, screenshot: Path | None = None
) -> str:
    """`exe --self-test args` on Qt `platform` under Xvfb; returns its report."""
    report = wine.drive_c / "users" / "Public" / "self-test.txt"
    report.unlink(missing_ok=True)
    env = {"QT_QPA_PLATFORM": platform, "SMARTSKIN_SELFTEST_REPORT": wine.to_windows(report)}
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.unlink(missing_ok=True)
        env["SMARTSKIN_SELFTEST_SCREENSHOT"] = wine.to_windows(screenshot)
    started = time.monotonic()
    result = wine.run(exe, "--self-test", *args, env=env, timeout=SELF_TEST_TIMEOUT, xvfb=True)
    text = report.read_text(encoding="utf-8") if report.is_file() else ""
    if result.returncode != 0 or f"Qt platform {platform}" not in text:
        raise CheckError(
            f"SmartSkin.exe --self-test {' '.join(args)} on {platform} exited with "
            f"{result.returncode} after {time.monotonic() - started:.0f} s",
            (text + "\n" + what_windows_said(result.stdout)).strip(),
        )
    return text.strip()


def real_start(wine: Wine, exe: str, photo: str, settings: Path) -> None:
    """What "Open with" runs: the app with the photo, no flag. It must come up and stay."""
    process = wine.start(exe, photo, env={"QT_QPA_PLATFORM": "offscreen"})
    log = settings / "smartskin.log"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None and not log.is_file():
            time.sleep(1)
        time.sleep(10)  # the photo is opened and shown meanwhile
        alive = process.poll() is None
    finally:
        wine.kill()
        output = process.communicate(timeout=60)[0]
    check(
        alive,
        f'SmartSkin.exe "{photo}" ended by itself (exit {process.returncode})',
        what_windows_said(output),
    )
    check(
        log.is_file(),
        f"no {log.name} in %LOCALAPPDATA%\\SmartSkin after the start",
        what_windows_said(output),
    )


def main() -> int:
    if not SETUP.is_file():
        print(f"windows-test FAILED: no {SETUP.relative_to(ROOT)} (make windows-build)")
        return 1
    started = time.monotonic()
    print(
        f"windows-test: {SETUP.name}, {SETUP.stat().st_size / 1e6:.1f} MB "
        f"({SETUP.stat().st_size} bytes)",
        flush=True,
    )
    shutil.rmtree(PREFIX, ignore_errors=True)
    wine = Wine(PREFIX)
    try:
        wine.boot("win10")
        settings = wine.user_dir() / "AppData" / "Local" / "SmartSkin"

        install(wine)
        folder = installed(wine, wine.hkcu())
        files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
        ok(
            f"installed per user in {wine.to_windows(folder)} ({len(files)} files), "
            "Start menu, Apps & Features, Open with for " + " ".join(PHOTO_TYPES)
        )
        exe = wine.to_windows(folder / "SmartSkin.exe")

        line = self_test(wine, exe, platform="offscreen")
        ok(f"installed app: {line}")

        add_uisettings_stand_in(wine)
        shown = self_test(wine, exe, platform="windows", screenshot=SCREENSHOT)
        check(SCREENSHOT.is_file(), f"no screenshot of the window at {SCREENSHOT}")
        ok(f"installed app: {shown}; window in {SCREENSHOT.relative_to(ROOT)}")

        photo = wine.to_unix(PHOTO)
        photo.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "resources" / "samples" / "astronaut.jpg", photo)
        command = str(wine.hkcu()[rf"software\classes\{PROGID.lower()}\shell\open\command"][""])
        program, template = re.findall(r'"([^"]*)"', command)
        opened = self_test(wine, program, template.replace("%1", PHOTO), platform="offscreen")
        check(f"opened {photo.name} (512 x 512)" in opened, f"the photo was not opened: {opened}")
        ok(f"Open with: {opened.splitlines()[0]}")

        real_start(wine, program, template.replace("%1", PHOTO), settings)
        ok(f"Open with, no flag: the app started and kept its log in {wine.to_windows(settings)}")

        install(wine)
        again = installed(wine, wine.hkcu())
        check(again == folder, f"the upgrade installed into {again}, not over {folder}")
        now = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
        check(
            now == files,
            f"the upgrade left a different set of files: {sorted(set(now) ^ set(files))[:10]}",
        )
        ok("upgrade over itself: same folder, same files, entry and associations intact")

        entry = wine.hkcu()[UNINSTALL]
        program, args = re.fullmatch(
            r'"([^"]+)"\s*(.*)', str(entry["QuietUninstallString"])
        ).groups()
        result = wine.run(program, *args.split(), timeout=300)
        check(
            result.returncode == 0,
            f"uninstall exited with {result.returncode}",
            what_windows_said(result.stdout),
        )
        for _ in range(30):  # the uninstaller finishes from a copy of itself in %TEMP%
            if not folder.exists():
                break
            time.sleep(1)
        check(not folder.exists(), f"uninstall left {folder}: {list(folder.rglob('*'))[:5]}")
        reg = wine.hkcu()
        left = [k for k in reg if "smartskin" in k] + [
            f"{k}: {v}" for k, values in reg.items() for v in values if "smartskin" in v.lower()
        ]
        check(not left, f"uninstall left registry entries: {left[:5]}")
        check(
            not (
                wine.user_dir() / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/"
                "SmartSkin.lnk"
            ).exists(),
            "uninstall left the Start-menu shortcut",
        )
        check((settings / "smartskin.log").is_file(), "uninstall removed the settings folder")
        ok("uninstalled: program files, shortcut and registry entries gone, settings kept")
    except (CheckError, subprocess.CalledProcessError) as failure:
        print(f"windows-test FAILED: {failure}")
        said = getattr(failure, "windows_said", "")
        if said:
            print("What Windows showed / the app wrote:")
            print(said)
        print(f"(the Wine prefix is kept in {PREFIX})")
        return 1
    finally:
        wine.kill()
    shutil.rmtree(PREFIX, ignore_errors=True)  # kept after a failure, for a look inside
    print(
        f"windows-test OK in {time.monotonic() - started:.0f} s: installer "
        f"{SETUP.stat().st_size / 1e6:.1f} MB; installed app: {line}; {shown}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
