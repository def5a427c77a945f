"""Batch throughput (issue 10): the one batch runner (core/batch.py) on 100 photos.

- Cloud: against the emulator in its own process with 300 ms latency per call (echo mode:
  it returns the upload, so the figure is the client's), at 1 and at 3 calls in flight.
  Target: at least 2.5 times faster at 3.
- Local: the local engine on 1 and 2 workers, threads (OpenCV releases the GIL) against
  processes, to show which spreads over the cores.
- Memory: the growth of the resident set over each batch: the median over the last 10
  photos against the median over photos 10 to 20 (engine caches warm: the local engine
  keeps its last 4 analyses), target under 50 MB / 100 photos; the highest point over the
  start is printed too.
Each measurement runs in a fresh interpreter with an empty result cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _util import ROOT, make_photo, run_child
from PIL import Image

PHOTOS = 100
LOCAL_PHOTOS = 100

CHILD = """
import json, os, sys, time, tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
os.environ["SMARTSKIN_CACHE_DIR"] = tempfile.mkdtemp(prefix="smartskin-bench-cache-")
from smartskin_gui.core.batch import SaveOptions, enhance_file, run_batch
from smartskin_gui.core.engine import make_engine
from smartskin_gui.core.params import Params
from smartskin_gui.core.state import SettingsStore

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def one(path):  # a process pool's task
    engine = make_engine("local", SettingsStore())
    return enhance_file(Path(path), engine, Params(), SaveOptions(Path(out))).ok

engine_name, workers, kind, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
paths = [Path(p) for p in sys.argv[5:]]
engine = make_engine(engine_name, SettingsStore())
# Warm up (models loaded, first call made) so the figure is the steady state.
enhance_file(paths[0], engine, Params(), SaveOptions(Path(out)))
start_rss = rss_mb()
samples = []
def ended(index, result):
    samples.append(rss_mb())
t = time.perf_counter()
if kind == "threads":
    results = run_batch(
        paths, engine, Params(), SaveOptions(Path(out)), workers=workers, on_result=ended
    )
    ok = sum(r.ok for r in results)
else:
    with ProcessPoolExecutor(workers) as pool:
        ok = sum(pool.map(one, [str(p) for p in paths]))
seconds = time.perf_counter() - t
def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else start_rss
# The trend, not one photo's peak (the local engine keeps its last 4 analyses, whose size
# depends on the photo): the last 10 photos against photos 10 to 20.
steady = median(samples[-10:]) - median(samples[10:20])
print(json.dumps({"seconds": seconds, "ok": ok, "growth_mb": rss_mb() - start_rss,
                  "steady_mb": steady, "peak_mb": max(samples, default=start_rss) - start_rss}))
"""


def shoot(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    """``count`` different photos (the sample shifted and relit): no two share a cache entry
    or the local engine's analysis, as in a real shoot."""
    folder.mkdir(parents=True, exist_ok=True)
    base = np.asarray(Image.open(make_photo(folder / "base.jpg", *size)))
    paths = []
    for i in range(count):
        path = folder / f"IMG_{i:04d}.jpg"
        if not path.exists():
            # The same kind of photo all along (so the figure is the batch's, not the
            # content's): shifted a few pixels, relit a little, its own last row.
            shifted = np.roll(base, 3 * (i % 10), axis=1).astype(np.int16) + (i % 9) - 4
            shifted[-1] = i
            Image.fromarray(np.clip(shifted, 0, 255).astype(np.uint8)).save(path, quality=90)
        paths.append(path)
    return paths


def measure(engine: str, workers: int, kind: str, paths: list[Path], env: dict[str, str]) -> dict:
    out = Path(tempfile.mkdtemp(prefix="smartskin-bench-out-"))
    os.environ.update(env)
    return run_child(CHILD, engine, str(workers), kind, str(out), *map(str, paths))


def main() -> None:
    parts = sys.argv[1:] or ["cloud", "local"]
    work = Path(tempfile.gettempdir()) / "smartskin-bench-batch-3"
    if "cloud" in parts:
        cloud(work)
    if "local" in parts:
        local(work)


def cloud(work: Path) -> None:
    emu = subprocess.Popen(
        [
            *(sys.executable, "-m", "smartskin_gui.cli", "emulator", "--port", "0", "--echo"),
            *("--latency", "0.3", "--credits", "1000000"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert emu.stdout is not None
    url = emu.stdout.readline().split()[-1]
    cloud_env = {"SMARTSKIN_API_URL": url, "SMARTSKIN_API_KEY": "demo-key"}
    try:
        photos = shoot(work / "cloud", PHOTOS, (640, 480))
        rates = {}
        for workers in (1, 3):
            r = measure("cloud", workers, "threads", photos, cloud_env)
            rates[workers] = r["ok"] / r["seconds"]
            print(
                f"cloud batch, 300 ms a call, {workers} in flight: {r['ok']}/{PHOTOS} photos in "
                f"{r['seconds']:.1f} s = {rates[workers]:.2f} photos/s; RSS growth "
                f"{r['steady_mb']:+.1f} MB after the first 10 (peak {r['peak_mb']:+.1f} MB)",
                flush=True,
            )
        print(f"cloud speed-up at 3 in flight: {rates[3] / rates[1]:.2f}x (target >= 2.5x)")
    finally:
        emu.terminate()
        emu.wait()


def local(work: Path) -> None:
    photos = shoot(work / "local", LOCAL_PHOTOS, (1200, 900))
    local = {}
    for kind in ("threads", "processes"):
        for workers in (1, 2):
            r = measure("local", workers, kind, photos, {})
            local[kind, workers] = r["ok"] / r["seconds"]
            memory = (
                f"; RSS growth {r['steady_mb']:+.1f} MB after the first 10 "
                f"(peak {r['peak_mb']:+.1f} MB)"
                if kind == "threads"
                else ""
            )
            print(
                f"local batch, {LOCAL_PHOTOS} photos 1200x900, {workers} {kind}: "
                f"{r['seconds']:.1f} s = {local[kind, workers]:.2f} photos/s{memory}",
                flush=True,
            )
    for kind in ("threads", "processes"):
        print(f"local speed-up on 2 cores, {kind}: {local[kind, 2] / local[kind, 1]:.2f}x")


if __name__ == "__main__":
    main()
