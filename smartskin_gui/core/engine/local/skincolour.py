"""One person's skin colour, learnt from clean patches of their face, and the texture that
tells hair and beards from skin.

Chroma is compared in a form that does not change with shading, so the same skin in the
face's light and in the shade of the neck matches; lightness limits keep out what is far
darker (hair, shadow) or lighter (cream clothes, lamps) than that face's skin. A beard, a
fringe or stubble has a skin-like hue: what gives it away is that it is darker than the
face's lit skin *and* full of fine strands.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .faces import Face

#: Mesh landmarks on skin that hair, beards and features rarely cover: the brow's middle,
#: upper and middle cheeks, the sides and bridge of the nose, the middle of the forehead.
CLEAN = (9, 50, 280, 117, 346, 101, 330, 195, 5, 36, 266, 151)


#: Above this L* a pixel is a blown highlight: it shows the light, not the skin's colour.
CLIPPED_L = 96.0
#: A colour model is fitted on at most about this many samples.
FIT_SAMPLES = 3000


@dataclass
class ColourModel:
    """One person's skin colour: a Gaussian over shading-free chroma, plus a lightness range.

    Chroma (a*, b*) is divided by (L* + 16), which a change of exposure scales alike, so
    the same skin in the face's light and in the shade of the neck gives the same numbers.
    """

    mean: np.ndarray  # (2,)
    inv: np.ndarray  # (2, 2)
    l_lo: float
    l_hi: float
    l_mean: float
    l_std: float

    @staticmethod
    def chroma(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = 50.0 / (lab[..., 0] + 16.0)
        return lab[..., 1] * k, lab[..., 2] * k

    @classmethod
    def fit(cls, samples: np.ndarray) -> ColourModel:
        """Fit robustly: samples far from a first fit in chroma (lenses, frames, stray hair)
        or in lightness (a lock of hair, a shadowed crease) are dropped, and so are blown
        highlights (near white, they show the light, not the skin) while others remain."""
        if len(samples) > FIT_SAMPLES:  # an even spread of them is as good, and quicker
            samples = samples[:: len(samples) // FIT_SAMPLES + 1]
        samples = samples.astype(np.float64)
        unclipped = samples[samples[:, 0] < CLIPPED_L]
        if len(unclipped) >= max(30, len(samples) // 10):
            samples = unclipped
        ca, cb = cls.chroma(samples)
        light = samples[:, 0]
        keep = np.ones(len(light), bool)
        for _ in range(2):
            # The chosen samples' mean and covariance (floored: a little chroma spread), and
            # each sample's Mahalanobis distance, written out for two dimensions.
            a, b, lit = ca[keep], cb[keep], light[keep]
            mean = np.array([a.mean(), b.mean()])
            da, db = a - mean[0], b - mean[1]
            n = len(a) - 1
            saa, sbb, sab = da @ da / n + 1.5, db @ db / n + 1.5, da @ db / n
            inv = np.array([[sbb, -sab], [-sab, saa]]) / (saa * sbb - sab * sab)
            da, db = ca - mean[0], cb - mean[1]
            far = inv[0, 0] * da * da + 2 * inv[0, 1] * da * db + inv[1, 1] * db * db
            med = np.median(lit)
            mad = 1.4826 * np.median(np.abs(lit - med)) + 1.0
            keep = (far < 2.5**2) & (np.abs(light - med) < 3 * mad)
        lo, hi = np.percentile(light[keep], [2, 98])
        kept = light[keep]
        return cls(mean, inv, float(lo), float(hi), float(np.median(kept)), float(kept.std()))

    def likelihood(
        self, lab: np.ndarray, chroma: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray:
        """Soft likelihood in [0, 1] that each pixel of ``lab`` (float32) is this skin,
        in any shade (for the body: necks and arms are often darker than the lit face).
        ``chroma``: :meth:`chroma` of ``lab``, when already worked out for another model."""
        ca, cb = self.chroma(lab) if chroma is None else chroma
        da, db = ca - np.float32(self.mean[0]), cb - np.float32(self.mean[1])
        i = self.inv.astype(np.float32)
        maha2 = i[0, 0] * da * da + 2 * i[0, 1] * da * db + i[1, 1] * db * db
        light = lab[..., 0]
        # Shade is allowed (necks and arms are often darker than the lit face); much brighter
        # than the face is not skin (white shirts, lamps), much darker is hair or shadow.
        pen = np.clip((self.l_lo - 30 - light) / 10, 0, None) + np.clip(
            (light - self.l_hi - 8) / 6, 0, None
        )
        return np.asarray(np.exp(-0.2 * maha2 - pen * pen), dtype=np.float32)

    @property
    def saturation(self) -> float:
        """How colourful this skin is: its mean shading-free chroma (0 for grey)."""
        return float(np.hypot(*self.mean))

    def distance(self, other: ColourModel) -> float:
        """Mahalanobis distance between two people's mean skin chroma (under this model)."""
        d = np.asarray(other.mean) - np.asarray(self.mean)
        return float(np.sqrt(d @ self.inv @ d))

    def not_lighter(self, lab: np.ndarray, margin: float = 6.0) -> np.ndarray:
        """Weight in [0, 1]: body skin is rarely much lighter than the lit face (cream and
        white clothes, straps and lamps of a skin-like hue are)."""
        top = self.l_mean + self.l_std + margin
        return np.asarray(np.clip((top - lab[..., 0]) / 6.0, 0, 1), np.float32)

    def in_face_light(self, lab: np.ndarray) -> np.ndarray:
        """Weight in [0, 1]: as light as this face's own skin (not a dark fringe of hair)."""
        low = self.l_mean - 2.5 * self.l_std - 4.0
        return np.asarray(np.exp(-(np.clip((low - lab[..., 0]) / 5, 0, None) ** 2)), np.float32)


