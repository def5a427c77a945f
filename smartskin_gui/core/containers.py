"""Metadata blocks written into encoded JPEG, PNG, WebP and TIFF bytes, at byte level.

Encoders (Pillow for 8-bit, OpenCV for 16-bit) write pixels; these functions then put the
EXIF, ICC, XMP and IPTC blocks in the places each format defines, replacing any block of
the same kind and leaving every other block alone. This is the one path for both encoders:
OpenCV writes no metadata at all, and Pillow 13 ignores ``xmp=`` for PNG and TIFF.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, TiffImagePlugin

EXIF_HEADER = b"Exif\x00\x00"
XMP_JPEG_SIG = b"http://ns.adobe.com/xap/1.0/\x00"
ICC_JPEG_SIG = b"ICC_PROFILE\x00"
PS_JPEG_SIG = b"Photoshop 3.0\x00"
PNG_SIG = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEY = b"XML:com.adobe.xmp"
PNG_IPTC_KEY = b"Raw profile type iptc"
IPTC_RESOURCE = 0x0404
_SEGMENT_MAX = 65533  # a JPEG segment's payload, after its two length bytes


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


# --- JPEG ---------------------------------------------------------------------------------


def jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, payload) for each header segment before the scan (SOS not included)."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA or 0xD0 <= marker <= 0xD9:
            return
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        yield marker, data[pos + 4 : pos + 2 + length]
        pos += 2 + length


def _jpeg_header_end(data: bytes) -> int:
    pos = 2
    for _marker, payload in jpeg_segments(data):
        pos += 4 + len(payload)
    return pos


def _segment(marker: int, payload: bytes, what: str = "metadata") -> bytes:
    if len(payload) > _SEGMENT_MAX:
        raise BlockTooLargeError(what)
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def photoshop_iptc(payload: bytes) -> bytes | None:
    """The IPTC-IIM resource (0x0404) of a Photoshop APP13 payload (signature removed)."""
    for rid, data in _ps_resources(payload):
        if rid == IPTC_RESOURCE:
            return data
    return None


def _ps_resources(payload: bytes) -> Iterator[tuple[int, bytes]]:
    pos = 0
    while pos + 12 <= len(payload) and payload[pos : pos + 4] == b"8BIM":
        rid = struct.unpack(">H", payload[pos + 4 : pos + 6])[0]
        name_len = payload[pos + 6]
        pos += 6 + (name_len + 2) // 2 * 2  # Pascal name padded to even
        if pos + 4 > len(payload):
            return
        size = struct.unpack(">I", payload[pos : pos + 4])[0]
        yield rid, payload[pos + 4 : pos + 4 + size]
        pos += 4 + size + (size & 1)


def _ps_payload(resources: list[tuple[int, bytes]]) -> bytes:
    out = b""
    for rid, data in resources:
        out += b"8BIM" + struct.pack(">H", rid) + b"\x00\x00" + struct.pack(">I", len(data))
        out += data + (b"\x00" if len(data) & 1 else b"")
    return out


def embed_jpeg(data: bytes, blocks: Blocks) -> bytes:
    """Replace/insert APP1 EXIF, APP1 XMP, APP2 ICC and the APP13 IPTC resource."""
    keep: list[bytes] = []
    lead: list[bytes] = []  # JFIF APP0 stays first
    other_ps: list[tuple[int, bytes]] = []
    for marker, payload in jpeg_segments(data):
        seg = _segment(marker, payload)
        if marker == 0xE0 and payload.startswith(b"JFIF") and not keep:
            lead.append(seg)
        elif _replaced(marker, payload, blocks):
            continue
        elif marker == 0xED and payload.startswith(PS_JPEG_SIG) and blocks.iptc is not None:
            ps = payload[len(PS_JPEG_SIG) :]
            other_ps += [r for r in _ps_resources(ps) if r[0] != IPTC_RESOURCE]
        else:
            keep.append(seg)
    new: list[bytes] = []
    if blocks.exif is not None:
        new.append(_segment(0xE1, EXIF_HEADER + strip_exif_header(blocks.exif), "EXIF"))
    if blocks.xmp is not None:
        new.append(_segment(0xE1, XMP_JPEG_SIG + blocks.xmp, "XMP metadata"))
    if blocks.icc is not None:
        new += _icc_segments(blocks.icc)
    if blocks.iptc is not None:
        payload = _ps_payload([*other_ps, (IPTC_RESOURCE, blocks.iptc)])
        new.append(_segment(0xED, PS_JPEG_SIG + payload, "IPTC metadata"))
    end = _jpeg_header_end(data)
    return data[:2] + b"".join(lead + new + keep) + data[end:]


def _replaced(marker: int, payload: bytes, blocks: Blocks) -> bool:
    """Is this segment one that ``blocks`` brings a new version of?"""
    return (
        (marker == 0xE1 and payload.startswith(b"Exif") and blocks.exif is not None)
        or (marker == 0xE1 and payload.startswith(XMP_JPEG_SIG) and blocks.xmp is not None)
        or (marker == 0xE2 and payload.startswith(ICC_JPEG_SIG) and blocks.icc is not None)
    )


def _icc_segments(icc: bytes) -> list[bytes]:
    room = _SEGMENT_MAX - len(ICC_JPEG_SIG) - 2
    parts = [icc[i : i + room] for i in range(0, len(icc), room)] or [b""]
    return [
        _segment(0xE2, ICC_JPEG_SIG + bytes((n + 1, len(parts))) + part)
        for n, part in enumerate(parts)
    ]


# --- PNG ----------------------------------------------------------------------------------


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


# --- WebP ---------------------------------------------------------------------------------


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


# --- TIFF ---------------------------------------------------------------------------------

_TIFF_TYPES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


def embed_tiff(data: bytes, blocks: Blocks, extra: dict[int, tuple[int, bytes]]) -> bytes:
    """Rewrite the first IFD at the end of the file with new/replaced tags.

    ``extra`` maps tag -> (TIFF type, packed value bytes in the file's byte order), e.g.
    Software. EXIF goes into an EXIF sub-IFD (34665, and GPS 34853 when present), ICC into
    34675, XMP into 700, IPTC into 33723, DPI into 282/283/296. Pixel data is not moved.
    Later IFDs (thumbnails, pages) are dropped. BigTIFF and files over 4 GB raise
    :class:`BlockTooLargeError`.
    """
    if data[2:4] in (b"\x2b\x00", b"\x00\x2b"):
        raise BlockTooLargeError("metadata (BigTIFF)")
    order = _tiff_order(data)
    # tag -> type, count, 4-byte field (kept: out-of-line data stays where it is), new data
    entries = {tag: (typ, n, field, b"") for tag, (typ, n, field) in tiff_ifd0(data).items()}
    for tag in (34665, 34853):  # old sub-IFDs would point into the replaced EXIF
        if blocks.exif is not None:
            entries.pop(tag, None)
    news: dict[int, tuple[int, bytes]] = dict(extra)
    if blocks.icc is not None:
        news[34675] = (7, blocks.icc)
    if blocks.xmp is not None:
        news[700] = (1, blocks.xmp)
    if blocks.iptc is not None:  # UNDEFINED, as Pillow writes and reads it
        news[33723] = (7, blocks.iptc)
    if blocks.dpi is not None:
        for tag, value in zip((282, 283), blocks.dpi, strict=True):
            news[tag] = (5, struct.pack(order + "II", round(value * 10000), 10000))
        news[296] = (3, struct.pack(order + "H", 2))
    for tag, (typ, payload) in news.items():
        entries[tag] = (typ, len(payload) // _TIFF_TYPES[typ], b"", payload)
    out = bytearray(data)
    out += b"\x00" * (len(out) & 1)
    sub_ifds = _exif_sub_ifds(blocks.exif, order) if blocks.exif is not None else {}
    n = len(entries) + len(sub_ifds)
    ifd_at = len(out)
    aux_at = ifd_at + 2 + 12 * n + 4
    table = struct.pack(order + "H", n)
    aux = bytearray()
    for tag in sorted({*entries, *sub_ifds}):
        if tag in sub_ifds:
            sub = sub_ifds[tag].tobytes(aux_at + len(aux))
            table += struct.pack(order + "HHII", tag, 4, 1, aux_at + len(aux))
            aux += sub + b"\x00" * (len(sub) & 1)
            continue
        typ, cnt, field, payload = entries[tag]
        if not payload:
            table += struct.pack(order + "HHI", tag, typ, cnt) + field
        elif len(payload) <= 4:
            table += struct.pack(order + "HHI", tag, typ, cnt) + payload.ljust(4, b"\x00")
        else:
            table += struct.pack(order + "HHII", tag, typ, cnt, aux_at + len(aux))
            aux += payload + b"\x00" * (len(payload) & 1)
    table += struct.pack(order + "I", 0)
    if len(out) + len(table) + len(aux) >= 2**32:
        raise BlockTooLargeError("metadata (a TIFF over 4 GB)")
    out += table + aux
    out[4:8] = struct.pack(order + "I", ifd_at)
    return bytes(out)


def _tiff_order(data: bytes) -> str:
    return "<" if data[:2] == b"II" else ">"


def tiff_ifd0(data: bytes) -> dict[int, tuple[int, int, bytes]]:
    """The first IFD's entries: tag -> (type, count, the 4-byte value/offset field)."""
    order = _tiff_order(data)
    (first,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[first : first + 2])
    out: dict[int, tuple[int, int, bytes]] = {}
    for i in range(count):
        at = first + 2 + 12 * i
        tag, typ, n = struct.unpack(order + "HHI", data[at : at + 8])
        out[tag] = (typ, n, data[at + 8 : at + 12])
    return out


def tiff_shorts(data: bytes, tag: int) -> tuple[int, ...]:
    """A first-IFD SHORT tag's values (e.g. 258 bits per sample), () if absent."""
    raw = tiff_tag_bytes(data, tag) or b""
    return struct.unpack(_tiff_order(data) + f"{len(raw) // 2}H", raw[: len(raw) // 2 * 2])


def tiff_tag_bytes(data: bytes, tag: int) -> bytes | None:
    """A first-IFD tag's raw value bytes, whatever its declared type.

    Pillow keeps only the first number of a LONG-typed IPTC tag (33723, as Photoshop
    writes it); the IPTC block must be read as the bytes it is.
    """
    try:
        entry = tiff_ifd0(data).get(tag)
        if entry is None:
            return None
        typ, n, field = entry
        size = n * _TIFF_TYPES.get(typ, 1)
        if size <= 4:
            return field[:size]
        (at,) = struct.unpack(_tiff_order(data) + "I", field)
        return data[at : at + size] if at + size <= len(data) else None
    except struct.error:
        return None


def _exif_sub_ifds(exif: bytes, order: str) -> dict[int, TiffImagePlugin.ImageFileDirectory_v2]:
    parsed = Image.Exif()
    parsed.load(EXIF_HEADER + strip_exif_header(exif))
    ifh = (b"II" if order == "<" else b"MM") + (b"\x2a\x00" if order == "<" else b"\x00\x2a")
    out: dict[int, TiffImagePlugin.ImageFileDirectory_v2] = {}
    for tag in (34665, 34853):
        values = parsed.get_ifd(tag)
        if values:
            ifd = TiffImagePlugin.ImageFileDirectory_v2(ifh + b"\x00" * 4, group=tag)
            for key, value in values.items():
                if key != 40965:  # the interoperability pointer would dangle
                    ifd[key] = value
            out[tag] = ifd
    return out


def strip_exif_header(exif: bytes) -> bytes:
    return exif[len(EXIF_HEADER) :] if exif.startswith(EXIF_HEADER) else exif
