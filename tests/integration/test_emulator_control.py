"""The emulator's control endpoint: guarded, and a bad body is a 400, not a crash."""

from __future__ import annotations

import logging

import pytest
import requests

from smartskin_gui.emulator.app import DEMO_KEY
from smartskin_gui.emulator.server import EmulatorServer


def test_config_needs_an_accepted_key(emulator):
    url = f"{emulator.url}/__emulator__/config"
    before = emulator.emulator.config.credits
    r = requests.post(url, json={"credits": 10**9, "valid_keys": ["mine"]}, timeout=10)
    assert r.status_code == 401
    assert (
        emulator.emulator.config.credits == before
        and "mine" not in emulator.emulator.config.valid_keys
    )
    ok = requests.post(
        url, json={"credits": 77}, headers={"ailabapi-api-key": DEMO_KEY}, timeout=10
    )
    assert ok.status_code == 200 and emulator.emulator.config.credits == 77


@pytest.mark.parametrize(
    "what, body",
    [
        ("faults", {"kind": "error", "bogus": 1}),
        ("faults", {"kind": "error", "count": "many"}),
        ("faults", ["not", "an", "object"]),
        ("config", {"credits": "lots"}),
        ("config", {"no_such_setting": 1}),
        ("config", {"valid_keys": "k"}),
    ],
)
def test_bad_control_bodies_are_400(emulator, what, body):
    r = requests.post(
        f"{emulator.url}/__emulator__/{what}",
        json=body,
        headers={"ailabapi-api-key": DEMO_KEY},
        timeout=10,
    )
    assert r.status_code == 400 and "error" in r.json()
    assert not emulator.emulator._faults


def test_listening_beyond_this_computer_warns(caplog):
    caplog.set_level(logging.WARNING)
    with EmulatorServer("0.0.0.0", 0):
        pass
    assert "other computers" in caplog.text
    caplog.clear()
    with EmulatorServer("127.0.0.1", 0):
        pass
    assert "other computers" not in caplog.text
