"""The AILabTools smart-skin service: the client (exactly the contract of the API
document), its transport (a deadline per call, capped reads), the service's answers
and error table, the URL policy, credits, fitting a photo to the service's limits and
paid results kept on disk.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .client import (
        CREDITS_PATH,
        ENHANCE_PATH,
        KEY_HEADER,
        MAX_IN_FLIGHT_PER_KEY,
        Credits,
        SmartSkinClient,
    )
    from .credits import PRICE, CreditMeter, cost_text, shared_meter
    from .fitting import MAX_UPLOAD_BYTES, Upload, check_result, conform_result, prepare_upload
    from .outage import OutageWatch
    from .paid_cache import CacheKey, DiskCache, Stamp, cache_dir
    from .urlpolicy import DEFAULT_BASE_URL, is_loopback_host, validate_base_url

__all__ = [
    "CREDITS_PATH",
    "DEFAULT_BASE_URL",
    "ENHANCE_PATH",
    "KEY_HEADER",
    "MAX_IN_FLIGHT_PER_KEY",
    "MAX_UPLOAD_BYTES",
    "PRICE",
    "CacheKey",
    "CreditMeter",
    "Credits",
    "DiskCache",
    "OutageWatch",
    "SmartSkinClient",
    "Stamp",
    "Upload",
    "cache_dir",
    "check_result",
    "conform_result",
    "cost_text",
    "is_loopback_host",
    "prepare_upload",
    "shared_meter",
    "validate_base_url",
]
_EXPORTS = {
    "CREDITS_PATH": ".client",
    "CreditMeter": ".credits",
    "Credits": ".client",
    "DEFAULT_BASE_URL": ".urlpolicy",
    "DiskCache": ".paid_cache",
    "ENHANCE_PATH": ".client",
    "CacheKey": ".paid_cache",
    "KEY_HEADER": ".client",
    "MAX_IN_FLIGHT_PER_KEY": ".client",
    "MAX_UPLOAD_BYTES": ".fitting",
    "OutageWatch": ".outage",
    "PRICE": ".credits",
    "SmartSkinClient": ".client",
    "Stamp": ".paid_cache",
    "Upload": ".fitting",
    "cache_dir": ".paid_cache",
    "check_result": ".fitting",
    "conform_result": ".fitting",
    "cost_text": ".credits",
    "is_loopback_host": ".urlpolicy",
    "prepare_upload": ".fitting",
    "shared_meter": ".credits",
    "validate_base_url": ".urlpolicy",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
