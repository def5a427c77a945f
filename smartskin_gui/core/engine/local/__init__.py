"""The local engine: offline skin retouching with numpy + OpenCV and bundled MediaPipe
models (faces, face mesh, person segmentation) run by ``cv2.dnn``.

Public API: :class:`LocalEngine` and the note it gives when no face is found. The other
modules here are its parts (face finding, skin mask, frequency bands, rendering)."""

from .engine import NO_FACE_NOTE, LocalEngine

__all__ = ["NO_FACE_NOTE", "LocalEngine"]
