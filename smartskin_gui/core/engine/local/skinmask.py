"""A soft skin mask of every person in the photo: faces, heads, bodies and hands.

- Faces come from the face mesh: their outline, minus eyes, brows and lips exactly (the
  exclusions scaled to each face, so a small face's eyes stay out too).
- Each person's skin colour is learnt from clean patches of their face (cheeks, nose,
  brow), in a chromaticity that does not change with shading, so a neck or arm in the
  face's shadow still matches. Hair and beards, of a skin-like hue, are told apart by
  being darker than the face's skin *and* finely textured.
- Above the eyes the head is skin up to the hairline (a bald head: up to its crown); below,
  the body within reach of the face (neck, ears, chest, arms, hands); hands found on their
  own (:mod:`.hands`) anywhere in the frame. Colour alone cannot tell skin from a warm
  wall, wood or leather: a pixel counts only where the person segmentation says a person
  is (or on the head or a found hand), and only if it is *connected* to that person's face
  or hand through skin.
- The mask is then feathered edge-aware (guided filter): it fades gently over smooth skin
  and snaps to real contours, so no ring, band or step shows at 100%.

Alongside it: a hard-edged skin weight (where the retouch may take its local averages:
never from hair or clothes across a border) and, per pixel, the lightness of the face
whose lift applies there (each person is brightened as one, by their face's tone).

No face: an empty mask (the engine then leaves the photo as it is).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ...workpool import spread
from .bands import skin_boxes
from .faces import Face
from .guided import guided_filter, guided_step
from .hands import Hand
from .landmarks import (
    FACE_OVAL,
    LEFT_BROW,
    LEFT_EYE,
    LEFT_NOSTRIL,
    LIPS,
    RIGHT_BROW,
    RIGHT_EYE,
    RIGHT_NOSTRIL,
    disc,
    draw_features,
    face_parts,
)
from .people import where_skin

__all__ = [
    "FACE_OVAL",
    "LEFT_BROW",
    "LEFT_EYE",
    "LEFT_NOSTRIL",
    "LIPS",
    "RIGHT_BROW",
    "RIGHT_EYE",
    "RIGHT_NOSTRIL",
    "SkinMask",
    "build_mask",
    "with_added",
]

#: Where skin is gets worked out on a copy where faces are about this many pixels.
MASK_FACE = 200.0
MASK_PIXELS = 0.8e6
#: Smoothing strength on body skin, as a share of the face's.
BODY_SMOOTHING = 0.6
#: Body skin must match the face's colour at least this well (likelihood, soft ramp).
BODY_LIKE_LO, BODY_LIKE_HI = 0.45, 0.8
#: A pixel is part of a person's connected skin from this soft-skin value on.
CONNECT = 0.35


@dataclass
class SkinMask:
    mask: np.ndarray  # float32 (H, W) in [0, 1]: where the change applies
    features: np.ndarray  # float32 (H, W): 1 on eyes, brows, lips
    smoothing: np.ndarray  # float32 (H, W): the mask for smoothing (gentler on the body)
    weight: np.ndarray  # float32 (H, W): how surely each pixel is skin (hard-edged)
    reference: np.ndarray  # float32 (H, W): L* of the face whose lift caps the body's there
    on_face: np.ndarray  # float32 (H, W): 1 on faces, fading to 0 off them
    reference_peak: np.ndarray  # float32 (H, W): that face's typical max(R, G, B), in [0, 1]
    face_size: float  # median face size in pixels
    from_faces: bool  # False when no face was found (the mask is then empty)
    skin_l: float  # mean skin L* (0-100)

    def cropped(self, box: tuple[slice, slice]) -> SkinMask:
        """The same mask over ``box`` (rows, columns) alone: every per-pixel map cut."""
        return replace(
            self,
            mask=self.mask[box],
            features=self.features[box],
            smoothing=self.smoothing[box],
            weight=self.weight[box],
            reference=self.reference[box],
            on_face=self.on_face[box],
            reference_peak=self.reference_peak[box],
        )


def build_mask(
    rgb: np.ndarray,
    lab: np.ndarray,
    faces: list[Face],
    person: np.ndarray,
    hands: Sequence[Hand] | Callable[[], Sequence[Hand]] = (),
) -> SkinMask:
    """The soft skin mask of ``rgb`` (uint8) given its Lab (float32), the found faces, the
    person probability map (same size) and the hands found, or a function that waits for
    them (they are needed last: they can still be looked for while the faces' skin is
    mapped).

    Where skin is (colour, reach, connection, person) is worked out on a copy where faces
    are about MASK_FACE px, since it is smooth; the feathering and the exclusions of eyes,
    brows and lips are done at the working size, guided by the working image.
    """
    h, w = rgb.shape[:2]
    faces = [f for f in faces if f.landmarks is not None]
    if not faces:
        empty = np.zeros((h, w), np.float32)
        return SkinMask(
            empty, empty, empty, empty, empty + 60, empty, empty, max(h, w) / 4, False, 60.0
        )
    found = hands if callable(hands) else lambda: hands
    size = float(np.median([f.size for f in faces]))
    # Faces of about MASK_FACE px, and (groups of small faces) at most MASK_PIXELS in all.
    s = min(1.0, MASK_FACE / size, (MASK_PIXELS / (h * w)) ** 0.5)
    if s < 0.75:
        small = (max(1, round(w * s)), max(1, round(h * s)))
        k = small[0] / w
        maps, skin_ls = where_skin(
            cv2.resize(lab, small, interpolation=cv2.INTER_AREA),
            [f.scaled(k) for f in faces],
            cv2.resize(person, small, interpolation=cv2.INTER_AREA),
            lambda: [hand.scaled(k) for hand in found()],
        )
        maps = spread(lambda m: cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR), maps)
    else:
        maps, skin_ls = where_skin(lab, faces, person, found)
    soft, limit, on_face, reference, reference_peak, hair = maps
    features = np.zeros((h, w), np.uint8)
    for face in faces:
        draw_features(features, face)
    # Eyes, brows and lips count as skin here; they are faded out below, inside their own
    # contours, so the change never stops short of them on smooth skin.
    np.maximum(soft, cv2.dilate(features, disc(2)) * (1 / 255), out=soft)

    # Edge-aware feathering: fades over smooth skin, follows the photo's own contours.
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(size / 24))
    mask = _feathered(grey, soft.astype(np.float32), radius)
    mask *= limit
    # The core of hair and beards over or beside skin (a lock across the forehead,
    # stubble) stays out, whatever the feathering spread over it; at its edge the
    # feathering decides (sharp where the photo has an edge, soft where it has none).
    core = cv2.erode(hair, disc(size / 60))
    mask *= 1.0 - np.clip(core * 1.5, 0, 1)
    feat_soft = np.zeros((h, w), np.float32)
    # Each face's fades worked out on every core, then applied in turn.
    for fade in spread(lambda face: _feature_fade((h, w), face), faces):
        if fade is not None:
            box, out, feat = fade
            mask[box] *= 1.0 - out
            np.maximum(feat_soft[box], feat, out=feat_soft[box])
    skin_l = float(np.mean(skin_ls)) if skin_ls else 60.0
    # Body skin is smoothed more gently than faces (it is seen less closely, and its folds
    # and knuckles are part of it); brightening is the same everywhere.
    # Where the retouch may take its local averages: surely skin (not the feathered edge,
    # not eyes, brows or lips), so hair or a dark collar never bleeds into skin.
    weight = np.clip((mask - 0.4) / 0.4, 0, 1).astype(np.float32)
    # Smoothing only where skin is sure: on the feathered edge over hair or a collar there
    # is nothing of skin to smooth (brightening alone fades out there).
    body = BODY_SMOOTHING + (1 - BODY_SMOOTHING) * np.clip(on_face * 1.5, 0, 1)
    smoothing = mask * body * np.sqrt(weight)
    return SkinMask(
        mask,
        feat_soft,
        smoothing.astype(np.float32),
        weight,
        reference.astype(np.float32),
        np.clip(on_face * 1.5, 0, 1).astype(np.float32),
        reference_peak,
        size,
        True,
        skin_l,
    )


def _feathered(grey: np.ndarray, soft: np.ndarray, radius: int) -> np.ndarray:
    """``soft`` through the guided filter (guided by ``grey``), clipped to [0, 1].

    The filter of a map that is zero near a pixel is zero there (two box filters of
    ``radius``: nothing reaches further than twice that), so where it works at full
    resolution (small faces, as in a group) it works only over the boxes around the
    people's skin, 4 radii wide; elsewhere the mask stays 0, as it would."""
    if guided_step(radius) == 1:
        boxes = skin_boxes((soft > 0).astype(np.float32), margin=4 * radius + 2)
        h, w = soft.shape
        if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes) < 0.8 * h * w:
            mask = np.zeros((h, w), np.float32)

            def feather(box: tuple[int, int, int, int]) -> None:  # disjoint boxes
                crop = (slice(box[1], box[3]), slice(box[0], box[2]))
                mask[crop] = np.clip(guided_filter(grey[crop], soft[crop], radius, 2e-4), 0, 1)

            spread(feather, boxes)
            return mask
    return np.asarray(np.clip(guided_filter(grey, soft, radius, 2e-4), 0, 1), np.float32)


