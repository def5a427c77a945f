"""Running Windows programs under Wine for the Windows build and its tests (stdlib only).

Used by build_windows.py (`make windows-build`), check_windows_install.py (`make
windows-test`) and test_installer.py (`make installer-test`). Things about Wine 8.0 that
these rely on, each found the hard way:
  - a Windows program's standard streams must be pipes: Python's `init_sys_streams` fails
    with "Invalid handle" when stdout is a Linux file (so output is always captured);
  - Wine does not pass variables starting with QT_ (nor PATH, TEMP...) to Windows programs:
    WINEQT_QPA_PLATFORM=x arrives as QT_QPA_PLATFORM=x (`windows_env`);
  - `wineserver -w` waits until every program of the prefix is gone and the registry is
    written to user.reg / system.reg, which is what the checks read.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Lines Wine prints on every start in a prefix without a desktop: never the news.
NOISE = re.compile(
    r"winemenubuilder|nodrv_CreateWindow|initialize_systray|start_rpcss|I_RpcReceive|"
    r"wine_vk_init|Could not create tray window|The explorer process failed"
)


def tool(*candidates: str) -> str:
    for name in candidates:
        found = shutil.which(name) or (name if os.access(name, os.X_OK) else None)
        if found:
            return found
    raise RuntimeError(f"none of {candidates} found (apt-get install wine64 nsis)")


def prefix_dir(root: Path, name: str) -> Path:
    """Where a Wine prefix of this checkout lives: outside the source tree, because a prefix
    holds dosdevices/z: -> / (anything walking the tree, setuptools included, would walk
    the whole disk)."""
    tag = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"smartskin-wine-{tag}" / name


def windows_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a Windows program: Qt's variables renamed so that Wine passes them on."""
    return {(f"WINE{k}" if k.startswith("QT_") else k): v for k, v in env.items()}


def what_windows_said(output: str, limit: int = 6000) -> str:
    """A program's output without Wine's start-up noise: the traceback of a frozen app, a
    missing DLL ("err:module:import_dll Library X.dll ... not found"), a crash."""
    lines = [line for line in output.splitlines() if line.strip() and not NOISE.search(line)]
    return "\n".join(lines)[-limit:]


def _unescape(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw)


def _parse_value(raw: str) -> str | int | None:
    if raw.startswith('"'):
        return _unescape(raw[1:-1])
    if raw.startswith("dword:"):
        return int(raw[6:], 16)
    if raw.startswith("hex(0):"):
        return None  # REG_NONE
    return raw


Registry = dict[str, dict[str, str | int | None]]


def read_reg(path: Path) -> Registry:
    """Wine's user.reg / system.reg as {lower-case key: {value name ('' = default): value}}."""
    keys: Registry = {}
    current: dict[str, str | int | None] | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("["):
            name = _unescape(line[1 : line.rindex("]")])
            current = keys.setdefault(name.lower(), {})
        elif current is not None and (line.startswith('"') or line.startswith("@=")):
            match = re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', line)
            if match:
                name = "" if match[1] == "@" else _unescape(match[1][1:-1])
                current[name] = _parse_value(match[2])
    return keys


@dataclass
class Wine:
    """A Wine prefix of its own (created by `boot`), reporting Windows 10."""

    prefix: Path
    wine: str = field(default_factory=lambda: tool("wine64", "/usr/lib/wine/wine64", "wine"))
    wineserver: str = field(default_factory=lambda: tool("wineserver", "/usr/lib/wine/wineserver"))

    @property
    def env(self) -> dict[str, str]:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WINEQT_"))},
            "WINEPREFIX": str(self.prefix),
            # err: lines stay (missing DLLs, crashes): they are what Windows would have shown
            "WINEDEBUG": "fixme-all",
            # no Mono/Gecko prompts, no menu entries written into the Linux desktop
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
        }

    def boot(self, windows: str = "win10") -> None:
        self.prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run([self.wineserver, "-p0"], env=self.env, check=True)  # exit when idle
        self.run("wineboot", "--init", timeout=300)
        result = self.run("winecfg", "/v", windows)
        if result.returncode != 0:
            raise RuntimeError(f"winecfg /v {windows}: {what_windows_said(result.stdout)}")

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        timeout: float = 600,
        xvfb: bool = False,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run a Windows program to its end (and Wine with it); stdout and stderr together."""
        cmd = [self.wine, *args]
        if xvfb:
            cmd = [tool("xvfb-run"), "-a", "-s", "-screen 0 1600x1000x24", *cmd]
        # A session of its own: on a time-out the whole group goes, Xvfb under xvfb-run too.
        process = subprocess.Popen(
            cmd,
            env={**self.env, **windows_env(env or {})},
            cwd=cwd or self.prefix,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(timeout=timeout)
            result = subprocess.CompletedProcess(cmd, process.returncode, out, None)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            self.kill()
            out, _ = process.communicate(timeout=60)
            out += f"\n(still running after {timeout:.0f} s: stopped)"
            result = subprocess.CompletedProcess(cmd, -9, out, None)
        self.settle()
        return result

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """Start a Windows program that does not end by itself (stop it with `kill`)."""
        return subprocess.Popen(
            [self.wine, *args],
            env={**self.env, **windows_env(env or {})},
            cwd=self.prefix,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )

    def settle(self) -> None:
        """Wait until every Windows program is gone and the registry is written to disk."""
        subprocess.run([self.wineserver, "-w"], env=self.env, timeout=300, check=True)

    def kill(self) -> None:
        subprocess.run([self.wineserver, "-k"], env=self.env, timeout=60)

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    def user_dir(self) -> Path:
        return next(p for p in (self.drive_c / "users").iterdir() if p.name.lower() != "public")

    def hkcu(self) -> Registry:
        return read_reg(self.prefix / "user.reg")

    def hklm(self) -> Registry:
        return read_reg(self.prefix / "system.reg")

    def to_unix(self, windows_path: str) -> Path:
        if windows_path[:3].lower() == "z:\\":
            return Path("/" + windows_path[3:].replace("\\", "/"))
        assert windows_path[1:3] == ":\\" and windows_path[0].lower() == "c", windows_path
        return self.drive_c / windows_path[3:].replace("\\", "/")

    def to_windows(self, path: Path) -> str:
        path = path.resolve()
        if path.is_relative_to(self.drive_c.resolve()):
            return "C:\\" + str(path.relative_to(self.drive_c.resolve())).replace("/", "\\")
        return "Z:" + str(path).replace("/", "\\")
