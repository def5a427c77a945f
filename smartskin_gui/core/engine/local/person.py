"""Where the people are: MediaPipe's selfie segmentation, run by OpenCV's DNN module.

No TensorFlow: ``cv2.dnn.readNetFromTFLite`` runs the bundled ``.tflite`` files
(resources/models, Apache-2.0). The square model (256x256) suits portraits, the landscape
model (256x144) wide group shots. The map is a limit on where skin may be (tables in front
of people may count as "person"), not a skin mask by itself.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from ...resources import model_path
from ...workpool import spread
from .tflite import NetPool

SQUARE = ("selfie_segmentation.tflite", (256, 256))
LANDSCAPE = ("selfie_segmentation_landscape.tflite", (256, 144))
#: Wider than this (width / height): the landscape model sees the frame less squeezed.
LANDSCAPE_ASPECT = 1.4


class PersonSegmenter:
    """Thread-safe: each call borrows its own copy of a network (cv2.dnn nets run one
    input at a time)."""

    def __init__(self, models: Path | None = None) -> None:
        self._nets = {
            name: NetPool(str(model_path(name, models))) for name in (SQUARE[0], LANDSCAPE[0])
        }

    def warm(self) -> None:
        """Load the two models now, ahead of the first photo."""
        for pool in self._nets.values():
            pool.warm()

    def _run(self, rgb: np.ndarray) -> np.ndarray:
        h, w = rgb.shape[:2]
        name, size = LANDSCAPE if w / h >= LANDSCAPE_ASPECT else SQUARE
        small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        with self._nets[name].borrow() as net:
            net.setInput(cv2.dnn.blobFromImage(small, 1 / 255.0, size))
            out = np.asarray(net.forward(), np.float32).reshape(size[1], size[0])
        return np.asarray(np.clip(out, 0.0, 1.0), np.float32)

    def probability(
        self, rgb: np.ndarray, crops: list[tuple[int, int, int, int]] | None = None
    ) -> np.ndarray:
        """Person probability in [0, 1] for every pixel of ``rgb`` (uint8 RGB).

        ``crops`` (x0, y0, x1, y1) are looked at again on their own, at the model's full
        resolution, so small people in a group are segmented as finely as a portrait; the
        map keeps the larger of the two answers there.
        """
        h, w = rgb.shape[:2]
        boxes = [(0, 0, w, h)]
        for x0, y0, x1, y1 in crops or []:
            x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
            if x1 - x0 >= 16 and y1 - y0 >= 16:
                boxes.append((x0, y0, x1, y1))

        def one(box: tuple[int, int, int, int]) -> np.ndarray:
            x0, y0, x1, y1 = box
            run = self._run(rgb[y0:y1, x0:x1])
            return np.asarray(cv2.resize(run, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR))

        # The frame and the crops on every core (the larger answer wins: in any order).
        prob, *parts = spread(one, boxes)
        for (x0, y0, x1, y1), part in zip(boxes[1:], parts, strict=True):
            np.maximum(prob[y0:y1, x0:x1], part, out=prob[y0:y1, x0:x1])
        return np.asarray(prob, dtype=np.float32)
