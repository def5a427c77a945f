"""The photo being worked on, decoded and upright, with what it came with.

This module is deliberately light (numpy only): everything that passes a photo around
imports it without loading Pillow or OpenCV. Reading one is :func:`.io.load_photo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True, slots=True)
class FileMetadata:
    """Everything worth carrying from a source file into its result."""

    exif: bytes | None = None  # "Exif\0\0" + TIFF structure; descriptive tags only
    icc: bytes | None = None
    xmp: bytes | None = None  # the XMP packet as stored
    iptc: bytes | None = None  # IPTC-IIM datasets
    dpi: tuple[float, float] | None = None


@dataclass
class Photo:
    """A decoded, upright photo and the metadata to carry into the saved result."""

    rgb: np.ndarray  # (H, W, 3) uint8, EXIF orientation applied
    format: str  # Pillow format name of the source: "JPEG", "PNG", ...
    alpha: np.ndarray | None = None  # (H, W) uint8, kept aside and put back on save
    exif: bytes | None = None  # orientation reset to 1
    icc: bytes | None = None
    dpi: tuple[float, float] | None = None
    source: Path | None = None
    #: The source file's bytes when they can be uploaded as they are (RGB JPEG/PNG, upright).
    passthrough: bytes | None = None
    notes: list[str] = field(default_factory=list)
    #: The full-depth pixels of a 16-bit TIFF/PNG (uint16, grey or RGB(A)); ``rgb`` is their
    #: 8-bit copy the engines work on, and saving carries the change back onto these.
    deep: np.ndarray | None = None
    mode: str = "RGB"  # the source's Pillow mode ("L", "LA", "I;16", "CMYK"...)
    compression: str | None = None  # a TIFF source's: "none", "lzw" or "zip"
    metadata: FileMetadata | None = None  # EXIF/ICC/XMP/IPTC/DPI as read from the file

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)."""
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])

    @property
    def name(self) -> str:
        return self.source.name if self.source else "photo"


class Preview(NamedTuple):
    rgb: np.ndarray  # upright, longest side at most the requested size
    size: tuple[int, int]  # the photo's full upright (width, height)
    icc: bytes | None = None  # the photo's ICC profile (to show it colour-managed)
