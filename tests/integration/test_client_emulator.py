"""The cloud client against the emulator over real HTTP on loopback."""

import logging

import numpy as np
import pytest
import requests

from smartskin_gui.core import errors as e
from smartskin_gui.core.cloud.client import SmartSkinClient, validate_base_url
from smartskin_gui.core.cloud.fitting import prepare_upload
from smartskin_gui.core.engine.cloud import CloudEngine
from smartskin_gui.core.io.decoding import decode
from smartskin_gui.core.params import Params
from smartskin_gui.emulator.app import CODE_STATUS, Fault
from tests.conftest import FAST_RETRY, jpeg_bytes


def posts(emulator) -> int:
    """The enhance requests the emulator received (the client keeps no count)."""
    return int(emulator.emulator.stats["enhance_calls"])


@pytest.fixture
def upload(astronaut_rgb):
    return prepare_upload(decode(jpeg_bytes(astronaut_rgb)))


def test_success_downloads_an_image_of_the_same_size(client, emulator, upload):
    data = client.enhance(upload, Params(1.0, 1.0))
    result = decode(data)
    assert result.size == (512, 512) and result.format == "JPEG"
    assert emulator.emulator.stats["successes"] == 1 and posts(emulator) == 1
    assert not np.array_equal(result.rgb, upload.rgb)


def test_emulator_checks_the_wire_format(emulator, upload):
    # A raw multipart request made by hand, the way the service documents it.
    url = emulator.url + "/api/portrait/effects/smart-skin"
    files = {"image": ("portrait.jpg", upload.data, "image/jpeg")}
    ok = requests.post(
        url,
        files=files,
        data={"retouch_degree": "0.5"},
        headers={"ailabapi-api-key": "demo-key"},
        timeout=30,
    )
    assert ok.status_code == 200 and ok.json()["data"]["image_url"].startswith(emulator.url)
    bad = requests.post(
        url,
        files=files,
        data={"whitening_degree": "2"},
        headers={"ailabapi-api-key": "demo-key"},
        timeout=30,
    )
    assert bad.json()["error_detail"]["code"] == "ERROR_INVALID_SKIN_WHITENING_PARAMETER"
    nokey = requests.post(url, files=files, timeout=30)
    assert nokey.status_code == 401


def test_wrong_key_fails_at_once_without_retry(emulator, upload):
    c = SmartSkinClient("wrong-key", emulator.url, retry=FAST_RETRY)
    with pytest.raises(e.AuthError) as err:
        c.enhance(upload, Params())
    assert posts(emulator) == 1
    assert "wrong-key" not in str(err.value) and "wrong-key" not in repr(err.value)
    assert "wrong-key" not in repr(c)


@pytest.mark.parametrize("code", sorted(CODE_STATUS))
def test_every_error_code_reaches_the_user(client, emulator, upload, code):
    emulator.emulator.add_fault(Fault("error", count=10, code=code))
    with pytest.raises(e.ServiceError) as err:
        client.enhance(upload, Params())
    assert err.value.code == code and err.value.message
    retryable = code == "EXCEEDING_LIMITS" or CODE_STATUS[code] >= 500
    assert posts(emulator) == (5 if retryable else 1)


def sleeps_of(emulator):
    waits = []
    client = SmartSkinClient(
        "demo-key",
        emulator.url,
        retry=FAST_RETRY,
        sleeper=lambda seconds, cancel: waits.append(seconds),
    )
    return client, waits


def test_busy_then_success_is_retried_with_backoff(emulator, upload):
    emulator.emulator.add_fault(Fault("error", count=2, code="AI_SERVICE_FLOW_RESTRICTION"))
    c, waits = sleeps_of(emulator)
    assert decode(c.enhance(upload, Params())).size == (512, 512)
    assert posts(emulator) == 3
    # 1, 2 (x 10 ms here) plus up to 10% jitter
    assert 0.01 <= waits[0] <= 0.011 and 0.02 <= waits[1] <= 0.022


def test_rate_limit_honours_retry_after(emulator, upload):
    emulator.emulator.add_fault(Fault("error", count=2, code="EXCEEDING_LIMITS", retry_after="3"))
    c, waits = sleeps_of(emulator)
    assert c.enhance(upload, Params())
    assert posts(emulator) == 3 and waits == [3.0, 3.0]


def test_no_credits_is_not_retried(client, emulator, upload):
    emulator.emulator.config.credits = 4
    with pytest.raises(e.NoCreditsError) as err:
        client.enhance(upload, Params())
    assert posts(emulator) == 1 and "credits" in err.value.message


