"""A batch against the emulator over loopback: calls in flight, paid once, a credit limit."""

from __future__ import annotations

import json

import pytest

from smartskin_gui import cli
from smartskin_gui.core.cloud import client as api
from tests.conftest import FAST_RETRY
from tests.shoot import make_shoot


@pytest.fixture
def cloud(monkeypatch, emulator):
    monkeypatch.setattr(api, "DEFAULT_RETRY", FAST_RETRY)
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    return emulator.emulator


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines() if x.startswith("{")], err


def test_ten_photos_make_ten_calls_at_most_three_at_once_then_none(cloud, capsys, tmp_path):
    cloud.config.latency = 0.2  # long enough for calls to overlap
    photos = make_shoot(tmp_path / "shoot", 10)
    out = tmp_path / "out"
    code, lines, err = run(capsys, "enhance", *photos, "-o", out, "--engine", "cloud", "--json")
    assert code == 0, err
    assert [line["input"] for line in lines] != [] and all(line["ok"] for line in lines)
    assert cloud.stats["enhance_calls"] == 10
    assert 1 < cloud.stats["max_in_flight"] <= 3
    assert "10 paid calls, 50 credits spent" in err
    code, lines, err = run(capsys, "enhance", *photos, "-o", out, "--engine", "cloud", "--json")
    assert code == 0 and cloud.stats["enhance_calls"] == 10  # all from the disk cache
    assert "0 paid calls, 0 credits spent" in err
    assert len({line["output"] for line in lines}) == 10  # new names, nothing overwritten


def test_max_credits_stops_before_spending_more(cloud, capsys, tmp_path):
    photos = make_shoot(tmp_path / "shoot", 5)
    args = ("enhance", *photos, "--engine", "cloud", "--json", "--max-credits", 12)
    code, lines, err = run(capsys, *args)
    assert code == 1
    assert cloud.stats["successes"] == 2  # 2 x 5 credits fit in 12; a third would not
    refused = [line for line in lines if line["code"] == "CREDIT_LIMIT"]
    assert len(refused) == 3 and all("credits" in line["message"] for line in refused)
    assert "2 paid calls, 10 credits spent" in err


def test_settings_that_change_nothing_are_neither_paid_for_nor_re_encoded(cloud, capsys, tmp_path):
    [photo] = make_shoot(tmp_path / "shoot", 1)
    out = tmp_path / "out"
    code, lines, err = run(
        capsys,
        "enhance",
        photo,
        "-o",
        out,
        "--engine",
        "cloud",
        "--retouch",
        "0",
        "--whitening",
        "0",
        "--json",
    )
    assert code == 0 and lines[0]["ok"], err
    assert cloud.stats["enhance_calls"] == 0
    assert (out / lines[0]["output"]).read_bytes() == photo.read_bytes()