def with_added(
    skin: SkinMask, force: np.ndarray, rgb: np.ndarray, lab: np.ndarray, size: float
) -> SkinMask:
    """``skin`` with the painted ``force`` (0 to 1, same size) counted as skin too: the
    photographer's "add" brush. Painted skin is smoothed like body skin (like a face's
    where it is on one) and lifted by the face whose reach it is in. With no face found,
    the painted skin is its own reference: its typical lightness and brightest channel,
    and ``size`` (in pixels) as its face size, the scale of its smoothing.

    Like a careful hand with an auto-masking brush: where the stroke spills over something
    of another colour than the skin painted (a dark background, a sleeve), the change
    stays off it, its edge following the photo's own contour."""
    force = force * _like_painted(lab, force)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(min(skin.face_size, size) / 24))
    force = np.clip(guided_filter(grey, force.astype(np.float32), radius, 2e-4), 0, 1) * force
    mask = np.maximum(skin.mask, force)
    sure = np.clip((force - 0.4) / 0.4, 0, 1).astype(np.float32)
    weight = np.maximum(skin.weight, sure)
    body = BODY_SMOOTHING + (1 - BODY_SMOOTHING) * skin.on_face
    smoothing = np.maximum(skin.smoothing, force * body * np.sqrt(sure)).astype(np.float32)
    if skin.from_faces:
        return replace(skin, mask=mask, weight=weight, smoothing=smoothing)
    painted = force > 0.5
    if not painted.any():
        painted = force > 0
    light = float(np.median(lab[..., 0][painted])) if painted.any() else 60.0
    top = cv2.max(cv2.max(rgb[..., 0], rgb[..., 1]), rgb[..., 2])
    peak = float(np.percentile(top[painted], 90)) / 255.0 if painted.any() else 0.7
    h, w = force.shape
    return SkinMask(
        mask,
        np.zeros((h, w), np.float32),
        smoothing,
        weight,
        np.full((h, w), light, np.float32),
        np.zeros((h, w), np.float32),
        np.full((h, w), peak, np.float32),
        float(np.clip(size, 24.0, max(h, w) / 2)),
        True,
        light,
    )


