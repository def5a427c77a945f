"""Face finding with MediaPipe's BlazeFace and Face Mesh, run by OpenCV's DNN module.

No TensorFlow: ``cv2.dnn.readNetFromTFLite`` runs the two bundled ``.tflite`` files
(resources/models, Apache-2.0). Detection runs on the whole letterboxed frame plus
overlapping tiles, so small faces in group photos are found too; the mesh gives 468
landmarks per face, which place eyes, brows, lips and the face outline exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ...resources import model_path
from ...workpool import spread
from .tflite import NetPool

DETECT_SIZE = 192
MESH_SIZE = 192
MIN_SCORE = 0.55
NMS_IOU = 0.3


@dataclass
class Face:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in image pixels
    score: float
    keypoints: np.ndarray  # (6, 2): right eye, left eye, nose, mouth, right ear, left ear
    landmarks: np.ndarray | None = None  # (468, 2) image pixels, when the mesh confirmed it

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def size(self) -> float:
        """A robust face scale in pixels (eye distance based when landmarks exist)."""
        return max(self.width, self.height)

    def scaled(self, s: float) -> Face:
        """The same face in an image resized by ``s``."""
        x0, y0, x1, y1 = self.box
        lm = None if self.landmarks is None else self.landmarks * s
        return Face((x0 * s, y0 * s, x1 * s, y1 * s), self.score, self.keypoints * s, lm)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -80, 80))))


def _anchors() -> np.ndarray:
    grid = DETECT_SIZE // 4  # full range model: one anchor per cell of a 48x48 grid
    ys, xs = np.mgrid[0:grid, 0:grid]
    return np.stack([(xs.ravel() + 0.5) / grid, (ys.ravel() + 0.5) / grid], axis=1)


_ANCHORS = _anchors()


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x0 = np.maximum(a[0], b[:, 0])
    y0 = np.maximum(a[1], b[:, 1])
    x1 = np.minimum(a[2], b[:, 2])
    y1 = np.minimum(a[3], b[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return np.asarray(inter / np.maximum(area_a + area_b - inter, 1e-9))


def _weighted_nms(boxes: np.ndarray, kps: np.ndarray, scores: np.ndarray) -> list[Face]:
    """MediaPipe-style blending NMS: overlapping detections are averaged by score."""
    order = np.argsort(-scores)
    boxes, kps, scores = boxes[order], kps[order], scores[order]
    used = np.zeros(len(scores), bool)
    faces: list[Face] = []
    for i in range(len(scores)):
        if used[i]:
            continue
        overlap = (_iou(boxes[i], boxes) > NMS_IOU) & ~used
        used |= overlap
        w = scores[overlap][:, None]
        box = (boxes[overlap] * w).sum(0) / w.sum()
        kp = (kps[overlap] * w[:, :, None]).sum(0) / w.sum()
        faces.append(Face(tuple(float(v) for v in box), float(scores[i]), kp))  # type: ignore[arg-type]
    return faces


def _settled(
    was: tuple[float, float, float, float], now: tuple[float, float, float, float]
) -> bool:
    """True when a mesh crop (centre x, y, side, angle) barely moves on refining: centre
    within 3% of the side, side within 6%, angle within 2 degrees."""
    dx, dy = now[0] - was[0], now[1] - was[1]
    return (
        math.hypot(dx, dy) < 0.03 * was[2]
        and abs(now[2] - was[2]) < 0.06 * was[2]
        and abs(now[3] - was[3]) < math.radians(2)
    )


def tile_starts(length: int, tile: int) -> list[int]:
    """Start offsets of tiles of size ``tile`` covering ``length`` with about 25% overlap."""
    if length <= tile:
        return [0]
    count = math.ceil((length - tile) / (tile * 0.75)) + 1
    return [round(i * (length - tile) / (count - 1)) for i in range(count)]


class FaceFinder:
    """Thread-safe: each call borrows its own copy of a network (cv2.dnn nets run one
    input at a time)."""

    def __init__(self, models: Path | None = None) -> None:
        self._detector_path = str(model_path("face_detection_full_range.tflite", models))
        self._mesh_path = str(model_path("face_landmark.tflite", models))
        self._detector = NetPool(self._detector_path)
        self._mesh_nets = NetPool(self._mesh_path)

    def warm(self) -> None:
        """Load the two models now, ahead of the first photo."""
        self._detector.warm()
        self._mesh_nets.warm()

    # --- detection --------------------------------------------------------------------------

    def _detect_square(
        self, rgb: np.ndarray, x0: int, y0: int, side: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Run BlazeFace on the square [x0, x0+side) x [y0, y0+side), padded with black."""
        h, w = rgb.shape[:2]
        crop = rgb[max(0, y0) : min(h, y0 + side), max(0, x0) : min(w, x0 + side)]
        scale = DETECT_SIZE / side
        small = cv2.resize(
            crop,
            (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale))),
            interpolation=cv2.INTER_AREA,
        )
        canvas = np.zeros((DETECT_SIZE, DETECT_SIZE, 3), np.uint8)
        canvas[: small.shape[0], : small.shape[1]] = small[:DETECT_SIZE, :DETECT_SIZE]
        blob = cv2.dnn.blobFromImage(canvas, 1 / 127.5, (DETECT_SIZE, DETECT_SIZE), (127.5,) * 3)
        with self._detector.borrow() as net:
            net.setInput(blob)
            scores_raw, boxes_raw = net.forward(net.getUnconnectedOutLayersNames())
        scores = _sigmoid(scores_raw.reshape(-1))
        keep = scores >= MIN_SCORE
        raw = boxes_raw.reshape(-1, 16)[keep] / DETECT_SIZE
        anc = _ANCHORS[keep]
        cx, cy = raw[:, 0] + anc[:, 0], raw[:, 1] + anc[:, 1]
        bw, bh = raw[:, 2], raw[:, 3]
        boxes = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], 1) * side
        boxes += [max(0, x0), max(0, y0), max(0, x0), max(0, y0)]
        kps = raw[:, 4:16].reshape(-1, 6, 2) + anc[:, None, :]
        kps = kps * side + [max(0, x0), max(0, y0)]
        return boxes, kps, scores[keep]

    def detect(self, rgb: np.ndarray, max_faces: int | None = None) -> list[Face]:
        """Faces found in ``rgb`` (any size), largest first, each confirmed by the mesh.

        No limit on their number unless ``max_faces`` says so (a wedding group has a
        hundred): each candidate costs one mesh run on a pool thread, so time grows with
        the number of faces, linearly.
        """
        h, w = rgb.shape[:2]
        side = max(h, w)
        squares = [(0, 0, side)]
        # Overlapping tiles at ~1.7x and ~3x the resolution find small faces in groups.
        for fraction in (0.6, 0.34):
            tile = int(side * fraction)
            if tile < 240:
                continue
            for ty in tile_starts(h, tile):
                for tx in tile_starts(w, tile):
                    squares.append((tx, ty, tile))
        # On every core, this thread's too (the pool may be busy loading models).
        results = spread(lambda sq: self._detect_square(rgb, *sq), squares)
        boxes = np.concatenate([r[0] for r in results])
        if len(boxes) == 0:
            return []
        kps = np.concatenate([r[1] for r in results])
        scores = np.concatenate([r[2] for r in results])
        faces = _weighted_nms(boxes, kps, scores)
        if max_faces is not None:
            faces = faces[: max_faces * 2]
        # The mesh confirms each candidate (and places its landmarks): in parallel.
        checked = spread(lambda f: self.add_landmarks(rgb, f), faces)
        confirmed = [f for f, ok in zip(faces, checked, strict=True) if ok]
        # A box inside another confirmed face is a duplicate from a tile: drop it.
        confirmed.sort(key=lambda f: -f.size)
        unique: list[Face] = []
        for f in confirmed:
            centre = np.array([(f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2])
            if not any(
                u.box[0] < centre[0] < u.box[2] and u.box[1] < centre[1] < u.box[3] for u in unique
            ):
                unique.append(f)
        return unique if max_faces is None else unique[:max_faces]

    # --- mesh -------------------------------------------------------------------------------

    def add_landmarks(self, rgb: np.ndarray, face: Face) -> bool:
        """Run the face mesh on ``face``'s rotated crop; True if it confirms a face."""
        right_eye, left_eye = face.keypoints[0], face.keypoints[1]
        angle = math.atan2(left_eye[1] - right_eye[1], left_eye[0] - right_eye[0])
        cx, cy = (face.box[0] + face.box[2]) / 2, (face.box[1] + face.box[3]) / 2
        size = max(face.width, face.height) * 1.5
        for _ in range(2):  # second pass re-centres the crop on the first pass's landmarks
            pts, ok = self._mesh(rgb, cx, cy, size, angle)
            if not ok:
                return False
            face.landmarks = pts
            # Refine: centre and scale from the landmarks, angle from the eye corners.
            x0, y0 = pts.min(0)
            x1, y1 = pts.max(0)
            was = (cx, cy, size, angle)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            size = max(x1 - x0, y1 - y0) * 1.5
            a, b = pts[33], pts[263]
            angle = math.atan2(b[1] - a[1], b[0] - a[0])
            if _settled(was, (cx, cy, size, angle)):
                break  # the crop was already where the face is: a second pass adds nothing
        x0, y0 = pts.min(0)
        x1, y1 = pts.max(0)
        face.box = (float(x0), float(y0), float(x1), float(y1))
        return True

    def _mesh(
        self, rgb: np.ndarray, cx: float, cy: float, size: float, angle: float
    ) -> tuple[np.ndarray, bool]:
        scale = MESH_SIZE / size
        cos, sin = math.cos(-angle) * scale, math.sin(-angle) * scale
        # Affine: rotate around the centre by -angle, scale, and move the centre to the middle.
        m = np.array(
            [
                [cos, -sin, MESH_SIZE / 2 - (cos * cx - sin * cy)],
                [sin, cos, MESH_SIZE / 2 - (sin * cx + cos * cy)],
            ],
            np.float64,
        )
        crop = cv2.warpAffine(
            rgb, m, (MESH_SIZE, MESH_SIZE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
        )
        blob = cv2.dnn.blobFromImage(crop, 1 / 255.0, (MESH_SIZE, MESH_SIZE))
        with self._mesh_nets.borrow() as net:
            net.setInput(blob)
            names = net.getUnconnectedOutLayersNames()
            outs = dict(zip(names, net.forward(names), strict=True))
        flag = lm = None
        for value in outs.values():
            if value.size == 1:
                flag = float(_sigmoid(value.reshape(-1))[0])
            else:
                lm = value.reshape(-1, 3)[:, :2]
        if flag is None or lm is None or flag < 0.5:
            return np.zeros((0, 2)), False
        inv = cv2.invertAffineTransform(m)
        pts = lm @ inv[:, :2].T + inv[:, 2]
        return pts.astype(np.float32), True
