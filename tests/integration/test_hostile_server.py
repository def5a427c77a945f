"""The cloud client against a hostile service on loopback.

127.0.0.1 plays the service; 127.0.0.2 plays another host that must never see the key.
Deadlines are short parameters so each attack is over in well under a second.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib.metadata import version

import numpy as np
import pytest

from smartskin_gui import cli
from smartskin_gui.core import errors as e
from smartskin_gui.core.cloud.client import SmartSkinClient, validate_base_url
from smartskin_gui.core.cloud.fitting import prepare_upload
from smartskin_gui.core.engine.cloud import CloudEngine
from smartskin_gui.core.engine.registry import resolve_api_url
from smartskin_gui.core.io.decoding import decode
from smartskin_gui.core.params import Params
from smartskin_gui.core.state.app_settings import AppSettings, SettingsStore
from tests.conftest import FAST_RETRY, jpeg_bytes
from tests.integration.hostile import Hostile, Script, Seen, answer, endless, send, trickle

KEY = "sEcReT-kEy-0042"
ENHANCE = "/api/portrait/effects/smart-skin"


def envelope(url: str | None, code: str = "", status: int = 200) -> bytes:
    return json.dumps(
        {
            "error_code": 0 if status == 200 else status,
            "error_detail": {"status_code": status, "code": code},
            "data": {"image_url": url} if url is not None else {},
        }
    ).encode()


@pytest.fixture
def other() -> Iterator[Hostile]:
    """127.0.0.2: answers anything with a result, and must never receive the key."""
    with Hostile("127.0.0.2", send(answer(200, envelope("http://127.0.0.2/r.jpg")))) as srv:
        yield srv
    assert all(KEY not in json.dumps(s.headers) + repr(s.body) for s in srv.seen)


@pytest.fixture(autouse=True)
def _key_never_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    assert KEY not in caplog.text


@pytest.fixture
def upload(astronaut_rgb):
    return prepare_upload(decode(jpeg_bytes(astronaut_rgb)))


@pytest.fixture(scope="module")
def result_jpeg(astronaut_rgb) -> bytes:
    return jpeg_bytes(astronaut_rgb)


def client(url: str, **kw) -> SmartSkinClient:
    kw.setdefault("retry", FAST_RETRY)
    kw.setdefault("timeout", (2.0, 2.0))
    kw.setdefault("deadline", 0.6)
    return SmartSkinClient(KEY, url, **kw)


def posts(srv: Hostile) -> list[Seen]:
    return [s for s in srv.seen if s.method == "POST"]


# --- the key goes nowhere else --------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.2:{o}\\@127.0.0.1:{s}",
        "http://127.0.0.2:{o}\\\\@127.0.0.1:{s}",
        "http://user@127.0.0.1:{s}",
        "http://127.0.0.1:{s}@127.0.0.2:{o}",
        "http://127.0.0.1:{s}/ x",
        "http://127.0.0.1:{s}?x=@127.0.0.2",
        # urlsplit reads the host as 127.0.0.1%2e, urllib3 as 127.0.0.1. (the https one passes
        # every other check: only the comparison of the two hosts refuses it)
        "http://127.0.0.1%2e:{s}",
        "https://127.0.0.1%2e:{s}",
        "https://127.0.0.2%2e:{o}",
    ],
)
def test_ambiguous_api_urls_are_refused_everywhere(template, other, monkeypatch, tmp_path):
    with Hostile("127.0.0.1", send(answer(200, envelope(None)))) as service:
        url = template.format(o=other.port, s=service.port)
        with pytest.raises(e.ConfigError):
            validate_base_url(url)
        with pytest.raises(e.ConfigError):
            SmartSkinClient(KEY, url)
        monkeypatch.setenv("SMARTSKIN_API_URL", url)
        with pytest.raises(e.ConfigError):
            resolve_api_url(AppSettings())
        monkeypatch.delenv("SMARTSKIN_API_URL")
        store = SettingsStore(tmp_path)
        store.config_path.write_text(json.dumps({"api_url": url}), encoding="utf-8")
        assert store.load().api_url == AppSettings().api_url
    assert not service.seen and not other.seen


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_keyed_requests_never_follow_redirects(status, other, upload):
    where = {"Location": f"{other.url}{ENHANCE}"}
    with Hostile("127.0.0.1", send(answer(status, b"", where))) as service:
        c = client(service.url)
        with pytest.raises(e.RedirectRefusedError) as err:
            c.enhance(upload, Params())
        with pytest.raises(e.RedirectRefusedError):
            c.query_credits()
    assert len(posts(service)) == 1 and not other.seen
    assert "API URL" in err.value.message


def test_echoed_code_is_never_shown_as_it_came(upload, capsys, tmp_path, portrait, monkeypatch):
    code = f"\x1b[31m{KEY}<a href='x'>"
    body = envelope(None, code=code, status=400)
    with Hostile("127.0.0.1", send(answer(400, body))) as service:
        with pytest.raises(e.ServiceError) as err:
            client(service.url).enhance(upload, Params())
        assert KEY not in err.value.message + err.value.code
        assert "\x1b" not in err.value.message + err.value.code
        monkeypatch.setenv("SMARTSKIN_API_KEY", KEY)
        argv = ["enhance", str(portrait), "--engine", "cloud", "--api-url", service.url]
        assert cli.main([*argv, "--json"]) == cli.EXIT_FAILED
    out = capsys.readouterr()
    line = json.loads(out.out)
    assert line["ok"] is False and KEY not in out.out + out.err
    assert "\x1b" not in out.out + out.err and "<a" not in out.out


def test_verbose_cli_output_never_holds_the_key(portrait):
    echo = envelope(None, code=KEY, status=400)
    with Hostile("127.0.0.1", send(answer(400, echo, {"X-Echo": KEY}))) as service:
        cmd = [sys.executable, "-m", "smartskin_gui.cli", "-v", "enhance", str(portrait)]
        cmd += ["--engine", "cloud", "--api-url", service.url, "--json"]
        env = dict(os.environ, SMARTSKIN_API_KEY=KEY)
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and json.loads(r.stdout)["ok"] is False
    assert "HTTP 400" in r.stderr  # the verbose log did run
    assert KEY not in r.stdout + r.stderr


def test_a_proxy_from_the_environment_never_gets_the_key_for_this_computer(
    other, upload, monkeypatch
):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, other.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    service = Hostile("127.0.0.1", send(answer(200, envelope(None))))
    with service, pytest.raises(e.IncompleteSuccessError):
        client(service.url).enhance(upload, Params())
    assert len(posts(service)) == 1 and not other.seen


def test_a_key_the_headers_cannot_carry_is_a_sentence():
    with pytest.raises(e.ConfigError) as err:
        SmartSkinClient("clé-ключ", "http://127.0.0.1:9")
    assert "key" in err.value.message


# --- every call ends, and reads a bounded amount ----------------------------------------------


def test_trickled_answer_ends_at_the_deadline(upload):
    head = b"HTTP/1.1 200 OK\r\nX-Slow: "
    with Hostile("127.0.0.1", trickle(head, step=0.05, limit=200)) as service:
        c = client(service.url, retry=FAST_RETRY)
        with pytest.raises(e.ServiceTimeoutError) as err:
            c.enhance(upload, Params())
    assert err.value.code == "CALL_DEADLINE"


def test_trickled_download_ends_at_the_deadline(upload, result_jpeg):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + result_jpeg[:100]

    def script(req: Seen, sock) -> None:
        if req.method == "POST":
            sock.sendall(answer(200, envelope(f"http://127.0.0.1:{service.port}/r.jpg")))
        else:
            trickle(head, step=0.05, limit=200)(req, sock)

    with Hostile("127.0.0.1", script) as service:
        c = client(service.url, deadline=0.3)
        with pytest.raises(e.ServiceTimeoutError) as err:
            c.enhance(upload, Params())
    assert err.value.code == "CALL_DEADLINE" and len(posts(service)) == 1
    assert [s.method for s in service.seen] == ["POST", "GET"]  # a trickle is not retried


def test_endless_answer_is_capped(upload):
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
    with Hostile("127.0.0.1", endless(head, limit=16 << 20)) as service:
        c = client(service.url, deadline=10)
        with pytest.raises(e.BadResponseError) as err:
            c.enhance(upload, Params())
    assert err.value.code == "ANSWER_TOO_LARGE" and len(posts(service)) == 1


def test_gzip_bomb_answer_is_capped(upload):
    bomb = gzip.compress(b"{" * (64 << 20))
    with Hostile("127.0.0.1", send(answer(200, bomb, {"Content-Encoding": "gzip"}))) as service:
        c = client(service.url, deadline=10)
        with pytest.raises(e.BadResponseError) as err:
            c.enhance(upload, Params())
    assert err.value.code == "ANSWER_TOO_LARGE" and len(posts(service)) == 1


@pytest.mark.parametrize(
    "body",
    [envelope("http://127.0.0.1/r.jpg")[:30], envelope(None), envelope("")],
    ids=["truncated", "no-data", "empty-url"],
)
def test_a_200_is_never_posted_again(body, upload):
    with Hostile("127.0.0.1", send(answer(200, body))) as service:
        c = client(service.url)
        with pytest.raises(e.IncompleteSuccessError) as err:
            c.enhance(upload, Params())
    assert len(posts(service)) == 1
    assert "may have counted" in err.value.message


def test_a_200_cut_short_on_the_wire_is_not_posted_again(upload):
    body = envelope("http://127.0.0.1/r.jpg")
    cut = answer(200, body)[: -len(body) // 2]
    with Hostile("127.0.0.1", send(cut)) as service:
        c = client(service.url)
        with pytest.raises(e.BadResponseError):
            c.enhance(upload, Params())
    assert len(posts(service)) == 1


def test_tls_failure_is_its_own_sentence_and_not_retried(upload):
    with Hostile("127.0.0.1", send(answer(200, b"plain http"))) as service:
        url = service.url.replace("http://", "https://")
        c = client(url)
        with pytest.raises(e.TLSError) as err:
            c.enhance(upload, Params())
    assert [s.method for s in service.seen] == ["TLS"]  # one handshake, not retried
    assert "internet connection" not in err.value.message


# --- result links ------------------------------------------------------------------------------


def _service_with_link(link: str, download=None):
    def script(req: Seen, sock) -> None:
        if req.method == "POST":
            sock.sendall(answer(200, envelope(link.format(port=srv.port))))
        elif download is not None:
            download(req, sock, srv.port)

    srv = Hostile("127.0.0.1", script)
    return srv


@pytest.mark.parametrize(
    "link",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/r.jpg",
        "http:///r.jpg",
        "http://[::1/r.jpg",
        "http://a\\@127.0.0.1/r.jpg",
        "javascript:alert(1)",
    ],
)
def test_unusable_result_links_fail_once_with_a_sentence(link, upload):
    with _service_with_link(link) as service:
        c = client(service.url)
        with pytest.raises(e.BadResultLinkError):
            c.enhance(upload, Params())
    assert len(posts(service)) == 1 and [s.method for s in service.seen] == ["POST"]


@pytest.mark.parametrize(
    "where",
    ["file:///etc/passwd", "http://127.0.0.1:{port}/loop.jpg"],
    ids=["to-file", "loop"],
)
def test_result_redirects_that_lead_nowhere_are_sentences(where, upload):
    def download(req: Seen, sock, port: int) -> None:
        sock.sendall(answer(302, b"", {"Location": where.format(port=port)}))

    with _service_with_link("http://127.0.0.1:{port}/r.jpg", download) as service:
        c = client(service.url, deadline=10)
        with pytest.raises(e.BadResultLinkError):
            c.enhance(upload, Params())
    assert len(service.seen) <= 1 + 1 + c._session.max_redirects


def test_result_link_to_another_host_gets_no_key(other, upload, result_jpeg):
    def download(req: Seen, sock, port: int) -> None:
        sock.sendall(answer(302, b"", {"Location": f"{other.url}/r.jpg"}))

    with _service_with_link("http://127.0.0.1:{port}/r.jpg", download) as service:
        c = client(service.url)
        with pytest.raises(e.BadResponseError):  # 127.0.0.2 answers JSON, not an image
            c.enhance(upload, Params())
    assert other.seen  # it was asked for the image, without the key (see the fixture)


def test_bad_content_encoding_of_the_result_is_a_sentence(upload, result_jpeg):
    def download(req: Seen, sock, port: int) -> None:
        sock.sendall(answer(200, result_jpeg, {"Content-Encoding": "gzip"}))

    with _service_with_link("http://127.0.0.1:{port}/r.jpg", download) as service:
        c = client(service.url)
        with pytest.raises(e.BadResponseError) as err:
            c.enhance(upload, Params())
    assert "encoding" in err.value.message


@pytest.mark.parametrize("size", [(512, 300), (2048, 2048)])
def test_cloud_engine_refuses_a_result_of_another_frame(size, astronaut_rgb):
    other_frame = jpeg_bytes(np.zeros((size[1], size[0], 3), np.uint8))

    def download(req: Seen, sock, port: int) -> None:
        sock.sendall(answer(200, other_frame))

    photo = decode(jpeg_bytes(astronaut_rgb))
    service = _service_with_link("http://127.0.0.1:{port}/r.jpg", download)
    with service, pytest.raises(e.ResultMismatchError) as err:
        CloudEngine(client(service.url)).run(photo, Params())
    assert f"{size[0]}×{size[1]}" in err.value.message


def test_a_hostile_result_still_works_when_it_is_a_real_image(upload, result_jpeg):
    def download(req: Seen, sock, port: int) -> None:
        sock.sendall(answer(200, result_jpeg))

    with _service_with_link("http://127.0.0.1:{port}/r.jpg", download) as service:
        data = client(service.url).enhance(upload, Params())
    assert decode(data).size == upload.size
    assert np.asarray(decode(data).rgb).shape == upload.rgb.shape
    assert service.seen[0].headers.get("ailabapi-api-key") == KEY
    assert "ailabapi-api-key" not in service.seen[1].headers


# --- cancel reaches a call waiting on the service -------------------------------------------


def _held(
    received: threading.Event, release: threading.Event, let_go: threading.Event | None = None
) -> Script:
    """Take the request, say so, then hold the connection without answering until
    ``release`` (or 30 s); ``let_go`` is set once the service stops holding it."""

    def script(req: Seen, sock) -> None:
        received.set()
        release.wait(30)  # server side only: the latency the client must not wait out
        if let_go is not None:
            let_go.set()

    return script


@pytest.mark.parametrize("call", ["enhance", "credits"])
def test_cancel_ends_a_call_waiting_on_the_service(call, upload):
    received, release, let_go = threading.Event(), threading.Event(), threading.Event()
    with Hostile("127.0.0.1", _held(received, release, let_go)) as service:
        c = client(service.url, deadline=60.0, timeout=(60.0, 60.0))
        try:
            with pytest.raises(e.CancelledError):
                if call == "enhance":
                    c.enhance(upload, Params(), cancel=received.is_set)
                else:
                    c.query_credits(cancel=received.is_set)
            # The call ended while the service still held it (not after its 30 s).
            still_held = not let_go.is_set()
        finally:
            release.set()
    assert received.is_set() and len(service.seen) == 1  # cancelled while waiting, not before
    assert still_held


def test_cancel_ends_a_download_waiting_on_the_service(upload):
    asked, release, let_go = threading.Event(), threading.Event(), threading.Event()

    def script(req: Seen, sock) -> None:
        if req.method == "POST":
            sock.sendall(answer(200, envelope(f"http://127.0.0.1:{service.port}/r.jpg")))
        else:
            _held(asked, release, let_go)(req, sock)

    with Hostile("127.0.0.1", script) as service:
        c = client(service.url, deadline=60.0, timeout=(60.0, 60.0))
        try:
            with pytest.raises(e.CancelledError):
                c.enhance(upload, Params(), cancel=asked.is_set)
            still_held = not let_go.is_set()  # ended while the download was still held
        finally:
            release.set()
    assert [s.method for s in service.seen] == ["POST", "GET"]
    assert still_held


# --- a key the service echoes as its error code ----------------------------------------------

UPPER_KEY = "AILAB0SECRET0KEY42"  # shaped like a service code: UPPER_SNAKE


@pytest.mark.parametrize("status", [400, 503])
def test_an_upper_case_key_echoed_as_the_code_never_leaves(status, upload, caplog):
    body = envelope(None, code=UPPER_KEY, status=status)
    body = body.replace(b'"error_code"', f'"request_id": "{UPPER_KEY}", "error_code"'.encode())
    with Hostile("127.0.0.1", send(answer(status, body))) as service:
        c = SmartSkinClient(UPPER_KEY, service.url, retry=FAST_RETRY, deadline=5.0)
        with pytest.raises(e.ServiceError) as err:
            c.enhance(upload, Params())
        with pytest.raises(e.ServiceError) as credits_err:
            c.query_credits()
    for failure in (err.value, credits_err.value):
        shown = failure.message + failure.code + repr(failure) + str(failure.request_id)
        assert UPPER_KEY not in shown
    assert "HTTP" in caplog.text  # the client did log
    assert UPPER_KEY not in caplog.text


@pytest.mark.parametrize("command", ["enhance", "credits"])
def test_an_upper_case_key_echoed_as_the_code_stays_out_of_the_cli(command, portrait):
    echo = envelope(None, code=UPPER_KEY, status=400)
    with Hostile("127.0.0.1", send(answer(400, echo))) as service:
        cmd = [sys.executable, "-m", "smartskin_gui.cli", "-v", command]
        cmd += [str(portrait), "--engine", "cloud"] if command == "enhance" else []
        cmd += ["--api-url", service.url, "--json"]
        env = dict(os.environ, SMARTSKIN_API_KEY=UPPER_KEY)
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and json.loads(r.stdout.splitlines()[-1])["ok"] is False
    assert "HTTP 400" in r.stderr  # the verbose log did run
    assert UPPER_KEY not in r.stdout + r.stderr


def test_the_user_agent_names_the_installed_version():
    with Hostile("127.0.0.1", send(answer(200, b'{"data": {"credits": 3}}'))) as service:
        client(service.url).query_credits()
    assert service.seen[0].headers["user-agent"] == f"SmartSkin/{version('smartskin')} (+desktop)"
