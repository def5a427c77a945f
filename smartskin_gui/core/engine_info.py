"""What the app knows about each engine without loading it: its name, its label, whether
each render costs credits, and how many photos a batch gives it at once.

The UI asks an :class:`EngineInfo` ("is it paid?"), never compares engine names; the
registry (:mod:`.engine.registry`) makes the engine itself. A new engine is a new entry
here and a factory there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import ParameterError


@dataclass(frozen=True)
class EngineInfo:
    name: str  # as stored in settings, recorded in XMP and typed on the command line
    label: str  # as the engine menu shows it
    paid: bool  # each render costs credits: it runs only when the user asks
    workers: int  # photos a batch works on at once

    def __str__(self) -> str:
        return self.name


#: Offline and free; one photo per core (OpenCV releases the GIL, so threads spread over the
#: cores: measured in tests/bench/bench_batch.py). It also makes every live preview.
LOCAL = EngineInfo(
    "local", "Local (offline)", paid=False, workers=max(1, min(8, os.cpu_count() or 1))
)
#: The AILabTools service: 3 calls in flight per key is the service's limit.
CLOUD = EngineInfo("cloud", "Cloud (AILabTools)", paid=True, workers=3)

ENGINES: dict[str, EngineInfo] = {e.name: e for e in (LOCAL, CLOUD)}
#: The engine of live previews and of the full result shown before a paid render: free.
PREVIEW = LOCAL


def engine_info(name: str) -> EngineInfo:
    """The engine called ``name``; a :class:`ParameterError` for an unknown name."""
    try:
        return ENGINES[name]
    except KeyError:
        known = ", ".join(ENGINES)
        raise ParameterError(f"There is no engine called “{name}” (known: {known}).") from None
