"""Many photos, one engine: one photo from file to saved result, the folder walk, the
bounded runner (progress, cancel, results in input order), export names and options,
and the "N of M, time left" text.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .eta import BatchClock
    from .naming import (
        MAX_QUALITY,
        MIN_QUALITY,
        ExportOptions,
        OutputFormat,
        OutputNamer,
        template_problem,
    )
    from .runner import PhotoResult, SaveOptions, enhance_file, expand_inputs, run_batch

__all__ = [
    "MAX_QUALITY",
    "MIN_QUALITY",
    "BatchClock",
    "ExportOptions",
    "OutputFormat",
    "OutputNamer",
    "PhotoResult",
    "SaveOptions",
    "enhance_file",
    "expand_inputs",
    "run_batch",
    "template_problem",
]
_EXPORTS = {
    "BatchClock": ".eta",
    "ExportOptions": ".naming",
    "MAX_QUALITY": ".naming",
    "MIN_QUALITY": ".naming",
    "OutputFormat": ".naming",
    "OutputNamer": ".naming",
    "PhotoResult": ".runner",
    "SaveOptions": ".runner",
    "enhance_file": ".runner",
    "expand_inputs": ".runner",
    "run_batch": ".runner",
    "template_problem": ".naming",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
