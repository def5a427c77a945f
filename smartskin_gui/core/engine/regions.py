"""Where the retouch goes: per-face settings and brush strokes, applied by blending engine
results with the original, the same way for every engine (a cloud result is controlled
without paying again; only a face with strengths of its own needs a render of its own).

A :class:`Regions` value holds the photo's faces with settings of their own and its brush
strokes, all in fractions of the photo's size, so the same regions apply to the screen
preview and to the full-size photo. :func:`compose` blends, working only inside each
region's bounding box: its cost follows the painted area, not the photo's size.

- a face excluded: the original inside an ellipse around the face (forehead to chin),
  faded out over a quarter of the face's size outside it;
- a face with its own strengths: that render inside the same ellipse;
- a "protect" stroke: the original under the stroke;
- an "add" stroke: where the engine left skin out, its change as if that were skin
  (:data:`AddSource` renders it), under the stroke.

Strokes are drawn as round-capped lines of their radius; their softness feathers the edge
with a Gaussian of up to the radius, as the engine feathers its own mask edges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import cv2
import numpy as np

from ..params import Params
from ..photo import Photo
from ..progress import Cancel, Progress, check
from ..state.records import FaceSetting, Regions, Stroke
from .contract import Engine, EngineResult
from .local import LocalEngine

#: The face ellipse around a found face's centre, in face sizes: half-width, half-height,
#: and how far above the centre it sits (a face box runs from brows to chin: the forehead
#: to the hairline is above it).
FACE_RX, FACE_RY, FACE_UP = 0.62, 0.82, 0.12
#: The fade outside the ellipse, in face sizes.
FACE_FEATHER = 0.25

Render = Callable[[Params], np.ndarray]
AddSource = Callable[[], np.ndarray]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


def face_box(face: FaceSetting, shape: tuple[int, ...]) -> Box:
    """The pixels a face's ellipse and its fade can reach in an image of ``shape``."""
    h, w = shape[:2]
    side = face.size * max(w, h)
    cx, cy = face.cx * w, face.cy * h - FACE_UP * side
    rx = (FACE_RX + FACE_FEATHER) * side
    ry = (FACE_RY + FACE_FEATHER) * side
    return _clip(cx - rx, cy - ry, cx + rx, cy + ry, w, h)


def face_weight(face: FaceSetting, shape: tuple[int, ...]) -> tuple[Box, np.ndarray]:
    """The face's weight (1 inside the ellipse, fading to 0 outside) over its box."""
    h, w = shape[:2]
    side = face.size * max(w, h)
    x0, y0, x1, y1 = box = face_box(face, shape)
    if x1 <= x0 or y1 <= y0:
        return box, np.zeros((0, 0), np.float32)
    cx, cy = face.cx * w, face.cy * h - FACE_UP * side
    xs = (np.arange(x0, x1, dtype=np.float32) + 0.5 - cx) / (FACE_RX * side)
    ys = (np.arange(y0, y1, dtype=np.float32) + 0.5 - cy) / (FACE_RY * side)
    radius = np.sqrt(ys[:, None] ** 2 + xs[None, :] ** 2)  # 1 on the ellipse
    fade = FACE_FEATHER / min(FACE_RX, FACE_RY)
    weight = np.clip((1.0 + fade - radius) / fade, 0.0, 1.0)
    return box, (weight * weight * (3 - 2 * weight)).astype(np.float32)  # smoothstep


def stroke_box(stroke: Stroke, shape: tuple[int, ...]) -> Box:
    h, w = shape[:2]
    r = _stroke_radius(stroke, shape) + 2
    xs = [x * w for x, _ in stroke.points]
    ys = [y * h for _, y in stroke.points]
    return _clip(min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r, w, h)


def stroke_weight(stroke: Stroke, shape: tuple[int, ...]) -> tuple[Box, np.ndarray]:
    """One stroke's weight over its own box: 1 along it out to the radius less the
    softness, fading smoothly to 0 at the radius (softness 0: a one-pixel edge)."""
    h, w = shape[:2]
    x0, y0, x1, y1 = box = stroke_box(stroke, shape)
    if x1 <= x0 or y1 <= y0:
        return box, np.zeros((0, 0), np.float32)
    r = _stroke_radius(stroke, shape)
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


