"""Hands anywhere in the frame: MediaPipe's palm detector and hand landmark model, run by
OpenCV's DNN module (no TensorFlow; the two ``.tflite`` files are in resources/models,
Apache-2.0).

A hand raised above the head, or held out far from its body, is beyond any reach worked
out from a face; found on its own, it is skin to treat like its person's face. Each palm
found is confirmed by the landmark model (21 points: wrist, knuckles, finger joints and
tips), whose outline is where the hand's skin is.
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

PALM_SIZE = 192
HAND_SIZE = 224
MIN_SCORE = 0.6
MIN_PRESENCE = 0.6
NMS_IOU = 0.3
#: At most this many detector passes (whole frame + tiles around the people).
MAX_SQUARES = 5
#: A tile at most this many faces wide: a hand's palm (wrist to knuckles, about 0.3 of a
#: face) is then at least about 7 px of the detector's input, about what the landmark
#: model still confirms (measured: a hand found at 6.6 px, none at 5.8). Wider tiles would
#: cost a detector pass each and find no hand.
MAX_TILE_FACES = 8.0

#: Landmarks of the palm (wrist and the base of each finger), and of the fingertips.
PALM = [0, 1, 5, 9, 13, 17]
TIPS = [4, 8, 12, 16, 20]
#: Each finger's joints, from where it leaves the palm (the thumb: from the wrist) to its
#: tip, the thumb first.
FINGERS = [[0, 1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20]]


@dataclass
class Hand:
    landmarks: np.ndarray  # (21, 2) image pixels
    score: float

    @property
    def size(self) -> float:
        """The palm's length (wrist to the middle finger's knuckle), the hand's scale."""
        return float(np.hypot(*(self.landmarks[9] - self.landmarks[0])))

    def scaled(self, s: float) -> Hand:
        return Hand(self.landmarks * s, self.score)


def _anchors() -> np.ndarray:
    """The palm detector's SSD anchors (MediaPipe's palm_detection_cpu graph: 4 layers,
    strides 8, 16, 16, 16, two anchors per layer, fixed size): centres in [0, 1]."""
    out = []
    for stride, per_cell in ((8, 2), (16, 6)):
        grid = PALM_SIZE // stride
        ys, xs = np.mgrid[0:grid, 0:grid]
        centres = np.stack([(xs.ravel() + 0.5) / grid, (ys.ravel() + 0.5) / grid], axis=1)
        out.append(np.repeat(centres, per_cell, axis=0))
    return np.concatenate(out).astype(np.float32)


_ANCHORS = _anchors()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -80, 80))))


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x0 = np.maximum(a[0], b[:, 0])
    y0 = np.maximum(a[1], b[:, 1])
    x1 = np.minimum(a[2], b[:, 2])
    y1 = np.minimum(a[3], b[:, 3])
    inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return np.asarray(inter / np.maximum(area_a + area_b - inter, 1e-9))


def _tiles(
    around: list[tuple[float, float, float, float]], shape: tuple[int, int], scale: float
) -> list[tuple[int, int, int]]:
    """Squares (x0, y0, side) covering where the people are, about six faces wide: a palm
    is found down to about a tenth of the detector's input, so a palm (half a face) stays
    that large in them. None when the whole frame is enough, and at most MAX_SQUARES - 1
    (larger squares when the people spread wider). None either when that many squares
    would have to be wider than MAX_TILE_FACES faces (a crowd of small faces): their
    hands would be too small in them to confirm."""
    h, w = shape
    side = max(h, w)
    if not around or scale < 30:  # hands of faces that small are too small to find
        return []
    tile = max(PALM_SIZE, 6 * scale)
    if tile >= 0.75 * side:
        return []
    x0 = max(0.0, min(b[0] for b in around))
    y0 = max(0.0, min(b[1] for b in around))
    x1 = min(float(w), max(b[2] for b in around))
    y1 = min(float(h), max(b[3] for b in around))
    while True:
        nx, ny = max(1, math.ceil((x1 - x0) / tile)), max(1, math.ceil((y1 - y0) / tile))
        if nx * ny <= MAX_SQUARES - 1 or tile >= 0.75 * side:
            break
        tile *= 1.25
    if tile >= 0.75 * side or tile > MAX_TILE_FACES * scale:
        return []
    return [
        (
            int(x0 + (i + 0.5) * (x1 - x0) / nx - tile / 2),
            int(y0 + (j + 0.5) * (y1 - y0) / ny - tile / 2),
            int(tile),
        )
        for j in range(ny)
        for i in range(nx)
    ]


