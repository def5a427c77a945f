"""Engines behind one contract (:mod:`.contract`): ``run(photo, params, progress, cancel)
-> EngineResult(pixels, notes, changes, unchanged)``. An engine says everything about its
run (what it found, what it changed on the way); callers never ask twice or test its type.
``unchanged`` (no face found, or settings that change nothing) lets the save copy the
original file's bytes when the output format is the source's.

The registry (:mod:`.registry`) makes an engine from its name: the cloud engine
(:mod:`.cloud`, the paid service, which keeps paid results on disk) and the local engine
(:mod:`.local`, offline and free, which also makes every preview). :mod:`.merge` carries a
change made on a smaller copy onto the full-size photo.

Adding an engine: write a class with ``name`` and ``run`` here, honour ``cancel`` (call
``progress.check``), put what the user should know in ``notes`` and what was changed on
the way in ``changes``; add its :class:`~..engine_info.EngineInfo` (label, paid, workers)
to ``core/engine_info.py`` and its factory to the registry. The window, the CLI and the
batch runner ask the ``EngineInfo`` and need nothing else.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .contract import Engine, EngineResult
    from .registry import (
        close_clients,
        describe_credits,
        is_paid_for,
        local_engine,
        make_engine,
        paid_already,
        resolve_api_url,
    )

__all__ = [
    "Engine",
    "EngineResult",
    "close_clients",
    "describe_credits",
    "is_paid_for",
    "local_engine",
    "make_engine",
    "paid_already",
    "resolve_api_url",
]
_EXPORTS = {
    "Engine": ".contract",
    "EngineResult": ".contract",
    "close_clients": ".registry",
    "describe_credits": ".registry",
    "is_paid_for": ".registry",
    "local_engine": ".registry",
    "make_engine": ".registry",
    "paid_already": ".registry",
    "resolve_api_url": ".registry",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
