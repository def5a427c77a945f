"""Metadata blocks written into encoded JPEG, PNG, WebP and TIFF bytes, at byte level.

Encoders (Pillow for 8-bit, OpenCV for 16-bit) write pixels; these functions then put the
EXIF, ICC, XMP and IPTC blocks in the places each format defines, replacing any block of
the same kind and leaving every other block alone. This is the one path for both encoders:
OpenCV writes no metadata at all, and Pillow 13 ignores ``xmp=`` for PNG and TIFF.
"""

from .common import EXIF_HEADER, Blocks, BlockTooLargeError, strip_exif_header
from .jpeg import PS_JPEG_SIG, embed_jpeg, jpeg_segments, photoshop_iptc
from .png import embed_png, iptc_from_png_text, png_chunks
from .tiff import embed_tiff, tiff_ifd0, tiff_shorts, tiff_tag_bytes
from .webp import embed_webp, webp_chunks

__all__ = [
    "EXIF_HEADER",
    "PS_JPEG_SIG",
    "BlockTooLargeError",
    "Blocks",
    "embed_jpeg",
    "embed_png",
    "embed_tiff",
    "embed_webp",
    "iptc_from_png_text",
    "jpeg_segments",
    "photoshop_iptc",
    "png_chunks",
    "strip_exif_header",
    "tiff_ifd0",
    "tiff_shorts",
    "tiff_tag_bytes",
    "webp_chunks",
]
