"""A local stand-in for the AILabTools smart-skin endpoint, speaking the same contract.

Same paths, header, multipart fields, JSON envelope, ``error_detail.code``s and statuses,
expiring result URLs and a credits counter. Results come from the local engine.
Tests and demos steer it over HTTP through ``/__emulator__/...`` (faults, config, stats).
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, UnidentifiedImageError
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wrappers import Request, Response

from ..core.cloud import CREDITS_PATH, ENHANCE_PATH, KEY_HEADER, MAX_UPLOAD_BYTES
from ..core.engine.local import LocalEngine
from ..core.errors import ParameterError
from ..core.io import decode, encode, sniff_format
from ..core.params import Params, parse_strength

log = logging.getLogger(__name__)

DEMO_KEY = "demo-key"
CONTROL = "/__emulator__"
RESULTS = "/results/"

#: code -> HTTP status, as in the table of docs/cloud-api.md.
CODE_STATUS: dict[str, int] = {
    "ERROR_PARAMETERS": 400,
    "MISSING_PARAMETERS": 400,
    "ERROR_INVALID_PARAMETER": 400,
    "UNSUPPORTED_PARAMETER_VALUES": 400,
    "ERROR_INVALID_SMOOTHING_PARAMETER": 400,
    "ERROR_INVALID_SKIN_WHITENING_PARAMETER": 400,
    "ERROR_USER_NOT_EXISTS": 401,
    "ERROR_APPLICATIONS_NOT_EXISTS": 401,
    "ERROR_USER_LOCKED": 403,
    "ERROR_ILLEGAL_OPERATION": 403,
    "ERROR_AI_NOT_EXISTS": 404,
    "FILE_SIZE_EXCEEDS_LIMIT": 413,
    "FILE_RESOLUTION_EXCEEDS_LIMITS": 413,
    "ERROR_HIGH_RESOLUTION": 413,
    "ERROR_REQUEST_BODY_TOO_LARGE": 413,
    "UNSUPPORTED_FILE_TYPES": 415,
    "ERROR_UNSUPPORTED_GRAYSCALE_IMAGE": 415,
    "FILE_DECODING_FAILURE": 422,
    "ERROR_INVALID_FILE": 422,
    "ERROR_LOW_RESOLUTION": 422,
    "ERROR_NO_FACE_IN_FILE": 422,
    "ERROR_FACE_COUNT_INVALID": 422,
    "FILE_CONTENT_NON_COMPLIANCE": 422,
    "ERROR_NOT_ENOUGH_CREDITS": 429,
    "EXCEEDING_LIMITS": 429,
    "PROCESSING_FAILURE": 500,
    "UNKNOWN_ERROR": 500,
    "SERVICE_INTERNAL_ERROR": 500,
    "AI_SERVICE_ERROR": 502,
    "FILE_SERVICE_ERROR": 502,
    "ERROR_GATEWAY": 502,
    "AI_SERVICE_FLOW_RESTRICTION": 503,
    "ERROR_INSUFFICIENT_RESOURCES": 503,
    "AI_SERVICE_TIMEOUT": 504,
    "ERROR_FILE_DOWNLOAD_TIMEOUT": 504,
}


@dataclass
class EmulatorConfig:
    valid_keys: set[str] = field(default_factory=lambda: {DEMO_KEY})
    result_ttl: float = 24 * 3600.0  # seconds an image_url stays valid
    latency: float = 0.0  # seconds added to each enhance call
    credits: int = 1000
    legacy: bool = False  # errors as HTTP 200 with error_code = status (older service)
    max_faces: int = 10
    echo: bool = False  # return the upload unprocessed (client overhead benchmarks)


@dataclass
class Fault:
    """What the next ``count`` enhance calls answer instead of working."""

    kind: str  # "error" | "html" | "truncated" | "download_error"
    count: int = 1
    code: str = "SERVICE_INTERNAL_ERROR"
    status: int | None = None
    retry_after: str | None = None
    legacy: bool = False


def _bad_control(message: str) -> Response:
    return Response(json.dumps({"error": message}), status=400, mimetype="application/json")


class Emulator:
    def __init__(
        self, config: EmulatorConfig | None = None, engine: LocalEngine | None = None
    ) -> None:
        self.config = config or EmulatorConfig()
        self.engine = engine or LocalEngine()
        self._faults: list[Fault] = []
        self._results: dict[str, tuple[bytes, float, str]] = {}
        self._lock = threading.Lock()
        self.stats: dict[str, Any] = {
            "enhance_calls": 0,
            "successes": 0,
            "codes": {},
            "downloads": 0,
            "in_flight": 0,  # enhance calls being answered now
            "max_in_flight": 0,  # the most at once since the last reset
        }

    # --- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self._route(request)
        except ClientDisconnected:
            response = Response("client went away", status=400)
        return response(environ, start_response)

    def _route(self, req: Request) -> Response:
        path = req.path
        if path == ENHANCE_PATH and req.method == "POST":
            return self._enhance(req)
        if path == CREDITS_PATH and req.method == "GET":
            return self._credits(req)
        if path.startswith(RESULTS) and req.method == "GET":
            return self._result(path[len(RESULTS) :])
        if path.startswith(CONTROL):
            return self._control(req, path[len(CONTROL) :])
        return self._error(404, "ERROR_AI_NOT_EXISTS", "The requested API does not exist.")

    # --- control ----------------------------------------------------------------------------

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, kinds: tuple[str, ...]) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind in kinds and fault.count > 0:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _control(self, req: Request, what: str) -> Response:
        body = req.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        if what == "/config" and req.method == "POST":
            # Changing keys or credits needs one of the accepted keys, as the service would.
            if (denied := self._check_key(req)) is not None:
                return denied
            try:
                self._configure(body)
            except (TypeError, ValueError) as exc:
                return _bad_control(f"bad config: {exc}")
        elif what == "/faults" and req.method == "POST":
            try:
                fault = Fault(**body)
                if not isinstance(fault.count, int) or not isinstance(fault.kind, str):
                    raise TypeError("count must be an integer and kind a string")
            except TypeError as exc:
                return _bad_control(f"bad fault: {exc}")
            self.add_fault(fault)
        elif what == "/faults" and req.method == "DELETE":
            with self._lock:
                self._faults.clear()
        elif what != "/stats":
            return Response("unknown control", status=404)
        with self._lock:
            return Response(json.dumps(self.stats), mimetype="application/json")

    def _configure(self, body: dict[str, Any]) -> None:
        for key, value in body.items():
            if not hasattr(self.config, key):
                raise ValueError(f"unknown setting {key!r}")
            current = getattr(self.config, key)
            if key == "valid_keys":
                if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                    raise TypeError("valid_keys must be a list of strings")
                value = set(value)
            elif isinstance(current, bool):
                if not isinstance(value, bool):
                    raise TypeError(f"{key} must be true or false")
            elif not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{key} must be a number")
            setattr(self.config, key, value)

    # --- service ----------------------------------------------------------------------------

    def _envelope(
        self, status: int, code: str, message: str, data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "request_id": uuid.uuid4().hex.upper(),
            "log_id": uuid.uuid4().hex.upper(),
            "error_code": 0 if status == 200 else status,
            "error_code_str": code,
            "error_msg": message,
            "error_detail": {
                "status_code": status,
                "code": code,
                "code_message": message,
                "message": message,
            },
            "data": data or {},
        }

    def _error(
        self,
        status: int,
        code: str,
        message: str,
        *,
        legacy: bool | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        with self._lock:
            self.stats["codes"][code] = self.stats["codes"].get(code, 0) + 1
        legacy = self.config.legacy if legacy is None else legacy
        body = json.dumps(self._envelope(status, code, message))
        return Response(
            body, status=200 if legacy else status, mimetype="application/json", headers=headers
        )

    def _check_key(self, req: Request) -> Response | None:
        key = req.headers.get(KEY_HEADER, "")
        if key not in self.config.valid_keys:
            return self._error(401, "ERROR_USER_NOT_EXISTS", "The user does not exist.")
        return None

    def _fault_response(self, fault: Fault) -> Response:
        if fault.kind == "html":
            page = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            return Response(page, status=fault.status or 502, mimetype="text/html")
        if fault.kind == "truncated":
            body = json.dumps(self._envelope(200, "", "", {"image_url": "http://x/y.jpg"}))
            return Response(body[: len(body) // 2], status=200, mimetype="application/json")
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
        status = fault.status or CODE_STATUS.get(fault.code, 500)
        return self._error(
            status,
            fault.code,
            f"Emulated {fault.code}.",
            legacy=fault.legacy or None,
            headers=headers,
        )

    def _enhance(self, req: Request) -> Response:
        with self._lock:
            self.stats["enhance_calls"] += 1
            self.stats["in_flight"] += 1
            self.stats["max_in_flight"] = max(self.stats["max_in_flight"], self.stats["in_flight"])
        try:
            return self._answer_enhance(req)
        finally:
            with self._lock:
                self.stats["in_flight"] -= 1

    def _answer_enhance(self, req: Request) -> Response:
        if self.config.latency > 0:
            time.sleep(self.config.latency)
        if (denied := self._check_key(req)) is not None:
            return denied
        fault = self._take_fault(("error", "html", "truncated"))
        if fault is not None:
            return self._fault_response(fault)
        if self.config.credits < 5:
            return self._error(429, "ERROR_NOT_ENOUGH_CREDITS", "Insufficient credits.")
        if (req.content_length or 0) > MAX_UPLOAD_BYTES + 64 * 1024:
            return self._error(413, "ERROR_REQUEST_BODY_TOO_LARGE", "Request body too large.")
        upload = req.files.get("image")
        if upload is None:
            return self._error(400, "MISSING_PARAMETERS", "Missing parameter: image.")
        try:
            retouch = parse_strength(req.form.get("retouch_degree", "1.0"), "retouch")
        except ParameterError:
            return self._error(400, "ERROR_INVALID_SMOOTHING_PARAMETER", "Invalid retouch_degree.")
        try:
            whitening = parse_strength(req.form.get("whitening_degree", "1.0"), "whitening")
        except ParameterError:
            return self._error(
                400, "ERROR_INVALID_SKIN_WHITENING_PARAMETER", "Invalid whitening_degree."
            )
        data = upload.read()
        return self._process(data, Params(retouch, whitening), req.host_url)

    def _process(self, data: bytes, params: Params, host_url: str) -> Response:
        if len(data) > MAX_UPLOAD_BYTES:
            return self._error(413, "FILE_SIZE_EXCEEDS_LIMIT", "The file is larger than 6 MB.")
        if sniff_format(data) not in ("JPEG", "PNG"):
            return self._error(415, "UNSUPPORTED_FILE_TYPES", "Only JPEG and PNG are accepted.")
        try:
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                mode = im.mode
        except (UnidentifiedImageError, OSError):
            return self._error(422, "FILE_DECODING_FAILURE", "The image could not be decoded.")
        if w <= 128 or h <= 128:
            return self._error(422, "ERROR_LOW_RESOLUTION", "The resolution is too low.")
        if w >= 5000 or h >= 5000:
            return self._error(413, "FILE_RESOLUTION_EXCEEDS_LIMITS", "The resolution is too high.")
        if mode in ("L", "LA", "1", "I;16"):
            return self._error(
                415, "ERROR_UNSUPPORTED_GRAYSCALE_IMAGE", "Grayscale images are not supported."
            )
        if self.config.echo:
            return self._store_result(data, sniff_format(data) or "JPEG", host_url)
        try:
            photo = decode(data)
        except Exception:
            return self._error(422, "FILE_DECODING_FAILURE", "The image could not be decoded.")
        analysis = self.engine.analyse(photo.rgb)
        faces = len(analysis.faces)
        if faces == 0:
            return self._error(422, "ERROR_NO_FACE_IN_FILE", "No face was found in the image.")
        if faces > self.config.max_faces:
            return self._error(422, "ERROR_FACE_COUNT_INVALID", "Too many faces in the image.")
        result = self.engine.enhance(photo.rgb, params)
        fmt = "PNG" if sniff_format(data) == "PNG" else "JPEG"
        return self._store_result(encode(result, fmt), fmt, host_url)

    def _store_result(self, image: bytes, fmt: str, host_url: str) -> Response:
        token = secrets.token_urlsafe(16)
        ext = "png" if fmt == "PNG" else "jpg"
        with self._lock:
            self._results[token] = (
                image,
                time.monotonic() + self.config.result_ttl,
                f"image/{'png' if fmt == 'PNG' else 'jpeg'}",
            )
            self.config.credits -= 5
            self.stats["successes"] += 1
            self._expire_old()
        url = f"{host_url.rstrip('/')}{RESULTS}{token}.{ext}"
        return Response(
            json.dumps(self._envelope(200, "", "", {"image_url": url})), mimetype="application/json"
        )

    def _expire_old(self) -> None:
        now = time.monotonic()
        for token in [t for t, (_, exp, _) in self._results.items() if exp < now]:
            del self._results[token]

    def _result(self, name: str) -> Response:
        token = name.rsplit(".", 1)[0]
        fault = self._take_fault(("download_error",))
        if fault is not None:
            return Response("busy", status=fault.status or 503)
        with self._lock:
            self.stats["downloads"] += 1
            item = self._results.get(token)
            if item is None or item[1] < time.monotonic():
                self._results.pop(token, None)
                return Response(
                    "<Error><Code>NoSuchKey</Code></Error>", status=404, mimetype="application/xml"
                )
        return Response(item[0], mimetype=item[2])

    def _credits(self, req: Request) -> Response:
        if (denied := self._check_key(req)) is not None:
            return denied
        data = {"credits": self.config.credits, "pool": "general"}
        return Response(json.dumps(self._envelope(200, "", "", data)), mimetype="application/json")
