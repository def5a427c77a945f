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

from dataclasses import dataclass

import cv2
import numpy as np

from .bodyreach import head_reach, near_face, neck_plausible, reach
from .faces import Face
from .guided import guided_filter
from .hands import PALM, Hand
from .skincolour import (
    CLIPPED_L,
    ColourModel,
    cheek_energy,
    clean_samples,
    fine_energy,
    hair_weight,
)

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
RIGHT_NOSTRIL = [79, 238, 20, 242, 99, 60, 75]
LEFT_NOSTRIL = [309, 458, 250, 462, 328, 290, 305]
# fmt: on

#: Where skin is gets worked out on a copy where faces are about this many pixels.
MASK_FACE = 200.0
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


def _poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 255)
    return out


def _hull(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    return _poly(shape, cv2.convexHull(pts.astype(np.float32))[:, 0])


def _face_parts(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(face interior, features, eyes) as uint8 masks for one face with landmarks: the
    features are its eyes, brows, lips and nostrils.

    The features are the eyes, brows and lips themselves, not grown: the exclusion that
    follows fades the change out along their own edges.
    """
    lm = face.landmarks
    assert lm is not None
    interior = _poly(shape, lm[FACE_OVAL])
    eyes = _poly(shape, lm[RIGHT_EYE]) | _poly(shape, lm[LEFT_EYE])
    feats = eyes | _poly(shape, lm[LIPS])
    for idx in (RIGHT_BROW, LEFT_BROW, RIGHT_NOSTRIL, LEFT_NOSTRIL):
        feats |= _hull(shape, lm[idx])
    return interior, feats, eyes


def build_mask(
    rgb: np.ndarray,
    lab: np.ndarray,
    faces: list[Face],
    person: np.ndarray,
    hands: list[Hand] | None = None,
) -> SkinMask:
    """The soft skin mask of ``rgb`` (uint8) given its Lab (float32), the found faces, the
    person probability map (same size) and the hands found.

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
    hands = hands or []
    size = float(np.median([f.size for f in faces]))
    s = min(1.0, MASK_FACE / size)
    if s < 0.75:
        small = (max(1, round(w * s)), max(1, round(h * s)))
        k = small[0] / w
        maps, skin_ls = _where_skin(
            cv2.resize(lab, small, interpolation=cv2.INTER_AREA),
            [f.scaled(k) for f in faces],
            cv2.resize(person, small, interpolation=cv2.INTER_AREA),
            [hand.scaled(k) for hand in hands],
        )
        maps = [cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR) for m in maps]
    else:
        maps, skin_ls = _where_skin(lab, faces, person, hands)
    soft, limit, on_face, reference, reference_peak, hair = maps
    features = np.zeros((h, w), np.uint8)
    for face in faces:
        _, feats, _ = _face_parts((h, w), face)
        features |= feats
    # Eyes, brows and lips count as skin here; they are faded out below, inside their own
    # contours, so the change never stops short of them on smooth skin.
    np.maximum(soft, cv2.dilate(features, _disc(2)) * (1 / 255), out=soft)

    # Edge-aware feathering: fades over smooth skin, follows the photo's own contours.
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(size / 24))
    mask = np.clip(guided_filter(grey, soft.astype(np.float32), radius, 2e-4), 0, 1)
    mask *= limit
    # The core of hair and beards over or beside skin (a lock across the forehead,
    # stubble) stays out, whatever the feathering spread over it; at its edge the
    # feathering decides (sharp where the photo has an edge, soft where it has none).
    core = cv2.erode(hair, _disc(size / 60))
    mask *= 1.0 - np.clip(core * 1.5, 0, 1)
    feat_soft = np.zeros((h, w), np.float32)
    for face in faces:
        _exclude_features(mask, feat_soft, face)
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


@dataclass
class _Person:
    """A face found, its skin colour and its skin's typical brightest channel."""

    face: Face
    model: ColourModel  # from the clean patches (cheeks, nose, brow)
    own: ColourModel  # from the whole face (its shadowed side, its redder parts)
    peak: float

    @property
    def centre(self) -> np.ndarray:
        x0, y0, x1, y1 = self.face.box
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2], np.float32)


