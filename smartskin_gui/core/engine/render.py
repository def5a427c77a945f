"""Turning a photo's analysis into pixels for one pair of strengths (runs on slider moves).

Everything that does not depend on the strengths is folded into a few layers once per
photo (:class:`Layers`), so a slider move is a handful of whole-array multiply-adds:

    out = image + heal * healing - sum(amount * band)      (retouch, see retouch_amounts)
    out = out * brightening gain, eased toward grey        (whitening: hue and chroma kept)

Retouching works the way a careful retoucher's frequency separation does: pores (the fine
band) are kept at 1.00; freckles and fine lines (the mid band) are softened, not erased;
blotches and uneven tone (the tone band) are evened most. Colour unevenness (redness,
blotches) goes sooner than lightness texture, so every band is split into its lightness
part and its colour part. Taking all the scales down together (never the middle ones
alone) is what keeps strong settings from leaving blobs of the coarser scale behind.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ..params import Params
from .bands import Band, skin_bands
from .skinmask import SkinMask

#: Lightness lookup tables resolution (L* from 0 to 100): uint8 indices, so cv2.LUT applies.
_LUT_STEPS = 256
_LUMA = np.array([[0.299, 0.587, 0.114]], np.float32)
#: Chroma eased per unit of whitening, beyond holding it (lighter skin looks more colourful).
CHROMA_EASE = 0.02
#: Share of the chroma rise a brightening gain brings that is taken back, by L* (lookup
#: index): all of it on light and mid skin, most of it on dark skin.
_CHROMA_HOLD = (
    0.7 + 0.3 * np.clip((np.linspace(0.0, 100.0, _LUT_STEPS) - 25.0) / 30.0, 0.0, 1.0)
).astype(np.float32)
#: Where a pixel has no headroom left, this share of the rest of the lift moves it toward
#: white (which greys it): very light skin is lifted less rather than bleached.
TOWARD_WHITE = 0.25


@dataclass
class Layers:
    """Strength-independent layers over the skin box (float32, values in [0, 1] scale).

    Each band is already weighted by the smoothing mask; ``*_colour`` is the band minus its
    own grey (its colour part).
    """

    image_u8: np.ndarray  # (h, w, 3) the working image as it is
    bands: list[Band]  # where the mask is non-zero: the only places a render changes
    image: np.ndarray  # (h, w, 3) the working image
    mask: np.ndarray  # (h, w) skin mask
    fine: np.ndarray  # (h, w, 3) fine texture (pores): kept at 1.00
    mid: np.ndarray  # (h, w, 3) healed low-pass - edge-aware base: freckles, fine lines
    mid_colour: np.ndarray  # (h, w, 3)
    tone: np.ndarray  # (h, w, 3) base - broad base: blotches, uneven tone
    tone_colour: np.ndarray  # (h, w, 3)
    healing: np.ndarray  # (h, w, 3) what healing the blemishes adds
    lightness: np.ndarray  # (h, w) uint8 index of L* into the lookup tables
    headroom: np.ndarray  # (h, w) max(1, 1 / max(R, G, B)): the gain at which a channel clips


def make_layers(
    image_u8: np.ndarray,
    image: np.ndarray,
    skin: SkinMask,
    low: np.ndarray,
    healed: np.ndarray,
    base: np.ndarray,
    broad: np.ndarray,
    blemishes: np.ndarray,
) -> Layers:
    """Fold the bands of :mod:`.local`'s analysis into the layers a render needs.

    ``low`` is the image without its pores, ``healed`` that with blemishes inpainted,
    ``base`` its edge-aware smoothing at the scale of freckles and lines, ``broad`` at the
    scale of blotches.
    """
    m3 = cv2.merge([skin.smoothing] * 3)
    # Two independent halves of the work, one per core (OpenCV releases the GIL).
    with ThreadPoolExecutor(1, thread_name_prefix="smartskin-layers") as pool:
        tone_job = pool.submit(_band, m3, base, broad)
        per_pixel = pool.submit(
            lambda: (skin_bands(skin.mask), _lightness_index_u8(image_u8), _headroom(image))
        )
        high = cv2.subtract(image, low)
        if healed is low:  # no blemish found: nothing to heal
            healing = np.zeros_like(image)
        else:
            # Healing replaces the spot's low-pass by the inpainted one and, inside the
            # spot, most of its fine texture too (a spot's own edge is fine-scale).
            spots = cv2.merge([blemishes * np.float32(0.7)] * 3)
            healing = cv2.subtract(cv2.subtract(healed, low), cv2.multiply(spots, high))
        mid, mid_colour = _band(m3, healed, base)
        fine = cv2.multiply(m3, high)
        tone, tone_colour = tone_job.result()
        bands, lightness, headroom = per_pixel.result()
    return Layers(
        image_u8=image_u8,
        bands=bands,
        image=image,
        mask=skin.mask,
        fine=np.asarray(fine, np.float32),
        mid=mid,
        mid_colour=mid_colour,
        tone=tone,
        tone_colour=tone_colour,
        healing=np.asarray(healing, np.float32),
        lightness=lightness,
        headroom=headroom,
    )


def _band(m3: np.ndarray, finer: np.ndarray, coarser: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(smoothing mask * (finer - coarser), its colour part)."""
    band = np.asarray(cv2.multiply(m3, cv2.subtract(finer, coarser)), np.float32)
    return band, _colour_part(band)


def _colour_part(band: np.ndarray) -> np.ndarray:
    """``band`` minus its grey: what it changes in colour, not in lightness."""
    grey = cv2.transform(band, _LUMA)
    return np.asarray(cv2.subtract(band, cv2.merge([grey] * 3)), np.float32)


