"""Where a person's skin can be, from their face: the body's reach, the head above the
eyes, the neck check, near the face.

A body is below and beside its face. Above the eyes is the head: forehead up to the
hairline, or a whole bald scalp, within a head's width and height of the face (hair, of
a skin-like hue, is told apart by its texture, not by where it is). Right under the chin
there is a neck, about a neck wide: a skin-coloured run there far wider than that is a
top, a wall or a sofa of skin colour, and then only the face and its ears count.
"""

from __future__ import annotations

import cv2
import numpy as np

from .faces import Face

#: How far a person's skin may reach from their face, in face widths (sideways) and face
#: heights (down, up): arms resting on a table, hands in front of the chest. Above the eyes
#: only the head counts (:func:`head_reach`); raised hands are found on their own.
REACH_SIDE, REACH_DOWN, REACH_UP = 3.2, 5.5, 0.9
#: The head above the eyes: half its width in face widths, and how far the scalp rises
#: above the mesh's top edge in face heights (the mesh stops below the hairline).
HEAD_SIDE, HEAD_UP = 0.62, 0.7
#: An ear beside a face: an ellipse this share of the face's width across and of its
#: height tall, centred this far out from the mesh's side (face widths) and down from it
#: (face heights).
EAR_ACROSS, EAR_TALL, EAR_OUT, EAR_DOWN = 0.14, 0.24, 0.07, 0.08
#: The ring an ear must end within: out to this many times the ellipse's size.
EAR_RING = 1.5


Box = tuple[slice, slice]


def _clip(x0: int, y0: int, x1: int, y1: int, within: Box | None) -> tuple[int, int, int, int]:
    if within is None:
        return x0, y0, x1, y1
    ys, xs = within
    return max(x0, xs.start), max(y0, ys.start), min(x1, xs.stop), max(min(y1, ys.stop), 0)


def reach(shape: tuple[int, int], face: Face, within: Box | None = None) -> tuple[Box, np.ndarray]:
    """Where this face's body can be: a box and a soft weight over it (1 near the face),
    only the part ``within`` a box if one is given."""
    h, w = shape
    x0, y0, x1, y1 = face.box
    fw, fh = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    bx0, bx1 = max(0, int(cx - REACH_SIDE * fw)), min(w, int(cx + REACH_SIDE * fw) + 1)
    by0, by1 = max(0, int(cy - REACH_UP * fh)), min(h, int(cy + REACH_DOWN * fh) + 1)
    bx0, by0, bx1, by1 = _clip(bx0, by0, bx1, by1, within)
    bx1, by1 = max(bx0, bx1), max(by0, by1)
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


def face_axes(face: Face) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(chin, down, across) unit vectors in the face's own frame, and the face height."""
    lm = face.landmarks
    assert lm is not None
    across = lm[263] - lm[33]  # eye corner to eye corner
    across = across / max(1e-6, float(np.hypot(*across)))
    down = np.array([-across[1], across[0]], np.float32)
    return lm[152].astype(np.float32), down, across, face.height


def face_width(face: Face) -> float:
    """The face's width across the mesh, side to side (landmarks 234 and 454)."""
    lm = face.landmarks
    assert lm is not None
    return float(np.hypot(*(lm[454] - lm[234])))


def ear_reach(face: Face, within: Box) -> list[tuple[Box, np.ndarray, np.ndarray]]:
    """Where this face's ears can be: for each side of the mesh (landmarks 234 and 454) an
    ellipse beside it from about the brow to below the nose, in the face's own frame (a
    tilted head's ears are tilted too), as (a box inside ``within``, slices relative to
    it; a soft weight over that box; the ring just around the ellipse, 0 or 1: an ear
    ends there, a wall of skin colour goes on)."""
    lm = face.landmarks
    assert lm is not None
    _, down, across, fh = face_axes(face)
    fw = face_width(face)
    ys, xs = within
    a, b = max(1.0, EAR_ACROSS * fw), max(1.0, EAR_TALL * fh)
    r = EAR_RING * max(a, b) + 1.0
    out = []
    for side, outward in ((lm[234], -1.0), (lm[454], 1.0)):
        centre = side + outward * EAR_OUT * fw * across + EAR_DOWN * fh * down
        x0, y0 = int(np.floor(centre[0] - r)) - xs.start, int(np.floor(centre[1] - r)) - ys.start
        x1, y1 = (
            int(np.ceil(centre[0] + r)) + 1 - xs.start,
            int(np.ceil(centre[1] + r)) + 1 - ys.start,
        )
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(x1, xs.stop - xs.start), min(y1, ys.stop - ys.start)
        if x1 <= x0 or y1 <= y0:
            continue
        dx = np.arange(xs.start + x0, xs.start + x1, dtype=np.float32)[None, :] - centre[0]
        dy = np.arange(ys.start + y0, ys.start + y1, dtype=np.float32)[:, None] - centre[1]
        u = (dx * across[0] + dy * across[1]) / a
        v = (dx * down[0] + dy * down[1]) / b
        r2 = u * u + v * v
        weight = np.clip((1.0 - r2) / 0.3, 0, 1).astype(np.float32)
        ring = ((r2 > 1.15) & (r2 < EAR_RING * EAR_RING)).astype(np.float32)
        out.append(((slice(y0, y1), slice(x0, x1)), weight, ring))
    return out


