"""A batch against the emulator over loopback: calls in flight, paid once, a credit limit."""

from __future__ import annotations

import json

import pytest

from smartskin_gui import cli
from smartskin_gui.core.cloud import client as api
from smartskin_gui.emulator.app import Fault
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


# --- a service that is down stops costing time ---------------------------------------------


def fail_every_call(cloud, code: str = "SERVICE_INTERNAL_ERROR") -> None:
    cloud.add_fault(Fault("error", count=10_000, code=code))


def not_started(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["message"].startswith("Not started: ")]


def test_a_service_that_is_down_fails_the_rest_of_the_batch_at_once(cloud, capsys, tmp_path):
    """Every call fails: the first photo gets its retries, the second one try, then the
    rest are not sent (before: every photo its whole retry schedule, 54 s in the window)."""
    fail_every_call(cloud)
    photos = make_shoot(tmp_path / "shoot", 10)
    code, lines, _ = run(capsys, "enhance", *photos, "--engine", "cloud", "--json", "-j", "1")
    assert code == 1 and not any(line["ok"] for line in lines)
    attempts = 1 + len(FAST_RETRY.delays)
    assert cloud.stats["enhance_calls"] == attempts + 1
    first, second, *rest = lines
    assert first["code"] == second["code"] == "SERVICE_INTERNAL_ERROR"
    assert not_started(lines) == rest and len(rest) == 8
    assert {line["message"] for line in rest} == {
        "Not started: the service failed the same way for 2 photos in a row. " + first["message"]
    }
    assert all(line["code"] == "SERVICE_INTERNAL_ERROR" for line in rest)


def test_with_photos_in_flight_the_calls_are_bounded_by_those_in_flight(cloud, capsys, tmp_path):
    fail_every_call(cloud, "AI_SERVICE_FLOW_RESTRICTION")
    photos = make_shoot(tmp_path / "shoot", 10)
    code, lines, _ = run(capsys, "enhance", *photos, "--engine", "cloud", "--json")
    assert code == 1 and not any(line["ok"] for line in lines)
    # At most the three photos in flight had their retries, and the photos that started
    # while the first failures came in one try each (not the 10 x 5 calls of before).
    assert cloud.stats["enhance_calls"] <= 3 * (1 + len(FAST_RETRY.delays)) + 3
    assert len(not_started(lines)) >= 4


@pytest.mark.parametrize("jobs", [1, 3])
@pytest.mark.parametrize("broken", ["wrong key", "no credits"])
def test_a_wrong_key_or_no_credits_stops_the_batch_at_once(
    cloud, capsys, tmp_path, monkeypatch, broken, jobs
):
    if broken == "wrong key":
        monkeypatch.setenv("SMARTSKIN_API_KEY", "wrong-key")
    else:
        cloud.config.credits = 0
    photos = make_shoot(tmp_path / "shoot", 10)
    code, lines, err = run(
        capsys, "enhance", *photos, "--engine", "cloud", "--json", "-j", str(jobs)
    )
    assert code == 1 and not any(line["ok"] for line in lines)
    assert cloud.stats["enhance_calls"] <= jobs  # only the calls already in flight
    assert len(not_started(lines)) >= 10 - jobs
    expected = "ERROR_USER_NOT_EXISTS" if broken == "wrong key" else "ERROR_NOT_ENOUGH_CREDITS"
    assert {line["code"] for line in lines} == {expected}
    assert "wrong-key" not in err and "wrong-key" not in json.dumps(lines)


def test_failures_about_the_photo_itself_never_stop_the_batch(cloud, capsys, tmp_path):
    cloud.add_fault(Fault("error", count=5, code="ERROR_NO_FACE_IN_FILE"))
    photos = make_shoot(tmp_path / "shoot", 5)
    _, lines, _ = run(capsys, "enhance", *photos, "--engine", "cloud", "--json", "-j", "1")
    assert cloud.stats["enhance_calls"] == 5 and not not_started(lines)
    assert {line["code"] for line in lines} == {"ERROR_NO_FACE_IN_FILE"}


def test_a_service_back_up_counts_again_from_zero(cloud, capsys, tmp_path):
    attempts = 1 + len(FAST_RETRY.delays)
    cloud.add_fault(Fault("error", count=attempts, code="SERVICE_INTERNAL_ERROR"))
    photos = make_shoot(tmp_path / "shoot", 4)
    _, lines, _ = run(capsys, "enhance", *photos, "--engine", "cloud", "--json", "-j", "1")
    assert [line["ok"] for line in lines] == [False, True, True, True]
    assert cloud.stats["enhance_calls"] == attempts + 3 and not not_started(lines)
