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


def make_group_photo(path: Path, width: int, height: int, faces: int) -> Path:
    """A camera-like JPEG of a group: ``faces`` passport-style heads (the two sample
    portraits at five skin tones) in a grid, upscaled to the size asked, plus grain."""
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from smartskin_gui.core.engine.local.faces import FaceFinder
    from tests.engine.scenes import collage

    samples = ROOT / "resources" / "samples"
    astronaut = np.asarray(Image.open(samples / "astronaut.jpg").convert("RGB"))
    hopper = np.asarray(Image.open(samples / "grace_hopper.jpg").convert("RGB"))
    columns = round((faces * 1.2 * width / height) ** 0.5)  # cells about as tall as wide
    group = collage(astronaut, hopper, FaceFinder(), faces, 80.0, columns).rgb
    # Padded with the backdrop to the photo's shape, then scaled up as one.
    gh, gw = group.shape[:2]
    ch, cw = max(gh, round(gw * height / width)), max(gw, round(gh * width / height))
    canvas = np.zeros((ch, cw, 3), np.uint8) + group[0, 0]
    canvas[(ch - gh) // 2 : (ch - gh) // 2 + gh, (cw - gw) // 2 : (cw - gw) // 2 + gw] = group
    im = Image.fromarray(canvas).resize((width, height), Image.BICUBIC)
    arr = np.asarray(im).astype(np.int16)
    rng = np.random.default_rng(0)
    arr = np.clip(arr + rng.integers(-3, 4, (height, width, 1), dtype=np.int16), 0, 255)
    Image.fromarray(arr.astype(np.uint8)).save(path, quality=92)
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