def clean_samples(lab: np.ndarray, face: Face, keep_out: np.ndarray) -> np.ndarray:
    """Lab pixels of the patches of ``face`` that are almost always bare skin (off the
    features in ``keep_out``, and off the photo's edge)."""
    assert face.landmarks is not None
    h, w = lab.shape[:2]
    r = max(1, round(face.size * 0.035))
    patches = []
    for x, y in face.landmarks[list(CLEAN)]:
        x0, y0 = max(0, round(x) - r), max(0, round(y) - r)
        x1, y1 = min(w, round(x) + r + 1), min(h, round(y) + r + 1)
        if x1 > x0 and y1 > y0:
            patches.append(lab[y0:y1, x0:x1][keep_out[y0:y1, x0:x1] == 0])
    return np.concatenate(patches) if patches else np.zeros((0, 3), np.float32)


def fine_energy(light: np.ndarray, size: float) -> np.ndarray:
    """Local energy of the finest L* detail (strands of hair, stubble, pores): the RMS of
    L* minus its median over a few pixels, averaged over about a 120th of the face.

    A median keeps a border (where skin meets a darker or lighter background) as it is, so
    a border has no such energy; strands of hair, a line or two pixels wide, have it all.
    """
    k = 3 if size < 150 else 5
    u8 = cv2.convertScaleAbs(light, alpha=2.55)
    fine = (u8.astype(np.float32) - cv2.medianBlur(u8, k).astype(np.float32)) / 2.55
    return np.asarray(
        np.sqrt(cv2.GaussianBlur(fine * fine, (0, 0), max(1.0, size / 120))), np.float32
    )


def cheek_energy(energy: np.ndarray, face: Face, origin: tuple[int, int]) -> float:
    """The face's own skin grain: the median fine energy at its cheeks and forehead
    (``energy`` covers a box whose top-left corner is ``origin`` (x, y))."""
    return _energy_at(energy, face, origin, (50, 280, 117, 346, 9))


#: A beard's smallest patch: a disc of a face's size / BEARD_AREA radius fits in it.
BEARD_AREA = 25.0
#: Landmarks of the face's upper cheeks and brow: bare skin even on a bearded face.
UPPER = (117, 346, 9, 151)


def upper_energy(energy: np.ndarray, face: Face, origin: tuple[int, int]) -> float:
    """The fine energy of ``face``'s upper cheeks and brow (where no beard grows): its
    bare skin's grain, when its cheeks may be stubble."""
    return _energy_at(energy, face, origin, UPPER)


