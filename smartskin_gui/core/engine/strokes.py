"""Brush strokes as pixels: each stroke's weight (0 to 1) over the box it can reach, in an
image of any size (strokes are kept in fractions of the photo's size, so the same strokes
apply to the screen preview and the full-size photo).

Strokes are drawn as round-capped lines of their radius; their softness feathers the edge
smoothly out to the radius, as the engine feathers its own mask edges. The work is done
inside each stroke's box only: its cost follows the painted area, not the photo's size.
"""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from ..state.records import Stroke

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


def stroke_box(stroke: Stroke, shape: tuple[int, ...]) -> Box:
    """The pixels a stroke (its radius and a pixel of edge) can reach in ``shape``."""
    h, w = shape[:2]
    r = stroke_radius(stroke, shape) + 2
    xs = [x * w for x, _ in stroke.points]
    ys = [y * h for _, y in stroke.points]
    return clip_box(min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r, w, h)


def stroke_weight(stroke: Stroke, shape: tuple[int, ...]) -> tuple[Box, np.ndarray]:
    """One stroke's weight over its own box: 1 along it out to the radius less the
    softness, fading smoothly to 0 at the radius (softness 0: a one-pixel edge)."""
    h, w = shape[:2]
    x0, y0, x1, y1 = box = stroke_box(stroke, shape)
    if x1 <= x0 or y1 <= y0:
        return box, np.zeros((0, 0), np.float32)
    r = stroke_radius(stroke, shape)
    inner = r * (1.0 - min(max(stroke.softness, 0.0), 1.0))  # full weight up to here
    line = np.full((y1 - y0, x1 - x0), 255, np.uint8)  # the stroke's centre line at 0
    pts = np.array([[x * w - x0, y * h - y0] for x, y in stroke.points], np.float32)
    pts = np.round(pts).astype(np.int32)
    if len(pts) == 1:
        cv2.circle(line, (int(pts[0][0]), int(pts[0][1])), 0, 0, -1)
    else:
        cv2.polylines(line, [pts], False, 0, 1, cv2.LINE_8)
    distance = cv2.distanceTransform(line, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    fade = np.clip((r - distance) / max(1.0, r - inner), 0.0, 1.0)
    return box, fade * fade * (3 - 2 * fade)  # smoothstep, like the engine's own feathers


def strokes_weight(
    strokes: Iterable[Stroke], shape: tuple[int, ...]
) -> tuple[Box, np.ndarray] | None:
    """The strokes' combined weight (0 to 1) over the box around them all, or None."""
    parts = [stroke_weight(s, shape) for s in strokes]
    parts = [(b, wt) for b, wt in parts if wt.size]
    if not parts:
        return None
    x0, y0 = min(b[0] for b, _ in parts), min(b[1] for b, _ in parts)
    x1, y1 = max(b[2] for b, _ in parts), max(b[3] for b, _ in parts)
    total = np.zeros((y1 - y0, x1 - x0), np.float32)
    for (bx0, by0, bx1, by1), weight in parts:
        view = total[by0 - y0 : by1 - y0, bx0 - x0 : bx1 - x0]
        np.maximum(view, weight, out=view)
    return (x0, y0, x1, y1), total


def stroke_radius(stroke: Stroke, shape: tuple[int, ...]) -> float:
    """The stroke's radius in pixels of an image of ``shape`` (at least one)."""
    return max(1.0, stroke.radius * max(shape[0], shape[1]))


def clip_box(x0: float, y0: float, x1: float, y1: float, w: int, h: int) -> Box:
    """The whole pixels of a ``w`` x ``h`` image that the box ``x0, y0, x1, y1`` touches."""
    return (
        max(0, int(np.floor(x0))),
        max(0, int(np.floor(y0))),
        min(w, int(np.ceil(x1))),
        min(h, int(np.ceil(y1))),
    )
