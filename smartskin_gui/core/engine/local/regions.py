"""Shapes of skin regions: joined to a person or apart, small holes to fill, specks to
drop, and boxes within boxes."""

from __future__ import annotations

import cv2
import numpy as np

from .landmarks import disc

#: A pixel is part of a person's connected skin from this soft-skin value on.
CONNECT = 0.35


def connected(
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
        area = stats[:, cv2.CC_STAT_AREA]
        small = (area <= 2 * size * size) & (area >= (0.15 * size) ** 2) & ~keep
        small[0] = False
        # Each candidate part looked at within its own box (a few small parts at most).
        for i in np.flatnonzero(small):
            x, y, w, h = (int(v) for v in stats[i, :4])
            part = labels[y : y + h, x : x + w] == i
            count = float(area[i])
            mean_skin = skin[y : y + h, x : x + w][part].sum(dtype=np.float64) / count
            mean_person = where[y : y + h, x : x + w][part].sum(dtype=np.float64) / count
            keep[i] = mean_skin >= 0.6 and mean_person >= 0.6
    keep[0] = False
    joined = keep[labels].astype(np.uint8)
    # The soft rim just outside the joined parts (below CONNECT) stays, fading.
    grown = cv2.dilate(joined, disc(max(1.0, size / 100)))
    if step > 1:
        grown = cv2.resize(grown, (full[1], full[0]), interpolation=cv2.INTER_NEAREST)
    return np.asarray(grown, np.float32)


def union(a: tuple[slice, slice], b: tuple[slice, slice]) -> tuple[slice, slice]:
    if a[0].stop <= a[0].start or a[1].stop <= a[1].start:
        return b
    if b[0].stop <= b[0].start or b[1].stop <= b[1].start:
        return a
    return (
        slice(min(a[0].start, b[0].start), max(a[0].stop, b[0].stop)),
        slice(min(a[1].start, b[1].start), max(a[1].stop, b[1].stop)),
    )


def place(weight: np.ndarray, box: tuple[slice, slice], into: tuple[slice, slice]) -> np.ndarray:
    """``weight`` (over ``box``) placed in a zero array over the larger box ``into``."""
    out = np.zeros((into[0].stop - into[0].start, into[1].stop - into[1].start), np.float32)
    if weight.size:
        ys = slice(box[0].start - into[0].start, box[0].stop - into[0].start)
        xs = slice(box[1].start - into[1].start, box[1].stop - into[1].start)
        out[ys, xs] = weight
    return out


def fill_spots(soft: np.ndarray, size: float) -> np.ndarray:
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
    # One closing of the whole map: a hole's own pixels see only what lies within 2r of
    # them (each hole is inside the frame), so closing it within its own box is the same.
    closed = cv2.morphologyEx(soft, cv2.MORPH_CLOSE, disc(r))
    spot = fill[labels]
    out = soft.copy()
    out[spot] = np.maximum(soft[spot], closed[spot])
    return out


def drop_specks(soft: np.ndarray, size: float, anchors: np.ndarray | None = None) -> np.ndarray:
    """Remove skin-coloured parts too thin or small to be skin: specks, straps, rings, wood
    grain, hair strands. Skin regions (a face, neck, arm or hand) each hold a disc about a
    tenth of a face wide; those parts do not. Parts on ``anchors`` (non-zero: a hand's
    palm and finger bones) stay whatever their width: a finger apart from the others."""
    on = (soft > 0.3).astype(np.uint8)
    n, labels = cv2.connectedComponents(on, connectivity=8)
    if n <= 1:
        return soft
    thick = cv2.erode(on, disc(0.07 * size))
    keep = np.zeros(n, bool)
    keep[np.unique(labels[thick > 0])] = True
    if anchors is not None:
        keep[np.unique(labels[anchors > 0])] = True
    keep[0] = True  # below the threshold: left to the soft ramp
    if keep.all():
        return soft
    return np.where(keep[labels], soft, 0).astype(np.float32)
