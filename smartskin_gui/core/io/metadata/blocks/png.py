"""PNG: iCCP, pHYs, eXIf, the XMP iTXt and IPTC as a "raw profile" zTXt."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from .common import Blocks, strip_exif_header

PNG_SIG = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEY = b"XML:com.adobe.xmp"
PNG_IPTC_KEY = b"Raw profile type iptc"


def png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    pos = len(PNG_SIG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        yield kind, data[pos + 8 : pos + 8 + length]
        pos += 12 + length


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _png_text_key(kind: bytes, payload: bytes) -> bytes | None:
    return payload.split(b"\x00", 1)[0] if kind in (b"iTXt", b"zTXt", b"tEXt") else None


def iptc_to_png_text(iptc: bytes) -> bytes:
    """IPTC as ExifTool/ImageMagick store it in PNG: a hex "raw profile" text."""
    hexed = iptc.hex()
    lines = "\n".join(hexed[i : i + 72] for i in range(0, len(hexed), 72))
    return f"\niptc\n{len(iptc):8d}\n{lines}\n".encode("ascii")


def iptc_from_png_text(text: str | bytes) -> bytes | None:
    raw = text.decode("latin-1") if isinstance(text, bytes) else text
    parts = raw.strip().split(None, 2)
    if len(parts) != 3:
        return None
    try:
        return bytes.fromhex("".join(parts[2].split()))[: int(parts[1])]
    except ValueError:
        return None


def embed_png(data: bytes, blocks: Blocks) -> bytes:
    """Replace/insert iCCP, pHYs, eXIf, the XMP iTXt and the IPTC raw-profile zTXt."""
    drop: set[bytes] = set()
    drop_keys: set[bytes] = set()
    new: list[bytes] = []
    if blocks.icc is not None:
        drop |= {b"iCCP", b"sRGB"}  # a profile and an sRGB chunk must not both be there
        new.append(_png_chunk(b"iCCP", b"ICC profile\x00\x00" + zlib.compress(blocks.icc)))
    if blocks.dpi is not None:
        drop.add(b"pHYs")
        ppm = [round(d / 0.0254) for d in blocks.dpi]
        new.append(_png_chunk(b"pHYs", struct.pack(">IIB", ppm[0], ppm[1], 1)))
    if blocks.exif is not None:
        drop.add(b"eXIf")
        new.append(_png_chunk(b"eXIf", strip_exif_header(blocks.exif)))
    if blocks.xmp is not None:
        drop_keys.add(PNG_XMP_KEY)
        new.append(_png_chunk(b"iTXt", PNG_XMP_KEY + b"\x00\x00\x00\x00\x00" + blocks.xmp))
    if blocks.iptc is not None:
        drop_keys.add(PNG_IPTC_KEY)
        text = zlib.compress(iptc_to_png_text(blocks.iptc))
        new.append(_png_chunk(b"zTXt", PNG_IPTC_KEY + b"\x00\x00" + text))
    out = [PNG_SIG]
    for kind, payload in png_chunks(data):
        if kind in drop or _png_text_key(kind, payload) in drop_keys:
            continue
        out.append(_png_chunk(kind, payload))
        if kind == b"IHDR":
            out += new
    return b"".join(out)
