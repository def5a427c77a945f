"""A photo shoot on disk: distinct portraits (so no two share a cache entry), some broken."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from smartskin_gui.core.resources import sample_path


def make_shoot(folder: Path, count: int, broken: int = 0, side: int = 256) -> list[Path]:
    """``count`` JPEG portraits ``IMG_000n.jpg`` in ``folder``; the last ``broken`` of them
    are damaged files (a JPEG header, then nothing)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = np.asarray(Image.open(sample_path("astronaut.jpg")).convert("RGB").resize((side, side)))
    paths = []
    for i in range(count):
        path = folder / f"IMG_{i + 1:04d}.jpg"
        if i >= count - broken:
            path.write_bytes(b"\xff\xd8\xff\xe0broken" + bytes(i))
        else:
            shifted = np.clip(base.astype(np.int16) + (i % 7) - 3, 0, 255).astype(np.uint8)
            shifted[0, 0] = (i * 37 % 256, i * 11 % 256, i % 256)  # every file its own bytes
            Image.fromarray(shifted).save(path, quality=90)
        paths.append(path)
    return paths