class _Lifts:
    """Per pixel, the lightness and brightest channel of the face whose lift applies there:
    each person's reach adds its face's, weighted; the result is their weighted mean."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.light = np.zeros(shape, np.float32)
        self.peak = np.zeros(shape, np.float32)
        self.weight = np.zeros(shape, np.float32)

    def add(self, box: tuple[slice, slice], weight: np.ndarray, person: _Person) -> None:
        self.light[box] += weight * person.model.l_mean
        self.peak[box] += weight * person.peak
        self.weight[box] += weight

    def maps(self, people: list[_Person], size: float) -> tuple[np.ndarray, np.ndarray]:
        light = float(np.median([p.model.l_mean for p in people])) if people else 60.0
        peak = float(np.median([p.peak for p in people])) if people else 0.7
        # Smooth (a face's size / 8): worked out on a copy an eighth of that coarser.
        h, w = self.weight.shape
        step = max(1, int(size / 64))
        small = (max(1, w // step), max(1, h // step))
        sigma = max(1.0, size / 8 / step)
        out = []
        for total, fallback in ((self.light, light), (self.peak, peak)):
            mean = (total + 1e-3 * fallback) / (self.weight + 1e-3)
            if step > 1:
                mean = cv2.resize(mean, small, interpolation=cv2.INTER_AREA)
            mean = cv2.GaussianBlur(mean, (0, 0), sigma)
            if step > 1:
                mean = cv2.resize(mean, (w, h), interpolation=cv2.INTER_LINEAR)
            out.append(np.asarray(mean, np.float32))
        return out[0], out[1]


def _where_skin(
    lab: np.ndarray, faces: list[Face], person: np.ndarray, hands: list[Hand]
) -> tuple[list[np.ndarray], list[float]]:
    """([soft skin, limit, on a face, reference L*, reference peak, hair], each face's
    skin L*) before feathering.

    The limit is where the feathered mask may be: the guided filter may spread it a little
    over a background of the same brightness, or extrapolate it onto dark detail next to
    skin, but never past the person's own (soft) edge, nor much beyond the skin found.
    """
    h, w = lab.shape[:2]
    size = float(np.median([f.size for f in faces]))
    interior = np.zeros((h, w), np.uint8)
    parts = [_face_parts((h, w), face) for face in faces]
    feats_all = np.zeros((h, w), np.uint8)
    for inner, feats, _ in parts:
        interior |= inner
        feats_all |= feats
    # Where the people are decides; a face found is a person even if segmentation missed it.
    where = np.clip((person - 0.3) / 0.4, 0, 1)
    np.maximum(where, cv2.dilate(interior, np.ones((5, 5), np.uint8)) / 255.0, out=where)
    light = np.ascontiguousarray(lab[:, :, 0])
    soft = np.zeros((h, w), np.float32)
    allowed = np.zeros((h, w), np.float32)
    lifts = _Lifts((h, w))
    hair = np.zeros((h, w), np.float32)
    skin_ls: list[float] = []
    people: list[_Person] = []
    for face, (inner, feats, _) in zip(faces, parts, strict=True):
        samples = clean_samples(lab, face, feats_all)
        if len(samples) < 30:
            continue
        model = ColourModel.fit(samples)
        # Inside the outline the face's own range of colour counts (its shadowed side and
        # the redder sides of its nose, which the clean patches do not show).
        whole = lab[cv2.erode(inner & ~feats, np.ones((3, 3), np.uint8)) > 0]
        own = ColourModel.fit(whole) if len(whole) >= 30 else model
        # The face's typical brightest channel: how much room its skin has to rise.
        rgb = cv2.cvtColor(whole.reshape(-1, 1, 3), cv2.COLOR_Lab2RGB)
        person_ = _Person(
            face, model, own, float(np.percentile(rgb.max(axis=2), 40)) if len(whole) else 0.7
        )
        people.append(person_)
        skin_ls.append(model.l_mean)
        body_box, body_w = reach((h, w), face)
        head_box, head_w = head_reach((h, w), face)
        box = _union(body_box, head_box)
        bw = _place(body_w, body_box, box)
        hw = _place(head_w, head_box, box)
        sub = lab[box]
        colour = model.likelihood(sub)
        energy = fine_energy(light[box], size)
        grain = cheek_energy(energy, face, (box[1].start, box[0].start))
        hairy = hair_weight(model, sub, energy, grain, size)
        like = colour * (1.0 - hairy)
        # Hair counts where this face's reach is (a face's own fringe, beard, locks).
        np.maximum(
            hair[box], hairy * np.maximum(np.maximum(bw, hw), inner[box] / 255.0), out=hair[box]
        )
        matches = np.clip((like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
        # The body by the face's whole range of colour (necks and arms are in its shade,
        # redder or yellower than its lit cheeks), but never much lighter than its skin.
        own_colour = own.likelihood(sub)
        body_like = own_colour * (1.0 - hairy)
        body = np.clip((body_like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
        body *= model.not_lighter(sub)
        if not neck_plausible(face, box, body * (where[box] > 0.5)):
            # Skin colour right under the chin, far wider than a neck: clothes, a wall or
            # a sofa of skin colour. Only the face and the skin beside it (ears) count.
            bw *= near_face(face, box)
        # The scalp may be lighter than the face (it faces the light, or shines).
        # Blown highlights on the face and head (flash, a shining scalp) are skin too:
        # they show the light, not a colour.
        blown = np.clip((sub[:, :, 0] - CLIPPED_L + 2.0) / 2.0, 0, 1)
        head = np.maximum(matches, blown) * model.not_lighter(sub, margin=14.0)
        head *= model.in_face_light(sub)
        # Inside the face outline, trust the mesh more than colour (shadows, make-up): only
        # what is far off its own colours (a frame) or hair stays out.
        own_like = np.maximum(np.clip(own_colour * 2.0, 0, 1), blown)
        # A face's shadows are at most some 45 L* darker than its lit skin; far darker than
        # that is hair (a lock or a strand across the face), not shade.
        shade = np.clip((sub[:, :, 0] - (model.l_mean - 55.0)) / 10.0, 0, 1)
        inside = (inner[box] > 0) * own_like * shade * (1.0 - hairy)
        skin = np.maximum(inside, np.maximum(body * bw * where[box], head * hw))
        seeds = cv2.erode((inner[box] > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
        skin *= _connected(skin, seeds & (feats[box] == 0), size, where[box] * (bw > 0.5))
        np.maximum(soft[box], skin, out=soft[box])
        reach_w = np.maximum(np.maximum(bw * where[box], hw), inner[box] / 255.0)
        np.maximum(allowed[box], reach_w, out=allowed[box])
        lifts.add(box, reach_w, person_)
    for hand in hands:
        _add_hand(lab, hand, people, where, soft, allowed, lifts, size)
    # Blemishes and moles are darker and redder than skin, but skin: fill such small round
    # holes (not a lock of hair across the forehead: long, not round).
    soft = _fill_spots(soft, size)
    soft = _drop_specks(soft, size)
    # Where the mask may be at all: the faces, heads, hands, and where people are within
    # reach of one.
    allowed = np.maximum(allowed, interior / 255.0).astype(np.float32)
    radius = max(1.0, size / 24)
    support = cv2.dilate((soft > 0.05).astype(np.uint8), _disc(radius / 2))
    limit = cv2.GaussianBlur(allowed * support, (0, 0), max(0.5, radius / 3))
    on_face = cv2.GaussianBlur(interior * (1 / 255), (0, 0), max(1.0, size / 12))
    reference, reference_peak = lifts.maps(people, size)
    hair = cv2.GaussianBlur(hair, (0, 0), 0.7)
    maps = [soft, limit, on_face.astype(np.float32), reference, reference_peak, hair]
    return maps, skin_ls


def _add_hand(
    lab: np.ndarray,
    hand: Hand,
    people: list[_Person],
    where: np.ndarray,
    soft: np.ndarray,
    allowed: np.ndarray,
    lifts: _Lifts,
    size: float,
) -> None:
    """A hand found on its own: its skin (connected to its palm, matching its person's
    colour) joins the mask, lifted as its person's face (the nearest face)."""
    if not people:
        return
    h, w = lab.shape[:2]
    lm = hand.landmarks
    centre = lm.mean(0)
    person = min(people, key=lambda p: float(np.hypot(*(centre - p.centre))))
    span = max(4.0, hand.size)
    x0, y0 = np.floor(lm.min(0) - span).astype(int)
    x1, y1 = np.ceil(lm.max(0) + span).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return
    box = (slice(y0, y1), slice(x0, x1))
    local = lm - np.array([x0, y0], np.float32)
    shape = (y1 - y0, x1 - x0)
    # The hand's outline: its landmarks' hull grown by half a finger's width.
    outline = cv2.dilate(_hull(shape, local), _disc(0.2 * span))
    palm = cv2.erode(_hull(shape, local[PALM]), _disc(0.05 * span))
    # A glove or a sleeve is not skin: the palm's own colour must be the person's.
    palm_lab = lab[box][palm > 0]
    if len(palm_lab) < 20:
        return
    own = ColourModel.fit(palm_lab)
    if person.own.distance(own) > 3.0:
        return
    sub = lab[box]
    like = own.likelihood(sub)
    energy = fine_energy(np.ascontiguousarray(sub[:, :, 0]), size)
    grain = max(0.3, float(np.median(energy[palm > 0])))
    like *= 1.0 - hair_weight(own, sub, energy, grain, size)
    # Beyond the outline (a wrist, a forearm): only where a person is.
    zone = np.maximum(outline / 255.0, where[box] * _fade(shape, local, span))
    skin = like * zone
    skin *= _connected(skin, (palm > 0).astype(np.uint8), span)
    np.maximum(soft[box], skin, out=soft[box])
    np.maximum(allowed[box], zone, out=allowed[box])
    lifts.add(box, 4 * zone, person)


