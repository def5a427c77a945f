"""The engine registry: the engine a name means (each :class:`~..engine_info.EngineInfo`
has a factory here), the one local engine and the one cloud client behind the cloud engine.

The cloud side (its client, HTTP stack and paid-results cache) loads only when asked for:
a local run never pays for importing ``requests`` (some 70 ms of every command-line run).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..cloud import CreditMeter, shared_meter
from ..engine_info import CLOUD, LOCAL, engine_info
from ..errors import MissingKeyError
from ..params import Params
from ..progress import Cancel
from ..state import AppSettings, SettingsStore
from .contract import Engine
from .local import LocalEngine

if TYPE_CHECKING:
    from ..cloud import DiskCache, SmartSkinClient, Stamp

_lock = threading.Lock()
_local: LocalEngine | None = None
_client: tuple[tuple[str, str], SmartSkinClient] | None = None
_paid: DiskCache | None = None


def paid_results() -> DiskCache:
    """The one disk cache of paid results (per cache dir: ``SMARTSKIN_CACHE_DIR`` may change)."""
    from ..cloud import DiskCache, cache_dir

    global _paid
    with _lock:
        if _paid is None or _paid.directory != cache_dir():
            _paid = DiskCache(cache_dir())
        return _paid


def paid_already(photos: Iterable[tuple[str, Params]], service: str) -> set[str]:
    """The paths among ``photos`` (path, settings) that the cloud engine renders without
    paying: their result from ``service`` (a base URL, e.g. :func:`resolve_api_url`) is in
    the paid-results cache for the file as it is now, or their settings change nothing (they
    are never sent).

    Cheap and thread-safe: no photo is read or encoded, each is ``stat``-ed once (for 3,000
    photos on a slow share, ask off the GUI thread). A cached result can still be evicted
    before the render: this is what is known now, not a promise."""
    return {path for path, params in photos if is_paid_for(path, params, service)}


def is_paid_for(path: str, params: Params, service: str, stamp: Stamp | None = None) -> bool:
    """One photo of :func:`paid_already`; with ``stamp`` (the file's size and mtime_ns when
    it was loaded) not even a ``stat``: cheap enough for every slider move."""
    return params.is_identity or paid_results().paid_for(path, CLOUD.name, params, service, stamp)


def local_engine() -> LocalEngine:
    """One local engine per process, so its face models and analyses are reused."""
    global _local
    with _lock:
        if _local is None:
            _local = LocalEngine()
        return _local


def resolve_api_url(settings: AppSettings | None, override: str | None = None) -> str:
    """Command-line or caller override, then ``SMARTSKIN_API_URL``, then the settings."""
    from ..cloud import DEFAULT_BASE_URL, validate_base_url

    url = (
        override
        or os.environ.get("SMARTSKIN_API_URL")
        or (settings.api_url if settings else DEFAULT_BASE_URL)
    )
    return validate_base_url(url)


def cloud_client(key: str, url: str) -> SmartSkinClient:
    """One client (so one ``requests.Session``) per key and URL; a new pair closes the old."""
    from ..cloud import SmartSkinClient

    global _client
    with _lock:
        if _client is not None and _client[0] == (key, url):
            return _client[1]
        if _client is not None:
            _client[1].close()
        client = SmartSkinClient(key, url)
        _client = ((key, url), client)
        return client


def close_clients() -> None:
    """Close the cloud client's connections (on quit)."""
    global _client
    with _lock:
        if _client is not None:
            _client[1].close()
            _client = None


def make_engine(
    name: str,
    store: SettingsStore,
    settings: AppSettings | None = None,
    api_url: str | None = None,
    meter: CreditMeter | None = None,
    *,
    once: bool = False,
) -> Engine:
    """The engine called ``name`` (see :data:`~..engine_info.ENGINES`), ready to use. The
    cloud engine keeps paid results in :func:`paid_results` and counts its calls on ``meter``
    (default: the process's :func:`~..cloud.credits.shared_meter`). ``once``: each photo
    is retouched once (a command-line batch): the local engine is one of its own that keeps
    no analyses, rather than the process's :func:`local_engine`."""
    return _FACTORIES[engine_info(name).name](store, settings, api_url, meter, once)


def _local_factory(
    store: SettingsStore,
    settings: AppSettings | None,
    api_url: str | None,
    meter: CreditMeter | None,
    once: bool,
) -> Engine:
    return LocalEngine(cache_size=0) if once else local_engine()


def _cloud_factory(
    store: SettingsStore,
    settings: AppSettings | None,
    api_url: str | None,
    meter: CreditMeter | None,
    once: bool,
) -> Engine:
    from .cloud import CloudEngine

    key = store.api_key()
    if not key:
        raise MissingKeyError()
    client = cloud_client(key, resolve_api_url(settings, api_url))
    return CloudEngine(client, paid_results(), meter or shared_meter())


_Factory = Callable[
    [SettingsStore, AppSettings | None, str | None, CreditMeter | None, bool], Engine
]
_FACTORIES: dict[str, _Factory] = {LOCAL.name: _local_factory, CLOUD.name: _cloud_factory}


def describe_credits(key: str, url: str, cancel: Cancel | None = None) -> str:
    """Ask the service how many credits ``key`` has left (the key check), as a sentence."""
    from ..cloud import SmartSkinClient, validate_base_url

    client = SmartSkinClient(key, validate_base_url(url))
    try:
        return client.query_credits(cancel).describe()
    finally:
        client.close()
