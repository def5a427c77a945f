"""What a metadata block writer is given, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass

EXIF_HEADER = b"Exif\x00\x00"


class BlockTooLargeError(ValueError):
    """A block does not fit where the format stores it (``what`` names it for the user)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} too large")
        self.what = what


@dataclass(frozen=True, slots=True)
class Blocks:
    """The blocks to write; None leaves that kind of block as the encoder wrote it."""

    exif: bytes | None = None  # TIFF-structured EXIF, with or without the "Exif\0\0" header
    icc: bytes | None = None
    xmp: bytes | None = None
    iptc: bytes | None = None  # IPTC-IIM datasets (0x1C ...)
    dpi: tuple[float, float] | None = None  # PNG and TIFF; JPEG/WebP take it from the encoder


def strip_exif_header(exif: bytes) -> bytes:
    return exif[len(EXIF_HEADER) :] if exif.startswith(EXIF_HEADER) else exif
