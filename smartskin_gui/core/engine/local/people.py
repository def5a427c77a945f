"""Where each person's skin is, before feathering: their face, the head above it, the
body within reach, their hands.

Each person's skin colour is learnt from their face: clean patches (cheeks, nose, brow)
for what must match closely (the scalp, where hair is), the whole face for its own range
(the body in its shade). A pixel counts as a person's skin only within that person's cell
(the part of the frame nearer to them than to anyone else, with an overlap at the edges),
so each pixel is worked on once or twice however many people there are: time grows with
the photo and the people in it, not with people times the photo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import cv2
import numpy as np

from ...workpool import spread
from .bodyreach import (
    Box,
    ear_reach,
    head_reach,
    near_face,
    neck_plausible,
    neck_zone,
    reach,
)
from .faces import Face
from .guided import wide_blur
from .hands import Hand
from .handskin import add_hand
from .landmarks import beard_zone, disc, draw_parts, face_parts
from .lifts import Lifts, Person
from .regions import connected, drop_specks, fill_spots, place, union
from .skincolour import (
    BEARD_AREA,
    CLIPPED_L,
    ColourModel,
    beard_weight,
    cheek_energy,
    clean_samples,
    fine_energy,
    hair_weight,
    smooth_lightness,
    upper_energy,
)

#: Body skin must match the face's colour at least this well (likelihood, soft ramp).
BODY_LIKE_LO, BODY_LIKE_HI = 0.45, 0.8
#: Beside the face, where ears are, skin matches its colour at least this well (soft ramp).
EAR_LIKE_LO, EAR_LIKE_SPAN = 0.15, 0.3
#: ... and is at most this much darker than the face's lit skin, or than its skin beside
#: the ear when that is darker (a side in shadow) (L*, soft over 8 more).
EAR_DARKER = 22.0
#: ... and most of the ring around it does not (this share at most looks like skin).
EAR_WALL = 0.5
#: Skin apart from the face counts anywhere within reach on faces at least COLOUR_CHROMA
#: colourful (shading-free chroma, :attr:`ColourModel.saturation`: 7 to 22 on real
#: portraits), only as a neck below the chin from GREY_CHROMA down (under 3: graded almost
#: to black and white), and a share of each in between.
GREY_CHROMA, COLOUR_CHROMA = 3.0, 6.0
#: uint8 masks (0 or 255) to float32 weights: single precision, as every map here is.
ONE_255 = np.float32(1 / 255)


def where_skin(
    lab: np.ndarray,
    faces: list[Face],
    person: np.ndarray,
    hands: Callable[[], Sequence[Hand]],
) -> tuple[list[np.ndarray], list[float]]:
    """([soft skin, limit, on a face, reference L*, reference peak, hair], each face's
    skin L*) before feathering. ``hands()`` gives the hands found (called once the faces'
    skin is mapped: they may still be looked for meanwhile).

    The limit is where the feathered mask may be: the guided filter may spread it a little
    over a background of the same brightness, or extrapolate it onto dark detail next to
    skin, but never past the person's own (soft) edge, nor much beyond the skin found.
    """
    h, w = lab.shape[:2]
    size = float(np.median([f.size for f in faces]))
    interior = np.zeros((h, w), np.uint8)
    feats_all = np.zeros((h, w), np.uint8)
    for face in faces:
        draw_parts(interior, feats_all, face)
    # Where the people are decides; a face found is a person even if segmentation missed it.
    where = np.clip((person - 0.3) / 0.4, 0, 1)
    np.maximum(where, cv2.dilate(interior, np.ones((5, 5), np.uint8)) * ONE_255, out=where)
    light = np.ascontiguousarray(lab[:, :, 0])
    soft = np.zeros((h, w), np.float32)
    allowed = np.zeros((h, w), np.float32)
    lifts = Lifts((h, w))
    hair = np.zeros((h, w), np.float32)
    skin_ls: list[float] = []
    people: list[Person] = []
    # Each person's cell: what is about as near to them as to anyone (worked out coarsely).
    cells = _cells(faces, (h, w), size)
    # What does not depend on the person, once for the frame (each cell takes its part).
    frame = _Frame(
        lab,
        ColourModel.chroma(lab),
        fine_energy(light, size),
        smooth_lightness(lab, size),
        where,
        feats_all,
    )
    # Each person on their own (on every core), then gathered in order.
    found = spread(
        lambda job: _person_skin(frame, size, *job),
        [(face, box) for face, box in zip(faces, cells, strict=True) if box is not None],
    )
    for one in found:
        if one is None:
            continue
        box = one.box
        people.append(one.person)
        skin_ls.append(one.person.model.l_mean)
        np.maximum(hair[box], one.hair, out=hair[box])
        np.maximum(soft[box], one.skin, out=soft[box])
        np.maximum(allowed[box], one.reach, out=allowed[box])
        lifts.add(box, one.reach, one.person)
    # Each hand's palm and finger bones: what is joined to them is the hand, however thin.
    found_hands = hands()
    anchors = np.zeros((h, w), np.uint8) if found_hands else None
    for hand in found_hands:
        add_hand(lab, hand, people, where, soft, allowed, lifts, size, anchors)
    # Blemishes and moles are darker and redder than skin, but skin: fill such small round
    # holes (not a lock of hair across the forehead: long, not round).
    soft = fill_spots(soft, size)
    soft = drop_specks(soft, size, anchors)
    # Where the mask may be at all: the faces, heads, hands, and where people are within
    # reach of one.
    allowed = np.maximum(allowed, interior * ONE_255)
    radius = max(1.0, size / 24)
    support = cv2.dilate((soft > 0.05).astype(np.uint8), disc(radius / 2))
    limit = cv2.GaussianBlur(allowed * support, (0, 0), max(0.5, radius / 3))
    on_face = wide_blur(interior * ONE_255, max(1.0, size / 12))
    reference, reference_peak = lifts.maps(people, size)
    hair = cv2.GaussianBlur(hair, (0, 0), 0.7)
    maps = [soft, limit, on_face, reference, reference_peak, hair]
    return maps, skin_ls


class _Frame(NamedTuple):
    """The frame's maps every person's skin is worked out from."""

    lab: np.ndarray
    chroma: tuple[np.ndarray, np.ndarray]  # :meth:`ColourModel.chroma` of ``lab``
    energy: np.ndarray  # :func:`fine_energy` of its L*
    smooth_light: np.ndarray  # :func:`smooth_lightness` of it
    where: np.ndarray  # where the people are
    features: np.ndarray  # every face's eyes, brows, lips (uint8)


class _Skin(NamedTuple):
    """One person's part of the maps, over their cell ``box``."""

    box: Box
    person: Person
    skin: np.ndarray  # soft skin
    reach: np.ndarray  # where their skin may be (and their lift applies)
    hair: np.ndarray  # hair and beards within their reach


