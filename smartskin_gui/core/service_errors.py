"""The service's error table (API.md) and the two-step parsing of its JSON answers."""

from __future__ import annotations

import json
import re
from typing import Any

from . import errors as e

#: error_detail.code -> (error class, sentence for the user; None = the class default)
CODE_TABLE: dict[str, tuple[type[e.ServiceError], str | None]] = {
    **{
        code: (e.InvalidRequestError, None)
        for code in (
            "ERROR_PARAMETERS",
            "MISSING_PARAMETERS",
            "ERROR_INVALID_PARAMETER",
            "UNSUPPORTED_PARAMETER_VALUES",
            "ERROR_INVALID_SMOOTHING_PARAMETER",
            "ERROR_INVALID_SKIN_WHITENING_PARAMETER",
        )
    },
    "ERROR_USER_NOT_EXISTS": (e.AuthError, None),
    "ERROR_APPLICATIONS_NOT_EXISTS": (e.AuthError, None),
    "ERROR_USER_LOCKED": (
        e.ForbiddenError,
        "Your AILabTools account is locked. Contact AILabTools support, or use the local engine.",
    ),
    "ERROR_ILLEGAL_OPERATION": (e.ForbiddenError, None),
    "ERROR_AI_NOT_EXISTS": (e.EndpointError, None),
    "FILE_SIZE_EXCEEDS_LIMIT": (e.ServiceTooLargeError, None),
    "FILE_RESOLUTION_EXCEEDS_LIMITS": (
        e.ServiceTooLargeError,
        "The service found the photo's resolution too high (it must be under 5000×5000).",
    ),
    "ERROR_HIGH_RESOLUTION": (
        e.ServiceTooLargeError,
        "The service found the photo's resolution too high (it must be under 5000×5000).",
    ),
    "ERROR_REQUEST_BODY_TOO_LARGE": (
        e.ServiceTooLargeError,
        "The upload was too large for the service (6 MB at most).",
    ),
    "UNSUPPORTED_FILE_TYPES": (e.UnsupportedFormatError, None),
    "ERROR_UNSUPPORTED_GRAYSCALE_IMAGE": (
        e.UnsupportedFormatError,
        "The service does not retouch black-and-white photos. Use the local engine for this one.",
    ),
    "FILE_DECODING_FAILURE": (
        e.BadPhotoError,
        "The service could not decode this photo. Re-save it as JPEG and try again.",
    ),
    "ERROR_INVALID_FILE": (
        e.BadPhotoError,
        "The service could not read this photo. Re-save it as JPEG and try again.",
    ),
    "ERROR_LOW_RESOLUTION": (
        e.BadPhotoError,
        "The photo is too small for the service: each side must be larger than 128 pixels.",
    ),
    "ERROR_NO_FACE_IN_FILE": (
        e.BadPhotoError,
        "No face was found in this photo. SmartSkin works on portraits with 1 to 10 people "
        "whose skin is visible.",
    ),
    "ERROR_FACE_COUNT_INVALID": (
        e.BadPhotoError,
        "The photo has too many people for the service (1 to 10 faces). Crop it to fewer "
        "people, or use the local engine.",
    ),
    "FILE_CONTENT_NON_COMPLIANCE": (
        e.BadPhotoError,
        "The service refused this photo's content under its usage rules.",
    ),
    "ERROR_NOT_ENOUGH_CREDITS": (e.NoCreditsError, None),
    "EXCEEDING_LIMITS": (e.RateLimitedError, None),
    "PROCESSING_FAILURE": (e.ServerError, "The service failed to process this photo. Try again."),
    "UNKNOWN_ERROR": (e.ServerError, None),
    "SERVICE_INTERNAL_ERROR": (e.ServerError, None),
    "AI_SERVICE_ERROR": (e.ServerError, None),
    "FILE_SERVICE_ERROR": (e.ServerError, None),
    "ERROR_GATEWAY": (e.ServerError, None),
    "AI_SERVICE_FLOW_RESTRICTION": (e.BusyError, None),
    "ERROR_INSUFFICIENT_RESOURCES": (e.BusyError, None),
    "AI_SERVICE_TIMEOUT": (e.ServiceTimeoutError, None),
    "ERROR_FILE_DOWNLOAD_TIMEOUT": (e.ServiceTimeoutError, None),
}

STATUS_FALLBACK: dict[int, type[e.ServiceError]] = {
    400: e.InvalidRequestError,
    401: e.AuthError,
    403: e.ForbiddenError,
    404: e.EndpointError,
    413: e.ServiceTooLargeError,
    415: e.UnsupportedFormatError,
    422: e.BadPhotoError,
    429: e.RateLimitedError,
    503: e.BusyError,
    504: e.ServiceTimeoutError,
}


