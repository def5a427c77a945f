"""WebP: ICCP, EXIF and XMP chunks of the extended (VP8X) format."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator

from PIL import Image

from .common import Blocks, strip_exif_header


def webp_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = 12
    while pos + 8 <= len(data):
        kind, size = struct.unpack("<4sI", data[pos : pos + 8])
        yield kind, data[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size & 1)


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


def embed_webp(data: bytes, blocks: Blocks) -> bytes:
    """Replace/insert ICCP, EXIF and XMP chunks and set their VP8X flags (no IPTC in WebP)."""
    chunks = list(webp_chunks(data))
    if not chunks or chunks[0][0] != b"VP8X":  # a simple file: make it an extended one
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            alpha = 0x10 if "A" in im.mode else 0
        vp8x = (
            bytes((alpha, 0, 0, 0)) + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
        )
        chunks.insert(0, (b"VP8X", vp8x))
    flags = chunks[0][1][0]
    replace = {
        b"ICCP": (blocks.icc, 0x20),
        b"EXIF": (None if blocks.exif is None else strip_exif_header(blocks.exif), 0x08),
        b"XMP ": (blocks.xmp, 0x04),
    }
    body = [c for c in chunks[1:] if replace.get(c[0], (None, 0))[0] is None]
    for kind, (payload, flag) in replace.items():
        if payload is None:
            continue
        flags |= flag
        if kind == b"ICCP":
            body.insert(0, (kind, payload))
        else:
            body.append((kind, payload))
    head = (b"VP8X", bytes((flags,)) + chunks[0][1][1:])
    riff = b"WEBP" + b"".join(_riff_chunk(k, p) for k, p in [head, *body])
    return b"RIFF" + struct.pack("<I", len(riff)) + riff
