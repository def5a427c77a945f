"""Work only where skin is: row bands around the mask, and the change carried to full size.

Skin is often a small part of a photo (faces and hands in a room). Slider moves and the
full-resolution result touch only the bands of rows that hold skin, and within each band
only the columns that do, so their cost follows the skin area, not the photo's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import cv2
import numpy as np

#: A band: rows y0:y1 and columns x0:x1 (working-image pixels of the skin box).
Band = tuple[int, int, int, int]

BAND_ROWS = 32


def skin_bands(mask: np.ndarray, margin: int = 2, rows: int = BAND_ROWS) -> list[Band]:
    """Disjoint row bands covering every pixel where ``mask`` is non-zero.

    Each band's columns cover its own rows' skin and that of ``margin`` rows either side,
    so a bilinear upsampling of a change that is zero off the mask reads only zeros beyond
    the band.
    """
    h = mask.shape[0]
    on = (mask > 1 / 512).astype(np.uint8)
    if margin:
        on = cv2.dilate(on, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    cols = np.flatnonzero(on.any(axis=1))
    bands: list[Band] = []
    if len(cols) == 0:
        return bands
    for y0 in range(int(cols[0]) // rows * rows, int(cols[-1]) + 1, rows):
        y1 = min(h, y0 + rows)
        xs = np.flatnonzero(on[y0:y1].any(axis=0))
        if len(xs):
            bands.append((y0, y1, int(xs[0]), int(xs[-1]) + 1))
    return bands


#: Skin boxes are kept apart only while they leave at least this share of their common
#: box out (people apart in a group); else one box around them all costs less.
APART = 0.25

Box = tuple[int, int, int, int]


def skin_boxes(mask: np.ndarray, margin: int) -> list[Box]:
    """Disjoint boxes (x0, y0, x1, y1) around every pixel where ``mask`` is non-zero, each
    grown by ``margin`` (what the filters run over them need) and merged with any box it
    overlaps: one box for a portrait, one per person or cluster of people in a group.

    Where the boxes would leave little of their common box out, that one box (the box
    around all the skin). With no skin at all, one pixel's box."""
    h, w = mask.shape
    on = (mask > 1 / 512).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(on, connectivity=8)
    if n <= 1:
        return [(0, 0, min(w, 1), min(h, 1))]
    boxes = [
        [max(0, x - margin), max(0, y - margin), min(w, x + bw + margin), min(h, y + bh + margin)]
        for x, y, bw, bh, _ in stats[1:].tolist()
    ]
    merged = True
    while merged:  # until no two boxes overlap
        merged = False
        kept: list[list[int]] = []
        for b in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True):
            for k in kept:
                if b[0] < k[2] and k[0] < b[2] and b[1] < k[3] and k[1] < b[3]:
                    k[:] = [min(k[0], b[0]), min(k[1], b[1]), max(k[2], b[2]), max(k[3], b[3])]
                    merged = True
                    break
            else:
                kept.append(b)
        boxes = kept
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    if sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes) > (1 - APART) * (x1 - x0) * (y1 - y0):
        return [(x0, y0, x1, y1)]
    return [(b[0], b[1], b[2], b[3]) for b in boxes]


def add_change_full_res(
    out: np.ndarray,
    diff: np.ndarray,
    bands: list[Band],
    offset: tuple[int, int],
    frame: tuple[int, int],
) -> None:
    """Add the int16 ``diff`` (skin box at ``offset`` (x, y) of a working frame (h, w)) to
    the full-size ``out`` in place, upsampled bilinearly with pixel centres aligned."""
    H, W = out.shape[:2]
    ox, oy = offset
    if frame == (H, W):  # same size: no resampling
        for y0, y1, x0, x1 in bands:
            region = out[oy + y0 : oy + y1, ox + x0 : ox + x1]
            cv2.add(region, diff[y0:y1, x0:x1], dst=region, dtype=cv2.CV_8U)
        return
    for window in _windows(bands, offset, frame, (H, W), diff.shape[:2]):
        (s0, s1, c0, c1), (Y0, Y1, X0, X1) = window.source, window.target
        region = out[Y0:Y1, X0:X1]
        cv2.add(region, window.upsampled(diff[s0:s1, c0:c1]), dst=region, dtype=cv2.CV_8U)


