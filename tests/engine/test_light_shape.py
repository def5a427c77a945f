"""The light's shape is kept: a side-lit face keeps the lightness step from its lit side to
its shadowed side (a retoucher brightens the face, as more light would, and does not fill
its shadows), and retouching evens blotches without taking down the face's highlights (a
nose's ridge, a cheekbone's light: the modelling).

Measured on real portraits (side light, studio and window light) before this test: at
1.50 / 1.50 the shadowed side rose 1.5 to 4 times as much as the lit side and the
left-right modelling lost up to 30-47%. On the side-lit composite here the engine at the
branch point kept 0.98 of the step at 1.00 / 1.00 and 0.95 at 1.50 / 1.50; now 1.01 and
1.00. Retouching alone took the brightest 3% of the bald head's face skin down by 3.6 L*
at 1.00 and 5.4 at 1.50 (a nose's ridge on a real portrait by 4.0); now 2.2 and 3.4.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from smartskin_gui.core.params import Params
from tests.engine import scenes


@pytest.fixture(scope="module")
def side_lit(bald: scenes.Head) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pixels, lit side of the face, shadowed side): the bald head with the light falling
    off from its left to 0.55 at its right (in 8-bit values, as a second light would not)."""
    h, w = bald.rgb.shape[:2]
    cx = float(bald.lm[1][0])
    ramp = np.clip(1.0 - 0.45 * (np.arange(w) - cx + 0.3 * w) / (0.6 * w), 0.55, 1.0)
    rgb = np.clip(bald.rgb * ramp[None, :, None].astype(np.float32), 0, 255).astype(np.uint8)
    xx = np.arange(w)[None, :].repeat(h, 0)
    half = 0.12 * float(bald.lm[454][0] - bald.lm[234][0])
    return rgb, bald.face & (xx < cx - half), bald.face & (xx > cx + half)


@pytest.mark.parametrize("settings", [(0.0, 1.0), (1.0, 1.0), (1.5, 1.5)])
def test_a_side_lit_face_keeps_its_light(shared_engine, side_lit, settings) -> None:
    """The median L* step from the lit side to the shadowed side is at least 0.99 of what
    it was, and both sides visibly brighten (more than 3 L*)."""
    rgb, lit, shade = side_lit
    before = scenes.lightness(rgb)
    after = scenes.lightness(shared_engine.enhance(rgb, Params(*settings)))
    step = float(np.median(before[lit]) - np.median(before[shade]))
    kept = float(np.median(after[lit]) - np.median(after[shade])) / step
    assert step > 10 and kept >= 0.99, (step, kept)
    for side in (lit, shade):
        assert float(np.median((after - before)[side])) > 3.0


@pytest.mark.parametrize("retouch, most", [(1.0, 2.5), (1.5, 3.75)])
@pytest.mark.parametrize("tone", [None, (0.55, 1.6)])
def test_retouching_keeps_the_highlights(shared_engine, astronaut_rgb, retouch, most, tone):
    """Retouching alone takes the face's highlights (its brightest 3%, smoothed over a few
    pores) down by at most 2.5 L* at 1.00 and 3.75 at 1.50, on light and dark skin,
    while the face as a whole keeps its lightness (within 0.5)."""
    head = scenes.head_scene(astronaut_rgb, shared_engine._finder, tone=tone)
    before = scenes.lightness(head.rgb)
    smooth = cv2.GaussianBlur(before, (0, 0), 3)
    top = head.face & (smooth >= np.percentile(smooth[head.face], 97))
    d = scenes.lift(head.rgb, shared_engine.enhance(head.rgb, Params(retouch, 0.0)))
    assert float(np.median(d[top])) >= -most, float(np.median(d[top]))
    assert abs(float(np.median(d[head.face]))) <= 0.5
