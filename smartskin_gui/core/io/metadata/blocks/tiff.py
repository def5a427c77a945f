"""TIFF: the first IFD rewritten with EXIF/GPS sub-IFDs, ICC, XMP, IPTC and DPI tags."""

from __future__ import annotations

import struct

from PIL import Image, TiffImagePlugin

from .common import EXIF_HEADER, Blocks, BlockTooLargeError, strip_exif_header

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