class _Window(NamedTuple):
    """One band's working-size rows and columns (with one more each side, for the
    interpolation) and the full-size pixels they carry to."""

    source: tuple[int, int, int, int]  # s0, s1, c0, c1 in the skin box
    target: tuple[int, int, int, int]  # Y0, Y1, X0, X1 in the full-size photo
    affine: np.ndarray  # full-size pixel -> source pixel

    def upsampled(self, values: np.ndarray) -> np.ndarray:
        """``values`` over :attr:`source`, bilinearly at the target's pixels."""
        Y0, Y1, X0, X1 = self.target
        return np.asarray(
            cv2.warpAffine(
                values,
                self.affine,
                (X1 - X0, Y1 - Y0),
                flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                # Off the crop the change is zero (margins) except at the frame's own edge,
                # where replicating it is what whole-frame upsampling does.
                borderMode=cv2.BORDER_REPLICATE,
            )
        )


def _windows(
    bands: list[Band],
    offset: tuple[int, int],
    frame: tuple[int, int],
    full: tuple[int, int],
    box: tuple[int, int],
) -> Iterator[_Window]:
    """Each band's window: full-size rows whose source row falls in the band's rows
    (disjoint between bands), and columns whose source falls within its columns (plus one
    for interpolation), for a skin box of shape ``box`` at ``offset`` (x, y) of a working
    frame (h, w) upsampled to ``full`` (H, W)."""
    H, W = full
    h, w = frame
    sx, sy = w / W, h / H
    ox, oy = offset
    dh, dw = box
    for y0, y1, x0, x1 in bands:
        Y0 = max(0, int(np.ceil((oy + y0 + 0.5) / sy - 0.5)))
        Y1 = min(H, int(np.ceil((oy + y1 + 0.5) / sy - 0.5)))
        X0 = max(0, int(np.floor((ox + x0 - 0.5) / sx - 0.5)))
        X1 = min(W, int(np.ceil((ox + x1 + 0.5) / sx - 0.5)) + 1)
        if Y1 <= Y0 or X1 <= X0:
            continue
        s0, s1 = max(0, y0 - 1), min(dh, y1 + 1)
        c0, c1 = max(0, x0 - 1), min(dw, x1 + 1)
        m = np.array(
            [
                [sx, 0.0, (X0 + 0.5) * sx - 0.5 - ox - c0],
                [0.0, sy, (Y0 + 0.5) * sy - 0.5 - oy - s0],
            ]
        )
        yield _Window((s0, s1, c0, c1), (Y0, Y1, X0, X1), m)


#: Offset (in 8-bit levels) of the ratio a change is carried by: a change to very dark
#: pixels stays a small one (no division by near-zero values).
RATIO_OFFSET = 8.0


def apply_ratio_full_res(
    out: np.ndarray,
    before: np.ndarray,
    diff: np.ndarray,
    bands: list[Band],
    offset: tuple[int, int],
    frame: tuple[int, int],
) -> None:
    """Carry the int16 change ``diff`` of the working-size skin box ``before`` (uint8, at
    ``offset`` (x, y) of a working frame (h, w)) onto the full-size ``out`` in place, as a
    per-channel ratio (before + diff + k) / (before + k), upsampled bilinearly.

    A ratio rather than a difference: where skin meets dark hair or a dark collar, the
    full-size pixels on the dark side of the edge (which the upsampling reaches) are scaled
    by a little, not given the skin's lift in levels, so no light seam runs along the edge.
    On skin the two agree (its pixels are all close to the working copy's).
    """
    k = RATIO_OFFSET
    for window in _windows(bands, offset, frame, out.shape[:2], diff.shape[:2]):
        (s0, s1, c0, c1), (Y0, Y1, X0, X1) = window.source, window.target
        base = cv2.add(before[s0:s1, c0:c1], (k, k, k, 0), dtype=cv2.CV_32F)
        ratio = cv2.divide(cv2.add(base, diff[s0:s1, c0:c1], dtype=cv2.CV_32F), base)
        region = out[Y0:Y1, X0:X1]
        scaled = cv2.add(region, (k, k, k, 0), dtype=cv2.CV_32F)
        cv2.multiply(scaled, window.upsampled(ratio), dst=scaled)
        # Rounded and clipped to 8 bits straight into the photo.
        cv2.subtract(scaled, (k, k, k, 0), dst=region, dtype=cv2.CV_8U)