_SAFE_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_SAFE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def safe_code(value: Any) -> str:
    """The service's code if it looks like one (``UPPER_SNAKE``), else a fixed stand-in.

    Whatever the service echoes is never shown as it came: it could hold the key, markup
    or terminal escapes.
    """
    text = value if isinstance(value, str) else str(value)
    if not text:
        return ""
    return text if _SAFE_CODE.fullmatch(text) else "UNRECOGNISED_CODE"


def safe_request_id(value: Any) -> str | None:
    return value if isinstance(value, str) and _SAFE_ID.fullmatch(value) else None


def error_for(code: str, status: int, request_id: str | None = None) -> e.ServiceError:
    """The typed error for a service ``code`` (falling back on the HTTP ``status`` class)."""
    if code in CODE_TABLE:
        cls, message = CODE_TABLE[code]
        return cls(message, code=code, http_status=status, request_id=request_id)
    fallback = STATUS_FALLBACK.get(status)
    if fallback is None:
        fallback = e.ServerError if status >= 500 else e.BadResponseError
    err = fallback(http_status=status, request_id=request_id, code=code or None)
    if code and fallback is e.BadResponseError:
        err.message = f"The service answered with an unexpected error ({code}). Try again later."
    return err


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def load_json(status: int, body: bytes) -> dict[str, Any]:
    """The JSON object of an answer, or a :class:`BadResponseError` that says what came."""
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        head = body[:200].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html")) or b"<html" in head:
            what = (
                f"a web page (HTTP {status}) instead of a result, probably from a proxy "
                "or an outage"
            )
        elif not body:
            what = f"an empty answer (HTTP {status})"
        else:
            what = f"an incomplete or unreadable answer (HTTP {status})"
        raise e.BadResponseError(
            f"The service sent {what}. Try again in a few minutes.", http_status=status
        ) from None
    if not isinstance(obj, dict):
        raise e.BadResponseError(http_status=status)
    return obj


def check_public_fields(status: int, obj: dict[str, Any]) -> None:
    """Step one: raise the typed error if the answer is an error, whatever the HTTP status."""
    detail = obj.get("error_detail")
    detail = detail if isinstance(detail, dict) else {}
    code = safe_code(detail.get("code") or obj.get("error_code_str") or "")
    error_code = _as_int(obj.get("error_code", 0))
    request_id = safe_request_id(obj.get("request_id"))
    if status == 200 and not error_code and not code:
        return
    effective = _as_int(detail.get("status_code")) or 0
    if effective < 400:
        effective = error_code if error_code and error_code >= 400 else status
    if effective < 400:  # error_code set to something odd with HTTP 200: a server fault
        effective = 500
    raise error_for(code, effective, request_id)


def parse_enhance_answer(status: int, body: bytes) -> str:
    """Both steps: the public fields, then ``data.image_url``. Returns the result URL.

    An HTTP 200 that cannot be read, or that has no result, may have been billed: it is an
    :class:`~.errors.IncompleteSuccessError`, which is never retried.
    """
    try:
        obj = load_json(status, body)
    except e.BadResponseError as err:
        if status != 200:
            raise
        raise e.IncompleteSuccessError(
            f"{err.message.removesuffix(' Try again in a few minutes.')} SmartSkin did not send "
            "the photo again because the service may have counted the call; run it again if "
            "you want to.",
            http_status=status,
        ) from None
    check_public_fields(status, obj)
    data = obj.get("data")
    url = data.get("image_url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise e.IncompleteSuccessError(
            "The service reported success but sent no result image. SmartSkin did not send the "
            "photo again because the service may have counted the call; run it again if you "
            "want to.",
            http_status=status,
        )
    return url.strip()


def find_credits(obj: Any) -> dict[str, float]:
    """Numbers that look like credit balances, wherever the pool put them (lenient)."""
    found: dict[str, float] = {}
    words = ("credit", "balance", "remain", "surplus", "quota", "total", "used", "count")

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node[:20]):
                walk(value, f"{prefix}[{i}]")
        elif not isinstance(node, bool) and isinstance(node, int | float | str):
            name = prefix.rsplit(".", 1)[-1].lower()
            if any(w in name for w in words) and "code" not in name:
                try:
                    found[prefix] = float(node)
                except ValueError:
                    pass

    walk(obj.get("data", obj) if isinstance(obj, dict) else obj, "")
    return found
