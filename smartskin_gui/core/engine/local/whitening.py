"""Whitening: lift skin lightness in CIE L*, keeping each pixel's hue and chroma.

A careful retoucher brightens skin by lifting lightness while holding (or slightly
lowering) its chroma: one RGB gain keeps hue but scales chroma up with lightness, which
turns a face orange or pink. Lookups are indexed by L* in 256 steps (uint8), so
``cv2.LUT`` applies them.

The lift is tone-aware: it is chosen by the skin's smoothed lightness (the engine gives
it blurred by a pore or two, so neighbouring pixels share one gain and texture keeps its
contrast, where a per-pixel curve would flatten it), pulled toward the lightness of the
person's face (so a face's shadowed side is not lifted most: the light's shape stays),
shrinks as skin nears white, and
never takes a pixel whose brightest channel is below KNEE past it: highlights never clip
more than they did, and bright skin keeps its grain instead of bleaching. Off the face
(neck, ears, body) the gain is at most what the person's face takes at its typical
lightness: a face never rises less than its own neck.
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
#: No lift takes a pixel's brightest channel past this (a soft shoulder approaches it):
#: rounded to 8 bits it stays below 250, so no skin reaches 250 that did not.
KNEE = 249.45 / 255.0
#: The lift is chosen over this neighbourhood (px, a Gaussian's sigma): about a pore.
NEAR = 1.5
#: Up to this the asked gain is granted in full (a peak of 235 of 255).
SHOULDER = 235.0 / 255.0
#: Within this of KNEE (4 levels) the shoulder's approach slows down.
SLOW = 4.0 / 255.0
#: Where the shoulder held the gain back, the pixel's lower channels move toward its
#: brightest by this share per unit of gain held back (at most TOWARD_PEAK_MAX): it still
#: lightens, a little paler, as near-white skin does in light, but its brightest channel
#: (what clips) does not rise.
LEAST = 0.35
#: How far the lightness a pixel's gain is chosen by moves from its own toward its face's.
TOWARD_FACE = 0.35
#: A neck's gain is at least this share of its face's asked gain.
CAP_FLOOR = 0.4
#: ... from this L* up (fully 8 L* above it).
TOWARD_PEAK_MAX = 0.3


def lightness_index_u8(rgb: np.ndarray) -> np.ndarray:
    """The L* lookup index of uint8 pixels (OpenCV's 8-bit Lab stores L* * 255 / 100)."""
    return np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0])


def smooth_lightness_index(rgb: np.ndarray) -> np.ndarray:
    """The L* lookup index of float RGB in [0, 1], blurred over about a pore (NEAR px):
    what the lift is chosen by, so neighbouring pixels share a gain and texture keeps its
    contrast (a gain chosen pixel by pixel would flatten it)."""
    index = lightness_index_u8(cv2.convertScaleAbs(cv2.max(rgb, 0.0), alpha=255.0))
    return np.asarray(cv2.GaussianBlur(index, (0, 0), NEAR))


def neighbourhood_peak(rgb: np.ndarray) -> np.ndarray:
    """max(R, G, B) blurred over about a pore: the highlights a pixel sits among."""
    return np.asarray(cv2.GaussianBlur(peak_of(rgb), (0, 0), NEAR), np.float32)


def _lightness_index(rgb: np.ndarray) -> np.ndarray:
    """The same index from float32 pixels in [0, 1]."""
    lightness = cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0]
    return np.asarray(cv2.convertScaleAbs(lightness, alpha=(LUT_STEPS - 1) / 100.0))


def peak_of(rgb: np.ndarray) -> np.ndarray:
    """Each pixel's brightest channel, max(R, G, B)."""
    r, g, b = cv2.split(rgb)
    return np.asarray(cv2.max(cv2.max(r, g), b), np.float32)


