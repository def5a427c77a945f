"""The AILabTools smart-skin client: exactly the contract of shared/API.md.

Pure ``requests`` plus two callables (progress, cancel); the GUI adapts them to signals.
The API key is sent in one header and nowhere else: not in logs, messages or ``repr``.
"""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
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

from . import errors as e
from .fitting import Upload
from .imageio import sniff_format
from .params import Params
from .progress import Cancel, Progress, check, interruptible_sleep
from .service_errors import check_public_fields, find_credits, load_json, parse_enhance_answer

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_BASE_URL = "https://www.ailabapi.com"
ENHANCE_PATH = "/api/portrait/effects/smart-skin"
CREDITS_PATH = "/api/common/query-credits"
KEY_HEADER = "ailabapi-api-key"
USER_AGENT = "SmartSkin/0.1 (+desktop)"
MAX_RESULT_BYTES = 200 * 1024 * 1024
MAX_IN_FLIGHT_PER_KEY = 3


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str) -> str:
    """Normalise a base URL; https only, plain http only for loopback hosts."""
    text = (url or "").strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise e.ConfigError(
            f"The API URL “{text}” is not a web address. Use https://www.ailabapi.com."
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise e.ConfigError(
            "The API URL must start with https:// (plain http is only allowed for this "
            "computer, e.g. the local emulator)."
        )
    return text


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
            raise e.CancelledError()
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
    """One client per (base URL, key). Thread-safe for concurrent ``enhance`` calls."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: tuple[float, float] = (10.0, 30.0),
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        rng: Callable[[], float] = random.random,
        sleeper: Callable[[float, Cancel | None], None] = interruptible_sleep,
    ) -> None:
        key = (api_key or "").strip()
        if not key:
            raise e.MissingKeyError()
        if any(c.isspace() or not c.isprintable() for c in key):
            raise e.ConfigError(
                "The API key contains spaces or invisible characters. Paste it again."
            )
        self._key = key
        self.base_url = validate_base_url(base_url)
        self.timeout = timeout
        self.retry = retry or DEFAULT_RETRY
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._rng = rng
        self._sleep = sleeper
        self.attempts = 0  # POSTs sent by the last enhance(), for reporting

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
    ) -> bytes:
        """Send ``upload``, wait for the result URL, download it now. Returns image bytes."""
        self.attempts = 0
        url = self._with_retries(
            lambda: self._post_once(upload, params, progress, cancel),
            cancel,
            progress,
            self.retry.delays,
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
            check_public_fields(status, obj)
            return Credits(find_credits(obj))

        return self._with_retries(once, cancel, None, self.retry.delays[:2])

    # --- plumbing ---------------------------------------------------------------------------

    def _with_retries(
        self,
        call: Callable[[], T],
        cancel: Cancel | None,
        progress: Progress | None,
        delays: tuple[float, ...],
    ) -> T:
        attempt = 0
        while True:
            check(cancel)
            try:
                return call()
            except e.ServiceError as err:
                if not err.retryable or attempt >= len(delays):
                    raise
                retry_after = err.retry_after
                wait = RetryPolicy(delays, self.retry.jitter, self.retry.max_retry_after).delay(
                    attempt, retry_after, self._rng
                )
                log.info("retrying after %s (%s) in %.1f s", err.code, err.http_status, wait)
                if progress:
                    progress(0.05, f"{err.message} Retrying in {wait:.0f} s…")
                self._sleep(wait, cancel)
                attempt += 1

    def _request(
        self, method: str, url: str, *, cancel: Cancel | None, send_key: bool = True, **kwargs: Any
    ) -> tuple[int, bytes, requests.structures.CaseInsensitiveDict[str]]:
        headers = kwargs.pop("headers", {})
        if send_key:
            headers[KEY_HEADER] = self._key
        gate = _in_flight_gate(self._key)
        with gate:
            check(cancel)
            try:
                resp = self._session.request(
                    method, url, headers=headers, timeout=self.timeout, **kwargs
                )
                body = resp.content
            except e.CancelledError:
                raise
            except requests.Timeout:
                raise e.ServiceTimeoutError(
                    "The service did not answer in time. Check your connection and try again."
                ) from None
            except requests.ConnectionError as exc:
                data = kwargs.get("data")
                if isinstance(data, _MultipartBody) and data.cancelled:
                    raise e.CancelledError() from None
                if isinstance(exc.__context__, e.CancelledError):
                    raise e.CancelledError() from None
                raise e.NetworkError() from None
            except requests.RequestException:
                raise e.NetworkError() from None
        log.info("%s %s -> HTTP %s", method, urlsplit(url).path, resp.status_code)
        return resp.status_code, body, resp.headers

    def _post_once(
        self, upload: Upload, params: Params, progress: Progress | None, cancel: Cancel | None
    ) -> str:
        self.attempts += 1
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
            return parse_enhance_answer(status, raw)
        except e.ServiceError as err:
            err.retry_after = parse_retry_after(headers.get("Retry-After"))
            log.warning("service error %s (HTTP %s, request %s)", err.code, status, err.request_id)
            raise

    def _download_once(self, url: str, progress: Progress | None, cancel: Cancel | None) -> bytes:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise e.BadResponseError("The service sent a result link SmartSkin cannot open.")
        headers = {}
        try:
            with self._session.get(url, timeout=self.timeout, stream=True) as resp:
                if resp.status_code in (403, 404, 410):
                    raise e.ResultExpiredError(http_status=resp.status_code)
                if resp.status_code >= 500:
                    raise e.ServerError(
                        "The result could not be downloaded (server error). Retrying.",
                        http_status=resp.status_code,
                    )
                if resp.status_code != 200:
                    raise e.ResultExpiredError(http_status=resp.status_code)
                total = int(resp.headers.get("Content-Length") or 0)
                chunks: list[bytes] = []
                got = 0
                for chunk in resp.iter_content(256 * 1024):
                    check(cancel)
                    chunks.append(chunk)
                    got += len(chunk)
                    if got > MAX_RESULT_BYTES:
                        raise e.BadResponseError("The result from the service is far too large.")
                    if progress and total:
                        progress(0.8 + 0.2 * got / total, "Downloading the result")
                headers = dict(resp.headers)
        except requests.Timeout:
            raise e.ServiceTimeoutError("Downloading the result timed out.") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            raise e.NetworkError("The connection dropped while downloading the result.") from None
        data = b"".join(chunks)
        if total and len(data) < total:
            raise e.NetworkError("The result download was cut short.")
        if sniff_format(data) not in ("JPEG", "PNG", "WEBP"):
            raise e.BadResponseError(
                "The service's result is not an image SmartSkin can read. Try again."
            )
        log.info("downloaded result: %d bytes (%s)", len(data), headers.get("Content-Type", "?"))
        return data