class HandFinder:
    """Thread-safe: each call borrows its own copy of a network."""

    def __init__(self, models: Path | None = None) -> None:
        self._palm_path = str(model_path("palm_detection_lite.tflite", models))
        self._hand_path = str(model_path("hand_landmark_lite.tflite", models))
        self._palm_nets = NetPool(self._palm_path)
        self._hand_nets = NetPool(self._hand_path)

    def warm(self) -> None:
        """Load the two models now, ahead of the first photo."""
        self._palm_nets.warm()
        self._hand_nets.warm()

    def detect(
        self, rgb: np.ndarray, around: list[tuple[float, float, float, float]], scale: float
    ) -> list[Hand]:
        """Hands in ``rgb`` (uint8 RGB). The detector looks at the whole frame and, when
        hands would be small in it (``scale``: a typical face's size in pixels), at tiles
        covering the boxes ``around`` (where people are)."""
        h, w = rgb.shape[:2]
        side = max(h, w)
        squares = [(0, 0, side), *_tiles(around, (h, w), scale)]
        found = spread(lambda sq: self._palms(rgb, *sq), squares)
        boxes = np.concatenate([f[0] for f in found])
        if len(boxes) == 0:
            return []
        kps = np.concatenate([f[1] for f in found])
        scores = np.concatenate([f[2] for f in found])
        order = np.argsort(-scores)
        boxes, kps, scores = boxes[order], kps[order], scores[order]
        used = np.zeros(len(scores), bool)
        palms = []
        for i in range(len(scores)):
            if used[i]:
                continue
            used |= _iou(boxes[i], boxes) > NMS_IOU
            palms.append((boxes[i], kps[i], float(scores[i])))
        hands = spread(lambda p: self._landmarks(rgb, *p), palms)
        return [hand for hand in hands if hand is not None]

    def _palms(
        self, rgb: np.ndarray, x0: int, y0: int, side: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Palm boxes (x0, y0, x1, y1), their 7 keypoints and scores in the square
        [x0, x0+side) x [y0, y0+side) (padded with black), in image pixels."""
        h, w = rgb.shape[:2]
        cx0, cy0 = max(0, x0), max(0, y0)
        crop = rgb[cy0 : min(h, y0 + side), cx0 : min(w, x0 + side)]
        s = PALM_SIZE / side
        small = cv2.resize(
            crop,
            (max(1, round(crop.shape[1] * s)), max(1, round(crop.shape[0] * s))),
            interpolation=cv2.INTER_AREA,
        )
        canvas = np.zeros((PALM_SIZE, PALM_SIZE, 3), np.uint8)
        ox, oy = round((cx0 - x0) * s), round((cy0 - y0) * s)
        small = small[: PALM_SIZE - oy, : PALM_SIZE - ox]
        canvas[oy : oy + small.shape[0], ox : ox + small.shape[1]] = small
        with self._palm_nets.borrow() as net:
            net.setInput(cv2.dnn.blobFromImage(canvas, 1 / 255.0, (PALM_SIZE, PALM_SIZE)))
            outs = net.forward(net.getUnconnectedOutLayersNames())
        by_width = {o.shape[-1]: o for o in outs}
        scores = _sigmoid(by_width[1].reshape(-1))
        keep = scores >= MIN_SCORE
        raw = by_width[18].reshape(-1, 18)[keep] / PALM_SIZE
        anchors = _ANCHORS[keep]
        cx, cy = raw[:, 0] + anchors[:, 0], raw[:, 1] + anchors[:, 1]
        bw, bh = raw[:, 2], raw[:, 3]
        boxes = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], 1) * side
        boxes += [x0, y0, x0, y0]
        kps = (raw[:, 4:18].reshape(-1, 7, 2) + anchors[:, None, :]) * side + [x0, y0]
        return boxes, kps, scores[keep]

    def _landmarks(
        self, rgb: np.ndarray, box: np.ndarray, kps: np.ndarray, score: float
    ) -> Hand | None:
        """The hand landmark model on the palm's rotated, enlarged square (MediaPipe's
        palm-to-hand rectangle: the wrist-to-middle-finger line upright, 2.6 times the
        palm, moved half a palm toward the fingers)."""
        wrist, middle = kps[0], kps[2]
        rotation = math.pi / 2 - math.atan2(-(middle[1] - wrist[1]), middle[0] - wrist[0])
        bw, bh = box[2] - box[0], box[3] - box[1]
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        # Half a palm toward the fingers, in the rotated frame.
        cx += 0.5 * bh * math.sin(rotation)
        cy -= 0.5 * bh * math.cos(rotation)
        size = 2.6 * max(bw, bh)
        m = cv2.getRotationMatrix2D(
            (float(cx), float(cy)), math.degrees(rotation), HAND_SIZE / size
        )
        m[0, 2] += HAND_SIZE / 2 - cx
        m[1, 2] += HAND_SIZE / 2 - cy
        crop = cv2.warpAffine(rgb, m, (HAND_SIZE, HAND_SIZE), borderMode=cv2.BORDER_CONSTANT)
        with self._hand_nets.borrow() as net:
            net.setInput(cv2.dnn.blobFromImage(crop, 1 / 255.0, (HAND_SIZE, HAND_SIZE)))
            names = net.getUnconnectedOutLayersNames()
            outs = dict(zip(names, net.forward(names), strict=True))
        # Outputs of hand_landmark_lite: Identity (21 x, y, z in crop pixels), Identity_1
        # (hand presence, a probability), Identity_2 (handedness), Identity_3 (world).
        presence = float(outs["Identity_1"].reshape(-1)[0])
        if presence < MIN_PRESENCE:
            return None
        lm = outs["Identity"].reshape(21, 3)[:, :2]
        inv = cv2.invertAffineTransform(m)
        return Hand((lm @ inv[:, :2].T + inv[:, 2]).astype(np.float32), min(score, presence))
