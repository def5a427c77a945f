"""The engine factory: one local engine, one cloud client per key and URL."""

from __future__ import annotations

import pytest

from smartskin_gui.core.engine import registry as engines
from smartskin_gui.core.engine.contract import Engine
from smartskin_gui.core.errors import MissingKeyError
from smartskin_gui.core.state.app_settings import AppSettings, SettingsStore


@pytest.fixture
def store(tmp_path, monkeypatch) -> SettingsStore:
    monkeypatch.delenv("SMARTSKIN_API_KEY", raising=False)
    monkeypatch.delenv("SMARTSKIN_API_URL", raising=False)
    yield SettingsStore(tmp_path)
    engines.close_clients()


def test_every_engine_keeps_the_contract(store):
    store.set_api_key("k1")
    for name in ("local", "cloud"):
        engine = engines.make_engine(name, store, AppSettings(api_url="http://127.0.0.1:9"))
        assert isinstance(engine, Engine) and engine.name == name


def test_cloud_calls_share_one_client_until_the_key_or_url_changes(store):
    store.set_api_key("k1")
    settings = AppSettings(api_url="http://127.0.0.1:9")
    first = engines.make_engine("cloud", store, settings).client
    assert engines.make_engine("cloud", store, settings).client is first
    store.set_api_key("k2")
    other = engines.make_engine("cloud", store, settings).client
    assert other is not first
    assert engines.local_engine() is engines.local_engine()


def test_cloud_without_a_key_says_so(store):
    with pytest.raises(MissingKeyError):
        engines.make_engine("cloud", store)
