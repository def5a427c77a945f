"""numpy <-> QImage, safe to call from worker threads (QImage, never QPixmap)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def to_qimage(rgb: np.ndarray) -> QImage:
    """A deep copy of an (H, W, 3) uint8 RGB array as a QImage.

    The QImage is allocated by Qt and filled by numpy, which releases the GIL while copying:
    ``QImage(...).copy()`` would hold it (about 50 ms for 24 MP), stalling the GUI thread
    while a worker prepares a result.
    """
    h, w = rgb.shape[:2]
    image = QImage(w, h, QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.bits(), np.uint8).reshape(h, image.bytesPerLine())
    np.copyto(rows[:, : 3 * w].reshape(h, w, 3), rgb)
    return image


def to_display_qimage(rgb: np.ndarray) -> QImage:
    """Like :func:`to_qimage` but in Qt's native display format (0xffRRGGBB), so turning it
    into a QPixmap on the GUI thread is a plain copy instead of a pixel-format conversion."""
    h, w = rgb.shape[:2]
    image = QImage(w, h, QImage.Format.Format_RGB32)
    bgra = np.frombuffer(image.bits(), np.uint8).reshape(h, image.bytesPerLine() // 4, 4)
    np.copyto(bgra[:, :w, 0], rgb[:, :, 2])
    np.copyto(bgra[:, :w, 1], rgb[:, :, 1])
    np.copyto(bgra[:, :w, 2], rgb[:, :, 0])
    bgra[:, :w, 3] = 255
    return image


def from_qimage(image: QImage) -> np.ndarray:
    """An (H, W, 3) uint8 RGB copy of a QImage."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), np.uint8, count=img.bytesPerLine() * h)
    return buf.reshape(h, img.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()
