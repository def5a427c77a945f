"""The local engine: careful skin retouching with numpy + OpenCV, offline and free.

Pipeline (all analysis on a working copy sized to the faces, then the *change* is carried
onto the full-size photo, so full resolution keeps its own fine detail):

1. find faces (BlazeFace + mesh, no limit on their number), hands (:mod:`.hands`) and
   where the people are (:mod:`.person`), and build the soft skin mask of faces, heads,
   bodies and hands (:mod:`.skinmask`);
2. split the working image into bands over skin alone (masked filters): fine texture
   (pores), mid frequencies (freckles, fine lines), tone (blotches, uneven tone) and an
   edge-preserving base (guided filters);
3. heal small dark blemishes by inpainting the low-pass image (:mod:`.heal`);
4. retouch = less tone band (blotches), less mid band (freckles, lines) and, past 1.00, a
   little less fine texture, inside the mask (:mod:`.render`);
5. whitening = a lightness lift in CIE Lab with hue and chroma kept, one gain per person
   chosen by their face's tone and eased off near white (:mod:`.whitening`).

Steps 1 to 3 depend only on the photo and are cached, so moving a slider only re-blends.
A photo in which no face is found is returned as it is, with a note saying so.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ...memory import steady_heap
from ...params import Params
from ...photo import Photo
from ...progress import Cancel, Progress, check
from ...state.records import Stroke
from ...workpool import shared_pool, spread
from ..contract import EngineResult
from ..strokes import stroke_radius, strokes_weight
from .bands import add_change_full_res, apply_ratio_full_res, skin_boxes
from .bodyreach import REACH_DOWN, REACH_SIDE, REACH_UP
from .faces import Face, FaceFinder, tile_starts
from .guided import guided_filter, masked_blur
from .hands import Hand, HandFinder
from .heal import heal_blemishes
from .person import PersonSegmenter
from .render import Layers, make_layers, render_change
from .skinmask import SkinMask, build_mask, with_added

log = logging.getLogger(__name__)

#: Working copy (the proxy the mask and bands are worked out on): photos up to
#: MAX_WORK_PIXELS (screen previews) are worked on as they are, larger ones on a proxy of
#: WORK_PIXELS; and faces no larger than FACE_TARGET px.
MAX_WORK_PIXELS = 2_500_000
WORK_PIXELS = 2_000_000
FACE_TARGET = 640.0
#: People whose face is smaller than this share of the photo's short side (a group's) are
#: segmented again on square tiles covering them all, each PERSON_TILE of their faces wide
#: (a face then about 40 px of the model's 256), wider (up to WIDEST_TILE faces: 25 px)
#: while more than MAX_PERSON_TILES would be needed, and at most MOST_PERSON_TILES of the
#: widest. Measured: the model finds a person only now and then once their face is under
#: about 24 px of its input, and none of a collage of 100 faces at 16 px.
SMALL_FACE = 0.2
PERSON_TILE, WIDEST_TILE = 6.4, 10.0
MAX_PERSON_TILES, MOST_PERSON_TILES = 4, 9
#: The tone band (blotches) spans from the mid band's radius to this many times it.
BROAD = 3
#: Painted with no face found, the skin under an "add" stroke is treated as a face's of
#: this many times the brush's radius (its smoothing scale).
ADDED_FACE = 6.0
NO_FACE_NOTE = "No face found, so the photo was left as it is."


@dataclass
class Part:
    """One box of skin in the working image and the layers a render blends over it."""

    roi: tuple[int, int, int, int]  # x0, y0, x1, y1 in working-image pixels
    layers: Layers


@dataclass
class Analysis:
    """Everything about one photo that does not depend on the strengths.

    Only skin changes, so the band images cover just the boxes around the skin mask (a
    few pixels wider; disjoint), in working-image coordinates: one box around a portrait's
    person, one per person (or people touching) in a group, so slider moves and the
    full-size result cost in proportion to the skin area, not the photo's or the space
    between people. Each box's bands were worked out over it and the margin its filters
    need, which may reach into a neighbour's box.
    """

    work_u8: np.ndarray  # the whole working image (uint8 RGB)
    skin: SkinMask  # whole working image
    faces: list[Face]
    parts: list[Part]  # what a render needs, box by box (none: nothing to retouch)

    @property
    def notes(self) -> list[str]:
        if self.skin.from_faces:
            n = len(self.faces)
            return [f"{n} face found" if n == 1 else f"{n} faces found"]
        return [NO_FACE_NOTE]

    @property
    def has_skin(self) -> bool:
        """False when no face was found: then nothing is retouched."""
        return bool(self.parts)


_lab_lock = threading.Lock()
_lab_ready = False


def lab_tables() -> None:
    """Have OpenCV fill its Lab conversion tables, once per process, before any Lab
    conversion of the engine's: it fills them on first use (some 30 ms) and without a lock,
    so two threads converting for the first time at once could read half-filled tables."""
    global _lab_ready
    if _lab_ready:
        return
    with _lab_lock:
        if not _lab_ready:
            for depth in (np.uint8, np.float32):
                pixel = np.zeros((1, 1, 3), depth)
                cv2.cvtColor(cv2.cvtColor(pixel, cv2.COLOR_RGB2Lab), cv2.COLOR_Lab2RGB)
            _lab_ready = True


def image_key(rgb: np.ndarray) -> str:
    """The identity of a pixel array: its shape, type and every byte (an 8x8 edit is a new
    photo). SHA-1 as a fingerprint, not for security: the fastest hashlib digest where the
    CPU has SHA instructions (~56 ms on 24 MP, blake2b ~190 ms), and it releases the GIL."""
    h = hashlib.sha1(f"{rgb.shape}{rgb.dtype}".encode(), usedforsecurity=False)
    h.update(np.ascontiguousarray(rgb).data)
    return h.hexdigest()


class LocalEngine:
    """Offline engine. Thread-safe; caches the last few photos' analyses (``cache_size``;
    0 for an engine that sees each photo once, as a command-line batch does: then no photo
    is even fingerprinted)."""

    name = "local"

    def __init__(
        self,
        finder: FaceFinder | None = None,
        cache_size: int = 4,
        segmenter: PersonSegmenter | None = None,
        hands: HandFinder | None = None,
    ) -> None:
        steady_heap()  # the first photo's arrays come from the heap, as later ones do
        self._finder = finder or FaceFinder()
        self._segmenter = segmenter or PersonSegmenter()
        self._hands = hands or HandFinder()
        # The models load on another core while the first photo is being opened and
        # decoded: the first render is not a model load plus a render.
        shared_pool().submit(self._warm)
        self._cache: OrderedDict[str, Analysis] = OrderedDict()
        self._forced: dict[tuple[str, tuple[Stroke, ...]], Analysis] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _warm(self) -> None:
        """The models and OpenCV's Lab tables, in the order a first photo needs them."""
        self._finder.warm()
        lab_tables()
        self._hands.warm()
        self._segmenter.warm()

    # --- public -----------------------------------------------------------------------------

    def analyse(
        self,
        rgb: np.ndarray,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        key: str | None = None,
    ) -> Analysis:
        working: tuple[float, np.ndarray] | None = None
        if key is None and self._cache_size == 0:  # nothing is kept: no fingerprint needed
            return self._analyse(rgb, progress, cancel)
        if key is None:
            # The photo's fingerprint on another core while this one makes the working
            # copy the analysis starts from (both read the whole photo; on a cache hit the
            # copy was free, made while waiting).
            hashing = shared_pool().submit(image_key, rgb)
            working = _working_copy(rgb)
            key = hashing.result()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        analysis = self._analyse(rgb, progress, cancel, working)
        with self._lock:
            self._cache[key] = analysis
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return analysis

    def enhance(
        self,
        image: np.ndarray,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> np.ndarray:
        """Retouch ``image`` (uint8 RGB, any size) and return a new array of the same size.

        With no face in the photo the pixels come back unchanged (``analyse(...).notes``
        says so).
        """
        return self._retouch(image, params, progress, cancel)[0]

    def _retouch(
        self,
        image: np.ndarray,
        params: Params,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> tuple[np.ndarray, Analysis | None]:
        """The retouched pixels and the analysis they came from (None at identity)."""
        if params.is_identity:
            return image.copy(), None
        # The output starts as a copy of the photo: made on the second core meanwhile
        # (numpy copies release the GIL; a 24 MP copy is mostly page faults).
        copying = shared_pool().submit(image.copy)
        a = self.analyse(image, progress, cancel)
        check(cancel)
        if not a.parts:
            if progress:
                progress(1.0, "No face found")
            return copying.result(), a
        if progress:
            progress(0.7, "Retouching skin")
        out = copying.result()
        _render(out, a, params, cancel)
        if progress:
            progress(1.0, "Done")
        return out, a

    def render_added(
        self,
        image: np.ndarray,
        params: Params,
        strokes: Sequence[Stroke],
        cancel: Cancel | None = None,
    ) -> np.ndarray:
        """``image`` retouched as if the areas under ``strokes`` were skin too: the
        photographer's "add" brush over skin the engine left out (a hand it did not find,
        a shoulder in shadow). There it gets the engine's own change at ``params``:
        smoothing, healing and the lift of the person's face (with no face found, the
        painted skin's own). Elsewhere the same as :meth:`enhance`."""
        if params.is_identity or not strokes:
            return image.copy()
        key = image_key(image)
        a = self.analyse(image, None, cancel, key)
        forced_key = (key, tuple(strokes))
        with self._lock:
            forced = self._forced.get(forced_key)
        if forced is None:
            forced = self._added(a, strokes, cancel)
            if forced is None:  # the strokes lie outside the photo
                return self.enhance(image, params, None, cancel)
            with self._lock:
                self._forced = {forced_key: forced}  # the last painted state only
        out = image.copy()
        _render(out, forced, params, cancel)
        return out

    # --- analysis ---------------------------------------------------------------------------

    def _added(
        self, a: Analysis, strokes: Sequence[Stroke], cancel: Cancel | None
    ) -> Analysis | None:
        """The layers of the skin under ``strokes`` taken as skin, worked out over the
        strokes' box only (its cost follows the painted area): an :class:`Analysis` whose
        parts lie in that box of the working image (its ``skin`` covers the box alone)."""
        shape = a.work_u8.shape
        painted = strokes_weight(strokes, shape)
        if painted is None:
            return None
        (sx0, sy0, sx1, sy1), weight = painted
        brush = max(stroke_radius(s, shape) for s in strokes)
        size = a.skin.face_size if a.skin.from_faces else ADDED_FACE * brush
        margin = round(3 * max(2, size / 28) + size / 10) + 2
        h, w = shape[:2]
        x0, y0 = max(0, sx0 - margin), max(0, sy0 - margin)
        x1, y1 = min(w, sx1 + margin), min(h, sy1 + margin)
        crop = (slice(y0, y1), slice(x0, x1))
        force = np.zeros((y1 - y0, x1 - x0), np.float32)
        force[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = weight
        check(cancel)
        lab_tables()
        work_u8 = np.ascontiguousarray(a.work_u8[crop])
        work = cv2.multiply(work_u8, (1 / 255.0,) * 4, dtype=cv2.CV_32F)
        lab = cv2.cvtColor(work, cv2.COLOR_RGB2Lab)
        skin = with_added(a.skin.cropped(crop), force, work_u8, lab, size)
        parts = self._texture(work_u8, lab, skin, cancel)
        moved = [
            Part((x0 + p.roi[0], y0 + p.roi[1], x0 + p.roi[2], y0 + p.roi[3]), p.layers)
            for p in parts
        ]
        return Analysis(a.work_u8, skin, [], moved)

    def _analyse(
        self,
        rgb: np.ndarray,
        progress: Progress | None,
        cancel: Cancel | None,
        working: tuple[float, np.ndarray] | None = None,
    ) -> Analysis:
        def step(fraction: float, message: str) -> None:
            check(cancel)
            if progress:
                progress(fraction, message)

        step(0.02, "Preparing")
        scale, work_u8 = working or _working_copy(rgb)
        step(0.1, "Finding faces")
        faces = self._finder.detect(work_u8)
        if faces:
            largest = max(f.size for f in faces)
            if largest > FACE_TARGET * 1.5:  # faces far larger than needed: work smaller
                shrink = FACE_TARGET / largest
                scale *= shrink
                work_u8 = _resize(rgb, scale)
                faces = [f.scaled(shrink) for f in faces]
        step(0.2, "Finding hands and people")
        hands: Callable[[], list[Hand]] = list
        if faces:
            # Hands on another core while this one maps where the people are and then
            # their faces' skin: the mask needs the hands last.
            size = float(np.median([f.size for f in faces]))
            around = [_body_box(f) for f in faces]
            hands = shared_pool().submit(self._hands.detect, work_u8, around, size).result
            person = self._segmenter.probability(work_u8, _person_tiles(work_u8.shape, faces))
        else:
            person = np.zeros(work_u8.shape[:2], np.float32)
        step(0.35, "Mapping skin")
        lab_tables()
        # OpenCV converts without holding the GIL (the window stays responsive) and in one pass.
        work = cv2.multiply(work_u8, (1 / 255.0,) * 4, dtype=cv2.CV_32F)
        lab = cv2.cvtColor(work, cv2.COLOR_RGB2Lab)
        skin = build_mask(work_u8, lab, faces, person, hands)
        if not skin.from_faces:  # nothing will be retouched: no texture analysis either
            return Analysis(work_u8, skin, faces, [])
        step(0.5, "Analysing texture")
        parts = self._texture(work_u8, lab, skin, cancel)
        step(0.65, "Analysis done")
        return Analysis(work_u8, skin, faces, parts)

    def _texture(
        self,
        work_u8: np.ndarray,
        lab: np.ndarray,
        skin: SkinMask,
        cancel: Cancel | None,
    ) -> list[Part]:
        """The bands a render blends, over the boxes around ``skin`` (one per person or
        cluster of people, each with the margin its filters need; on two cores)."""
        size = skin.face_size
        radius = max(2, round(size / 28))
        # Each part is what its filters change (its skin, a few pixels wider: disjoint);
        # they work over that box and the margin their filters need, which may overlap a
        # neighbour's (people close together in a group still make parts of their own,
        # one per core, not one box on one core).
        margin = round(3 * radius + size / 10)
        near = max(3, margin // 4)
        h, w = work_u8.shape[:2]
        boxes = [
            (
                b,
                (
                    max(0, b[0] - margin + near),
                    max(0, b[1] - margin + near),
                    min(w, b[2] + margin - near),
                    min(h, b[3] + margin - near),
                ),
            )
            for b in skin_boxes(skin.mask, margin=near)
        ]
        if len(boxes) <= 1:
            return [self._texture_box(work_u8, lab, skin, *box, cancel) for box in boxes]
        # Largest first: the two cores end together.
        boxes.sort(key=lambda b: -(b[1][2] - b[1][0]) * (b[1][3] - b[1][1]))
        return spread(lambda b: self._texture_box(work_u8, lab, skin, *b, cancel), boxes)

    def _texture_box(
        self,
        work_u8: np.ndarray,
        lab: np.ndarray,
        skin: SkinMask,
        roi: tuple[int, int, int, int],
        around: tuple[int, int, int, int],
        cancel: Cancel | None,
    ) -> Part:
        """Healed spots, an edge-preserving base and the tone band's broader base over one
        box of skin ``roi``, worked out over the box ``around`` it (the margin its filters
        need), folded into the layers a render blends over ``roi``."""
        check(cancel)
        size = skin.face_size
        radius = max(2, round(size / 28))
        x0, y0, x1, y1 = around
        crop = (slice(y0, y1), slice(x0, x1))
        work = np.ascontiguousarray(work_u8[crop], dtype=np.float32) / 255.0
        skin_roi = skin.cropped(crop)
        # Every local average below is over skin alone (masked filters): nothing of dark
        # hair, a collar or the background beside the skin is pulled into it.
        low = masked_blur(work, skin_roi.weight, max(0.8, size / 300.0))
        healed, blem = heal_blemishes(low, lab[crop], skin_roi, size)
        check(cancel)
        # The edge-preserving base comes from the healed image, so spots are not "edges".
        grey = cv2.cvtColor(healed, cv2.COLOR_RGB2GRAY)
        # Edge threshold relative to the skin's own brightness: folds and contours of dark
        # skin have small absolute contrast but must survive just like on light skin.
        eps = 0.006 * (max(0.12, skin.skin_l / 100.0) / 0.65) ** 2
        base = guided_filter(grey, healed, radius, eps, skin_roi.weight)
        # The tone band's base: the same, at the scale of blotches (a few times wider).
        broad = guided_filter(grey, base, BROAD * radius, eps, skin_roi.weight)
        own = (slice(roi[1] - y0, roi[3] - y0), slice(roi[0] - x0, roi[2] - x0))
        mine = (slice(roi[1], roi[3]), slice(roi[0], roi[2]))
        low_own = np.ascontiguousarray(low[own])
        return Part(
            roi,
            make_layers(
                work_u8[mine],
                np.ascontiguousarray(work[own]),
                skin.cropped(mine),
                low_own,
                low_own if healed is low else np.ascontiguousarray(healed[own]),
                np.ascontiguousarray(base[own]),
                np.ascontiguousarray(broad[own]),
                np.ascontiguousarray(blem[own]),
            ),
        )

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult:
        """The engine contract: pixels and the notes of the analysis the run just made;
        ``unchanged`` at identity settings or when no face was found."""
        pixels, analysis = self._retouch(photo.rgb, params, progress, cancel)
        if analysis is None:
            return EngineResult(pixels, unchanged=True)
        return EngineResult(pixels, notes=analysis.notes, unchanged=not analysis.has_skin)


def _render(out: np.ndarray, a: Analysis, params: Params, cancel: Cancel | None) -> None:
    """Render ``a`` at ``params`` onto the full-size ``out`` (in place), part by part: the
    parts' boxes are disjoint, so two cores each take some."""

    def one(part: Part) -> None:
        check(cancel)
        _apply(out, a.work_u8.shape, part, render_change(part.layers, params))

    spread(one, a.parts)


def _apply(out: np.ndarray, work_shape: tuple[int, ...], part: Part, diff: np.ndarray) -> None:
    """Carry the working-size change ``diff`` of one part onto the full-size ``out`` (in
    place)."""
    frame = (work_shape[0], work_shape[1])
    layers = part.layers
    if frame == out.shape[:2]:
        add_change_full_res(out, diff, layers.bands, part.roi[:2], frame)
    else:
        # Carried as a ratio: next to dark hair or clothes the upsampled change scales
        # their dark pixels by a little instead of adding the skin's lift to them.
        apply_ratio_full_res(out, layers.image_u8, diff, layers.bands, part.roi[:2], frame)


def _person_tiles(shape: tuple[int, ...], faces: list[Face]) -> list[tuple[int, int, int, int]]:
    """Square tiles (x0, y0, x1, y1), overlapping, covering the bodies of every small face
    (a group's people), so that each of them is segmented at the same scale. None when no
    face is small (a portrait: the whole frame is enough) or when the tiles would be nearly
    as large as the frame."""
    h, w = shape[:2]
    small = [f for f in faces if f.size < SMALL_FACE * min(h, w)]
    if not small:
        return []
    bodies = []
    for f in small:
        x0, y0, x1, y1 = f.box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        fw, fh = x1 - x0, y1 - y0
        bodies.append(
            (
                cx - REACH_SIDE * fw,
                cy - REACH_UP * fh * 1.5,
                cx + REACH_SIDE * fw,
                cy + REACH_DOWN * fh,
            )
        )
    x0, y0 = max(0, int(min(b[0] for b in bodies))), max(0, int(min(b[1] for b in bodies)))
    x1, y1 = min(w, int(max(b[2] for b in bodies))), min(h, int(max(b[3] for b in bodies)))
    face = float(np.median([f.size for f in small]))
    side = PERSON_TILE * face
    while True:
        if side >= 0.75 * max(h, w):
            return []
        xs, ys = tile_starts(x1 - x0, round(side)), tile_starts(y1 - y0, round(side))
        if len(xs) * len(ys) <= MAX_PERSON_TILES:
            break
        if side * 1.25 > WIDEST_TILE * face:
            if len(xs) * len(ys) > MOST_PERSON_TILES:
                return []  # a crowd: too many tiles
            break
        side *= 1.25
    s = round(side)
    # Inside the frame where it is large enough: squares, never squeezed for the model.
    left = [max(0, min(x0 + x, w - s)) for x in xs]
    top = [max(0, min(y0 + y, h - s)) for y in ys]
    return [(x, y, min(w, x + s), min(h, y + s)) for y in top for x in left]


def _body_box(face: Face) -> tuple[float, float, float, float]:
    """Where a face's person (and their hands) may be: its body's reach."""
    x0, y0, x1, y1 = face.box
    fw, fh = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - REACH_SIDE * fw, cy - 2 * fh, cx + REACH_SIDE * fw, cy + REACH_DOWN * fh)


def _working_copy(rgb: np.ndarray) -> tuple[float, np.ndarray]:
    """(scale, the copy the analysis works on): the photo itself up to MAX_WORK_PIXELS,
    else a copy of WORK_PIXELS."""
    h, w = rgb.shape[:2]
    scale = 1.0 if h * w <= MAX_WORK_PIXELS else (WORK_PIXELS / (h * w)) ** 0.5
    return scale, _resize(rgb, scale)


def _resize(rgb: np.ndarray, scale: float) -> np.ndarray:
    if scale >= 0.999:
        return rgb
    h, w = rgb.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))
