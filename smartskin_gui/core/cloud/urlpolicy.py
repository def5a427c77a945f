"""One URL policy for everything the cloud client connects to.

The host we check must be the host urllib3 will connect to: a URL is refused when
``urllib.parse`` and urllib3 disagree on it, and anything that can make them disagree
(``\\``, ``@``, user info, control characters, spaces) is refused outright.

urllib3 loads when an address other than the service's own is checked: the settings of
every start (the CLI's included) hold that one, and need no HTTP stack to be read.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

from ..errors import BadResultLinkError, ConfigError

DEFAULT_BASE_URL = "https://www.ailabapi.com"
_FORBIDDEN = set("\\@") | {chr(c) for c in range(33)} | {"\x7f"}


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def split_checked(url: str) -> SplitResult | None:
    """``url`` split, or None unless it is a plain http(s) address whose host is unambiguous."""
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    if not url or any(c in _FORBIDDEN for c in url):
        return None
    try:
        parts = urlsplit(url)
        theirs = parse_url(url).host
    except (ValueError, LocationParseError):
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if (theirs or "").strip("[]").lower() != parts.hostname.lower():  # promise: same-host
        return None
    return parts


def validate_base_url(url: str) -> str:
    """Normalise a base URL; https only, plain http only for loopback hosts."""
    text = (url or "").strip().rstrip("/")
    if text == DEFAULT_BASE_URL:  # the service's own address, plain and https
        return text
    parts = split_checked(text)
    if parts is None or parts.query or parts.fragment:
        raise ConfigError(
            "The API URL is not a plain web address (it must have no spaces, user name, “@” or "
            "“\\”, query or fragment). Use https://www.ailabapi.com."
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname or ""):
        raise ConfigError(
            "The API URL must start with https:// (plain http is only allowed for this "
            "computer, e.g. the local emulator)."
        )
    return text


def check_result_url(url: str) -> str:
    """A result link the download may open (no key goes with it), or BadResultLinkError."""
    if split_checked(url) is None:
        raise BadResultLinkError()
    return url
