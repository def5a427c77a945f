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
BODY_LIKE_LO, BODY_LIKE_HI = 0.45, 0.8


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


def _face_parts(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(face interior, features, eyes) as uint8 masks for one face with landmarks.

    The features are the eyes, brows and lips themselves, not grown: the feathering that
    follows lets the change fade into them along their own edges.
    """
    lm = face.landmarks
    assert lm is not None
    interior = _poly(shape, lm[FACE_OVAL])
    eyes = _poly(shape, lm[RIGHT_EYE]) | _poly(shape, lm[LEFT_EYE])
    feats = eyes | _poly(shape, lm[LIPS])
    for idx in (RIGHT_BROW, LEFT_BROW):
        feats |= _hull(shape, lm[idx])
    return interior, feats, eyes


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
        light = samples[keep, 0]
        return cls(mean, inv, float(lo), float(hi), float(light.mean()), float(light.std()))

    def likelihood(self, lab: np.ndarray) -> np.ndarray:
        """Soft likelihood in [0, 1] that each pixel of ``lab`` (float32) is this skin,
        in any shade (for the body: necks and arms are often darker than the lit face)."""
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

    def not_lighter(self, lab: np.ndarray) -> np.ndarray:
        """Weight in [0, 1]: body skin is rarely much lighter than the lit face (cream and
        white clothes, straps and lamps of a skin-like hue are)."""
        top = self.l_mean + self.l_std + 6.0
        return np.asarray(np.clip((top - lab[..., 0]) / 6.0, 0, 1), np.float32)

    def in_face_light(self, lab: np.ndarray) -> np.ndarray:
        """Weight in [0, 1]: as light as this face's own skin (not a dark fringe of hair)."""
        low = self.l_mean - 2.5 * self.l_std
        return np.asarray(np.exp(-(np.clip((low - lab[..., 0]) / 4, 0, None) ** 2)), np.float32)


def _hair_guard(
    face: Face, box: tuple[slice, slice], model: ColourModel, lab: np.ndarray, like: np.ndarray
) -> np.ndarray:
    """Weight over ``box``: above the eyes, skin must match the face's colour closely and be
    about as light and as smooth as its cheeks (a fringe of hair over the forehead has a
    skin-like hue, but is a little off, darker or full of fine strands); below the eyes
    folds and shadows are skin all the same."""
    guard = np.ones(lab[box].shape[:2], np.float32)
    assert face.landmarks is not None
    top = box[0].start
    eyes_y = round(float(face.landmarks[[33, 263], 1].mean()))
    if eyes_y <= top:
        return guard
    upper = (slice(top, eyes_y), box[1])
    size = face.size
    light = lab[:eyes_y, :, 0]  # rows down to the eyes, all columns (blur context)
    fine = light - cv2.GaussianBlur(light, (0, 0), max(0.7, size / 150))
    energy = np.sqrt(cv2.GaussianBlur(fine * fine, (0, 0), max(1.0, size / 40)))
    cheeks = face.landmarks[[50, 280, 205, 425]]
    cheek_light = lab[..., 0]
    ref_fine = [
        _local_energy(cheek_light, round(float(x)), round(float(y)), size) for x, y in cheeks
    ]
    ref = max(0.3, float(np.median(ref_fine)))
    smooth = np.clip((3.5 * ref - energy[upper[0], upper[1]]) / (1.5 * ref), 0, 1)
    close = np.clip((like[: eyes_y - top] - 0.45) / 0.3, 0, 1)
    guard[: eyes_y - top] = model.in_face_light(lab[upper]) * smooth * close
    return guard


def _local_energy(light: np.ndarray, x: int, y: int, size: float) -> float:
    """Fine-texture energy (as in :func:`_hair_guard`) around (x, y): the skin's own grain."""
    r = max(4, round(size / 15))
    h, w = light.shape
    patch = light[max(0, y - r) : min(h, y + r), max(0, x - r) : min(w, x + r)]
    if patch.size < 16:
        return 0.0
    fine = patch - cv2.GaussianBlur(patch, (0, 0), max(0.7, size / 150))
    return float(np.sqrt(np.mean(fine * fine)))


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


def build_mask(rgb: np.ndarray, lab: np.ndarray, faces: list[Face], person: np.ndarray) -> SkinMask:
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
    eyes = np.zeros((h, w), np.uint8)
    face_like = np.zeros((h, w), np.float32)  # likelihood as face skin (inside outlines)
    body = np.zeros((h, w), np.float32)  # likelihood as body skin, within reach
    reach = np.zeros((h, w), np.float32)  # where some face's body may be
    skin_ls = []
    parts = [_face_parts((h, w), face) for face in faces]
    for inner, feats, eye in parts:
        interior |= inner
        features |= feats
        eyes |= eye
    # Where the people are decides; a face found is a person even if segmentation missed it.
    where = np.clip((person - 0.3) / 0.4, 0, 1)
    np.maximum(where, cv2.dilate(interior, np.ones((5, 5), np.uint8)) / 255.0, out=where)
    for face, (inner, feats, _) in zip(faces, parts, strict=True):
        samples = lab[cv2.erode(inner & ~feats, np.ones((3, 3), np.uint8)) > 0]
        if len(samples) < 30:
            continue
        model = ColourModel.fit(samples)
        skin_ls.append(model.l_mean)
        box, weight = _reach((h, w), face)
        like = model.likelihood(lab[box])
        np.maximum(
            face_like[box], like * _hair_guard(face, box, model, lab, like), out=face_like[box]
        )
        matches = np.clip((like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
        matches *= model.not_lighter(lab[box])
        if not _neck_plausible(face, box, matches * (where[box] > 0.5)):
            # Skin colour right under the chin, far wider than a neck: clothes, a wall or
            # a sofa of skin colour. Only the face and the skin beside it (ears) count.
            weight *= _near_face(face, box)
        np.maximum(body[box], matches * weight, out=body[box])
        np.maximum(reach[box], weight, out=reach[box])
    soft = body * where
    # Inside the face outline, trust the mesh more than colour (shadows, make-up).
    np.maximum(soft, (interior > 0) * np.clip(face_like * 2.0, 0, 1), out=soft)
    # Eyes, brows and lips count as skin here; they are faded out below, inside their own
    # contours, so the change never stops short of them on smooth skin.
    np.maximum(soft, cv2.dilate(features, _disc(2)) * (1 / 255), out=soft)
    # Blemishes and moles are darker and redder than skin, but skin: close such small holes.
    r = max(1, round(size / 30))
    soft_u8 = cv2.morphologyEx(
        cv2.convertScaleAbs(soft, alpha=255.0),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)),
    )
    soft = soft_u8.astype(np.float32) * (1 / 255)
    soft = _drop_specks(soft, size)
    # Where the mask may be at all: the faces, and where people are within reach of one.
    allowed = np.maximum(reach * where, interior / 255.0).astype(np.float32)

    # Edge-aware feathering: fades over smooth skin, follows the photo's own contours.
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(size / 24))
    mask = np.clip(guided_filter(grey, soft.astype(np.float32), radius, 2e-4), 0, 1)
    # The filter may spread the mask a little over a background of the same brightness, or
    # extrapolate it onto dark detail next to skin: never past the person's own (soft)
    # edge, nor much beyond the skin found.
    support = cv2.dilate((soft > 0.05).astype(np.uint8), _disc(radius / 2)).astype(np.float32)
    mask *= cv2.GaussianBlur(allowed * support, (0, 0), radius / 3)
    feat_soft = _exclude_features(mask, features, eyes, size)
    skin_l = float(np.mean(skin_ls)) if skin_ls else 60.0
    return SkinMask(mask.astype(np.float32), feat_soft, size, True, skin_l)