#: Painted pixels count fully as skin within these distances of the painted skin's typical
#: colour (L* and a*b*), and not at all from twice that.
LIKE_L, LIKE_AB = 25.0, 15.0


def _like_painted(lab: np.ndarray, force: np.ndarray) -> np.ndarray:
    """How much each pixel looks like the skin painted (1 near its median colour, 0 far)."""
    painted = force > 0.5
    if not painted.any():
        painted = force > 0
    if not painted.any():
        return np.zeros(force.shape, np.float32)
    typical = np.median(lab[painted], axis=0)
    dl = (lab[..., 0] - typical[0]) / LIKE_L
    dab = np.hypot(lab[..., 1] - typical[1], lab[..., 2] - typical[2]) / LIKE_AB
    return np.asarray(np.clip(2.0 - np.sqrt(dl * dl + dab * dab), 0, 1), np.float32)


#: Brows and lips keep the change out from this far inside their contour (sigmas of the
#: face's fade), over a fade this steep (its blur, in sigmas): all of it kept out where
#: the blurred feature is at half, so most of their edge is untouched.
FEATURE_IN, FEATURE_FADE = 1.2, 0.7


def _feature_fade(
    shape: tuple[int, int], face: Face
) -> tuple[tuple[slice, slice], np.ndarray, np.ndarray] | None:
    """(box, fade, features) of this face's eyes, brows and lips in a frame of ``shape``:
    the mask is to be scaled by 1 - fade over the box, and the soft features are these.

    Brows and lips: the change fades out just inside them, across their own contour (brow
    hairs, lip line), so the skin right around them is treated like the rest and they
    keep their edge. Eyes are too
    narrow for that: there it fades across the lash line, the eye's own strong edge. On a
    small face (an eye a few pixels tall) nothing is eroded: the fade is centred on the
    feature's edge and the whole feature is kept out.
    """
    lm = face.landmarks
    assert lm is not None
    h, w = shape
    size = face.size
    sigma = max(0.7, size * 0.012)
    eye_sigma = max(0.6, size * 0.008)
    pad = round(4 * sigma) + 3
    x0, y0 = np.floor(lm.min(0)).astype(int) - pad
    x1, y1 = np.ceil(lm.max(0)).astype(int) + pad
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 <= x0 or y1 <= y0:
        return None
    box = (slice(y0, y1), slice(x0, x1))
    local = face.scaled(1.0)
    assert local.landmarks is not None
    local.landmarks = lm - np.array([x0, y0], np.float32)
    _, feats, eye = face_parts((y1 - y0, x1 - x0), local)
    others = feats & ~eye
    # On a face large enough the fade is centred inside a feature (brows and lips: a little
    # more than a sigma, eyes: a pixel) and is steep there, where the feature's own edge
    # is: the skin up to its contour is treated like the rest, and it keeps its edge (a
    # lip line lifted like skin makes lips look thinner). A small face's brows and eyes
    # are too thin for that.
    brow_in = FEATURE_IN * sigma if size >= 80 else 0.0
    # An eye at least 4 px tall fades out a pixel inside its contour; a smaller one not.
    eye_tall = float(np.hypot(*(lm[159] - lm[145])))
    eye_in = 0.7 * eye_sigma if eye_tall >= 4.0 else 0.0
    core = cv2.erode(others, disc(brow_in)) if brow_in > 0 else others
    keep_out = np.clip(cv2.GaussianBlur(core * (1 / 255), (0, 0), FEATURE_FADE * sigma) * 2.0, 0, 1)
    eye_core = cv2.erode(eye, disc(eye_in)) if eye_in > 0 else eye
    eye_out = np.clip(cv2.GaussianBlur(eye_core * (1 / 255), (0, 0), eye_sigma) * 1.6, 0, 1)
    out = np.maximum(keep_out, eye_out).astype(np.float32)
    feat = cv2.GaussianBlur(feats.astype(np.float32) / 255, (0, 0), eye_sigma)
    return box, out, np.asarray(feat, np.float32)
