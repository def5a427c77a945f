"""A photo's metadata (EXIF, ICC, XMP, IPTC, DPI): read from the source, written into
results at byte level (:mod:`.blocks`), and the settings SmartSkin records in the XMP
(:mod:`.xmp`).
"""

from typing import TYPE_CHECKING

from ...lazy import lazy_exports

if TYPE_CHECKING:
    from ...photo import FileMetadata
    from .carry import (
        embed,
        output_metadata,
        read_metadata,
        read_metadata_file,
        settings_for,
        settings_from_file,
    )
    from .xmp import RecordedSettings, read_settings

__all__ = [
    "FileMetadata",
    "RecordedSettings",
    "embed",
    "output_metadata",
    "read_metadata",
    "read_metadata_file",
    "read_settings",
    "settings_for",
    "settings_from_file",
]
_EXPORTS = {
    "FileMetadata": "...photo",
    "RecordedSettings": ".xmp",
    "embed": ".carry",
    "output_metadata": ".carry",
    "read_metadata": ".carry",
    "read_metadata_file": ".carry",
    "read_settings": ".xmp",
    "settings_for": ".carry",
    "settings_from_file": ".carry",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
