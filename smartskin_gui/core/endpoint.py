"""The cloud service's address: the default, and the check every configured URL passes.

Kept apart from :mod:`.api` so reading settings does not import requests or OpenCV.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import ConfigError

DEFAULT_BASE_URL = "https://www.ailabapi.com"


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
        raise ConfigError(f"The API URL “{text}” is not a web address. Use {DEFAULT_BASE_URL}.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigError(
            "The API URL must start with https:// (plain http is only allowed for this "
            "computer, e.g. the local emulator)."
        )
    return text
