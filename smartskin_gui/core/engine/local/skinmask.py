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

from .bodyreach import near_face, neck_plausible, reach
from .faces import Face
from .guided import guided_filter
from .skincolour import ColourModel, hair_guard

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

#: Where skin is gets worked out on a copy where faces are about this many pixels.
MASK_FACE = 200.0
#: Smoothing strength on body skin, as a share of the face's.
BODY_SMOOTHING = 0.6
#: Body skin must match the face's colour at least this well (likelihood, soft ramp).
BODY_LIKE_LO, BODY_LIKE_HI = 0.45, 0.8


@dataclass
class SkinMask:
    mask: np.ndarray  # float32 (H, W) in [0, 1]
    features: np.ndarray  # float32 (H, W): 1 on eyes, brows, lips
    smoothing: np.ndarray  # float32 (H, W): the mask for smoothing (gentler on the body)
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


def build_mask(rgb: np.ndarray, lab: np.ndarray, faces: list[Face], person: np.ndarray) -> SkinMask:
    """The soft skin mask of ``rgb`` (uint8) given its Lab (float32), the found faces and
    the person probability map (same size).

    Where skin is (colour, reach, person) is worked out on a copy where faces are about
    MASK_FACE px, since it is smooth; the feathering and the exclusions of eyes, brows and
    lips are done at the working size, guided by the working image.
    """
    h, w = rgb.shape[:2]
    faces = [f for f in faces if f.landmarks is not None]
    if not faces:
        empty = np.zeros((h, w), np.float32)
        return SkinMask(empty, empty, empty, max(h, w) / 4, False, 60.0)
    size = float(np.median([f.size for f in faces]))
    s = min(1.0, MASK_FACE / size)
    if s < 0.75:
        small = (max(1, round(w * s)), max(1, round(h * s)))
        maps, skin_ls = _where_skin(
            cv2.resize(lab, small, interpolation=cv2.INTER_AREA),
            [f.scaled(small[0] / w) for f in faces],
            cv2.resize(person, small, interpolation=cv2.INTER_AREA),
        )
        maps = [cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR) for m in maps]
    else:
        maps, skin_ls = _where_skin(lab, faces, person)
    soft, limit, on_face = maps
    features = np.zeros((h, w), np.uint8)
    eyes = np.zeros((h, w), np.uint8)
    for face in faces:
        _, feats, eye = _face_parts((h, w), face)
        features |= feats
        eyes |= eye
    # Eyes, brows and lips count as skin here; they are faded out below, inside their own
    # contours, so the change never stops short of them on smooth skin.
    np.maximum(soft, cv2.dilate(features, _disc(2)) * (1 / 255), out=soft)

    # Edge-aware feathering: fades over smooth skin, follows the photo's own contours.
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(size / 24))
    mask = np.clip(guided_filter(grey, soft.astype(np.float32), radius, 2e-4), 0, 1)
    mask *= limit
    feat_soft = _exclude_features(mask, features, eyes, size)
    skin_l = float(np.mean(skin_ls)) if skin_ls else 60.0
    # Body skin is smoothed more gently than faces (it is seen less closely, and its folds
    # and knuckles are part of it); brightening is the same everywhere.
    smoothing = mask * (BODY_SMOOTHING + (1 - BODY_SMOOTHING) * np.clip(on_face * 1.5, 0, 1))
    return SkinMask(mask, feat_soft, smoothing.astype(np.float32), size, True, skin_l)


def _where_skin(
    lab: np.ndarray, faces: list[Face], person: np.ndarray
) -> tuple[list[np.ndarray], list[float]]:
    """([soft skin, limit, on a face], each face's mean L*) before feathering.

    The limit is where the feathered mask may be: the guided filter may spread it a little
    over a background of the same brightness, or extrapolate it onto dark detail next to
    skin, but never past the person's own (soft) edge, nor much beyond the skin found.
    """
    h, w = lab.shape[:2]
    size = float(np.median([f.size for f in faces]))
    interior = np.zeros((h, w), np.uint8)
    face_like = np.zeros((h, w), np.float32)  # likelihood as face skin (inside outlines)
    body = np.zeros((h, w), np.float32)  # likelihood as body skin, within reach
    reachable = np.zeros((h, w), np.float32)  # where some face's body may be
    skin_ls = []
    parts = [_face_parts((h, w), face) for face in faces]
    for inner, _, _ in parts:
        interior |= inner
    # Where the people are decides; a face found is a person even if segmentation missed it.
    where = np.clip((person - 0.3) / 0.4, 0, 1)
    np.maximum(where, cv2.dilate(interior, np.ones((5, 5), np.uint8)) / 255.0, out=where)
    for face, (inner, feats, _) in zip(faces, parts, strict=True):
        samples = lab[cv2.erode(inner & ~feats, np.ones((3, 3), np.uint8)) > 0]
        if len(samples) < 30:
            continue
        model = ColourModel.fit(samples)
        skin_ls.append(model.l_mean)
        box, weight = reach((h, w), face)
        like = model.likelihood(lab[box])
        np.maximum(
            face_like[box], like * hair_guard(face, box, model, lab, like), out=face_like[box]
        )
        matches = np.clip((like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
        matches *= model.not_lighter(lab[box])
        if not neck_plausible(face, box, matches * (where[box] > 0.5)):
            # Skin colour right under the chin, far wider than a neck: clothes, a wall or
            # a sofa of skin colour. Only the face and the skin beside it (ears) count.
            weight *= near_face(face, box)
        np.maximum(body[box], matches * weight, out=body[box])
        np.maximum(reachable[box], weight, out=reachable[box])
    soft = body * where
    # Inside the face outline, trust the mesh more than colour (shadows, make-up).
    np.maximum(soft, (interior > 0) * np.clip(face_like * 2.0, 0, 1), out=soft)
    # Blemishes and moles are darker and redder than skin, but skin: close such small holes.
    r = max(1, round(size / 30))
    soft_u8 = cv2.morphologyEx(
        cv2.convertScaleAbs(soft, alpha=255.0),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)),
    )
    soft = _drop_specks(soft_u8.astype(np.float32) * (1 / 255), size)
    # Where the mask may be at all: the faces, and where people are within reach of one.
    allowed = np.maximum(reachable * where, interior / 255.0).astype(np.float32)
    radius = max(1.0, size / 24)
    support = cv2.dilate((soft > 0.05).astype(np.uint8), _disc(radius / 2))
    limit = cv2.GaussianBlur(allowed * support, (0, 0), max(0.5, radius / 3))
    on_face = cv2.GaussianBlur(interior * (1 / 255), (0, 0), max(1.0, size / 12))
    return [soft, limit, on_face.astype(np.float32)], skin_ls


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
