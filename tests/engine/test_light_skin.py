"""Issue 18, defect 3: light and flash-lit skin must not wash out.

The bald-head scene as it is (mid-light skin, 1% of the face at max(R, G, B) >= 250) and
flash-lit (every value lifted: 44% of the face at 250 or more). The engine at the branch
point (v2) pushed highlights into clipping (mid-light: 1% -> 15% at 1.00, 33% at 1.50;
flash: 44% -> 67% and 75%), flattened bright skin's grain (0.97 and 0.96 of the
original at whitening 1.00 and 1.50) and lifted the flash-lit face less than its own neck
(+3.4 against +7.1 L* at whitening 1.00). Now: no pixel clips that did not (1% and 44%
stay), the grain rises with the skin (1.00 and 1.01 flash-lit), and the face rises at
least as much as its neck (flash-lit +1.8 against +1.4, mid-light +7.2 against +5.9).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from smartskin_gui.core.params import Params
from tests.engine import scenes
from tests.portraits import tone_variant

FLASH = (1.15, 0.8)  # tests.portraits.tone_variant: gain, gamma
SETTINGS = [(0.0, 1.0), (1.0, 1.0), (0.0, 1.5), (1.5, 1.5)]


@pytest.fixture(scope="module")
def lit(bald):
    """{name: (pixels, head)}: the bald head as it is and flash-lit."""
    return {"mid-light": (bald.rgb, bald), "flash": (tone_variant(bald.rgb, *FLASH), bald)}


def _clipped(rgb: np.ndarray, where: np.ndarray) -> float:
    return float((rgb.max(axis=2)[where] >= 250).mean())


def _grain(rgb: np.ndarray, where: np.ndarray) -> float:
    light = scenes.lightness(rgb)
    fine = light - cv2.GaussianBlur(light, (0, 0), 1.0)
    return float(np.sqrt((fine[where] ** 2).mean()))


@pytest.mark.parametrize("name", ["mid-light", "flash"])
@pytest.mark.parametrize("retouch, whitening", SETTINGS)
def test_highlights_never_clip_more_than_they_did(shared_engine, lit, name, retouch, whitening):
    """The share of face skin at max(R, G, B) >= 250 grows by at most one point. (v2,
    mid-light: 0.01 -> 0.15 at 0 / 1.00, 0.33 at 0 / 1.50; flash: 0.44 -> 0.67, 0.75.)"""
    rgb, head = lit[name]
    out = shared_engine.enhance(rgb, Params(retouch, whitening))
    before, after = _clipped(rgb, head.face), _clipped(out, head.face)
    assert after <= before + 0.01, (before, after)


@pytest.mark.parametrize("whitening", [1.0, 1.5])
def test_bright_skin_keeps_its_grain(shared_engine, lit, whitening):
    """Brightening alone keeps the face's fine L* texture at least as strong as it was
    (a lift is a gain: the grain rises with the skin), flash-lit as well as mid-light.
    (v2, flash: 0.97 at 1.00, 0.96 at 1.50; mid-light 1.05, 1.06.) Within 0.2%: where
    the shoulder holds a flash-lit face's whole lift back, its grain stays as it was."""
    for name, (rgb, head) in lit.items():
        out = shared_engine.enhance(rgb, Params(0.0, whitening))
        kept = _grain(out, head.face) / _grain(rgb, head.face)
        assert kept >= 0.998, (name, kept)


@pytest.mark.parametrize("name", ["mid-light", "flash"])
@pytest.mark.parametrize("retouch, whitening", SETTINGS)
def test_a_face_never_rises_less_than_its_neck(shared_engine, lit, name, retouch, whitening):
    """Median L* lift: the face at least its neck's, the neck at least 0.6 of the face's,
    and the face visibly brighter. (v2 at 0 / 1.00: mid-light face +7.4 under a neck of
    +8.5; flash-lit +3.4 under +7.1.) Equal within 0.05 L*, far below what shows."""
    rgb, head = lit[name]
    d = scenes.lift(rgb, shared_engine.enhance(rgb, Params(retouch, whitening)))
    face, neck = float(np.median(d[head.face])), float(np.median(d[head.neck]))
    assert face > 1.5, face
    assert 0.6 * face <= neck <= face + 0.05, (face, neck)
