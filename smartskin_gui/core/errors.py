"""Typed errors with the one sentence a photographer is shown.

Every user-visible failure in SmartSkin is a :class:`SmartSkinError`. Its ``message``
says what happened and what to do next; ``code`` is stable (service codes are kept as
the service spells them) so the CLI's JSON and the GUI can act on it; ``action`` hints
the GUI's next-step button. No message ever contains the API key.
"""

from __future__ import annotations

from enum import Enum


class Action(str, Enum):
    """The next step the GUI offers beside an error."""

    NONE = "none"
    RETRY = "retry"
    OPEN_SETTINGS = "open_settings"
    USE_LOCAL = "use_local"
    USE_FILE_SETTINGS = "use_file_settings"
    SAVE_EDITS_AGAIN = "save_edits_again"


class SmartSkinError(Exception):
    """Base class: a failure with a user-facing sentence."""

    code: str = "ERROR"
    default_message: str = "Something went wrong."
    retryable: bool = False
    action: Action = Action.NONE

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


# --- configuration and input -------------------------------------------------------------


class ConfigError(SmartSkinError):
    code = "CONFIG_ERROR"
    default_message = "The settings are not valid."
    action = Action.OPEN_SETTINGS


class CatalogError(SmartSkinError):
    """The catalog (every photo's settings) cannot be read or written."""

    code = "CATALOG_ERROR"
    default_message = (
        "SmartSkin cannot save your edits in its catalog. Free some disk space or make the "
        "settings folder writable; nothing is lost while SmartSkin stays open."
    )
    action = Action.SAVE_EDITS_AGAIN


class PhotoChangedError(SmartSkinError):
    """The file on disk is not the version its settings were made for (or was opened)."""

    code = "PHOTO_CHANGED"
    default_message = (
        "The photo changed on disk since its settings were made. Open it again to check the "
        "retouch, then save or export it."
    )

    @classmethod
    def since_opened(cls, name: str) -> PhotoChangedError:
        return cls(
            f"“{name}” changed on disk since it was opened, so it was not saved. SmartSkin "
            "opened the new version: check the retouch, then save again."
        )

    @classmethod
    def about(cls, name: str) -> PhotoChangedError:
        return cls(
            f"“{name}” changed on disk since its settings were made, so it was not written. "
            "Select it to check the retouch on the new version, then save or export again."
        )


class MissingKeyError(ConfigError):
    code = "MISSING_API_KEY"
    default_message = (
        "The cloud engine needs an AILabTools API key. Get one at ailabtools.com, then enter it "
        "in Settings (Ctrl+,), or use the local engine, which works offline."
    )


class ParameterError(SmartSkinError):
    code = "INVALID_PARAMETER"
    default_message = "A strength value is not valid."


class ImageInputError(SmartSkinError):
    """The file cannot be used as a photo."""

    code = "IMAGE_INVALID"
    default_message = "This file cannot be opened as a photo."


class NotAnImageError(ImageInputError):
    code = "NOT_AN_IMAGE"


class CorruptImageError(ImageInputError):
    code = "IMAGE_CORRUPT"


class ImageTooLargeError(ImageInputError):
    code = "IMAGE_TOO_LARGE"


class ImageTooSmallError(ImageInputError):
    code = "IMAGE_TOO_SMALL"


class SaveError(SmartSkinError):
    code = "SAVE_FAILED"
    default_message = "The result could not be saved."


class NothingToSaveError(SaveError):
    code = "NOTHING_TO_SAVE"
    default_message = (
        "There is nothing to save: this photo could not be opened. Choose another photo, or "
        "open this one again once the file is fixed."
    )


class DemoFolderError(SaveError):
    code = "DEMO_FOLDER_FAILED"
    default_message = (
        "The demo could not make its folder in the temporary folder. Free some disk space, or "
        "set TMPDIR to a folder you can write to, and run it again."
    )


class NoDisplayError(SmartSkinError):
    code = "NO_DISPLAY"
    default_message = (
        "SmartSkin needs a display to show its window, and none was found (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Start SmartSkin from a desktop session. Without a display, "
        "`smartskin --self-test` checks the installation, and in a source checkout `make demo` "
        "retouches the sample portrait from the command line."
    )


