"""Turning a photo's analysis into pixels for one pair of strengths (runs on slider moves).

Everything that does not depend on the strengths is folded into a few layers once per
photo (:class:`Layers`), so a slider move is a handful of whole-array multiply-adds:

    out = image + heal * healing - a * gentle - b * strong  (retouch, retouch_weights)
    out = brighten(out)                                     (whitening, :mod:`.whitening`)

The bands come from masked filters (:mod:`.guided`): every local average is taken over
skin alone, so where skin meets dark hair, a collar or a dark background nothing of the
other side is pulled in (no grey smear), and the change fades out on the skin's side.

Retouching works the way a careful retoucher's frequency separation does: pores (the fine
band) are kept at 1.00; freckles and fine lines (the mid band) are softened, not erased;
blotches and uneven tone (the tone band) are evened most. Colour unevenness (redness,
blotches) goes sooner than lightness texture, so every band is split into its lightness
part and its colour part. Taking all the scales down together (never the middle ones
alone) is what keeps strong settings from leaving blobs of the coarser scale behind.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import cv2
import numpy as np

from ...params import MAX_STRENGTH, Params
from ...workpool import shared_pool
from .bands import Band, skin_bands
from .skinmask import SkinMask
from .whitening import (
    LUMA,
    LUT_STEPS,
    brighten,
    neighbourhood_peak,
    peak_of,
    smooth_lightness_index,
)


@dataclass(frozen=True)
class Removal:
    """The share of each band a retouch takes away. The colour shares are what goes of the
    band's colour part (never less than of its lightness: redness and blotches go sooner
    than the texture that reads as skin)."""

    fine: float  # pores
    mid: float  # freckles, fine lines
    mid_colour: float
    tone: float  # blotches, uneven tone
    tone_colour: float
    #: Of the tone band's lightness where it is lighter than around it (a nose's ridge, a
    #: cheekbone's light): the light's shape, which a retoucher keeps more of than of the
    #: darker blotches.
    tone_highlight: float


#: Retouch 1.00, a careful retoucher's pass: blemishes healed, colour blotches and uneven
#: tone mostly evened, freckles and fine lines softened but there, pores untouched.
AT_DEFAULT = Removal(
    fine=0.0, mid=0.38, mid_colour=0.7, tone=0.55, tone_colour=0.8, tone_highlight=0.25
)
#: Retouch 1.50, strong but still skin: tone nearly even, lines faint, most grain kept.
AT_STRONGEST = Removal(
    fine=0.175, mid=0.57, mid_colour=0.9, tone=0.82, tone_colour=0.95, tone_highlight=0.4
)


@dataclass
class Layers:
    """Strength-independent layers over the skin box (float32, values in [0, 1] scale).

    What retouching takes away is folded into two layers, already weighted by the
    smoothing mask: what 1.00 takes away, and what 1.50 takes away beyond that.
    """

    image_u8: np.ndarray  # (h, w, 3) the working image as it is
    bands: list[Band]  # where the mask is non-zero: the only places a render changes
    image: np.ndarray  # (h, w, 3) the working image
    mask: np.ndarray  # (h, w) skin mask
    gentle: np.ndarray  # (h, w, 3) what retouch 1.00 removes
    strong: np.ndarray  # (h, w, 3) what retouch 1.50 removes beyond 1.00
    healing: np.ndarray  # (h, w, 3) what healing the blemishes adds
    lightness: np.ndarray  # (h, w) uint8 index of L* into the lookup tables
    reference: np.ndarray  # (h, w) uint8 index of the L* of the face whose lift caps it
    on_face: np.ndarray  # (h, w) float32 1 on faces, 0 off them (necks, bodies, hands)
    reference_peak: np.ndarray  # (h, w) float32 max(R, G, B) typical of that face's skin
    peak: np.ndarray  # (h, w) max(R, G, B) blurred by a pixel: its neighbourhood's highlights


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
    pool = shared_pool()
    tone_job = pool.submit(_tone_band, base, broad)
    per_pixel = pool.submit(_per_pixel, image_u8, image, skin)
    # The fine band is taken from skin only where skin is sure: across a border it would
    # be the border itself.
    high = cv2.multiply(cv2.subtract(image, low), cv2.merge([skin.weight] * 3))
    # Healing replaces the spot's low-pass by the inpainted one; the fine grain of the skin
    # runs on through it, all but the spot's own dark core (a pimple's sharp centre is
    # finer than the low-pass): most of what is darker than the skin there goes too.
    if healed is low:  # no blemish found: nothing to heal
        healing = np.zeros_like(image)
    else:
        healing = cv2.subtract(healed, low)
        core = cv2.multiply(cv2.min(high, 0.0), cv2.merge([blemishes * np.float32(0.7)] * 3))
        cv2.subtract(healing, core, dst=healing)
    bands3 = (high, _band(healed, base), tone_job.result(), m3)
    # Removal is linear in the shares: what 1.50 removes beyond 1.00 is the removal of
    # the difference of the shares.
    strong = pool.submit(_removal, _beyond(AT_STRONGEST, AT_DEFAULT), *bands3)
    gentle = _removal(AT_DEFAULT, *bands3)
    bands, lightness, reference, peak = per_pixel.result()
    return Layers(
        image_u8=image_u8,
        bands=bands,
        image=image,
        mask=skin.mask,
        gentle=gentle,
        strong=strong.result(),
        healing=np.asarray(healing, np.float32),
        lightness=lightness,
        reference=reference,
        on_face=skin.on_face,
        reference_peak=skin.reference_peak,
        peak=peak,
    )


def _per_pixel(
    image_u8: np.ndarray, image: np.ndarray, skin: SkinMask
) -> tuple[list[Band], np.ndarray, np.ndarray, np.ndarray]:
    """(bands, smoothed L* index, reference L* index, neighbourhood peak) of the skin box."""
    reference = cv2.convertScaleAbs(skin.reference, alpha=(LUT_STEPS - 1) / 100.0)
    peak = neighbourhood_peak(image)
    return skin_bands(skin.mask), smooth_lightness_index(image), np.asarray(reference), peak


Band3 = tuple[np.ndarray, np.ndarray]  # a band (three channels) and its grey (one)
Tone3 = tuple[np.ndarray, np.ndarray, np.ndarray]  # ... and its grey's lighter parts


def _band(finer: np.ndarray, coarser: np.ndarray) -> Band3:
    """(finer - coarser, its grey)."""
    band = cv2.subtract(finer, coarser)
    return band, cv2.transform(band, LUMA)


def _tone_band(finer: np.ndarray, coarser: np.ndarray) -> Tone3:
    """(finer - coarser, its grey, where that grey is positive: the lighter parts)."""
    band, grey = _band(finer, coarser)
    return band, grey, np.asarray(cv2.max(grey, 0.0), np.float32)


def _beyond(a: Removal, b: Removal) -> Removal:
    return Removal(*(getattr(a, f.name) - getattr(b, f.name) for f in fields(Removal)))


def _removal(r: Removal, fine: np.ndarray, mid: Band3, tone: Tone3, m3: np.ndarray) -> np.ndarray:
    """What ``r`` takes away, in the smoothing mask: of each band its colour share, and of
    its grey the rest of its lightness share (lightness share - colour share); of the tone
    band's lighter parts only the highlight share."""
    # In place where it can be: fresh full-size arrays cost more (page faults) than sums.
    out = cv2.addWeighted(mid[0], r.mid_colour, tone[0], r.tone_colour, 0.0)
    if r.fine:
        cv2.scaleAdd(fine, r.fine, out, dst=out)
    grey = cv2.addWeighted(mid[1], r.mid - r.mid_colour, tone[1], r.tone - r.tone_colour, 0.0)
    if r.tone_highlight != r.tone:
        cv2.scaleAdd(tone[2], r.tone_highlight - r.tone, grey, dst=grey)
    cv2.add(out, cv2.merge([grey] * 3), dst=out)
    return np.asarray(cv2.multiply(out, m3, dst=out), np.float32)


