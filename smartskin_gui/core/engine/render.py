"""Turning a photo's analysis into pixels for one pair of strengths (runs on slider moves).

Everything that does not depend on the strengths is folded into a few layers once per
photo (:class:`Layers`), so a slider move is a handful of whole-array multiply-adds:

    out = image + heal * healing - sum(amount * band)      (retouch, see retouch_amounts)
    out = brighten(out)                                     (whitening, :mod:`.whitening`)

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

import cv2
import numpy as np

from ..params import Params
from .bands import Band, skin_bands
from .skinmask import SkinMask
from .whitening import LUMA, brighten, headroom_of, lightness_index_u8


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
            lambda: (skin_bands(skin.mask), lightness_index_u8(image_u8), headroom_of(image))
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
    grey = cv2.transform(band, LUMA)
    return np.asarray(cv2.subtract(band, cv2.merge([grey] * 3)), np.float32)


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
            lightness = lightness_index_u8(cv2.convertScaleAbs(cv2.max(out, 0.0), alpha=255.0))
            headroom = headroom_of(out)
        else:
            lightness, headroom = layers.lightness[box], layers.headroom[box]
        out = brighten(out, mask, params.whitening, lightness, headroom)
    return np.asarray(cv2.convertScaleAbs(cv2.max(out, 0.0), alpha=255.0))
