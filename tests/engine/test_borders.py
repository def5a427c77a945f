"""Issue 18, defect 4: clean borders where skin meets something darker.

The head scene on a near-black backdrop and shirt: light skin, dark skin (the same scene
re-lit), dark hair with locks over the forehead, and the light one at 2.4 times the size
(a working copy smaller than the photo: the change is carried up to full size). Measured
in the 6 px (full size: 14 px) either side of where skin meets the dark: on the skin
side the 1st percentile of the L* change (darkening), on the dark side the 99th
percentile of its size (the skin's change pulled across).

The engine at the branch point (v2) smoothed across the border, so the skin beside it
was pulled dark by retouching (1st percentile -2.1 to -2.6 L* at 1.00, -3.8 to -4.2 at
1.50) and the dark side lifted (99th percentile 1.0 to 1.3 at 1.00 / 1.00, 1.6 to 2.0 at
1.50 / 1.50). Now: -0.8 to -1.1 and -1.2 to -1.8 (what evening the tone does inside the
face too), 0.5 to 0.9 and 0.5 to 1.4.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from smartskin_gui.core.params import Params
from tests.engine import scenes

DARK = {"backdrop": (28, 30, 36), "shirt": (20, 20, 24)}
CASES = {
    "light skin": ({}, 1.0),
    "dark skin": ({"tone": (0.6, 1.5)}, 1.0),
    "dark hair": ({"hair": (30, 22, 18), "locks": True}, 1.0),
    "full size 2.4x": ({}, 2.4),
}


@pytest.fixture(scope="module")
def borders(shared_engine, astronaut_rgb):
    """{case: (pixels, skin beside the dark, dark beside the skin)}."""
    out = {}
    for name, (extra, scale) in CASES.items():
        head = scenes.head_scene(astronaut_rgb, shared_engine._finder, **DARK, **extra)
        rgb, skin_all = head.rgb, head.skin
        if scale != 1.0:
            rgb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
            size = (rgb.shape[1], rgb.shape[0])
            skin_all = cv2.resize(skin_all.astype(np.uint8), size, cv2.INTER_NEAREST) > 0
        light = scenes.lightness(rgb)
        r = round(6 * scale)
        near = np.ones((2 * r + 1, 2 * r + 1), np.uint8)
        dark = (light < 25) & ~skin_all
        skin = skin_all & (light > 35)
        skin_edge = skin & (cv2.dilate(dark.astype(np.uint8), near) > 0)
        dark_edge = dark & (cv2.dilate(skin.astype(np.uint8), near) > 0)
        out[name] = (rgb, skin_edge, dark_edge)
    return out


@pytest.mark.parametrize("case", CASES)
def test_skin_beside_the_dark_is_not_pulled_dark(shared_engine, borders, case):
    """Retouching alone: the skin beside the dark darkens by no more than 1.5 L* at 1.00
    and 2.0 at 1.50 (1st percentile). (v2: -2.1 to -2.6 at 1.00, -3.8 to -4.2 at 1.50.)"""
    rgb, skin_edge, _ = borders[case]
    for retouch, floor in ((1.0, -1.5), (1.5, -2.0)):
        d = scenes.lift(rgb, shared_engine.enhance(rgb, Params(retouch, 0.0)))
        darkest = float(np.percentile(d[skin_edge], 1))
        assert darkest >= floor, (retouch, darkest)


@pytest.mark.parametrize("case", CASES)
def test_the_dark_side_is_left_alone(shared_engine, borders, case):
    """Hair, shirt and backdrop beside the skin change by at most 1.0 L* at 1.00 / 1.00
    and 1.5 at 1.50 / 1.50 (99th percentile), and retouching alone leaves them within 1.0.
    (v2 at 1.00 / 1.00: 1.0 to 1.3; at 1.50 / 1.50: 1.6 to 2.0.)"""
    rgb, _, dark_edge = borders[case]
    for settings, most in (((1.0, 1.0), 1.0), ((1.5, 1.5), 1.5), ((1.5, 0.0), 1.0)):
        d = scenes.lift(rgb, shared_engine.enhance(rgb, Params(*settings)))
        pulled = float(np.percentile(np.abs(d[dark_edge]), 99))
        assert pulled <= most, (settings, pulled)