def _person_skin(frame: _Frame, size: float, face: Face, box: Box) -> _Skin | None:
    """One face's person over its cell ``box``: their skin colour, their soft skin (face,
    head, body within reach, joined to the face), where it may be, and their hair. None when
    too little of the face is bare skin to learn its colour."""
    lab, where, feats_all = frame.lab, frame.where, frame.features
    h, w = lab.shape[:2]
    bw, hw = _reach(face, (h, w), box)
    origin = (box[1].start, box[0].start)
    inner, feats, _ = face_parts((bw.shape[0], bw.shape[1]), face, origin)
    samples = clean_samples(lab, face, feats_all)
    if len(samples) < 30:
        return None
    model = ColourModel.fit(samples)
    # Inside the outline the face's own range of colour counts (its shadowed side and
    # the redder sides of its nose, which the clean patches do not show).
    whole = lab[box][cv2.erode(inner & ~feats, np.ones((3, 3), np.uint8)) > 0]
    own = ColourModel.fit(whole) if len(whole) >= 30 else model
    # The face's typical brightest channel: how much room its skin has to rise.
    rgb = cv2.cvtColor(whole.reshape(-1, 1, 3), cv2.COLOR_Lab2RGB)
    who = Person(face, model, own, float(np.percentile(rgb.max(axis=2), 50)) if len(whole) else 0.7)
    sub = lab[box]
    chroma = (frame.chroma[0][box], frame.chroma[1][box])  # shared by the two models
    colour = model.likelihood(sub, chroma)
    energy = frame.energy[box]
    grain = cheek_energy(energy, face, origin)
    # Lashes and brows are dark and textured, and so is the shade of the eye socket:
    # around the eyes, inside the face (eyes and brows are kept out on their own,
    # exactly), dark texture is not taken for hair.
    spare = _around_eyes(feats, face, origin, size) * (inner > 0)
    hairy = hair_weight(model, sub, energy, grain, size, spare, frame.smooth_light[box])
    # A beard or stubble: within where one grows, milder tests (against the upper cheeks'
    # grain: on a stubbled face the lower cheeks are stubble too).
    # (a margin as wide as the opening that keeps areas only: the same as over the cell)
    zb, zone = beard_zone((bw.shape[0], bw.shape[1]), face, origin, round(size / BEARD_AREA) + 2)
    if zone.size:
        beard = beard_weight(
            model,
            energy[zb],
            upper_energy(energy, face, origin),
            size,
            zone * ONE_255 * (1.0 - spare[zb]),
            frame.smooth_light[box][zb],
        )
        hairy[zb] = np.maximum(hairy[zb], beard)
    like = colour * (1.0 - hairy)
    # Hair counts where this face's reach is (a face's own fringe, beard, locks).
    inner_w = inner * ONE_255
    hair = hairy * np.maximum(np.maximum(bw, hw), inner_w)
    matches = np.clip((like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
    # The body by the face's whole range of colour (necks and arms are in its shade,
    # redder or yellower than its lit cheeks), but never much lighter than its skin.
    own_colour = own.likelihood(sub, chroma)
    body_like = own_colour * (1.0 - hairy)
    body = np.clip((body_like - BODY_LIKE_LO) / (BODY_LIKE_HI - BODY_LIKE_LO), 0, 1)
    body *= model.not_lighter(sub)
    if not neck_plausible(face, box, body * (where[box] > 0.5)):
        # Skin colour right under the chin, far wider than a neck: clothes, a wall or
        # a sofa of skin colour. Only the face and the skin beside it (ears) count.
        bw = bw * near_face(face, box)
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
    inside = (inner > 0) * own_like * shade * (1.0 - hairy)
    skin = np.maximum(inside, np.maximum(body * bw * where[box], head * hw))
    # Ears are redder and more shaded than the cheeks beside them and not always in the
    # person's outline: beside the face, the face's whole range of colour counts, more
    # loosely, as long as it is no hair and not lighter than the face.
    ears = []
    for eb, reach_ear, ring in ear_reach(face, box):
        ear = np.clip((own_colour[eb] * (1.0 - hairy[eb]) - EAR_LIKE_LO) / EAR_LIKE_SPAN, 0, 1)
        # ... and no darker than the face's shade (not the rim where a cheek meets the
        # dark): than its lit skin, or on a side in shadow, than its own skin beside the ear.
        lit = model.l_mean
        cheek = sub[eb][(inner[eb] > 0) & (feats[eb] == 0) & (hairy[eb] < 0.5)]
        if len(cheek) >= 30:
            lit = min(lit, float(np.median(cheek[:, 0])))
        ear *= model.not_lighter(sub[eb]) * np.clip(
            (sub[eb][:, :, 0] - (lit - EAR_DARKER)) / 8.0, 0, 1
        )
        outside = inner[eb] == 0  # inside the outline the mesh decides
        # An ear ends: where most of the ring around it (off the face) looks as much like
        # skin, it is a wall, a sofa or a backdrop of skin colour, not an ear.
        around = ring * outside
        if float((ear * around).sum()) > EAR_WALL * max(1.0, float(around.sum())):
            continue
        ear *= reach_ear * outside
        skin[eb] = np.maximum(skin[eb], ear)
        ears.append((eb, reach_ear))
    seeds = cv2.erode((inner > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    seeds &= feats == 0
    # Skin apart from the face (hands over a jacket the hand finder missed, a neck below
    # a beard) is kept anywhere within reach only where colour can tell skin: in a photo
    # graded almost to black and white, a leather glove or a sofa looks as much like skin
    # as a hand does, and only a neck below the face is kept. In between (a muted grade),
    # a share of each, so that two frames alike are treated alike.
    apart = where[box] * (bw > 0.5)
    grey = float(np.clip((COLOUR_CHROMA - model.saturation) / (COLOUR_CHROMA - GREY_CHROMA), 0, 1))
    joined = connected(skin, seeds, size, apart) if grey < 1 else None
    if grey > 0:
        near = connected(skin, seeds, size, apart * neck_zone(face, box))
        joined = near if joined is None else grey * near + (1 - grey) * joined
    assert joined is not None
    skin *= joined
    reach_w = np.maximum(np.maximum(bw * where[box], hw), inner_w)
    for eb, reach_ear in ears:
        # An ear found (joined to the face) widens where the mask may be (the person's
        # outline often leaves ears out); the rest of its reach does not.
        found = reach_ear * np.clip(skin[eb] * 2.0 - 0.5, 0, 1)
        reach_w[eb] = np.maximum(reach_w[eb], found)
    return _Skin(box, who, skin, reach_w, hair)


def _reach(face: Face, shape: tuple[int, int], box: Box) -> tuple[np.ndarray, np.ndarray]:
    """(body reach, head reach) of one face over ``box``."""
    body_box, body_w = reach(shape, face, box)
    head_box, head_w = head_reach(shape, face, box)
    return place(body_w, body_box, box), place(head_w, head_box, box)


def _cells(faces: list[Face], shape: tuple[int, int], size: float) -> list[Box | None]:
    """Each face's cell: the box around the pixels within its body's or head's reach that
    are about as near to it as to any face (so neighbours' cells overlap at their edges),
    worked out on a copy where a face is about 16 px."""
    step = max(1, int(size / 16))
    h, w = shape
    small = (-(-h // step), -(-w // step))
    coarse = [f.scaled(1 / step) for f in faces]
    nearest = np.full(small, np.inf, np.float32)
    boxes = []
    for face in coarse:
        body_box, _ = reach(small, face)
        head_box, _ = head_reach(small, face)
        box = union(body_box, head_box)
        boxes.append(box)
        np.minimum(nearest[box], _distance(face, box), out=nearest[box])
    margin = max(2, round(0.1 * size))
    cells: list[Box | None] = []
    for face, box in zip(coarse, boxes, strict=True):
        mine = _distance(face, box) <= 1.25 * nearest[box] + 0.3
        ys, xs = np.nonzero(mine)
        if len(ys) == 0:
            cells.append(None)
            continue
        y0, y1 = (box[0].start + int(ys.min())) * step, (box[0].start + int(ys.max()) + 1) * step
        x0, x1 = (box[1].start + int(xs.min())) * step, (box[1].start + int(xs.max()) + 1) * step
        cells.append(
            (
                slice(max(0, y0 - margin), min(h, y1 + margin)),
                slice(max(0, x0 - margin), min(w, x1 + margin)),
            )
        )
    return cells


def _distance(face: Face, box: Box) -> np.ndarray:
    """Over ``box``, how far each pixel is from ``face``, in face sizes (below the face at
    half the rate: a body hangs down from its head)."""
    x0, y0, x1, y1 = face.box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx = (np.arange(box[1].start, box[1].stop, dtype=np.float32) - cx) / max(1.0, x1 - x0)
    dy = (np.arange(box[0].start, box[0].stop, dtype=np.float32) - cy) / max(1.0, y1 - y0)
    dy = np.where(dy > 0, dy * 0.5, dy)
    return np.asarray(np.sqrt(dx[None, :] ** 2 + dy[:, None] ** 2), np.float32)


def _around_eyes(feats: np.ndarray, face: Face, origin: tuple[int, int], size: float) -> np.ndarray:
    """1 on and around a face's eyes and brows (its features above the nose tip), grown by
    6% of the face, over ``feats``' box (top-left corner ``origin``)."""
    assert face.landmarks is not None
    nose_y = round(float(face.landmarks[4][1]) - origin[1])
    upper = feats.copy()
    upper[max(0, nose_y) :] = 0
    return np.asarray(cv2.dilate(upper, disc(0.06 * size)) * ONE_255, np.float32)
