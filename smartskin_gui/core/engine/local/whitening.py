"""Whitening: lift skin lightness in CIE L*, keeping each pixel's hue and chroma.

A careful retoucher brightens skin by lifting lightness while holding (or slightly
lowering) its chroma: one RGB gain keeps hue but scales chroma up with lightness, which
turns a face orange or pink. Lookups are indexed by L* in 256 steps (uint8), so
``cv2.LUT`` applies them.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

#: Lightness lookup tables resolution (L* from 0 to 100): uint8 indices, so cv2.LUT applies.
LUT_STEPS = 256
LUMA = np.array([[0.299, 0.587, 0.114]], np.float32)
#: Chroma eased per unit of whitening, beyond holding it (lighter skin looks more colourful).
CHROMA_EASE = 0.02
#: Share of the chroma rise a brightening gain brings that is taken back, by L* (lookup
#: index): all of it on light and mid skin, most of it on dark skin.
_CHROMA_HOLD = (
    0.7 + 0.3 * np.clip((np.linspace(0.0, 100.0, LUT_STEPS) - 25.0) / 30.0, 0.0, 1.0)
).astype(np.float32)
#: Where a pixel has no headroom left, this share of the rest of the lift moves it toward
#: white (which greys it): very light skin is lifted less rather than bleached.
TOWARD_WHITE = 0.25


def lightness_index_u8(rgb: np.ndarray) -> np.ndarray:
    """The L* lookup index of uint8 pixels (OpenCV's 8-bit Lab stores L* * 255 / 100)."""
    return np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0])


def _lightness_index(rgb: np.ndarray) -> np.ndarray:
    """The same index from float32 pixels in [0, 1]."""
    lightness = cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0]
    return np.asarray(cv2.convertScaleAbs(lightness, alpha=(LUT_STEPS - 1) / 100.0))


def headroom_of(rgb: np.ndarray) -> np.ndarray:
    """The gain at which a pixel's brightest channel would clip (1 / max(R, G, B))."""
    r, g, b = cv2.split(rgb)
    peak = cv2.max(cv2.max(r, g), b)
    return np.asarray(1.0 / np.clip(peak, 1e-4, 1.0), np.float32)


@lru_cache(maxsize=8)
def _lift_tables(strength: float) -> tuple[np.ndarray, np.ndarray]:
    """(target L*, full-strength gain) for every lightness step, for one strength."""
    lightness = np.linspace(0.0, 100.0, LUT_STEPS, dtype=np.float64)
    # About +6 L* on mid-light skin at 1.00 (a retoucher's lift), +9 at 1.50.
    gamma = 1.0 + 0.2 * strength + 0.06 * strength * strength
    lifted = 100.0 * (1.0 - (1.0 - lightness / 100.0) ** gamma)
    # Y ~ ((L* + 16) / 116)^3 and sRGB values scale as Y^(1/2.2).
    gain = ((lifted + 16.0) / (lightness + 16.0)) ** (3.0 / 2.2)
    return lifted.astype(np.float32), gain.astype(np.float32)


def brighten(
    rgb: np.ndarray,
    mask: np.ndarray,
    strength: float,
    lightness: np.ndarray | None = None,
    headroom: np.ndarray | None = None,
) -> np.ndarray:
    """Lift skin lightness toward a CIE L* target, keeping each pixel's hue and chroma.

    The target is a gamma-style lift of L* (more in the mid-tones, less near white). It is
    reached by multiplying the pixel's R, G and B by one gain (which keeps hue: neither
    greyer nor bluer), capped by the pixel's headroom so no channel clips (clipping one
    channel is what turns light skin yellow), and then easing the pixel toward its own grey
    by what the gain added to its chroma (so not orange or pink either). ``lightness``
    (lookup index) and ``headroom`` may be given precomputed, from the pixels ``rgb`` holds.
    """
    idx = _lightness_index(rgb) if lightness is None else lightness
    room = headroom_of(rgb) if headroom is None else headroom
    lifted, full_gain = _lift_tables(strength)
    gain = 1.0 + mask * cv2.LUT(idx, full_gain - 1.0)
    capped = cv2.min(gain, room)
    # One gain for R, G and B keeps hue but scales chroma up with lightness (C* grows about
    # as L* + 16 does): the face would turn orange or pink. A retoucher lifts lightness and
    # holds chroma, so each pixel moves toward its own grey (hue unchanged) by as much as
    # the gain raised it, and a touch more with strength (lighter skin reads as more
    # colourful at the same C*). Dark skin keeps a little of the rise: at the same C*, it
    # reads as ashen once lighter.
    # out = capped * (rgb * (1 - d) + luma * d), folded into one multiply and one add.
    hold = cv2.LUT(idx, _CHROMA_HOLD)
    keep = cv2.exp(cv2.multiply(cv2.log(capped), hold, scale=-2.2 / 3.0))
    keep = cv2.multiply(keep, 1.0 - (CHROMA_EASE * strength) * mask)
    d = 1.0 - keep
    luma = cv2.transform(rgb, LUMA)
    out = cv2.add(
        cv2.multiply(rgb, cv2.merge([capped * (1.0 - d)] * 3)),
        cv2.merge([capped * d * luma] * 3),
    )
    # Where headroom ran out (very light skin), part of the rest of the lift moves toward
    # white (TOWARD_WHITE of it: the rest is given up rather than bleach the skin).
    short = np.flatnonzero(capped < gain - 1e-4)
    if len(short):
        flat_idx = idx.reshape(-1)[short]
        level = flat_idx.astype(np.float32) * (100.0 / (LUT_STEPS - 1))
        m = mask.reshape(-1)[short]
        target = level + m * (lifted[flat_idx] - level)
        reached = (level + 16.0) * capped.reshape(-1)[short] ** (2.2 / 3.0) - 16.0
        toward = np.clip((target - reached) / np.maximum(100.0 - reached, 1.0), 0, 1)
        flat = out.reshape(-1, 3)
        flat[short] += (TOWARD_WHITE * toward)[:, None] * (1.0 - flat[short])
    return np.asarray(out, dtype=np.float32)
