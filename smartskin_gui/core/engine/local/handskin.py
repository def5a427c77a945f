"""A hand found on its own (:mod:`.hands`) joins its person's skin: its outline from its
landmarks, its skin from its palm's colour (if that colour is its person's: not a glove),
lifted as its person's face."""

from __future__ import annotations

import cv2
import numpy as np

from .hands import FINGERS, PALM, Hand
from .landmarks import disc, hull
from .lifts import Lifts, Person
from .regions import connected
from .skincolour import ColourModel, fine_energy, hair_weight


def add_hand(
    lab: np.ndarray,
    hand: Hand,
    people: list[Person],
    where: np.ndarray,
    soft: np.ndarray,
    allowed: np.ndarray,
    lifts: Lifts,
    size: float,
    anchors: np.ndarray | None = None,
) -> None:
    """A hand found on its own: its skin (connected to its palm or its fingers' bones,
    matching its person's colour) joins the mask, lifted as its person's face (the nearest
    face). Its palm and bones are marked on ``anchors`` (uint8, the frame's size): what
    touches them is the hand's, however thin."""
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
    outline = cv2.dilate(hull(shape, local), disc(0.2 * span))
    palm = cv2.erode(hull(shape, local[PALM]), disc(0.05 * span))
    # A glove or a sleeve is not skin: the palm's own colour must be the person's.
    palm_lab = lab[box][palm > 0]
    if len(palm_lab) < 20:
        return
    own = ColourModel.fit(palm_lab)
    if person.own.distance(own) > 3.0:
        return
    sub = lab[box]
    like = own.likelihood(sub)
    # The palm and each finger's bones: what touches them is the hand's, however dark
    # where it meets the palm (a little finger in the others' shade).
    seeds = (palm > 0).astype(np.uint8)
    for finger in FINGERS:
        cv2.polylines(seeds, [np.round(local[finger]).astype(np.int32)], False, 1, 2)
    energy = fine_energy(np.ascontiguousarray(sub[:, :, 0]), size)
    grain = max(0.3, float(np.median(energy[palm > 0])))
    like *= 1.0 - hair_weight(own, sub, energy, grain, size)
    # Beyond the outline (a wrist, a forearm): only where a person is.
    zone = np.maximum(outline / 255.0, where[box] * fade(shape, local, span))
    skin = like * zone
    skin *= connected(skin, seeds, span)
    if anchors is not None:
        np.maximum(anchors[box], seeds, out=anchors[box])
    np.maximum(soft[box], skin, out=soft[box])
    np.maximum(allowed[box], zone, out=allowed[box])
    lifts.add(box, 4 * zone, person)


def fade(shape: tuple[int, int], pts: np.ndarray, span: float) -> np.ndarray:
    """1 near the points, fading to 0 a hand's length from them (for the wrist and arm)."""
    near = np.zeros(shape, np.uint8)
    near[:] = 255
    for x, y in pts:
        cv2.circle(near, (round(float(x)), round(float(y))), 1, 0, -1)
    dist = cv2.distanceTransform(near, cv2.DIST_L2, 3)
    return np.asarray(np.clip(1.0 - dist / span, 0, 1), np.float32)
