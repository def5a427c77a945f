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
- an "add" stroke: where the engine left skin out, its change as if that were skin, under
  the stroke. Whatever the engine, that change is the local engine's
  (:meth:`~.local.LocalEngine.render_added`): a cloud result is extended without paying.

Strokes become pixels in :mod:`.strokes` (feathered like the engine's own mask edges).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from ..params import Params
from ..photo import Photo
from ..progress import Cancel, Progress, check
from ..state.records import FaceSetting, Regions, Stroke
from .contract import Engine, EngineResult
from .local import LocalEngine
from .registry import local_engine
from .strokes import Box, clip_box, strokes_weight

#: The face ellipse around a found face's centre, in face sizes: half-width, half-height,
#: and how far above the centre it sits (a face box runs from brows to chin: the forehead
#: to the hairline is above it).
FACE_RX, FACE_RY, FACE_UP = 0.62, 0.82, 0.12
#: The fade outside the ellipse, in face sizes.
FACE_FEATHER = 0.25

Render = Callable[[Params], np.ndarray]
#: The photo at the photo's strengths with the given "add" strokes' areas taken as skin.
AddSource = Callable[[Sequence[Stroke]], np.ndarray]


def face_box(face: FaceSetting, shape: tuple[int, ...]) -> Box:
    """The pixels a face's ellipse and its fade can reach in an image of ``shape``."""
    h, w = shape[:2]
    side = face.size * max(w, h)
    cx, cy = face.cx * w, face.cy * h - FACE_UP * side
    rx = (FACE_RX + FACE_FEATHER) * side
    ry = (FACE_RY + FACE_FEATHER) * side
    return clip_box(cx - rx, cy - ry, cx + rx, cy + ry, w, h)


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
    adding = [s for s in regions.strokes if s.kind == "add"]
    added = strokes_weight(adding, out.shape)
    if added is not None and add_source is not None:
        _blend(out, add_source(adding), *added)
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


def run_with_regions(
    engine: Engine,
    photo: Photo,
    params: Params,
    regions: Regions,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> EngineResult:
    """``engine.run`` with the photo's regions applied: one run at the photo's strengths,
    one more for each other strength a face asks for (the cloud engine: one paid call per
    setting, once; its paid results cache answers again for free); "add" strokes are
    rendered by the local engine, free."""
    base = engine.run(photo, params, progress, cancel)
    if not regions:
        return base
    renders: dict[Params, np.ndarray] = {params: base.pixels}

    def render(other: Params) -> np.ndarray:
        if other not in renders:
            renders[other] = engine.run(photo, other, None, cancel).pixels
        return renders[other]

    check(cancel)
    add = adder(engine, photo.rgb, params, cancel)
    pixels = compose(photo.rgb, base.pixels, params, regions, render, add)
    unchanged = base.unchanged and np.array_equal(pixels, photo.rgb)
    return EngineResult(pixels, base.notes, base.changes, unchanged)


def adder(engine: Engine, rgb: np.ndarray, params: Params, cancel: Cancel | None) -> AddSource:
    """The :data:`AddSource` of ``rgb`` at ``params``: ``engine`` itself when it is the
    local engine (its analysis of these pixels is reused), else the process's local one."""
    local = engine if isinstance(engine, LocalEngine) else local_engine()
    return lambda strokes: local.render_added(rgb, params, strokes, cancel)


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
