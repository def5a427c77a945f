"""The face mesh's landmarks that outline a face and its features, and the masks drawn
from them (MediaPipe Face Mesh indices)."""

from __future__ import annotations

import cv2
import numpy as np

from .bodyreach import face_axes
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
RIGHT_NOSTRIL = [79, 238, 20, 242, 99, 60, 75]
LEFT_NOSTRIL = [309, 458, 250, 462, 328, 290, 305]
#: Where a beard or moustache grows: the face's outline from cheek to cheek round the chin,
#: closed across the cheeks and under the nose.
BEARD_ZONE = [93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397,
              288, 361, 323, 280, 327, 2, 98, 50]
# fmt: on
#: How far below the face's outline a beard may grow (face heights).
BEARD_BELOW = 0.12


def poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 255)
    return out


def hull(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    return poly(shape, cv2.convexHull(pts.astype(np.float32))[:, 0])


def face_parts(
    shape: tuple[int, int], face: Face, origin: tuple[int, int] = (0, 0)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(face interior, features, eyes) as uint8 masks for one face with landmarks, over a
    box of ``shape`` whose top-left corner is ``origin`` (x, y): the features are its eyes,
    brows, lips and nostrils.

    The features are the eyes, brows and lips themselves, not grown: the exclusion that
    follows fades the change out along their own edges.
    """
    assert face.landmarks is not None
    lm = face.landmarks - np.array(origin, np.float32)
    interior = poly(shape, lm[FACE_OVAL])
    eyes = poly(shape, lm[RIGHT_EYE]) | poly(shape, lm[LEFT_EYE])
    feats = eyes | poly(shape, lm[LIPS])
    for idx in (RIGHT_BROW, LEFT_BROW, RIGHT_NOSTRIL, LEFT_NOSTRIL):
        feats |= hull(shape, lm[idx])
    return interior, feats, eyes


def draw_parts(interior: np.ndarray, features: np.ndarray, face: Face) -> None:
    """Add ``face``'s outline and features to two whole-frame uint8 masks (in place)."""
    lm = face.landmarks
    assert lm is not None
    cv2.fillPoly(interior, [np.round(lm[FACE_OVAL]).astype(np.int32)], 255)
    draw_features(features, face)


def draw_features(features: np.ndarray, face: Face) -> None:
    """Add ``face``'s eyes, brows, lips and nostrils to a whole-frame uint8 mask (in place):
    the features :func:`face_parts` gives, without a frame-sized mask of their own."""
    lm = face.landmarks
    assert lm is not None
    for idx in (RIGHT_EYE, LEFT_EYE, LIPS):
        cv2.fillPoly(features, [np.round(lm[idx]).astype(np.int32)], 255)
    for idx in (RIGHT_BROW, LEFT_BROW, RIGHT_NOSTRIL, LEFT_NOSTRIL):
        pts = cv2.convexHull(lm[idx].astype(np.float32))[:, 0]
        cv2.fillPoly(features, [np.round(pts).astype(np.int32)], 255)


def beard_zone(
    shape: tuple[int, int], face: Face, origin: tuple[int, int] = (0, 0), margin: int = 0
) -> tuple[tuple[slice, slice], np.ndarray]:
    """Where ``face``'s beard and moustache would grow, over a box of ``shape`` whose
    top-left corner is ``origin`` (x, y): the part of that box it covers, ``margin`` px
    wider on every side (slices), and a uint8 mask over that part."""
    assert face.landmarks is not None
    pts = face.landmarks[BEARD_ZONE] - np.array(origin, np.float32)
    # A beard grows on under the chin and the jaw: the zone again, lower by BEARD_BELOW of
    # the face's height (along the face's own down).
    _, down, _, height = face_axes(face)
    lower = pts + BEARD_BELOW * height * down
    both = np.concatenate([pts, lower])
    x0, y0 = np.maximum(np.floor(both.min(0)).astype(int) - margin, 0)
    x1, y1 = np.ceil(both.max(0)).astype(int) + 1 + margin
    x1, y1 = min(int(x1), shape[1]), min(int(y1), shape[0])
    if x1 <= x0 or y1 <= y0:
        return (slice(0, 0), slice(0, 0)), np.zeros((0, 0), np.uint8)
    corner = np.array([x0, y0], np.float32)
    part = (y1 - y0, x1 - x0)
    return (slice(y0, y1), slice(x0, x1)), np.asarray(
        poly(part, pts - corner) | poly(part, lower - corner)
    )


def disc(radius: float) -> np.ndarray:
    r = max(1, round(radius))
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