def _fade(shape: tuple[int, int], pts: np.ndarray, span: float) -> np.ndarray:
    """1 near the points, fading to 0 a hand's length from them (for the wrist and arm)."""
    near = np.zeros(shape, np.uint8)
    near[:] = 255
    for x, y in pts:
        cv2.circle(near, (round(float(x)), round(float(y))), 1, 0, -1)
    dist = cv2.distanceTransform(near, cv2.DIST_L2, 3)
    return np.asarray(np.clip(1.0 - dist / span, 0, 1), np.float32)


def _connected(
    skin: np.ndarray,
    seeds: np.ndarray,
    size: float,
    where: np.ndarray | None = None,
) -> np.ndarray:
    """1 on the parts of ``skin`` (> CONNECT) joined to ``seeds`` through skin, feathered
    by a pixel; 0 on skin-coloured parts apart from the person (a wall, a table).

    With ``where`` (the person map) a part apart from the seeds is kept too when it is
    hand- or arm-sized (at most two faces' area), surely a person's and surely skin-
    coloured: hands crossed over a jacket, an arm beyond a sleeve."""
    full = skin.shape
    step = 2 if skin.size > 250_000 else 1  # joins are found on a half-size copy
    if step > 1:
        half = (max(1, full[1] // step), max(1, full[0] // step))
        skin = cv2.resize(skin, half, interpolation=cv2.INTER_AREA)
        seeds = cv2.resize(seeds, half, interpolation=cv2.INTER_NEAREST)
        if where is not None:
            where = cv2.resize(where, half, interpolation=cv2.INTER_AREA)
        size /= step
    on = (skin > CONNECT).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(on, connectivity=8)
    if n <= 1:
        return np.zeros(full, np.float32)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[(seeds > 0) & (on > 0)])] = True
    if where is not None:
        area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
        count = np.maximum(area, 1)
        flat = labels.ravel()
        mean_skin = np.bincount(flat, skin.ravel(), n) / count
        mean_person = np.bincount(flat, where.ravel(), n) / count
        small = (area <= 2 * size * size) & (area >= (0.15 * size) ** 2)
        keep |= small & (mean_skin >= 0.6) & (mean_person >= 0.6)
    keep[0] = False
    joined = keep[labels].astype(np.uint8)
    # The soft rim just outside the joined parts (below CONNECT) stays, fading.
    grown = cv2.dilate(joined, _disc(max(1.0, size / 100)))
    if step > 1:
        grown = cv2.resize(grown, (full[1], full[0]), interpolation=cv2.INTER_NEAREST)
    return np.asarray(grown, np.float32)


