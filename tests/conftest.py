"""Shared fixtures: isolated config dir, sample photos, a live emulator on loopback."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.cloud.client import RetryPolicy, SmartSkinClient
from smartskin_gui.core.resources import sample_path
from smartskin_gui.emulator.app import DEMO_KEY, EmulatorConfig
from smartskin_gui.emulator.server import EmulatorServer

#: Backoff for tests: the real schedule's shape, in milliseconds instead of seconds.
FAST_RETRY = RetryPolicy(
    delays=(0.01, 0.02, 0.04, 0.08), jitter=0.1, download_delays=(0.01, 0.02, 0.04)
)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("SMARTSKIN_CONFIG_DIR", str(cfg))
    # Paid results kept across restarts: per test, never the user's cache.
    monkeypatch.setenv("SMARTSKIN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("SMARTSKIN_API_KEY", raising=False)
    monkeypatch.delenv("SMARTSKIN_API_URL", raising=False)
    return cfg


@pytest.fixture(scope="session")
def astronaut_rgb() -> np.ndarray:
    return np.asarray(Image.open(sample_path("astronaut.jpg")).convert("RGB"))


@pytest.fixture(scope="session")
def hopper_rgb() -> np.ndarray:
    return np.asarray(Image.open(sample_path("grace_hopper.jpg")).convert("RGB"))


@pytest.fixture
def portrait(tmp_path: Path) -> Path:
    """A copy of the astronaut portrait (JPEG) in a fresh folder."""
    dst = tmp_path / "portrait.jpg"
    shutil.copyfile(sample_path("astronaut.jpg"), dst)
    return dst


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[EmulatorServer]:
    with EmulatorServer(config=EmulatorConfig(valid_keys={DEMO_KEY, "good-key"})) as server:
        yield server


@pytest.fixture
def emulator(emulator_session: EmulatorServer) -> Iterator[EmulatorServer]:
    """The session's emulator, reset to a clean state for each test."""
    emu = emulator_session.emulator
    cfg = emu.config
    saved = (set(cfg.valid_keys), cfg.result_ttl, cfg.latency, cfg.credits, cfg.legacy)
    emu._faults.clear()
    emu.stats.update(enhance_calls=0, successes=0, codes={}, downloads=0, max_in_flight=0)
    yield emulator_session
    emu._faults.clear()
    (cfg.valid_keys, cfg.result_ttl, cfg.latency, cfg.credits, cfg.legacy) = saved


@pytest.fixture
def client(emulator: EmulatorServer) -> Iterator[SmartSkinClient]:
    c = SmartSkinClient(DEMO_KEY, emulator.url, retry=FAST_RETRY, timeout=(5, 60))
    yield c
    c.close()


def jpeg_bytes(rgb: np.ndarray, **kw: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=92, **kw)
    return buf.getvalue()


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 kB file system with 16 inodes (root and mount(8) only, else skipped)."""
    yield from _tmpfs(tmp_path / "tiny", "size=256k,nr_inodes=16")


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system (root and mount(8) only, else skipped)."""
    yield from _tmpfs(tmp_path / "small", "size=2m,nr_inodes=64")


def _tmpfs(mnt: Path, options: str) -> Iterator[Path]:
    mnt.mkdir()
    mount = shutil.which("mount")
    if os.name != "posix" or os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    r = subprocess.run(
        [mount, "-t", "tmpfs", "-o", options, "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"mount is not allowed here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
