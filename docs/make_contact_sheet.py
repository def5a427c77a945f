"""Build docs/local-engine.png: before/after of the local engine at three strengths.

Rows: the two public-domain portraits, one with drawn blemishes, a darker skin tone, and a
crop of the group on a skin-coloured wood wall. Tiles are 100% crops (no resampling) so
skin texture can be judged. Run: .venv/bin/python docs/make_contact_sheet.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smartskin_gui.core.engine.local import LocalEngine  # noqa: E402
from smartskin_gui.core.params import Params  # noqa: E402
from tests.portraits import group_on_wood, tone_variant, with_blemishes  # noqa: E402

TILE = 300
SETTINGS = [None, Params(0.5, 0.5), Params(1.0, 1.0), Params(1.5, 1.5)]


def load(name: str) -> np.ndarray:
    return np.asarray(Image.open(ROOT / "resources" / "samples" / name).convert("RGB"))


def crop(rgb: np.ndarray, cx: int, cy: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    x0 = min(max(0, cx - TILE // 2), w - TILE)
    y0 = min(max(0, cy - TILE // 2), h - TILE)
    return rgb[y0 : y0 + TILE, x0 : x0 + TILE]


def label(text: str, width: int) -> np.ndarray:
    bar = np.full((28, width, 3), 32, np.uint8)
    cv2.putText(bar, text, (8, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (230, 230, 230), 1, cv2.LINE_AA)
    return bar


def main() -> None:
    engine = LocalEngine()
    astro, hopper = load("astronaut.jpg"), load("grace_hopper.jpg")
    spotted, _ = with_blemishes(astro, engine._finder)
    group, people = group_on_wood(astro, hopper)
    rows = [
        ("astronaut", astro, (230, 140)),
        ("grace hopper", hopper, (260, 250)),
        ("drawn blemishes", spotted, (230, 140)),
        ("darker skin tone", tone_variant(astro, 0.45, 1.8), (230, 140)),
        ("group on wood wall", group, (people[2].cx - 40, people[2].cy + 20)),
    ]
    header = np.hstack(
        [label(t, TILE) for t in ("original", "0.5 / 0.5", "1.0 / 1.0", "1.5 / 1.5")]
    )
    out = [header]
    for name, rgb, (cx, cy) in rows:
        tiles = [crop(rgb if p is None else engine.enhance(rgb, p), cx, cy) for p in SETTINGS]
        out.append(label(f"{name}  (retouch / whitening)", TILE * 4))
        out.append(np.hstack(tiles))
    path = ROOT / "docs" / "local-engine.png"
    Image.fromarray(np.vstack(out)).save(path, optimize=True)
    print(path)


if __name__ == "__main__":
    main()
