"""A photo's metadata (EXIF, ICC, XMP, IPTC, DPI): read from the source, written into
results at byte level (:mod:`.blocks`), and the settings SmartSkin records in the XMP
(:mod:`.xmp`).
"""

from typing import TYPE_CHECKING

from ...lazy import lazy_exports

if TYPE_CHECKING:
    from ...photo import FileMetadata
    from .carry import (
        culling_from_file,
        embed,
        output_metadata,
        output_xmp,
        read_metadata,
        read_metadata_file,
        replace_xmp,
        settings_for,
        settings_from_file,
    )
    from .xmp import REJECTED, RecordedSettings, XmpCulling, read_culling, read_settings

__all__ = [
    "REJECTED",
    "FileMetadata",
    "RecordedSettings",
    "XmpCulling",
    "culling_from_file",
    "embed",
    "output_metadata",
    "output_xmp",
    "read_culling",
    "read_metadata",
    "read_metadata_file",
    "read_settings",
    "replace_xmp",
    "settings_for",
    "settings_from_file",
]
_EXPORTS = {
    "REJECTED": ".xmp",
    "FileMetadata": "...photo",
    "RecordedSettings": ".xmp",
    "XmpCulling": ".xmp",
    "culling_from_file": ".carry",
    "embed": ".carry",
    "output_metadata": ".carry",
    "output_xmp": ".carry",
    "read_culling": ".xmp",
    "read_metadata": ".carry",
    "read_metadata_file": ".carry",
    "read_settings": ".xmp",
    "replace_xmp": ".carry",
    "settings_for": ".carry",
    "settings_from_file": ".carry",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