def _union(a: tuple[slice, slice], b: tuple[slice, slice]) -> tuple[slice, slice]:
    if a[0].stop <= a[0].start or a[1].stop <= a[1].start:
        return b
    if b[0].stop <= b[0].start or b[1].stop <= b[1].start:
        return a
    return (
        slice(min(a[0].start, b[0].start), max(a[0].stop, b[0].stop)),
        slice(min(a[1].start, b[1].start), max(a[1].stop, b[1].stop)),
    )


def _place(weight: np.ndarray, box: tuple[slice, slice], into: tuple[slice, slice]) -> np.ndarray:
    """``weight`` (over ``box``) placed in a zero array over the larger box ``into``."""
    out = np.zeros((into[0].stop - into[0].start, into[1].stop - into[1].start), np.float32)
    if weight.size:
        ys = slice(box[0].start - into[0].start, box[0].stop - into[0].start)
        xs = slice(box[1].start - into[1].start, box[1].stop - into[1].start)
        out[ys, xs] = weight
    return out


def _exclude_features(mask: np.ndarray, soft_features: np.ndarray, face: Face) -> None:
    """Fade ``mask`` out over this face's eyes, brows and lips (in place) and add them to
    ``soft_features``.

    Brows and lips: the change fades out *inside* them, where their own contour (brow hairs,
    lip line) is, so the skin right around them is treated like the rest. Eyes are too
    narrow for that: there it fades across the lash line, the eye's own strong edge. On a
    small face (an eye a few pixels tall) nothing is eroded: the fade is centred on the
    feature's edge and the whole feature is kept out.
    """
    lm = face.landmarks
    assert lm is not None
    h, w = mask.shape
    size = face.size
    sigma = max(0.7, size * 0.012)
    eye_sigma = max(0.6, size * 0.008)
    pad = round(4 * sigma) + 3
    x0, y0 = np.floor(lm.min(0)).astype(int) - pad
    x1, y1 = np.ceil(lm.max(0)).astype(int) + pad
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 <= x0 or y1 <= y0:
        return
    box = (slice(y0, y1), slice(x0, x1))
    shape = (y1 - y0, x1 - x0)
    local = face.scaled(1.0)
    assert local.landmarks is not None
    local.landmarks = lm - np.array([x0, y0], np.float32)
    _, feats, eye = _face_parts(shape, local)
    others = feats & ~eye
    # On a face large enough the fade starts inside a feature (brows: 1.5 sigma, eyes: a
    # pixel); a small face's brows and eyes are too thin for that.
    brow_in = 1.5 * sigma if size >= 80 else 0.0
    # An eye at least 4 px tall fades out a pixel inside its contour; a smaller one not.
    eye_tall = float(np.hypot(*(lm[159] - lm[145])))
    eye_in = 0.7 * eye_sigma if eye_tall >= 4.0 else 0.0
    core = cv2.erode(others, _disc(brow_in)) if brow_in > 0 else others
    keep_out = np.clip(cv2.GaussianBlur(core * (1 / 255), (0, 0), sigma) * 1.6, 0, 1)
    eye_core = cv2.erode(eye, _disc(eye_in)) if eye_in > 0 else eye
    eye_out = np.clip(cv2.GaussianBlur(eye_core * (1 / 255), (0, 0), eye_sigma) * 1.6, 0, 1)
    out = np.maximum(keep_out, eye_out).astype(np.float32)
    mask[box] *= 1.0 - out
    feat = cv2.GaussianBlur(feats.astype(np.float32) / 255, (0, 0), eye_sigma)
    np.maximum(soft_features[box], feat, out=soft_features[box])


def _fill_spots(soft: np.ndarray, size: float) -> np.ndarray:
    """``soft`` with its small, roundish holes (moles, blemishes, a glint) filled from the
    skin around them: up to a twelfth of a face across and at most 3 times as long as
    wide. Gaps of other shapes (hair, a strap, a frame) stay."""
    hole = (soft < 0.5).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(hole, connectivity=4)
    if n <= 1:
        return soft
    h, w = soft.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    inside = (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
    small = (area <= (size / 12) ** 2) & (np.maximum(bw, bh) <= 3 * np.minimum(bw, bh))
    fill = inside & small
    fill[0] = False
    if not fill.any():
        return soft
    r = max(1, round(size / 30))
    closed = cv2.morphologyEx(soft, cv2.MORPH_CLOSE, _disc(r))
    return np.where(fill[labels], np.maximum(soft, closed), soft).astype(np.float32)


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
