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

import cv2
import numpy as np

from .bodyreach import head_reach, near_face, neck_plausible, reach
from .faces import Face
from .hands import Hand
from .handskin import add_hand
from .landmarks import disc, face_parts
from .lifts import Lifts, Person
from .regions import connected, drop_specks, fill_spots, place, union
from .skincolour import (
    CLIPPED_L,
    ColourModel,
    cheek_energy,
    clean_samples,
    fine_energy,
    hair_weight,
)

#: Body skin must match the face's colour at least this well (likelihood, soft ramp).
BODY_LIKE_LO, BODY_LIKE_HI = 0.45, 0.8


def where_skin(
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
    parts = [face_parts((h, w), face) for face in faces]
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
    lifts = Lifts((h, w))
    hair = np.zeros((h, w), np.float32)
    skin_ls: list[float] = []
    people: list[Person] = []
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
        person_ = Person(
            face, model, own, float(np.percentile(rgb.max(axis=2), 40)) if len(whole) else 0.7
        )
        people.append(person_)
        skin_ls.append(model.l_mean)
        body_box, body_w = reach((h, w), face)
        head_box, head_w = head_reach((h, w), face)
        box = union(body_box, head_box)
        bw = place(body_w, body_box, box)
        hw = place(head_w, head_box, box)
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
        skin *= connected(skin, seeds & (feats[box] == 0), size, where[box] * (bw > 0.5))
        np.maximum(soft[box], skin, out=soft[box])
        reach_w = np.maximum(np.maximum(bw * where[box], hw), inner[box] / 255.0)
        np.maximum(allowed[box], reach_w, out=allowed[box])
        lifts.add(box, reach_w, person_)
    for hand in hands:
        add_hand(lab, hand, people, where, soft, allowed, lifts, size)
    # Blemishes and moles are darker and redder than skin, but skin: fill such small round
    # holes (not a lock of hair across the forehead: long, not round).
    soft = fill_spots(soft, size)
    soft = drop_specks(soft, size)
    # Where the mask may be at all: the faces, heads, hands, and where people are within
    # reach of one.
    allowed = np.maximum(allowed, interior / 255.0).astype(np.float32)
    radius = max(1.0, size / 24)
    support = cv2.dilate((soft > 0.05).astype(np.uint8), disc(radius / 2))
    limit = cv2.GaussianBlur(allowed * support, (0, 0), max(0.5, radius / 3))
    on_face = cv2.GaussianBlur(interior * (1 / 255), (0, 0), max(1.0, size / 12))
    reference, reference_peak = lifts.maps(people, size)
    hair = cv2.GaussianBlur(hair, (0, 0), 0.7)
    maps = [soft, limit, on_face.astype(np.float32), reference, reference_peak, hair]
    return maps, skin_ls
