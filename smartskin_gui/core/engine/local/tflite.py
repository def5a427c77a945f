"""Loading the bundled ``.tflite`` models with OpenCV, safely from several threads.

OpenCV's TFLite importer fills its operator table lazily on first use without a lock; two
threads building their first network at once can see a half-filled table and fail with
"Unsupported operator type RELU" (seen once in the test suite, where the face finder's tile
threads and the person segmenter each load nets). One process-wide lock serialises loading;
running the loaded nets stays parallel.
"""

from __future__ import annotations

import threading

import cv2

_LOAD_LOCK = threading.Lock()


def load_net(path: str) -> cv2.dnn.Net:
    """``cv2.dnn.readNetFromTFLite(path)``, one load at a time across the process."""
    with _LOAD_LOCK:
        return cv2.dnn.readNetFromTFLite(path)
