"""Files in and out: read only what is safe to read, decode to an upright 8-bit working
copy (keeping 16-bit pixels and every metadata block aside), and write results
atomically, never over an original, with their depth, colour profile and metadata.

Public API: what the names below say; :mod:`.metadata` is the metadata sub-area.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .atomic import numbered, sweep_leftovers, sweep_stale_temps, write_atomic
    from .colour import to_display_srgb
    from .decoding import decode, encode, load_photo, load_preview, resize_to_fit
    from .files import MIN_SIDE, image_size, is_supported_path, read_file, sniff_format
    from .formats import FORMAT_BY_SUFFIX, OPEN_FILTER, SAVE_FILTERS, SUFFIX_BY_FORMAT
    from .plainfile import UnusualFileError, read_plain
    from .save import (
        OUTPUT_SUFFIX,
        OutputChoices,
        Saved,
        SaveRequest,
        default_output_path,
        depth_note,
        resolve_target,
        save_image,
        save_result,
    )

__all__ = [
    "FORMAT_BY_SUFFIX",
    "MIN_SIDE",
    "OPEN_FILTER",
    "OUTPUT_SUFFIX",
    "SAVE_FILTERS",
    "SUFFIX_BY_FORMAT",
    "OutputChoices",
    "SaveRequest",
    "Saved",
    "UnusualFileError",
    "decode",
    "default_output_path",
    "depth_note",
    "encode",
    "image_size",
    "is_supported_path",
    "load_photo",
    "load_preview",
    "numbered",
    "read_file",
    "read_plain",
    "resize_to_fit",
    "resolve_target",
    "save_image",
    "save_result",
    "sniff_format",
    "sweep_leftovers",
    "sweep_stale_temps",
    "to_display_srgb",
    "write_atomic",
]
_EXPORTS = {
    "FORMAT_BY_SUFFIX": ".formats",
    "MIN_SIDE": ".files",
    "OPEN_FILTER": ".formats",
    "OUTPUT_SUFFIX": ".save",
    "OutputChoices": ".save",
    "SAVE_FILTERS": ".formats",
    "SUFFIX_BY_FORMAT": ".formats",
    "SaveRequest": ".save",
    "Saved": ".save",
    "UnusualFileError": ".plainfile",
    "decode": ".decoding",
    "default_output_path": ".save",
    "depth_note": ".save",
    "encode": ".decoding",
    "image_size": ".files",
    "is_supported_path": ".files",
    "load_photo": ".decoding",
    "load_preview": ".decoding",
    "numbered": ".atomic",
    "read_file": ".files",
    "read_plain": ".plainfile",
    "resize_to_fit": ".decoding",
    "resolve_target": ".save",
    "save_image": ".save",
    "save_result": ".save",
    "sniff_format": ".files",
    "sweep_leftovers": ".atomic",
    "sweep_stale_temps": ".atomic",
    "to_display_srgb": ".colour",
    "write_atomic": ".atomic",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