def shoulder(gain: np.ndarray, peak: np.ndarray) -> np.ndarray:
    """The gain a pixel whose brightest channel is ``peak`` gets when ``gain`` is asked:
    all of it up to SHOULDER, then less and less, so the channel approaches KNEE but never
    reaches it.

    Above start = max(peak, SHOULDER) the new peak is start + room * (1 - exp(-(asked -
    start) / max(room, SLOW))) with room = KNEE - start: as much as asked at first, more
    for a larger ask, always below KNEE. Within SLOW of KNEE the approach slows down.
    """
    p = np.clip(peak, 1e-4, 1.0)
    asked = cv2.multiply(gain, p)
    start = cv2.max(p, SHOULDER)
    room = cv2.max(KNEE - start, 0.0)
    over = cv2.max(asked - start, 0.0)
    eased = start + cv2.multiply(
        room, 1.0 - cv2.exp(cv2.divide(over, cv2.max(room, SLOW), scale=-1.0))
    )
    new = np.where(asked <= SHOULDER, asked, cv2.max(eased, p))
    return np.asarray(cv2.divide(new, p), np.float32)


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
    peak: np.ndarray | None = None,
    reference: np.ndarray | None = None,
    on_face: np.ndarray | None = None,
    reference_peak: np.ndarray | None = None,
) -> np.ndarray:
    """Lift skin lightness toward a CIE L* target, keeping each pixel's hue and chroma.

    The target is a gamma-style lift of L* (more in the mid-tones, less near white) of
    ``lightness`` (lookup index; default each pixel's own). It is reached by multiplying
    the pixel's R, G and B by one gain (which keeps hue: neither greyer nor bluer), eased
    by :func:`shoulder` so that no channel nears clipping (clipping one channel is what
    turns light skin yellow and waxy), and then easing the pixel toward its own grey by
    what the gain added to its chroma (so not orange or pink either). With ``reference``
    (the lightness index of each pixel's face, and ``reference_peak``, that face's typical
    brightest channel) the gain is at most what that face's skin takes, where ``on_face``
    (in [0, 1]) is 0: a neck never rises more than its face. ``peak`` (max(R, G, B)) may be
    given precomputed.
    """
    idx = smooth_lightness_index(rgb) if lightness is None else lightness
    if peak is None:
        peak = cv2.max(peak_of(rgb), neighbourhood_peak(rgb))
    _, full_gain = _lift_tables(strength)
    # With the person's lightness known, the gain is chosen a third of the way from each
    # pixel's own lightness toward that person's: a gain chosen pixel by pixel lifts a
    # face's shadowed side most and flattens its light, one gain for the whole face would
    # lift a flash-lit face (chosen by its lightest patches) too little.
    chosen = (
        idx
        if reference is None
        else cv2.addWeighted(idx, 1.0 - TOWARD_FACE, reference, TOWARD_FACE, 0.0)
    )
    lift = cv2.LUT(chosen, full_gain - 1.0)
    if reference is not None:
        cap = cv2.LUT(reference, full_gain - 1.0)
        if reference_peak is not None:
            # What the face's skin takes where its highlights hold it back, but never less
            # than CAP_FLOOR of its lift (a face whose skin is near white still rises, a
            # little paler, and so does its neck).
            cap = cv2.max(shoulder(1.0 + cap, reference_peak) - 1.0, cap * CAP_FLOOR)
        above = cv2.max(lift - cap, 0.0)
        lift = lift - (above if on_face is None else cv2.multiply(above, 1.0 - on_face))
    gain = 1.0 + mask * lift
    capped = shoulder(gain, peak)
    # One gain for R, G and B keeps hue but scales chroma up with lightness (C* grows about
    # as L* + 16 does): the face would turn orange or pink. A retoucher lifts lightness and
    # holds chroma, so each pixel moves toward its own grey (hue unchanged) by as much as
    # the gain raised it, and a touch more with strength (lighter skin reads as more
    # colourful at the same C*). Dark skin keeps a little of the rise: at the same C*, it
    # reads as ashen once lighter.
    # out = capped * (rgb * (1 - d) + luma * d), folded into one multiply and one add.
    hold = cv2.LUT(idx, _CHROMA_HOLD)
    keep = cv2.exp(cv2.multiply(cv2.log(capped), hold, scale=-2.2 / 3.0))
    # The extra easing goes with the lift granted (none where the shoulder held it back:
    # the lightest skin would otherwise only grey).
    granted = cv2.divide(capped - 1.0, cv2.max(gain - 1.0, 1e-6))
    keep = cv2.multiply(keep, 1.0 - (CHROMA_EASE * strength) * cv2.multiply(mask, granted))
    d = 1.0 - keep
    luma = cv2.transform(rgb, LUMA)
    out = cv2.add(
        cv2.multiply(rgb, cv2.merge([capped * (1.0 - d)] * 3)),
        cv2.merge([capped * d * luma] * 3),
    )
    # Where the shoulder held most of the lift back (near-white skin, or a bright red
    # channel), the pixel still rises by at least LEAST of the L* asked: its lower channels
    # move toward its brightest, a little paler, as near-white skin is in light, while its
    # brightest channel (what clips) does not rise. A pixel already clipping (brightest
    # channel at 250 or more) may go toward white itself: it clips no more.
    level = idx.astype(np.float32) * (100.0 / (LUT_STEPS - 1))
    asked = cv2.multiply(level + 16.0, cv2.pow(gain, 2.2 / 3.0) - 1.0)
    got = cv2.multiply(level + 16.0, cv2.pow(capped, 2.2 / 3.0) - 1.0)
    want = cv2.max(asked * LEAST - got, 0.0)
    if float(want.max()) > 0:
        top = peak_of(out)
        clipping = cv2.min(cv2.max((peak - KNEE) * (255.0 / 2.0), 0.0), 1.0)
        top = top + cv2.multiply(clipping, 1.0 - top)
        # L* of the grey at the brightest channel's level, and how far the pixel is from it.
        top_l = cv2.pow(cv2.max(top, 1e-4), 2.2 / 3.0) * 116.0 - 16.0
        span = cv2.max(top_l - (level + got), 0.5)
        share = cv2.min(cv2.divide(want, span), TOWARD_PEAK_MAX)
        top3 = cv2.merge([top] * 3)
        out = cv2.add(out, cv2.multiply(cv2.merge([share] * 3), cv2.subtract(top3, out)))
    return np.asarray(out, dtype=np.float32)
