"""Smoke test of what ships: the frozen app must start, retouch JPEG and PNG, and show one.

Usage: python packaging/smoke_test.py APP [--xcb] [--screenshot OUT.png]

APP is the one-folder build (dist/SmartSkin), an installed copy (the folder the Windows
installer wrote), SmartSkin.app (also inside the mounted DMG), or the unpacked Linux
tar.xz folder. Checks, each printed as it passes:
  - `--version` prints the version in pyproject.toml (not on Windows: a windowed app has no
    stdout) and `--help` answers without a display;
  - `--self-test` with the offscreen Qt platform;
  - Linux: every library the bundle links against is inside it or part of every desktop
    Linux (glibc, OpenGL, fontconfig...), so it does not lean on the build machine; prints
    the oldest glibc it runs on (that of the build machine: build on the oldest one);
  - with --xcb (Linux, needs xvfb-run): `--self-test` again on the real X11 platform under
    Xvfb, which loads the xcb plugin and its libraries; --screenshot saves the window with
    the retouched photo from that run.
The closing line is "smoke test OK" or "smoke test FAILED: ...".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

# Libraries a Linux desktop always has; PyInstaller rightly leaves them out of the bundle
# (glibc, the OpenGL driver stack, libxcb itself); the xcb *utility* libraries Qt needs
# (libxcb-icccm4, -keysyms1, -cursor0...) are not on every machine and must be bundled.
SYSTEM_LIBS = re.compile(
    r"^(ld-linux.*|lib(c|m|dl|rt|pthread|util|resolv|anl|gcc_s|stdc\+\+|z|GL|EGL|GLX|OpenGL|"
    r"GLdispatch|gbm|drm|fontconfig|freetype|dbus-1|expat|wayland-.*|vulkan|xcb)\.so.*)$"
)


class SmokeError(Exception):
    pass


def executable(app: Path) -> Path:
    for candidate in (
        app / "Contents" / "MacOS" / "SmartSkin",
        app / "SmartSkin.exe",
        app / "SmartSkin",
    ):
        if candidate.is_file():
            return candidate
    raise SmokeError(f"no SmartSkin executable in {app}")


def run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )


def self_test(cmd: list[str], platform: str, extra: dict[str, str] | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.txt"
        env = {
            "QT_QPA_PLATFORM": platform,
            "SMARTSKIN_SELFTEST_REPORT": str(report),
            "SMARTSKIN_CONFIG_DIR": tmp,
            **(extra or {}),
        }
        result = run([*cmd, "--self-test"], env)
        text = report.read_text() if report.exists() else result.stdout
        if result.returncode != 0 or f"Qt platform {platform}" not in text:
            raise SmokeError(f"--self-test on {platform}: {text}{result.stderr[-3000:]}")
        print(text.strip())


def linked_outside(folder: Path) -> dict[str, list[str]]:
    """Libraries the bundle's ELF files need that are neither bundled nor system ones."""
    bundled = {p.name for p in folder.rglob("*.so*")}
    missing: dict[str, list[str]] = {}
    for path in [*folder.rglob("*.so*"), executable(folder)]:
        if not path.is_file() or path.is_symlink():
            continue
        out = run(["readelf", "-d", str(path)]).stdout
        for name in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out):
            if name not in bundled and not SYSTEM_LIBS.match(name):
                missing.setdefault(name, []).append(str(path.relative_to(folder)))
    return missing


def glibc_needed(folder: Path) -> str:
    """The newest glibc symbol version a bundled ELF file asks for: the oldest glibc it runs on."""
    versions: set[tuple[int, ...]] = set()
    for path in [*folder.rglob("*.so*"), executable(folder)]:
        if path.is_file() and not path.is_symlink():
            out = run(["objdump", "-T", str(path)]).stdout
            versions |= {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_([\d.]+)", out)}
    return ".".join(map(str, max(versions))) if versions else "?"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app", type=Path)
    parser.add_argument("--xcb", action="store_true", help="also run on X11 under xvfb-run")
    parser.add_argument("--screenshot", type=Path, help="save the window (with --xcb)")
    args = parser.parse_args()
    try:
        exe = executable(args.app)
        if sys.platform != "win32":
            out = run([str(exe), "--version"]).stdout.strip()
            if out != f"SmartSkin {VERSION}":
                raise SmokeError(f"--version printed {out!r}, pyproject.toml says {VERSION}")
            print(out)
            no_display = {
                k: v
                for k, v in os.environ.items()
                if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
            }
            helped = subprocess.run(
                [str(exe), "--help"], capture_output=True, text=True, timeout=120, env=no_display
            )
            if helped.returncode != 0 or "usage: smartskin" not in helped.stdout:
                raise SmokeError(f"--help without a display: {helped.stdout}{helped.stderr}")
            print("--help works without a display")
        self_test([str(exe)], "offscreen")
        if sys.platform == "linux":
            missing = linked_outside(args.app)
            if missing:
                raise SmokeError(f"linked against libraries that are not bundled: {missing}")
            print("every linked library is bundled or part of the system")
            print(f"needs glibc {glibc_needed(args.app)} or newer")
        if args.xcb:
            xvfb = shutil.which("xvfb-run")
            if not xvfb:
                raise SmokeError("--xcb needs xvfb-run (apt-get install xvfb xauth)")
            shot = (
                {"SMARTSKIN_SELFTEST_SCREENSHOT": str(args.screenshot.resolve())}
                if args.screenshot
                else {}
            )
            self_test([xvfb, "-a", "-s", "-screen 0 1600x1000x24", str(exe)], "xcb", shot)
            if args.screenshot and not args.screenshot.is_file():
                raise SmokeError(f"no screenshot at {args.screenshot}")
    except SmokeError as failure:
        print(f"smoke test FAILED: {failure}")
        return 1
    print("smoke test OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
