"""Helpers shared by the benchmarks: big test photos and child-process measurements."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "astronaut.jpg"


def make_photo(path: Path, width: int, height: int, quality: int = 92) -> Path:
    """A camera-like JPEG: the sample portrait upscaled, plus sensor-like grain."""
    if path.exists():
        return path
    im = Image.open(SAMPLE).convert("RGB").resize((width, height), Image.BICUBIC)
    arr = np.asarray(im).astype(np.int16)
    rng = np.random.default_rng(0)
    grain = rng.normal(0, 3, (height, 1, 1)).astype(np.int16) + rng.integers(
        -3, 4, (height, width, 1), dtype=np.int16
    )
    arr = np.clip(arr + grain, 0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, quality=quality)
    return path


def run_child(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter (so peak RSS is its own); it prints one JSON line."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


CHILD_RSS = """
import resource, json
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
