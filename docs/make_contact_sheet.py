"""Build docs/local-engine.png: before/after of the local engine at three strengths.

Rows, all from the two public-domain portraits (astronaut.jpg, grace_hopper.jpg): the
astronaut, her forehead up to the hairline at 200% (a band would show where the face mesh
ends), her cheek with drawn blemishes at 200% (healed, or painted?), Grace Hopper's cheek
and lines at 200%, light flash-lit skin at 200% (bleached at 1.50?), a darker skin tone,
an eye of a small face (45 px) in a group of passport photos at 200% (milky?), a whole
person (neck, shoulders, arms and hands) in a warm room with a wall of her own skin
colour, her jaw and neck, and a brow and eye at 200%, where a ring or band around an
exclusion would show.
Tiles are 100% crops (no resampling) unless the row says otherwise, so skin texture and
seams can be judged. Run: .venv/bin/python docs/make_contact_sheet.py
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
from tests.engine.scenes import collage  # noqa: E402
from tests.portraits import (  # noqa: E402
    person_in_warm_room,
    tone_variant,
    with_blemishes,
)

TILE = 300
SETTINGS = [None, Params(0.5, 0.5), Params(1.0, 1.0), Params(1.5, 1.5)]


def load(name: str) -> np.ndarray:
    return np.asarray(Image.open(ROOT / "resources" / "samples" / name).convert("RGB"))


def crop(rgb: np.ndarray, cx: int, cy: int, zoom: int = 1) -> np.ndarray:
    """A TILE x TILE view centred on (cx, cy): 100% pixels, or ``zoom`` times enlarged."""
    h, w = rgb.shape[:2]
    side = TILE // zoom
    x0 = min(max(0, cx - side // 2), w - side)
    y0 = min(max(0, cy - side // 2), h - side)
    part = rgb[y0 : y0 + side, x0 : x0 + side]
    if zoom == 1:
        return part
    return np.asarray(cv2.resize(part, (TILE, TILE), interpolation=cv2.INTER_NEAREST))


def whole(rgb: np.ndarray) -> np.ndarray:
    """The whole photo scaled to a tile's width (to see the person, not the pores)."""
    h, w = rgb.shape[:2]
    return np.asarray(cv2.resize(rgb, (TILE, round(h * TILE / w)), interpolation=cv2.INTER_AREA))


def label(text: str, width: int) -> np.ndarray:
    bar = np.full((28, width, 3), 32, np.uint8)
    cv2.putText(bar, text, (8, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (230, 230, 230), 1, cv2.LINE_AA)
    return bar


def main() -> None:
    engine = LocalEngine()
    astro, hopper = load("astronaut.jpg"), load("grace_hopper.jpg")
    spotted, spots = with_blemishes(astro, engine._finder)
    person, _ = person_in_warm_room(astro, engine._finder)
    face = engine._finder.detect(person)[0]
    assert face.landmarks is not None
    brow_eye = face.landmarks[[105, 159]].mean(0)  # between the right brow and eye
    chin = face.landmarks[152]
    x, y = round(brow_eye[0]), round(brow_eye[1])
    own = engine._finder.detect(astro)[0]
    assert own.landmarks is not None
    hairline = own.landmarks[151]  # the middle of her forehead, where the fringe begins
    cheek = spots[0]
    flash = tone_variant(astro, 1.15, 0.8)
    small = collage(astro, hopper, engine._finder, 12, 45.0)
    eye = small.faces[2][[33, 133]].mean(0)  # the right eye of a 45 px face
    rows = [
        ("astronaut", astro, lambda im: crop(im, 230, 140)),
        (
            "her forehead up to the hairline at 200%",
            astro,
            lambda im: crop(im, round(hairline[0]), round(hairline[1]) + 10, zoom=2),
        ),
        (
            "her cheek with drawn blemishes at 200%",
            spotted,
            lambda im: crop(im, cheek.x + 15, cheek.y, zoom=2),
        ),
        ("grace hopper, cheek and lines at 200%", hopper, lambda im: crop(im, 215, 330, zoom=2)),
        ("light, flash-lit skin at 200%", flash, lambda im: crop(im, 215, 125, zoom=2)),
        ("darker skin tone", tone_variant(astro, 0.45, 1.8), lambda im: crop(im, 230, 140)),
        (
            "an eye of a small face (45 px) in a group at 200%",
            small.rgb,
            lambda im: crop(im, round(eye[0]), round(eye[1]), zoom=2),
        ),
        ("person in a warm room, wall of her skin colour (whole photo, scaled)", person, whole),
        (
            "her jaw, neck and shoulder at 100%",
            person,
            lambda im: crop(im, round(chin[0]) + 60, round(chin[1]) + 60),
        ),
        ("brow and eye at 200%", person, lambda im: crop(im, x, y, zoom=2)),
    ]
    header = np.hstack(
        [label(t, TILE) for t in ("original", "0.5 / 0.5", "1.0 / 1.0", "1.5 / 1.5")]
    )
    out = [header]
    for name, rgb, view in rows:
        tiles = [view(rgb if p is None else engine.enhance(rgb, p)) for p in SETTINGS]
        out.append(label(f"{name}  (retouch / whitening)", TILE * 4))
        out.append(np.hstack(tiles))
    path = ROOT / "docs" / "local-engine.png"
    Image.fromarray(np.vstack(out)).save(path, optimize=True)
    print(path)


if __name__ == "__main__":
    main()