class CancelledError(SmartSkinError):
    code = "CANCELLED"
    default_message = "Cancelled."


# --- network and service -----------------------------------------------------------------


class ServiceError(SmartSkinError):
    """An error answered by (or on the way to) the cloud service."""

    code = "SERVICE_ERROR"
    http_status: int | None = None
    retry_after: float | None = None  # seconds, from a Retry-After header

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.http_status = http_status
        self.request_id = request_id


class InvalidRequestError(ServiceError):
    code = "ERROR_PARAMETERS"
    default_message = (
        "The service refused a parameter. This is a SmartSkin bug; please report it with the "
        "photo's settings."
    )


class AuthError(ServiceError):
    code = "ERROR_USER_NOT_EXISTS"
    default_message = (
        "The API key was not accepted. Check the key in Settings (copy it again from your "
        "AILabTools account)."
    )
    action = Action.OPEN_SETTINGS


class ForbiddenError(ServiceError):
    code = "ERROR_ILLEGAL_OPERATION"
    default_message = (
        "Your AILabTools account is locked or not allowed to use this feature. Contact "
        "AILabTools support, or use the local engine."
    )
    action = Action.USE_LOCAL


class EndpointError(ServiceError):
    code = "ERROR_AI_NOT_EXISTS"
    default_message = (
        "The service address is wrong: the smart-skin endpoint was not found. Check the API "
        "URL in Settings (default https://www.ailabapi.com)."
    )
    action = Action.OPEN_SETTINGS


class ServiceTooLargeError(ServiceError):
    code = "FILE_SIZE_EXCEEDS_LIMIT"
    default_message = (
        "The service found the photo too large. SmartSkin shrinks photos to the limits before "
        "sending; try again, or use the local engine."
    )


class UnsupportedFormatError(ServiceError):
    code = "UNSUPPORTED_FILE_TYPES"
    default_message = (
        "The service does not accept this kind of image (it needs colour JPEG or PNG)."
    )


class BadPhotoError(ServiceError):
    code = "ERROR_INVALID_FILE"
    default_message = "The service could not use this photo."


class NoCreditsError(ServiceError):
    code = "ERROR_NOT_ENOUGH_CREDITS"
    default_message = (
        "Your AILabTools account has run out of credits. Buy more on ailabtools.com, or use "
        "the local engine, which is free."
    )
    action = Action.USE_LOCAL


class RateLimitedError(ServiceError):
    code = "EXCEEDING_LIMITS"
    default_message = "The service is receiving too many requests. Wait a moment and try again."
    retryable = True
    action = Action.RETRY


class ServerError(ServiceError):
    code = "SERVICE_INTERNAL_ERROR"
    default_message = "The service had an internal error. Try again in a few minutes."
    retryable = True
    action = Action.RETRY


class BusyError(ServiceError):
    code = "AI_SERVICE_FLOW_RESTRICTION"
    default_message = "The service is busy right now. Try again in a minute."
    retryable = True
    action = Action.RETRY


class ServiceTimeoutError(ServiceError):
    code = "AI_SERVICE_TIMEOUT"
    default_message = "The service took too long to answer. Try again."
    retryable = True
    action = Action.RETRY


class NetworkError(ServiceError):
    code = "NETWORK_ERROR"
    default_message = (
        "Cannot reach the AILabTools service. Check your internet connection, or use the local "
        "engine, which works offline."
    )
    retryable = True
    action = Action.RETRY


class BadResponseError(ServiceError):
    code = "BAD_RESPONSE"
    default_message = (
        "The service sent an answer SmartSkin cannot read (perhaps a proxy or outage page). "
        "Try again later."
    )
    retryable = True
    action = Action.RETRY


class ResultExpiredError(ServiceError):
    code = "RESULT_EXPIRED"
    default_message = (
        "The finished photo could not be downloaded from the service (its link expired or "
        "failed). Run it again."
    )
    action = Action.RETRY