def compose(
    original: np.ndarray,
    result: np.ndarray,
    params: Params,
    regions: Regions,
    render: Render,
    add_source: AddSource | None = None,
) -> np.ndarray:
    """``result`` (the engine's, at ``params``) with the regions applied; ``render(p)`` is
    the engine's result at other strengths ``p``, same size. Returns ``result`` itself when
    there is nothing to do, else a new array."""
    if not regions:
        return result
    out = result.copy()
    for face in regions.active_faces():
        if face.excluded or face.params == Params(0.0, 0.0):
            source = original
        elif face.params is None or face.params == params:
            continue
        else:
            source = render(face.params)
        box, weight = face_weight(face, out.shape)
        _blend(out, source, box, weight)
    protect = strokes_weight((s for s in regions.strokes if s.kind == "protect"), out.shape)
    added = strokes_weight((s for s in regions.strokes if s.kind == "add"), out.shape)
    if added is not None and add_source is not None:
        _blend(out, add_source(), *added)
    if protect is not None:
        _blend(out, original, *protect)
    return out


def _blend(out: np.ndarray, source: np.ndarray, box: Box, weight: np.ndarray) -> None:
    """``out = out + (source - out) * weight`` inside ``box`` (in place)."""
    x0, y0, x1, y1 = box
    if weight.size == 0 or not weight.any():
        return
    region = out[y0:y1, x0:x1]
    w = weight[..., None] if region.ndim == 3 else weight
    mixed = region.astype(np.float32)
    mixed += (source[y0:y1, x0:x1].astype(np.float32) - mixed) * w
    np.clip(mixed + 0.5, 0, np.iinfo(out.dtype).max if out.dtype.kind == "u" else None, out=mixed)
    region[...] = mixed.astype(out.dtype)


def _stroke_radius(stroke: Stroke, shape: tuple[int, ...]) -> float:
    return max(1.0, stroke.radius * max(shape[0], shape[1]))


def _clip(x0: float, y0: float, x1: float, y1: float, w: int, h: int) -> Box:
    return (
        max(0, int(np.floor(x0))),
        max(0, int(np.floor(y0))),
        min(w, int(np.ceil(x1))),
        min(h, int(np.ceil(y1))),
    )


#: Renders a photo with the photo's change wherever an "add" stroke may reach, as if all
#: of it were skin (the local engine's; None: "add" strokes change nothing yet).
AddRenderer = Callable[[Photo, Params], np.ndarray]


def run_with_regions(
    engine: Engine,
    photo: Photo,
    params: Params,
    regions: Regions,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    add: AddRenderer | None = None,
) -> EngineResult:
    """``engine.run`` with the photo's regions applied: one run at the photo's strengths,
    one more for each other strength a face asks for (the cloud engine: one paid call per
    setting, once; its paid results cache answers again for free)."""
    base = engine.run(photo, params, progress, cancel)
    if not regions:
        return base
    renders: dict[Params, np.ndarray] = {params: base.pixels}

    def render(other: Params) -> np.ndarray:
        if other not in renders:
            renders[other] = engine.run(photo, other, None, cancel).pixels
        return renders[other]

    def add_source() -> np.ndarray:
        assert add is not None
        return add(photo, params)

    check(cancel)
    pixels = compose(photo.rgb, base.pixels, params, regions, render, add_source if add else None)
    unchanged = base.unchanged and np.array_equal(pixels, photo.rgb)
    return EngineResult(pixels, base.notes, base.changes, unchanged)


class FoundFace(NamedTuple):
    """A face the engine found, in fractions of the photo (centre, size of the longer side):
    the position a :class:`~..state.records.FaceSetting` is kept by."""

    cx: float
    cy: float
    size: float


def found_faces(rgb: np.ndarray, engine: LocalEngine) -> list[FoundFace]:
    """The faces of ``rgb`` (a screen-sized preview is plenty), left to right, as numbered
    in the view. The local engine's analysis of the same pixels is
    reused when it made one (a preview render does)."""
    analysis = engine.analyse(rgb)
    h, w = analysis.work_u8.shape[:2]
    side = max(w, h)
    faces = [
        FoundFace(
            (f.box[0] + f.box[2]) / 2 / w,
            (f.box[1] + f.box[3]) / 2 / h,
            max(f.box[2] - f.box[0], f.box[3] - f.box[1]) / side,
        )
        for f in analysis.faces
    ]
    return sorted(faces, key=lambda f: (f.cx, f.cy))
