"""The AILabTools smart-skin client: exactly the contract of docs/cloud-api.md.

Pure ``requests`` plus two callables (progress, cancel); the GUI adapts them to signals.
The API key is sent in one header and nowhere else: not in logs, messages or ``repr``.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from ... import __version__
from ..errors import (
    BadResponseError,
    CancelledError,
    ConfigError,
    IncompleteSuccessError,
    MissingKeyError,
    NetworkError,
    RedirectRefusedError,
    ResultExpiredError,
    ServerError,
    ServiceError,
    SmartSkinError,
    scrub,
)
from ..io import sniff_format
from ..params import Params
from ..progress import Cancel, Progress, check, interruptible_sleep
from .answers import check_public_fields, find_credits, load_json, parse_enhance_answer
from .fitting import Upload
from .transport import CallWatch, content_length, deadline_session, error_for_exception, read_capped
from .urlpolicy import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from .urlpolicy import check_result_url
from .urlpolicy import is_loopback_host as is_loopback_host
from .urlpolicy import validate_base_url as validate_base_url

log = logging.getLogger(__name__)
T = TypeVar("T")

ENHANCE_PATH = "/api/portrait/effects/smart-skin"
CREDITS_PATH = "/api/common/query-credits"
KEY_HEADER = "ailabapi-api-key"
USER_AGENT = f"SmartSkin/{__version__} (+desktop)"
MAX_RESULT_BYTES = 200 * 1024 * 1024
#: A JSON answer is a few hundred bytes; anything past this is not the service talking.
MAX_ANSWER_BYTES = 1024 * 1024
#: Every call ends within this many seconds: connect, upload, wait and the whole answer.
DEFAULT_CALL_DEADLINE = 180.0
MAX_IN_FLIGHT_PER_KEY = 3


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff of the vendor's SDK: 1, 2, 4, 8 s plus jitter; Retry-After wins when given."""

    delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
    jitter: float = 0.25  # up to +25% of each delay
    max_retry_after: float = 60.0
    download_delays: tuple[float, ...] = (1.0, 2.0, 4.0)

    def delay(self, attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
        if retry_after is not None:
            return min(max(0.0, retry_after), self.max_retry_after)
        base = self.delays[min(attempt, len(self.delays) - 1)]
        return base * (1.0 + self.jitter * rng())


#: The policy clients use unless given one (tests swap in a millisecond-scale copy).
DEFAULT_RETRY = RetryPolicy()


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass(frozen=True)
class Credits:
    values: dict[str, float]

    @property
    def remaining(self) -> float | None:
        for key, value in self.values.items():
            if any(w in key.lower() for w in ("remain", "balance", "surplus", "credit")):
                return value
        return next(iter(self.values.values()), None)

    def describe(self) -> str:
        if not self.values:
            return "The key works; the service did not say how many credits are left."
        left = self.remaining
        return f"The key works. Credits left: {left:g}." if left is not None else "The key works."


class _MultipartBody:
    """A multipart/form-data body that reports upload progress and can be cancelled."""

    CHUNK = 64 * 1024

    def __init__(
        self,
        fields: dict[str, str],
        upload: Upload,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> None:
        boundary = uuid.uuid4().hex
        self.content_type = f"multipart/form-data; boundary={boundary}"
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; '
            f'filename="{upload.filename}"\r\nContent-Type: {upload.mime}\r\n\r\n'
        ).encode()
        self._parts = [head, upload.data, f"\r\n--{boundary}--\r\n".encode()]
        self._buf = memoryview(b"".join(self._parts))
        self._pos = 0
        self._progress = progress
        self._cancel = cancel
        self.cancelled = False

    def __len__(self) -> int:
        return len(self._buf)

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None and self._cancel():
            self.cancelled = True
            raise CancelledError()
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        chunk = bytes(self._buf[self._pos : end])
        self._pos = end
        if self._progress is not None:
            self._progress(self._pos / max(1, len(self._buf)), "Uploading")
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(self.CHUNK):
            yield chunk


_semaphores: dict[str, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _in_flight_gate(key: str) -> threading.BoundedSemaphore:
    digest = hashlib.sha256(key.encode()).hexdigest()
    with _semaphores_lock:
        return _semaphores.setdefault(digest, threading.BoundedSemaphore(MAX_IN_FLIGHT_PER_KEY))


class SmartSkinClient:
    """One client per (base URL, key). Thread-safe for concurrent ``enhance`` calls.

    Keyed requests go only to ``base_url`` (checked by :mod:`.urlpolicy`) and never follow a
    redirect. Every call ends within ``deadline`` seconds and reads a capped answer.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: tuple[float, float] = (10.0, 30.0),
        deadline: float = DEFAULT_CALL_DEADLINE,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        rng: Callable[[], float] = random.random,
        sleeper: Callable[[float, Cancel | None], None] = interruptible_sleep,
    ) -> None:
        key = (api_key or "").strip()
        if not key:
            raise MissingKeyError()
        if any(c.isspace() or not c.isprintable() for c in key):
            raise ConfigError(
                "The API key contains spaces or invisible characters. Paste it again."
            )
        if not key.isascii():
            raise ConfigError(
                "The API key contains characters an AILabTools key never has (accented or "
                "non-Latin letters, typographic quotes). Copy it again from your AILabTools "
                "account."
            )
        self._key = key
        self.base_url = validate_base_url(base_url)
        self.timeout = timeout
        self.deadline = deadline
        self.retry = retry or DEFAULT_RETRY
        self._session = session or deadline_session()
        if session is not None:
            fresh = deadline_session()
            for prefix in ("http://", "https://"):
                self._session.mount(prefix, fresh.get_adapter(prefix))
        self._session.headers["User-Agent"] = USER_AGENT
        self._rng = rng
        self._sleep = sleeper

    def __repr__(self) -> str:
        return f"SmartSkinClient(base_url={self.base_url!r}, api_key='***')"

    def close(self) -> None:
        self._session.close()

    # --- public calls -----------------------------------------------------------------------

    def enhance(
        self,
        upload: Upload,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        give_up: Cancel | None = None,
    ) -> bytes:
        """Send ``upload``, wait for the result URL, download it now. Returns image bytes.

        ``give_up()`` True stops retrying a passing failure of the call (between attempts,
        never during one): the failure is raised as it is. The download of a result (paid
        for already) always gets its retries."""
        with self._scrubbed():
            url = self._with_retries(
                lambda: self._post_once(upload, params, progress, cancel),
                cancel,
                progress,
                self.retry.delays,
                give_up,
            )
            if progress:
                progress(0.8, "Downloading the result")
            return self._with_retries(
                lambda: self._download_once(url, progress, cancel),
                cancel,
                progress,
                self.retry.download_delays,
            )

    def query_credits(self, cancel: Cancel | None = None) -> Credits:
        def once() -> Credits:
            status, body, _ = self._request("GET", self.base_url + CREDITS_PATH, cancel=cancel)
            obj = load_json(status, body)
            check_public_fields(status, obj, self._key)
            return Credits(find_credits(obj))

        with self._scrubbed():
            return self._with_retries(once, cancel, None, self.retry.delays[:2])

    # --- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _scrubbed(self) -> Iterator[None]:
        """Whatever the service echoed, the key never leaves in an error's text."""
        try:
            yield
        except SmartSkinError as err:
            err.message = scrub(err.message, self._key)
            err.code = scrub(err.code, self._key)
            if isinstance(err, ServiceError) and err.request_id:
                err.request_id = scrub(err.request_id, self._key)
            err.args = (err.message,)
            raise

    def _with_retries(
        self,
        call: Callable[[], T],
        cancel: Cancel | None,
        progress: Progress | None,
        delays: tuple[float, ...],
        give_up: Cancel | None = None,
    ) -> T:
        attempt = 0
        while True:
            check(cancel)
            try:
                return call()
            except ServiceError as err:
                if not err.retryable or attempt >= len(delays) or (give_up and give_up()):
                    raise
                retry_after = err.retry_after
                wait = RetryPolicy(delays, self.retry.jitter, self.retry.max_retry_after).delay(
                    attempt, retry_after, self._rng
                )
                log.info("retrying after %s (%s) in %.1f s", err.code, err.http_status, wait)
                if progress:
                    progress(0.05, f"{err.message} Retrying in {wait:.0f} s…")
                if give_up is None:
                    self._sleep(wait, cancel)
                else:
                    try:
                        self._sleep(wait, lambda: bool(give_up() or (cancel and cancel())))
                    except CancelledError:
                        check(cancel)
                        raise err from None  # given up: the failure as it is
                attempt += 1

    def _request(
        self, method: str, url: str, *, cancel: Cancel | None, **kwargs: Any
    ) -> tuple[int, bytes, requests.structures.CaseInsensitiveDict[str]]:
        """One keyed call to the service: no redirects, a deadline, a capped answer."""
        headers = kwargs.pop("headers", {})
        headers[KEY_HEADER] = self._key
        data = kwargs.get("data")
        if is_loopback_host(urlsplit(url).hostname or ""):
            # Never hand the key to a proxy from the environment on its way to this computer.
            kwargs["proxies"] = {"http": None, "https": None, "all": None}
        gate = _in_flight_gate(self._key)
        with gate, CallWatch(self.deadline, cancel) as watch:
            check(cancel)
            try:
                resp = self._session.request(
                    method,
                    url,
                    headers=headers,
                    timeout=self.timeout,
                    allow_redirects=False,
                    stream=True,
                    **kwargs,
                )
            except Exception as exc:
                cancelled = isinstance(data, _MultipartBody) and data.cancelled
                raise error_for_exception(exc, watch, cancelled) from None
            with resp:
                status = resp.status_code
                log.info("%s %s -> HTTP %s", method, urlsplit(url).path, status)
                if 300 <= status < 400:
                    raise RedirectRefusedError(http_status=status)
                billed = status == 200 and method == "POST"  # a 200 may be billed: no retry
                failure: SmartSkinError
                try:
                    body = read_capped(resp, MAX_ANSWER_BYTES, watch, cancel=cancel)
                except CancelledError:
                    raise
                except SmartSkinError as err:
                    failure = err
                except Exception as exc:
                    failure = (
                        IncompleteSuccessError(http_status=status)
                        if billed and not (watch.expired or watch.cancelled)
                        else error_for_exception(exc, watch, False)
                    )
                else:
                    return status, body, resp.headers
                if billed and isinstance(failure, ServiceError):
                    failure.retryable = False
                raise failure

    def _post_once(
        self, upload: Upload, params: Params, progress: Progress | None, cancel: Cancel | None
    ) -> str:
        body = _MultipartBody(
            params.form_fields(),
            upload,
            (lambda f, m: progress(0.05 + 0.45 * f, m)) if progress else None,
            cancel,
        )
        status, raw, headers = self._request(
            "POST",
            self.base_url + ENHANCE_PATH,
            cancel=cancel,
            data=body,
            headers={"Content-Type": body.content_type},
        )
        if progress:
            progress(0.55, "Retouching on the service")
        try:
            return parse_enhance_answer(status, raw, self._key)
        except ServiceError as err:
            err.retry_after = parse_retry_after(headers.get("Retry-After"))
            log.warning("service error %s (HTTP %s, request %s)", err.code, status, err.request_id)
            raise

    def _download_once(self, url: str, progress: Progress | None, cancel: Cancel | None) -> bytes:
        """The result image (no key goes with it; redirects are followed, within limits)."""
        check_result_url(url)
        with CallWatch(self.deadline, cancel) as watch:
            try:
                with self._session.get(url, timeout=self.timeout, stream=True) as resp:
                    if resp.status_code in (403, 404, 410):
                        raise ResultExpiredError(http_status=resp.status_code)
                    if resp.status_code >= 500:
                        raise ServerError(
                            "The result could not be downloaded (server error). Retrying.",
                            http_status=resp.status_code,
                        )
                    if resp.status_code != 200:
                        raise ResultExpiredError(http_status=resp.status_code)
                    total = content_length(resp)
                    data = read_capped(
                        resp,
                        MAX_RESULT_BYTES,
                        watch,
                        cancel=cancel,
                        progress=(lambda f, m: progress(0.8 + 0.2 * f, m)) if progress else None,
                        too_large=_result_too_large,
                    )
                    kind = resp.headers.get("Content-Type", "?")
            except SmartSkinError:
                raise
            except Exception as exc:
                raise error_for_exception(exc, watch, False, download=True) from None
        if total and len(data) < total:
            raise NetworkError("The result download was cut short.")
        if sniff_format(data) not in ("JPEG", "PNG", "WEBP"):
            raise BadResponseError(
                "The service's result is not an image SmartSkin can read. Try again."
            )
        log.info("downloaded result: %d bytes (%s)", len(data), kind)
        return data


def _result_too_large() -> BadResponseError:
    return BadResponseError("The result from the service is far too large.")