def _energy_at(
    energy: np.ndarray, face: Face, origin: tuple[int, int], landmarks: tuple[int, ...]
) -> float:
    """The median of ``energy`` (a box whose top-left corner is ``origin`` (x, y)) at
    ``face``'s ``landmarks`` (clamped into the box), at least 0.3."""
    assert face.landmarks is not None
    h, w = energy.shape
    values = []
    for x, y in face.landmarks[list(landmarks)] - np.array(origin, np.float32):
        xi, yi = min(w - 1, max(0, round(x))), min(h - 1, max(0, round(y)))
        values.append(float(energy[yi, xi]))
    return max(0.3, float(np.median(values)))


def beard_weight(
    model: ColourModel,
    energy: np.ndarray,
    grain: float,
    size: float,
    zone: np.ndarray,
    smooth_light: np.ndarray,
) -> np.ndarray:
    """How much each pixel looks like a beard or stubble, in [0, 1]: where one grows
    (``zone``, 0 or 1), clearly darker than the face's lit skin and clearly more finely
    textured than its bare upper cheeks (``grain``). Stubble is lighter and finer than a
    full beard, so both tests are milder than :func:`hair_weight`'s; outside the zone
    (folds, a shadowed cheek) they would take skin for hair. A fold or a shadowed jaw is
    dark but smooth; a clean-shaven chin is smooth."""
    textured = np.clip((energy - 1.6 * grain) / grain, 0, 1)
    dark = np.clip((model.l_mean - smooth_light - 6.0) / 8.0, 0, 1)
    beard = cv2.multiply(cv2.multiply(textured, dark), zone.astype(np.float32))
    # A beard is an area; a fold, a mouth's corner or a nostril's rim is a line or a spot
    # (dark, and textured at its edge): opened away.
    r = max(1, round(size / BEARD_AREA))
    beard = cv2.morphologyEx(
        beard, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
    )
    return np.asarray(beard * _texture_seen(size), np.float32)


def smooth_lightness(lab: np.ndarray, size: float) -> np.ndarray:
    """L* of ``lab`` averaged over a 60th of a face of ``size`` px: how dark an area is."""
    return np.asarray(
        cv2.GaussianBlur(np.ascontiguousarray(lab[:, :, 0]), (0, 0), max(1.0, size / 60)),
        np.float32,
    )


def hair_weight(
    model: ColourModel,
    lab: np.ndarray,
    energy: np.ndarray,
    grain: float,
    size: float,
    spare: np.ndarray | None = None,
    smooth_light: np.ndarray | None = None,
) -> np.ndarray:
    """How much each pixel looks like hair or a beard rather than skin, in [0, 1]: darker
    than this face's lit skin and far more finely textured than its cheeks, or (blonde or
    grey hair, as light as skin) textured more still. Shadowed skin is dark but smooth;
    freckled or wrinkled skin is textured, as its cheeks are, and as light as the face.
    Where ``spare`` is 1 (around the eyes: lashes and the shade of the socket) dark
    texture is not taken for hair. ``smooth_light``: :func:`smooth_lightness` of ``lab``
    for this ``size``, when already worked out."""
    textured = np.clip((energy - 2.2 * grain) / (1.3 * grain), 0, 1)
    strands = np.clip((energy - 3.5 * grain) / (2.0 * grain), 0, 1)
    # Darkness over a small area, not pixel by pixel: the skin showing between a beard's
    # hairs belongs to the beard (lifting it alone would grey the beard).
    if smooth_light is None:
        smooth_light = smooth_lightness(lab, size)
    dark = 1.0 - model.in_face_light(smooth_light[..., None])
    # The energy is averaged over a 120th of the face, so it spills about twice that far
    # past the hair onto the skin beside it. Dark hair's spill is no matter (the skin
    # beside it is not dark); light hair's is pulled back (skin up to the hairline is skin).
    r = max(1, round(size / 60))
    strands = cv2.erode(
        strands.astype(np.float32), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
    )
    dark_hair = textured * np.clip(dark * 1.5, 0, 1)
    if spare is not None:
        dark_hair *= 1.0 - spare
    hairy = np.maximum(dark_hair, strands)
    # On a small face (under about 80 px) strands and stubble are below the pixel grid:
    # what looks like texture there is noise and edges, and colour alone must decide.
    return np.asarray(hairy * _texture_seen(size), np.float32)


def _texture_seen(size: float) -> np.float64:
    """How far strands and stubble show on a face of ``size`` px: not at all under about
    60 px (what looks like texture there is noise and edges), fully from 100 px."""
    return np.float64(np.clip((size - 60.0) / 40.0, 0, 1))