def _lightness_index_u8(rgb: np.ndarray) -> np.ndarray:
    """The same index from uint8 pixels (OpenCV's 8-bit Lab stores L* * 255 / 100)."""
    return np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0])


def _lightness_index(rgb: np.ndarray) -> np.ndarray:
    lightness = cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab)[:, :, 0]
    return np.asarray(cv2.convertScaleAbs(lightness, alpha=(_LUT_STEPS - 1) / 100.0))


def _headroom(rgb: np.ndarray) -> np.ndarray:
    r, g, b = cv2.split(rgb)
    peak = cv2.max(cv2.max(r, g), b)
    return np.asarray(1.0 / np.clip(peak, 1e-4, 1.0), np.float32)


@dataclass(frozen=True)
class Amounts:
    """How much of each band a retouch strength takes away (healing: how much it heals)."""

    heal: float
    fine: float
    mid: float
    mid_colour: float  # on top of ``mid``, for the mid band's colour part
    tone: float
    tone_colour: float  # on top of ``tone``


def retouch_amounts(retouch: float) -> Amounts:
    """The share of each band removed at a retouch strength (all grow with it).

    1.00 is a careful retoucher's pass: blemishes healed, colour blotches and uneven tone
    mostly evened, freckles and fine lines softened but there, pores untouched. 1.50 is
    strong but still skin: tone nearly even, lines faint, some of the pores' grain kept.
    """
    r = retouch
    mid = 0.38 * r
    tone = min(0.85, 0.55 * r)
    return Amounts(
        heal=min(1.0, r / 0.6),
        fine=0.35 * max(0.0, r - 1.0),
        mid=mid,
        mid_colour=min(0.92, 0.7 * r) - mid,
        tone=tone,
        tone_colour=min(0.95, 0.8 * r) - tone,
    )


def render_change(layers: Layers, params: Params) -> np.ndarray:
    """What ``params`` change in the skin box: int16 RGB, non-zero only in its bands."""
    diff = np.zeros(layers.image_u8.shape, np.int16)
    for y0, y1, x0, x1 in layers.bands:
        box = (slice(y0, y1), slice(x0, x1))
        diff[box] = cv2.subtract(
            _render_box(layers, box, params), layers.image_u8[box], dtype=cv2.CV_16S
        )
    return diff


def _render_box(layers: Layers, box: tuple[slice, slice], params: Params) -> np.ndarray:
    out = layers.image[box]
    mask = layers.mask[box]
    if params.retouch > 0:
        a = retouch_amounts(params.retouch)
        out = cv2.scaleAdd(layers.healing[box], a.heal, out)
        for band, amount in (
            (layers.mid, a.mid),
            (layers.mid_colour, a.mid_colour),
            (layers.tone, a.tone),
            (layers.tone_colour, a.tone_colour),
            (layers.fine, a.fine),
        ):
            if amount > 0:
                out = cv2.scaleAdd(band[box], -amount, out)
    if params.whitening > 0:
        if params.retouch > 0:
            # The lift follows the retouched skin's own lightness: a gain chosen for the
            # dark spot or crease that retouching just evened would make it a bright blob.
            lightness = _lightness_index_u8(cv2.convertScaleAbs(cv2.max(out, 0.0), alpha=255.0))
            headroom = _headroom(out)
        else:
            lightness, headroom = layers.lightness[box], layers.headroom[box]
        out = brighten(out, mask, params.whitening, lightness, headroom)
    return np.asarray(cv2.convertScaleAbs(cv2.max(out, 0.0), alpha=255.0))


@lru_cache(maxsize=8)
def _lift_tables(strength: float) -> tuple[np.ndarray, np.ndarray]:
    """(target L*, full-strength gain) for every lightness step, for one strength."""
    lightness = np.linspace(0.0, 100.0, _LUT_STEPS, dtype=np.float64)
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
    """Lift skin lightness toward a CIE L* target, keeping each pixel's hue.

    The target is a gamma-style lift of L* (more in the mid-tones, less near white). It is
    reached by multiplying the pixel's R, G and B by one gain, which keeps its chromaticity
    exactly (so neither greyer nor pinker), and the gain is capped by the pixel's headroom so
    no channel clips (clipping one channel is what turns light skin yellow). ``lightness``
    (lookup index) and ``headroom`` may be given precomputed (from the unretouched image).
    """
    idx = _lightness_index(rgb) if lightness is None else lightness
    room = _headroom(rgb) if headroom is None else headroom
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
    luma = cv2.transform(rgb, _LUMA)
    out = cv2.add(
        cv2.multiply(rgb, cv2.merge([capped * (1.0 - d)] * 3)),
        cv2.merge([capped * d * luma] * 3),
    )
    # Where headroom ran out (very light skin), the rest of the lift moves toward white.
    short = np.flatnonzero(capped < gain - 1e-4)
    if len(short):
        flat_idx = idx.reshape(-1)[short]
        level = flat_idx.astype(np.float32) * (100.0 / (_LUT_STEPS - 1))
        m = mask.reshape(-1)[short]
        target = level + m * (lifted[flat_idx] - level)
        reached = (level + 16.0) * capped.reshape(-1)[short] ** (2.2 / 3.0) - 16.0
        toward = np.clip((target - reached) / np.maximum(100.0 - reached, 1.0), 0, 1)
        flat = out.reshape(-1, 3)
        flat[short] += (TOWARD_WHITE * toward)[:, None] * (1.0 - flat[short])
    return np.asarray(out, dtype=np.float32)
