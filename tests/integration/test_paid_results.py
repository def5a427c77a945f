"""Paid results over loopback HTTP: kept per service address (two emulators on two ports),
never paid for twice when something odd sits where a result is kept, and "already paid"
known without reading the photo."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartskin_gui import cli
from smartskin_gui.core.cloud import DiskCache, prepare_upload, validate_base_url
from smartskin_gui.core.cloud import client as api
from smartskin_gui.core.engine import paid_already
from smartskin_gui.core.engine.registry import paid_results
from smartskin_gui.core.io import load_photo
from smartskin_gui.core.params import Params
from smartskin_gui.emulator.app import DEMO_KEY, EmulatorConfig
from smartskin_gui.emulator.server import EmulatorServer
from tests.conftest import FAST_RETRY
from tests.shoot import make_shoot


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch, emulator: EmulatorServer) -> EmulatorServer:
    monkeypatch.setattr(api, "DEFAULT_RETRY", FAST_RETRY)
    monkeypatch.setenv("SMARTSKIN_API_KEY", DEMO_KEY)
    return emulator


@pytest.fixture
def other() -> Iterator[EmulatorServer]:
    """A second emulator, on another port: another service address."""
    with EmulatorServer(config=EmulatorConfig(valid_keys={DEMO_KEY})) as server:
        yield server


def enhance(capsys: pytest.CaptureFixture[str], url: str, *args: object) -> list[dict]:
    code = cli.main(["enhance", *map(str, args), "--engine", "cloud", "--api-url", url, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_a_result_paid_at_one_address_is_not_served_for_another(
    cloud: EmulatorServer, other: EmulatorServer, capsys, tmp_path: Path
) -> None:
    photos = make_shoot(tmp_path / "shoot", 2)
    out = tmp_path / "out"
    enhance(capsys, cloud.url, *photos, "-o", out)
    assert cloud.emulator.stats["enhance_calls"] == 2
    enhance(capsys, other.url, *photos, "-o", out)
    assert other.emulator.stats["enhance_calls"] == 2  # not served from the first's results
    enhance(capsys, cloud.url, *photos, "-o", out)
    enhance(capsys, other.url, *photos, "-o", out)
    assert cloud.emulator.stats["enhance_calls"] == 2  # each address's own, from the cache
    assert other.emulator.stats["enhance_calls"] == 2


def entry_of(photo: Path, params: Params, url: str) -> Path:
    """Where the cloud's result of ``photo`` from ``url`` is kept (the key: the bytes sent)."""
    sent = hashlib.sha256(prepare_upload(load_photo(photo)).data).hexdigest()
    key = DiskCache.key(sent, "cloud", params, validate_base_url(url))
    return paid_results().directory / DiskCache._name(key)


@pytest.mark.parametrize("odd", ["fifo", "folder"])
@pytest.mark.timeout(120)
def test_something_odd_where_a_result_is_kept_blocks_nothing_and_is_paid_once(
    cloud: EmulatorServer, capsys, tmp_path: Path, odd: str
) -> None:
    if odd == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    [photo] = make_shoot(tmp_path / "shoot", 1)
    entry = entry_of(photo, Params(), cloud.url)
    entry.parent.mkdir(parents=True, exist_ok=True)
    if odd == "fifo":
        os.mkfifo(entry)  # a plain read of it would hang the render for good
    else:
        entry.mkdir()
        (entry / "x").write_text("x")  # today: every render of this photo paid again
    for _ in range(3):
        [line] = enhance(capsys, cloud.url, photo, "-o", tmp_path / "out")
        assert line["ok"]
    assert cloud.emulator.stats["enhance_calls"] == 1
    assert entry.is_file()


def test_paid_already_knows_without_reading_the_photo(
    cloud: EmulatorServer, other: EmulatorServer, capsys, tmp_path: Path
) -> None:
    photos = [str(p) for p in make_shoot(tmp_path / "shoot", 4)]
    enhance(capsys, cloud.url, *photos[:2], "-o", tmp_path / "out", "--retouch", "0.5")
    here, there = validate_base_url(cloud.url), validate_base_url(other.url)
    asked = [(p, Params(0.5, 1.0)) for p in photos] + [(photos[2], Params(0, 0))]
    # photos 0 and 1 are paid; photo 2 with settings that change nothing is never sent
    assert paid_already(asked, here) == {photos[0], photos[1], photos[2]}
    assert paid_already(asked, there) == {photos[2]}
    assert paid_already([(photos[0], Params(0.6, 1.0))], here) == set()
    Path(photos[1]).write_bytes(Path(photos[3]).read_bytes())  # replaced: another photo now
    assert paid_already(asked[:2], here) == {photos[0]}
