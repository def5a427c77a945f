"""Engines behind one contract (:mod:`.contract`), found by name in the registry
(:mod:`.registry`): the cloud engine (:mod:`.cloud`, the paid service) and the local
engine (:mod:`.local`, offline and free). :mod:`.merge` carries a change made on a
smaller copy onto the full-size photo.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .contract import Engine, EngineResult
    from .registry import (
        batch_workers,
        close_clients,
        describe_credits,
        local_engine,
        make_engine,
        resolve_api_url,
    )

__all__ = [
    "Engine",
    "EngineResult",
    "batch_workers",
    "close_clients",
    "describe_credits",
    "local_engine",
    "make_engine",
    "resolve_api_url",
]
_EXPORTS = {
    "Engine": ".contract",
    "EngineResult": ".contract",
    "batch_workers": ".registry",
    "close_clients": ".registry",
    "describe_credits": ".registry",
    "local_engine": ".registry",
    "make_engine": ".registry",
    "resolve_api_url": ".registry",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
