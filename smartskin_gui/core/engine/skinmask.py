"""A soft skin mask of every person in the photo: faces and the skin of their bodies.

- Faces come from the face mesh: their outline, minus eyes, brows and lips exactly.
- Each person's skin colour is learnt from that person's face, in a chromaticity that does
  not change with shading, so a neck or arm in the face's shadow still matches.
- Colour alone cannot tell skin from a warm wall, wood or leather: a pixel counts only
  where the person segmentation (:mod:`.person`) says a person is, and within a body-shaped
  reach of a face (neck, chest, shoulders, arms, hands).
- The mask is then feathered edge-aware (guided filter): it fades gently over smooth skin
  and snaps to real contours, so no ring, band or step shows at 100%.

No face: an empty mask (the engine then leaves the photo as it is).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .faces import Face
from .guided import guided_filter

# fmt: off
FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54,
             103, 67, 109]
RIGHT_EYE = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246]
LEFT_EYE = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466]
RIGHT_BROW = [46, 53, 52, 65, 55, 70, 63, 105, 66, 107]
LEFT_BROW = [276, 283, 282, 295, 285, 300, 293, 334, 296, 336]
LIPS = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40,
        185]
# fmt: on

#: How far a person's skin may reach from their face, in face widths (sideways) and face
#: heights (down, up): arms resting on a table, hands in front of the chest. Above the eyes
#: only the face itself counts (hair is there, often of a skin-like hue).
REACH_SIDE, REACH_DOWN, REACH_UP = 3.2, 5.5, 0.9
#: Body skin must match the face's colour at least this well (likelihood, soft ramp).
BODY_LIKE_LO, BODY_LIKE_HI = 0.35, 0.75


@dataclass
class SkinMask:
    mask: np.ndarray  # float32 (H, W) in [0, 1]
    features: np.ndarray  # float32 (H, W): 1 on eyes, brows, lips
    face_size: float  # median face size in pixels
    from_faces: bool  # False when no face was found (the mask is then empty)
    skin_l: float  # mean skin L* (0-100)


def _poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 255)
    return out


def _hull(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    return _poly(shape, cv2.convexHull(pts.astype(np.float32))[:, 0])


def _face_parts(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray]:
    """(face interior, features) as uint8 masks for one face with landmarks.

    The features are the eyes, brows and lips themselves, not grown: the feathering that
    follows lets the change fade into them along their own edges.
    """
    lm = face.landmarks
    assert lm is not None
    interior = _poly(shape, lm[FACE_OVAL])
    feats = np.zeros(shape, np.uint8)
    for idx in (RIGHT_EYE, LEFT_EYE, LIPS):
        feats |= _poly(shape, lm[idx])
    for idx in (RIGHT_BROW, LEFT_BROW):
        feats |= _hull(shape, lm[idx])
    return interior, feats


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

    @staticmethod
    def chroma(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = 50.0 / (lab[..., 0] + 16.0)
        return lab[..., 1] * k, lab[..., 2] * k

    @classmethod
    def fit(cls, samples: np.ndarray) -> ColourModel:
        """Fit robustly: samples far from a first fit (lenses, frames, stray hair) are dropped."""
        ca, cb = cls.chroma(samples.astype(np.float64))
        ab = np.stack([ca, cb], 1)
        keep = np.ones(len(ab), bool)
        for _ in range(2):
            mean = ab[keep].mean(0)
            cov = np.cov(ab[keep].T) + np.eye(2) * 1.5  # floor: a little chroma spread
            inv = np.linalg.inv(cov)
            d = ab - mean
            keep = np.einsum("ij,jk,ik->i", d, inv, d) < 2.5**2
        lo, hi = np.percentile(samples[keep, 0], [2, 98])
        return cls(mean, inv, float(lo), float(hi), float(samples[keep, 0].mean()))

    def likelihood(self, lab: np.ndarray) -> np.ndarray:
        """Soft likelihood in [0, 1] that each pixel of ``lab`` (float32) is this skin."""
        ca, cb = self.chroma(lab)
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


def _reach(shape: tuple[int, int], face: Face) -> tuple[tuple[slice, slice], np.ndarray]:
    """Where this face's body can be: a box and a soft weight over it (1 near the face)."""
    h, w = shape
    x0, y0, x1, y1 = face.box
    fw, fh = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    bx0, bx1 = max(0, int(cx - REACH_SIDE * fw)), min(w, int(cx + REACH_SIDE * fw) + 1)
    by0, by1 = max(0, int(cy - REACH_UP * fh)), min(h, int(cy + REACH_DOWN * fh) + 1)
    xs = (np.arange(bx0, bx1, dtype=np.float32) - cx) / (REACH_SIDE * fw)
    ys = np.arange(by0, by1, dtype=np.float32) - cy
    ys = np.where(ys < 0, ys / (REACH_UP * fh), ys / (REACH_DOWN * fh))
    r2 = xs[None, :] ** 2 + ys[:, None] ** 2
    weight = np.clip((1.0 - r2) / 0.3, 0, 1)  # fades out over the last part of the reach
    if face.landmarks is not None:  # nothing above the eyes but the face (hair is there)
        eyes_y = float(face.landmarks[[33, 263], 1].mean())
        rows = np.arange(by0, by1, dtype=np.float32)
        weight *= np.clip((rows - eyes_y) / (0.1 * fh) + 1, 0, 1)[:, None]
    return (slice(by0, by1), slice(bx0, bx1)), weight.astype(np.float32)