def _exclude_features(
    mask: np.ndarray, features: np.ndarray, eyes: np.ndarray, size: float
) -> np.ndarray:
    """Fade ``mask`` out over eyes, brows and lips (in place); returns the soft features.

    Brows and lips: the change fades out *inside* them, where their own contour (brow hairs,
    lip line) is, so the skin right around them is treated like the rest. Eyes are too
    narrow for that: there it fades across the lash line, the eye's own strong edge.
    """
    soft_features = np.zeros(mask.shape, np.float32)
    x, y, bw, bh = cv2.boundingRect(features)
    if bw == 0 or bh == 0:
        return soft_features
    sigma = max(0.8, size * 0.012)
    pad = round(4 * sigma) + 2
    box = (slice(max(0, y - pad), y + bh + pad), slice(max(0, x - pad), x + bw + pad))
    feats, eye = features[box], eyes[box]
    core = cv2.erode(feats & ~eye, _disc(1.5 * sigma))
    keep_out = np.clip(cv2.GaussianBlur(core.astype(np.float32) / 255, (0, 0), sigma) * 1.6, 0, 1)
    eye_sigma = max(0.7, size * 0.008)
    eye_core = cv2.erode(eye, _disc(0.7 * eye_sigma))
    eye_out = np.clip(cv2.GaussianBlur(eye_core * (1 / 255), (0, 0), eye_sigma) * 1.6, 0, 1)
    mask[box] *= 1.0 - np.maximum(keep_out, eye_out)
    soft_features[box] = cv2.GaussianBlur(feats.astype(np.float32) / 255, (0, 0), eye_sigma)
    return soft_features