def test_legacy_answers_http_200_with_error_code(client, emulator, upload):
    emulator.emulator.config.legacy = True
    emulator.emulator.add_fault(Fault("error", count=1, code="ERROR_NO_FACE_IN_FILE"))
    with pytest.raises(e.BadPhotoError) as err:
        client.enhance(upload, Params())
    assert err.value.code == "ERROR_NO_FACE_IN_FILE"


@pytest.mark.parametrize("kind, words", [("html", "web page"), ("truncated", "incomplete")])
def test_unreadable_bodies(client, emulator, upload, kind, words):
    emulator.emulator.add_fault(Fault(kind, count=10))
    with pytest.raises(e.BadResponseError) as err:
        client.enhance(upload, Params())
    assert words in err.value.message


def test_unreadable_body_once_then_success(client, emulator, upload):
    emulator.emulator.add_fault(Fault("html", count=1))
    assert client.enhance(upload, Params()) and posts(emulator) == 2


def test_expired_result_url(client, emulator, upload):
    emulator.emulator.config.result_ttl = -1
    with pytest.raises(e.ResultExpiredError) as err:
        client.enhance(upload, Params())
    assert "expired" in err.value.message


def test_download_hiccup_is_retried(client, emulator, upload):
    emulator.emulator.add_fault(Fault("download_error", count=2, status=503))
    assert decode(client.enhance(upload, Params())).size == (512, 512)


def test_no_face_is_reported(client, emulator):
    rng = np.random.default_rng(3)
    texture = rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)
    up = prepare_upload(decode(jpeg_bytes(texture)))
    with pytest.raises(e.BadPhotoError) as err:
        client.enhance(up, Params())
    assert err.value.code == "ERROR_NO_FACE_IN_FILE"


def test_network_down_gives_a_clear_message(upload):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    waits: list[float] = []
    c = SmartSkinClient(
        "demo-key",
        f"http://127.0.0.1:{port}",
        retry=FAST_RETRY,
        sleeper=lambda seconds, cancel: waits.append(seconds),
    )
    with pytest.raises(e.NetworkError) as err:
        c.enhance(upload, Params())
    # Nothing listens, so nothing can count the tries: four waits between five of them.
    assert "internet connection" in err.value.message and len(waits) == 4


def test_cancel_stops_before_and_between_retries(client, emulator, upload):
    emulator.emulator.add_fault(Fault("error", count=10, code="AI_SERVICE_FLOW_RESTRICTION"))
    calls = []

    def cancel():
        return len(calls) > 0

    def progress(f, m):
        if "Retrying" in m:
            calls.append(m)

    with pytest.raises(e.CancelledError):
        client.enhance(upload, Params(), progress, cancel)
    assert posts(emulator) == 1


def test_upload_progress_is_reported(client, upload):
    seen = []
    client.enhance(upload, Params(), lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and any(m == "Uploading" for _, m in seen)


def test_credits_count_down(client, emulator, upload):
    before = client.query_credits().remaining
    client.enhance(upload, Params())
    assert client.query_credits().remaining == before - 5


def test_key_never_logged(emulator, upload, caplog):
    caplog.set_level(logging.DEBUG)
    c = SmartSkinClient("wrong-secret-key", emulator.url, retry=FAST_RETRY)
    with pytest.raises(e.AuthError):
        c.enhance(upload, Params())
    assert caplog.records and "wrong-secret-key" not in caplog.text


def test_cloud_engine_keeps_full_resolution(emulator, astronaut_rgb):
    big = np.asarray(
        __import__("PIL.Image", fromlist=["Image"]).fromarray(astronaut_rgb).resize((5600, 5600))
    )
    photo = decode(jpeg_bytes(big))
    eng = CloudEngine(SmartSkinClient("demo-key", emulator.url, retry=FAST_RETRY))
    result = eng.run(photo, Params())
    assert result.pixels.shape == big.shape
    assert any("downscaled" in c for c in result.changes)


@pytest.mark.parametrize("url", ["http://example.com", "ftp://127.0.0.1", "nonsense", ""])
def test_plain_http_only_for_loopback(url):
    with pytest.raises(e.ConfigError):
        validate_base_url(url)
    assert validate_base_url("http://127.0.0.1:9/") == "http://127.0.0.1:9"
    assert validate_base_url("http://[::1]:9") == "http://[::1]:9"
    assert validate_base_url("https://www.ailabapi.com") == "https://www.ailabapi.com"