def build_mask(
    rgb: np.ndarray, lab: np.ndarray, faces: list[Face], person: np.ndarray
) -> SkinMask:
    """The soft skin mask of ``rgb`` (uint8) given its Lab (float32), the found faces and
    the person probability map (same size)."""
    h, w = rgb.shape[:2]
    faces = [f for f in faces if f.landmarks is not None]
    if not faces:
        empty = np.zeros((h, w), np.float32)
        return SkinMask(empty, empty, max(h, w) / 4, False, 60.0)
    size = float(np.median([f.size for f in faces]))
    interior = np.zeros((h, w), np.uint8)
    features = np.zeros((h, w), np.uint8)
    like = np.zeros((h, w), np.float32)
    body = np.zeros((h, w), np.float32)
    skin_ls = []
    for face in faces:
        inner, feats = _face_parts((h, w), face)
        interior |= inner
        features |= feats
        samples = lab[cv2.erode(inner & ~feats, np.ones((3, 3), np.uint8)) > 0]
        if len(samples) < 30:
            continue
        model = ColourModel.fit(samples)
        skin_ls.append(model.l_mean)
        box, weight = _reach((h, w), face)
        face_like = model.likelihood(lab[box])
        np.maximum(like[box], face_like, out=like[box])
        matches = np.clip((face_like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
        np.maximum(body[box], matches * weight, out=body[box])
    # Where the people are decides; a face found is a person even if segmentation missed it.
    where = np.clip((person - 0.3) / 0.4, 0, 1)
    np.maximum(where, cv2.dilate(interior, np.ones((5, 5), np.uint8)) / 255.0, out=where)
    soft = body * where
    # Inside the face outline, trust the mesh more than colour (shadows, make-up).
    np.maximum(soft, (interior > 0) * np.clip(like * 3.0, 0, 1), out=soft)
    soft = _drop_specks(soft, size)

    # Edge-aware feathering: fades over smooth skin, follows the photo's own contours.
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(size / 24))
    mask = np.clip(guided_filter(grey, soft.astype(np.float32), radius, 2e-4), 0, 1)
    # Eyes, brows and lips: the change fades out *inside* them, where their own contour (lid,
    # brow hairs, lip line) is, so the skin right around them is treated like the rest.
    sigma = max(0.8, size * 0.012)
    core = cv2.erode(features, _disc(1.5 * sigma))
    keep_out = np.clip(cv2.GaussianBlur(core.astype(np.float32) / 255, (0, 0), sigma) * 1.6, 0, 1)
    mask *= 1.0 - keep_out
    feat_soft = cv2.GaussianBlur(features.astype(np.float32) / 255, (0, 0), max(0.7, size * 0.006))
    skin_l = float(np.mean(skin_ls)) if skin_ls else 60.0
    return SkinMask(mask.astype(np.float32), feat_soft, size, True, skin_l)


def _disc(radius: float) -> np.ndarray:
    r = max(1, round(radius))
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))


def _drop_specks(soft: np.ndarray, size: float) -> np.ndarray:
    """Remove isolated skin-coloured specks far smaller than a hand (texture, objects)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((soft > 0.3).astype(np.uint8), 8)
    small = stats[:, cv2.CC_STAT_AREA] < (size * 0.08) ** 2
    small[0] = False
    if not small[1:].any():
        return soft
    return np.where(small[labels], 0, soft).astype(np.float32)