def _down(face: Face) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(chin, down, across) unit vectors in the face's own frame, and the face height."""
    lm = face.landmarks
    assert lm is not None
    across = lm[263] - lm[33]  # eye corner to eye corner
    across = across / max(1e-6, float(np.hypot(*across)))
    down = np.array([-across[1], across[0]], np.float32)
    return lm[152].astype(np.float32), down, across, face.height


def _neck_plausible(face: Face, box: tuple[slice, slice], skin: np.ndarray) -> bool:
    """True unless the skin-coloured person pixels a little below the chin form a run far
    wider than a neck (then they are a skin-coloured top, wall or sofa, not a neck)."""
    chin, down, across, fh = _down(face)
    ys, xs = box
    run_reach = round(1.6 * face.width)
    offsets = np.arange(-run_reach, run_reach + 1, dtype=np.float32)
    for depth in (0.2, 0.35):
        centre = chin + down * depth * fh
        pts = centre[None, :] + offsets[:, None] * across[None, :]
        px = np.round(pts[:, 0]).astype(int) - xs.start
        py = np.round(pts[:, 1]).astype(int) - ys.start
        inside = (px >= 0) & (py >= 0) & (px < skin.shape[1]) & (py < skin.shape[0])
        line = np.zeros(len(offsets), bool)
        line[inside] = skin[py[inside], px[inside]] > 0.3
        # Close small gaps (wood grain, folds) so a striped surface counts as one run.
        gap = max(1, round(0.1 * face.width))
        line = cv2.morphologyEx(
            line.astype(np.uint8)[None, :], cv2.MORPH_CLOSE, np.ones((1, 2 * gap + 1), np.uint8)
        )[0].astype(bool)
        if _run_width(line, run_reach, run_reach) > 1.4 * face.width:
            return False
    return True


def _run_width(row: np.ndarray, x: int, reach: int) -> int:
    """Width of the run of True in ``row`` nearest ``x`` (searching ``reach`` either side)."""
    lo, hi = max(0, x - reach), min(len(row), x + reach + 1)
    hits = np.flatnonzero(row[lo:hi]) + lo
    if len(hits) == 0:
        return 0
    start = int(hits[np.argmin(np.abs(hits - x))])
    left = right = start
    while left > 0 and row[left - 1]:
        left -= 1
    while right < len(row) - 1 and row[right + 1]:
        right += 1
    return right - left + 1


def _near_face(face: Face, box: tuple[slice, slice]) -> np.ndarray:
    """Soft weight over ``box``: 1 on and just around the face (ears, jaw), 0 further."""
    ys, xs = box
    x0, y0, x1, y1 = face.box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    gx = (np.arange(xs.start, xs.stop, dtype=np.float32) - cx) / (0.55 * (x1 - x0))
    gy = (np.arange(ys.start, ys.stop, dtype=np.float32) - cy) / (0.58 * (y1 - y0))
    r2 = gx[None, :] ** 2 + gy[:, None] ** 2
    return np.asarray(np.clip((1.0 - r2) / 0.3, 0, 1), np.float32)


def _disc(radius: float) -> np.ndarray:
    r = max(1, round(radius))
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))


def _drop_specks(soft: np.ndarray, size: float) -> np.ndarray:
    """Remove skin-coloured parts too thin or small to be skin: specks, straps, rings, wood
    grain, hair strands. Skin regions (a face, neck, arm or hand) each hold a disc about a
    tenth of a face wide; those parts do not."""
    on = (soft > 0.3).astype(np.uint8)
    n, labels = cv2.connectedComponents(on, connectivity=8)
    if n <= 1:
        return soft
    thick = cv2.erode(on, _disc(0.07 * size))
    keep = np.zeros(n, bool)
    keep[np.unique(labels[thick > 0])] = True
    keep[0] = True  # below the threshold: left to the soft ramp
    if keep.all():
        return soft
    return np.where(keep[labels], soft, 0).astype(np.float32)
