"""JPEG: APP1 EXIF, APP1 XMP, APP2 ICC (split over segments) and APP13 IPTC."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from .common import EXIF_HEADER, Blocks, BlockTooLargeError, strip_exif_header

XMP_JPEG_SIG = b"http://ns.adobe.com/xap/1.0/\x00"
ICC_JPEG_SIG = b"ICC_PROFILE\x00"
PS_JPEG_SIG = b"Photoshop 3.0\x00"
IPTC_RESOURCE = 0x0404
_SEGMENT_MAX = 65533  # a JPEG segment's payload, after its two length bytes


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
            lead.append(_segment(marker, _with_density(payload, blocks.dpi)))
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


def _with_density(jfif: bytes, dpi: tuple[float, float] | None) -> bytes:
    """The JFIF header with the photo's pixel density (dots per inch), whichever encoder
    wrote it (OpenCV writes none)."""
    if dpi is None or len(jfif) < 12:
        return jfif
    x, y = (max(1, min(65535, round(v))) for v in dpi)
    return jfif[:7] + struct.pack(">BHH", 1, x, y) + jfif[12:]


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
