"""Issue 18, defect 7: eyes, brows, lips and teeth untouched on faces of every size.

A collage of twelve passport-style heads about 45 px tall (their eyes a few pixels high).
The engine at the branch point (v2) lifted those eyes like skin: +6.2 L* median over the
faces at 1.00 / 1.00 (up to +8.3), +10.4 at 1.50 / 1.50 (up to +13.5): milky eyes in
every group photo. Now: 0.0 at both.
"""

from __future__ import annotations

import numpy as np
import pytest

from smartskin_gui.core.engine.local import skinmask as sm
from smartskin_gui.core.params import Params
from tests.engine import scenes


@pytest.fixture(scope="module")
def small_faces(shared_engine, astronaut_rgb, hopper_rgb) -> scenes.Collage:
    return scenes.collage(astronaut_rgb, hopper_rgb, shared_engine._finder, 12, 45.0)


def _zones(shape: tuple[int, int], lm: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "eyes": scenes.eye_zone(shape, lm),
        "brows": scenes.hull(shape, lm[sm.RIGHT_BROW]) | scenes.hull(shape, lm[sm.LEFT_BROW]),
        "lips and teeth": scenes.poly(shape, lm[sm.LIPS]),
    }


@pytest.mark.parametrize("settings, most", [((1.0, 1.0), 1.0), ((1.5, 1.5), 1.5)])
def test_small_faces_keep_their_eyes_brows_and_lips(shared_engine, small_faces, settings, most):
    """On every face the median L* change over its eyes, its brows and its lips (teeth
    included) is at most 1 L* at 1.00 / 1.00 and 1.5 at 1.50 / 1.50, while its skin rises
    visibly (over 2 L*). (v2 at 1.00 / 1.00: eyes +6.2 median, up to +8.3.)"""
    rgb = small_faces.rgb
    d = scenes.lift(rgb, shared_engine.enhance(rgb, Params(*settings)))
    for i, lm in enumerate(small_faces.faces):
        skin = float(np.median(d[scenes.face_centre_zone(d.shape, lm)]))
        assert skin > 2.0, (i, skin)
        for name, zone in _zones(d.shape, lm).items():
            got = float(np.median(d[zone]))
            assert abs(got) <= most, (i, name, got, skin)
