"""The local engine's models loaded ahead, while a command-line run is still starting.

A run spends its first fifth of a second importing Python modules, on one core; loading
the six models and running each once (OpenCV sets a net's layers up on its first run) is
work another core can do meanwhile, as it decodes the first photo (``core/io/ahead.py``).
The engine's finders then find their nets loaded (:func:`.tflite.net_pool`: one pool per
model in the process) and its first photo does not wait for them.

Light on purpose: importing this module loads nothing but the standard library; the
thread loads numpy, OpenCV and the finders itself.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


def load_ahead() -> threading.Thread:
    """Start loading the local engine's models on a thread of their own (returned). Any
    failure is left to the engine, which loads them again and says what is wrong."""
    thread = threading.Thread(target=_load, name="smartskin-models-ahead")
    thread.start()
    return thread


def _load() -> None:
    try:
        # In the order a first photo needs them.
        from .faces import FaceFinder
        from .hands import HandFinder
        from .person import PersonSegmenter

        FaceFinder().warm()
        HandFinder().warm()
        PersonSegmenter().warm()
    except Exception:  # the engine loads them itself, and says what is wrong
        log.debug("models not loaded ahead", exc_info=True)