def neck_plausible(face: Face, box: tuple[slice, slice], skin: np.ndarray) -> bool:
    """True unless the skin-coloured person pixels a little below the chin form a run far
    wider than a neck (then they are a skin-coloured top, wall or sofa, not a neck)."""
    chin, down, across, fh = face_axes(face)
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


def near_face(face: Face, box: tuple[slice, slice]) -> np.ndarray:
    """Soft weight over ``box``: 1 on and just around the face (ears, jaw), 0 further."""
    ys, xs = box
    x0, y0, x1, y1 = face.box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    gx = (np.arange(xs.start, xs.stop, dtype=np.float32) - cx) / (0.55 * (x1 - x0))
    gy = (np.arange(ys.start, ys.stop, dtype=np.float32) - cy) / (0.58 * (y1 - y0))
    r2 = gx[None, :] ** 2 + gy[:, None] ** 2
    return np.asarray(np.clip((1.0 - r2) / 0.3, 0, 1), np.float32)


#: How far below the chin (face heights) and to each side of it (face widths) a neck
#: apart from the face may be.
NECK_DOWN, NECK_SIDE = 1.0, 0.5


def neck_zone(face: Face, box: tuple[slice, slice]) -> np.ndarray:
    """1 over ``box`` where this face's head and neck can be (in its own frame, a strip
    NECK_SIDE face widths either side of the chin, from two face heights above it down to
    NECK_DOWN below it), and on the face; 0 elsewhere (a hand, a glove, a sofa)."""
    lm = face.landmarks
    assert lm is not None
    chin, down, across, fh = face_axes(face)
    fw = face_width(face)
    ys, xs = box
    gx = np.arange(xs.start, xs.stop, dtype=np.float32) - chin[0]
    gy = np.arange(ys.start, ys.stop, dtype=np.float32) - chin[1]
    along = gx[None, :] * down[0] + gy[:, None] * down[1]
    side = gx[None, :] * across[0] + gy[:, None] * across[1]
    strip = (along >= -2.0 * fh) & (along <= NECK_DOWN * fh) & (np.abs(side) <= NECK_SIDE * fw)
    return np.asarray(strip | (near_face(face, box) > 0), np.float32)


def head_reach(
    shape: tuple[int, int], face: Face, within: Box | None = None
) -> tuple[Box, np.ndarray]:
    """Where this face's forehead and scalp can be: a box and a soft weight over it, an
    ellipse in the face's own frame (a tilted head's scalp is tilted too) from the eyes up
    to HEAD_UP face heights above the mesh's top, fading out below the eyes (only the part
    ``within`` a box if one is given)."""
    h, w = shape
    lm = face.landmarks
    assert lm is not None
    _, down, across, fh = face_axes(face)
    eyes = lm[[33, 263]].mean(0).astype(np.float32)
    up_to_top = float((eyes - lm[10]) @ down)  # eye line to the mesh's top, along "up"
    tall = max(1.0, up_to_top + HEAD_UP * fh)
    half = max(1.0, HEAD_SIDE * face_width(face))
    reach_px = max(tall, half)
    x0, x1 = max(0, int(eyes[0] - reach_px)), min(w, int(eyes[0] + reach_px) + 1)
    y0, y1 = max(0, int(eyes[1] - reach_px)), min(h, int(eyes[1] + 0.15 * fh) + 1)
    x0, y0, x1, y1 = _clip(x0, y0, x1, y1, within)
    if x1 <= x0 or y1 <= y0:
        return (slice(0, 0), slice(0, 0)), np.zeros((0, 0), np.float32)
    xs = np.arange(x0, x1, dtype=np.float32) - eyes[0]
    ys = np.arange(y0, y1, dtype=np.float32) - eyes[1]
    u = xs[None, :] * across[0] + ys[:, None] * across[1]  # across the face
    v = -(xs[None, :] * down[0] + ys[:, None] * down[1])  # up from the eye line
    r2 = (u / half) ** 2 + (np.maximum(v, 0) / tall) ** 2
    weight = np.clip((1.0 - r2) / 0.3, 0, 1) * np.clip(v / (0.1 * fh) + 1, 0, 1)
    return (slice(y0, y1), slice(x0, x1)), weight.astype(np.float32)
