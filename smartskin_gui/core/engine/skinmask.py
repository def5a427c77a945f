"""A soft skin mask limited to where the people are.

Face interiors come from the face mesh (outline minus eyes, brows and lips, exactly).
Each photo's own skin colour is learned from those faces, and colour then extends the mask
only to skin *connected to a face* inside a body-shaped region around it (neck, ears,
shoulders), so warm walls, wood and leather stay out. Without a face, a generic colour
model is used and the caller is told.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .faces import Face

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


@dataclass
class SkinMask:
    mask: np.ndarray  # float32 (H, W) in [0, 1]
    features: np.ndarray  # float32 (H, W): 1 on eyes, brows, lips (never touched)
    face_size: float  # median face size in pixels
    from_faces: bool  # False when the generic colour fallback was used
    skin_l: float  # mean skin L* (0-100)


def _poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 255)
    return out


def _hull(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(out, cv2.convexHull(np.round(pts).astype(np.int32)), 255)
    return out


def _dilate(mask: np.ndarray, radius: float) -> np.ndarray:
    r = max(1, round(radius))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return np.asarray(cv2.dilate(mask, kernel))


def _face_parts(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray]:
    """(face interior, features) as uint8 masks for one face with landmarks."""
    lm = face.landmarks
    assert lm is not None
    size = face.size
    interior = _poly(shape, lm[FACE_OVAL])
    feats = np.zeros(shape, np.uint8)
    for idx, grow in ((RIGHT_EYE, 0.035), (LEFT_EYE, 0.035), (LIPS, 0.02)):
        feats |= _dilate(_poly(shape, lm[idx]), size * grow)
    for idx in (RIGHT_BROW, LEFT_BROW):
        feats |= _dilate(_hull(shape, lm[idx]), size * 0.025)
    return interior, feats


def _colour_likelihood(lab: np.ndarray, samples: np.ndarray) -> tuple[np.ndarray, float]:
    """Soft likelihood that each pixel has the sampled skin's colour (chroma and lightness).

    The chroma model (a*, b*) is a Gaussian fitted robustly: samples far from a first fit
    (lenses, frames, stray hair inside the face outline) are dropped before refitting.
    """
    ab = samples[:, 1:3].astype(np.float64)
    keep = np.ones(len(ab), bool)
    for _ in range(2):
        mean = ab[keep].mean(0)
        cov = np.cov(ab[keep].T) + np.eye(2) * 2.0  # floor: a couple of a*/b* units
        inv = np.linalg.inv(cov)
        d = ab - mean
        keep = np.einsum("ij,jk,ik->i", d, inv, d) < 2.5**2
    d = lab[:, :, 1:3].reshape(-1, 2) - mean
    maha2 = np.einsum("ij,jk,ik->i", d, inv, d).reshape(lab.shape[:2])
    l_lo, l_hi = np.percentile(samples[keep, 0], [2, 98])
    lightness = lab[:, :, 0]
    l_pen = np.clip((l_lo - 12 - lightness) / 10, 0, None) + np.clip(
        (lightness - l_hi - 6) / 6, 0, None
    )
    like = np.exp(-0.5 * (maha2 / 2.5) - l_pen**2).astype(np.float32)
    return like, float(samples[keep, 0].mean())


def build_mask(rgb: np.ndarray, lab: np.ndarray, faces: list[Face]) -> SkinMask:
    """The soft skin mask of ``rgb`` (uint8) given its Lab (float32) and the found faces."""
    h, w = rgb.shape[:2]
    faces = [f for f in faces if f.landmarks is not None]
    if not faces:
        return _fallback_mask(rgb, lab)
    interior = np.zeros((h, w), np.uint8)
    features = np.zeros((h, w), np.uint8)
    for face in faces:
        inner, feats = _face_parts((h, w), face)
        interior |= inner
        features |= feats
    core = cv2.erode(interior & ~features, np.ones((3, 3), np.uint8))
    samples = lab[core > 0]
    if len(samples) < 50:
        return _fallback_mask(rgb, lab)
    like, skin_l = _colour_likelihood(lab, samples)
    size = float(np.median([f.size for f in faces]))
    skin_coloured = like > 0.35
    region = np.zeros((h, w), np.uint8)
    for face in faces:
        _person_region(region, face, skin_coloured)

    # Colour-extended skin: only pixels inside a person's region and connected to a face.
    candidate = (skin_coloured & (region > 0)).astype(np.uint8)
    candidate |= (interior > 0).astype(np.uint8) & (like > 0.1)
    n, labels = cv2.connectedComponents(candidate, connectivity=8)
    touching = np.unique(labels[(interior > 0) & (candidate > 0)])
    touching = touching[touching > 0]
    connected = np.isin(labels, touching) if n > 1 else np.zeros((h, w), bool)
    soft = np.where(connected, np.clip(like * 1.6, 0, 1), 0).astype(np.float32)
    # Inside the face outline, trust the mesh more than colour (shadows, make-up).
    soft = np.maximum(soft, (interior > 0) * np.clip(like * 3.0, 0, 1)).astype(np.float32)

    sigma = max(1.5, size * 0.03)
    soft = cv2.GaussianBlur(soft, (0, 0), sigma)
    feat_soft = cv2.GaussianBlur(features.astype(np.float32) / 255, (0, 0), max(0.7, size * 0.006))
    mask = np.clip(soft * (1 - feat_soft), 0, 1).astype(np.float32)
    return SkinMask(mask, feat_soft, size, True, skin_l)


def _run_width(row: np.ndarray, x: int, reach: int) -> int:
    """Width of the run of True in ``row`` around ``x`` (searching ``reach`` px either side)."""
    lo, hi = max(0, x - reach), min(len(row), x + reach + 1)
    seg = row[lo:hi]
    if not seg.any():
        return 0
    centre = x - lo
    hits = np.flatnonzero(seg)
    start = int(hits[np.argmin(np.abs(hits - centre))])
    left = start
    while left > 0 and seg[left - 1]:
        left -= 1
    right = start
    while right < len(seg) - 1 and seg[right + 1]:
        right += 1
    return right - left + 1


def _ellipse(mask: np.ndarray, centre: tuple[float, float], axes: tuple[float, float]) -> None:
    """Fill an axis-aligned ellipse (centre and half-axes in pixels) with 255."""
    cv2.ellipse(
        mask,
        (round(centre[0]), round(centre[1])),
        (round(axes[0]), round(axes[1])),
        0,
        0,
        360,
        255,
        -1,
    )


def _person_region(region: np.ndarray, face: Face, skin_coloured: np.ndarray) -> None:
    """Mark where this person's visible skin beyond the face outline can be.

    Ears and jaw beside the face always (not above it: hair). Below the chin only when there
    is a neck: a skin-coloured run about a neck wide. A wall, table or sofa of skin colour
    under the face gives a run far wider than a neck, and then nothing below is added.
    """
    h = region.shape[0]
    x0, y0, x1, y1 = face.box
    fw, fh = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    _ellipse(region, (cx, y0 + fh * 0.62), (fw * 0.62, fh * 0.5))
    widths = []
    for below in (0.2, 0.45):
        y = round(y1 + fh * below)
        if not 0 <= y < h:
            return
        widths.append(_run_width(skin_coloured[y], round(cx), round(fw * 2)))
    if not all(0.2 * fw <= wd <= 1.25 * fw for wd in widths):
        return
    neck = np.array(
        [
            [cx - fw * 0.42, y1 - fh * 0.1],
            [cx + fw * 0.42, y1 - fh * 0.1],
            [cx + fw * 0.7, y1 + fh * 0.75],
            [cx - fw * 0.7, y1 + fh * 0.75],
        ]
    )
    cv2.fillConvexPoly(region, np.round(neck).astype(np.int32), 255)
    _ellipse(region, (cx, y1 + fh * 1.1), (fw * 1.4, fh * 0.9))


def _fallback_mask(rgb: np.ndarray, lab: np.ndarray) -> SkinMask:
    """No face found: a conservative generic skin colour model (YCrCb box, softened)."""
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb).astype(np.float32)
    cr, cb = ycc[:, :, 1], ycc[:, :, 2]
    inside = np.clip((cr - 135) / 8, 0, 1) * np.clip((173 - cr) / 8, 0, 1)
    inside *= np.clip((cb - 80) / 8, 0, 1) * np.clip((125 - cb) / 8, 0, 1)
    size = max(rgb.shape[:2]) / 4
    mask = cv2.GaussianBlur(inside.astype(np.float32), (0, 0), max(1.0, size * 0.01))
    skin = lab[inside > 0.5]
    skin_l = float(skin[:, 0].mean()) if len(skin) else 60.0
    return SkinMask(mask.astype(np.float32), np.zeros_like(mask), size, False, skin_l)
