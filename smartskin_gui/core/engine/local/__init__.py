"""The local engine: offline skin retouching with numpy + OpenCV and bundled MediaPipe
models (faces, face mesh, person segmentation) run by ``cv2.dnn``.

Public API: :class:`LocalEngine` and the note it gives when no face is found (loaded on
first use: :mod:`.ahead` is light). The other modules here are its parts (face finding,
skin mask, frequency bands, rendering)."""

from typing import TYPE_CHECKING

from ...lazy import lazy_exports

if TYPE_CHECKING:
    from .engine import NO_FACE_NOTE, LocalEngine

__all__ = ["NO_FACE_NOTE", "LocalEngine"]
_EXPORTS = {"NO_FACE_NOTE": ".engine", "LocalEngine": ".engine"}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