class IncompleteSuccessError(BadResponseError):
    """HTTP 200 whose answer is cut short or has no result: the call may have been billed."""

    code = "INCOMPLETE_ANSWER"
    default_message = (
        "The service answered, but its answer was incomplete (no result image). SmartSkin did "
        "not send the photo again because the service may have counted the call; run it again "
        "if you want to."
    )
    retryable = False


class AnswerTooLargeError(BadResponseError):
    code = "ANSWER_TOO_LARGE"
    default_message = (
        "The service sent far more data than a result can hold, so SmartSkin stopped reading. "
        "Check the API URL in Settings (default https://www.ailabapi.com)."
    )
    retryable = False
    action = Action.OPEN_SETTINGS


class RedirectRefusedError(ServiceError):
    code = "REDIRECT_REFUSED"
    default_message = (
        "The service address answered with a redirect to another address, which SmartSkin does "
        "not follow so that your API key is only ever sent to the address you chose. Check the "
        "API URL in Settings (default https://www.ailabapi.com)."
    )
    action = Action.OPEN_SETTINGS


class TLSError(ServiceError):
    code = "TLS_ERROR"
    default_message = (
        "The secure connection to the service could not be verified (a certificate or TLS "
        "problem), so nothing was sent. Check the computer's date and any proxy or antivirus "
        "that inspects HTTPS, or use the local engine."
    )
    action = Action.USE_LOCAL


class BadResultLinkError(BadResponseError):
    code = "BAD_RESULT_LINK"
    default_message = (
        "The service sent a result link SmartSkin cannot open (not a web address, or one that "
        "leads somewhere unusable). Run it again, or use the local engine."
    )
    retryable = False
    action = Action.USE_LOCAL


class ResultMismatchError(BadResponseError):
    code = "RESULT_MISMATCH"
    default_message = (
        "The service sent back an image that does not match the photo sent (another size or "
        "shape), so it was not used. Run it again, or use the local engine."
    )
    retryable = False
    action = Action.USE_LOCAL


class CallDeadlineError(ServiceTimeoutError):
    code = "CALL_DEADLINE"
    default_message = (
        "The service kept the connection open without finishing its answer, so SmartSkin gave "
        "up on it. Check your connection and try again."
    )
    retryable = False  # a server that trickles its answer does the same the next time


class UploadShapeError(ImageInputError):
    code = "IMAGE_SHAPE_UNSUPPORTED"


class UnexpectedError(SmartSkinError):
    """A failure SmartSkin did not foresee, turned into a sentence at a job boundary."""

    code = "UNEXPECTED_ERROR"
    action = Action.RETRY
    default_message = (
        "Something unexpected went wrong; your originals and the other photos' results are "
        "safe. The details are in the log (smartskin.log in the settings folder; "
        "smartskin-cli -v on the command line): please report it, and restart SmartSkin if "
        "it happens again."
    )


class OutOfMemoryError(SmartSkinError):
    """The computer ran out of memory for a photo."""

    code = "OUT_OF_MEMORY"
    retryable = True
    action = Action.RETRY
    default_message = (
        "There was not enough memory for this photo. Close other apps (or export fewer photos "
        "at once) and try again."
    )


def as_sentence(exc: BaseException) -> SmartSkinError:
    """Any failure at a job boundary as the sentence the user reads (a bug: UnexpectedError)."""
    if isinstance(exc, SmartSkinError):
        return exc
    if isinstance(exc, MemoryError):
        return OutOfMemoryError()
    return UnexpectedError()


class CreditLimitError(SmartSkinError):
    """A paid call would go over the credits the user allowed (``--max-credits``)."""

    code = "CREDIT_LIMIT"
    default_message = (
        "Not sent: it would spend more credits than you allowed. Raise the limit "
        "(--max-credits) or run the rest with the local engine."
    )


def scrub(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` masked (no-op for an empty secret)."""
    return text.replace(secret, "***") if secret else text


class NotEditableError(SmartSkinError):
    """A file chosen with "Open for editing" that Save cannot write back to."""

    code = "NOT_EDITABLE"
    default_message = (
        "SmartSkin can write back only to a TIFF, JPEG or PNG file you may change. Choose "
        "such a file, or open this one with Open Photos and save the result as a new file."
    )