def retouch_weights(retouch: float) -> tuple[float, float, float]:
    """(healing, weight of the 1.00 layer, weight of the 1.50 layer) for a strength: up to
    1.00 a share of the default pass, then on toward the strongest, linearly."""
    return (
        min(1.0, retouch / 0.6),
        min(1.0, retouch),
        max(0.0, retouch - 1.0) / (MAX_STRENGTH - 1.0),
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
        heal, gentle, strong = retouch_weights(params.retouch)
        out = cv2.scaleAdd(layers.healing[box], heal, out)
        out = cv2.scaleAdd(layers.gentle[box], -gentle, out)
        if strong > 0:
            out = cv2.scaleAdd(layers.strong[box], -strong, out)
    if params.whitening > 0:
        # The lift follows the retouched skin's own lightness, smoothed over a pore or two:
        # a gain chosen for the dark spot or crease that retouching just evened would make
        # it a bright blob, and a gain that changes from pore to pore flattens texture. It
        # eases off where this pixel or its neighbourhood nears white.
        lightness = smooth_lightness_index(out) if params.retouch > 0 else layers.lightness[box]
        peak = cv2.max(peak_of(out), layers.peak[box])
        out = brighten(
            out,
            mask,
            params.whitening,
            lightness,
            peak,
            layers.reference[box],
            layers.on_face[box],
            layers.reference_peak[box],
        )
    return np.asarray(cv2.convertScaleAbs(cv2.max(out, 0.0), alpha=255.0))
