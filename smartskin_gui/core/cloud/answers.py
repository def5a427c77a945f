"""The service's error table (docs/cloud-api.md) and the two-step parsing of its JSON answers."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import (
    AuthError,
    BadPhotoError,
    BadResponseError,
    BusyError,
    EndpointError,
    ForbiddenError,
    IncompleteSuccessError,
    InvalidRequestError,
    NoCreditsError,
    RateLimitedError,
    ServerError,
    ServiceError,
    ServiceTimeoutError,
    ServiceTooLargeError,
    UnsupportedFormatError,
)

#: error_detail.code -> (error class, sentence for the user; None = the class default)
CODE_TABLE: dict[str, tuple[type[ServiceError], str | None]] = {
    **{
        code: (InvalidRequestError, None)
        for code in (
            "ERROR_PARAMETERS",
            "MISSING_PARAMETERS",
            "ERROR_INVALID_PARAMETER",
            "UNSUPPORTED_PARAMETER_VALUES",
            "ERROR_INVALID_SMOOTHING_PARAMETER",
            "ERROR_INVALID_SKIN_WHITENING_PARAMETER",
        )
    },
    "ERROR_USER_NOT_EXISTS": (AuthError, None),
    "ERROR_APPLICATIONS_NOT_EXISTS": (AuthError, None),
    "ERROR_USER_LOCKED": (
        ForbiddenError,
        "Your AILabTools account is locked. Contact AILabTools support, or use the local engine.",
    ),
    "ERROR_ILLEGAL_OPERATION": (ForbiddenError, None),
    "ERROR_AI_NOT_EXISTS": (EndpointError, None),
    "FILE_SIZE_EXCEEDS_LIMIT": (ServiceTooLargeError, None),
    "FILE_RESOLUTION_EXCEEDS_LIMITS": (
        ServiceTooLargeError,
        "The service found the photo's resolution too high (it must be under 5000×5000).",
    ),
    "ERROR_HIGH_RESOLUTION": (
        ServiceTooLargeError,
        "The service found the photo's resolution too high (it must be under 5000×5000).",
    ),
    "ERROR_REQUEST_BODY_TOO_LARGE": (
        ServiceTooLargeError,
        "The upload was too large for the service (6 MB at most).",
    ),
    "UNSUPPORTED_FILE_TYPES": (UnsupportedFormatError, None),
    "ERROR_UNSUPPORTED_GRAYSCALE_IMAGE": (
        UnsupportedFormatError,
        "The service does not retouch black-and-white photos. Use the local engine for this one.",
    ),
    "FILE_DECODING_FAILURE": (
        BadPhotoError,
        "The service could not decode this photo. Re-save it as JPEG and try again.",
    ),
    "ERROR_INVALID_FILE": (
        BadPhotoError,
        "The service could not read this photo. Re-save it as JPEG and try again.",
    ),
    "ERROR_LOW_RESOLUTION": (
        BadPhotoError,
        "The photo is too small for the service: each side must be larger than 128 pixels.",
    ),
    "ERROR_NO_FACE_IN_FILE": (
        BadPhotoError,
        "No face was found in this photo. SmartSkin works on portraits with 1 to 10 people "
        "whose skin is visible.",
    ),
    "ERROR_FACE_COUNT_INVALID": (
        BadPhotoError,
        "The photo has too many people for the service (1 to 10 faces). Crop it to fewer "
        "people, or use the local engine.",
    ),
    "FILE_CONTENT_NON_COMPLIANCE": (
        BadPhotoError,
        "The service refused this photo's content under its usage rules.",
    ),
    "ERROR_NOT_ENOUGH_CREDITS": (NoCreditsError, None),
    "EXCEEDING_LIMITS": (RateLimitedError, None),
    "PROCESSING_FAILURE": (ServerError, "The service failed to process this photo. Try again."),
    "UNKNOWN_ERROR": (ServerError, None),
    "SERVICE_INTERNAL_ERROR": (ServerError, None),
    "AI_SERVICE_ERROR": (ServerError, None),
    "FILE_SERVICE_ERROR": (ServerError, None),
    "ERROR_GATEWAY": (ServerError, None),
    "AI_SERVICE_FLOW_RESTRICTION": (BusyError, None),
    "ERROR_INSUFFICIENT_RESOURCES": (BusyError, None),
    "AI_SERVICE_TIMEOUT": (ServiceTimeoutError, None),
    "ERROR_FILE_DOWNLOAD_TIMEOUT": (ServiceTimeoutError, None),
}

STATUS_FALLBACK: dict[int, type[ServiceError]] = {
    400: InvalidRequestError,
    401: AuthError,
    403: ForbiddenError,
    404: EndpointError,
    413: ServiceTooLargeError,
    415: UnsupportedFormatError,
    422: BadPhotoError,
    429: RateLimitedError,
    503: BusyError,
    504: ServiceTimeoutError,
}


_SAFE_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_SAFE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def safe_code(value: Any, secret: str = "") -> str:
    """The service's code if it looks like one (``UPPER_SNAKE``), else a fixed stand-in.

    Whatever the service echoes is never shown as it came: it could hold the key (``secret``,
    which may itself look like a code), markup or terminal escapes.
    """
    text = value if isinstance(value, str) else str(value)
    if not text:
        return ""
    if _SAFE_CODE.fullmatch(text) and not (secret and secret in text):  # promise: key-never-a-code
        return text
    return "UNRECOGNISED_CODE"


def safe_request_id(value: Any, secret: str = "") -> str | None:
    if not isinstance(value, str) or not _SAFE_ID.fullmatch(value):
        return None
    return None if secret and secret in value else value


def error_for(code: str, status: int, request_id: str | None = None) -> ServiceError:
    """The typed error for a service ``code`` (falling back on the HTTP ``status`` class)."""
    if code in CODE_TABLE:
        cls, message = CODE_TABLE[code]
        return cls(message, code=code, http_status=status, request_id=request_id)
    fallback = STATUS_FALLBACK.get(status)
    if fallback is None:
        fallback = ServerError if status >= 500 else BadResponseError
    err = fallback(http_status=status, request_id=request_id, code=code or None)
    if code and fallback is BadResponseError:
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
        raise BadResponseError(
            f"The service sent {what}. Try again in a few minutes.", http_status=status
        ) from None
    if not isinstance(obj, dict):
        raise BadResponseError(http_status=status)
    return obj


def check_public_fields(status: int, obj: dict[str, Any], secret: str = "") -> None:
    """Step one: raise the typed error if the answer is an error, whatever the HTTP status.

    Nothing the service echoed that holds ``secret`` (the API key) gets into the error."""
    detail = obj.get("error_detail")
    detail = detail if isinstance(detail, dict) else {}
    code = safe_code(detail.get("code") or obj.get("error_code_str") or "", secret)
    error_code = _as_int(obj.get("error_code", 0))
    request_id = safe_request_id(obj.get("request_id"), secret)
    if status == 200 and not error_code and not code:
        return
    effective = _as_int(detail.get("status_code")) or 0
    if effective < 400:
        effective = error_code if error_code and error_code >= 400 else status
    if effective < 400:  # error_code set to something odd with HTTP 200: a server fault
        effective = 500
    raise error_for(code, effective, request_id)


def parse_enhance_answer(status: int, body: bytes, secret: str = "") -> str:
    """Both steps: the public fields, then ``data.image_url``. Returns the result URL.

    An HTTP 200 that cannot be read, or that has no result, may have been billed: it is an
    :class:`~.errors.IncompleteSuccessError`, which is never retried.
    """
    try:
        obj = load_json(status, body)
    except BadResponseError as err:
        if status != 200:
            raise
        raise IncompleteSuccessError(
            f"{err.message.removesuffix(' Try again in a few minutes.')} SmartSkin did not send "
            "the photo again because the service may have counted the call; run it again if "
            "you want to.",
            http_status=status,
        ) from None
    check_public_fields(status, obj, secret)
    data = obj.get("data")
    url = data.get("image_url") if isinstance(data, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise IncompleteSuccessError(
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
