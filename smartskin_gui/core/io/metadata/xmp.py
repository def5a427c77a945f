"""The XMP packet: keep the photographer's fields, add SmartSkin's settings, read them back.

The packet is edited as text, never re-serialised: keywords, rating, label, copyright,
caption and Lightroom's own fields (``crs:``, ``lr:``, ``xmpMM:``...) come out byte for byte
as they went in. Only SmartSkin's own ``rdf:Description`` is replaced or added.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ...errors import ParameterError
from ...params import Params

NS = "https://smartskin.app/ns/1.0/"
PREFIX = "smartskin"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: Largest XMP a JPEG APP1 segment holds (65535 - 2 length bytes - 29 bytes of signature).
JPEG_XMP_LIMIT = 65504
_OWN_BLOCK = re.compile(
    r"<rdf:Description\b[^>]*xmlns:" + PREFIX + r"=\"" + re.escape(NS) + r"\"[^>]*?"
    r"(?:/>|>.*?</rdf:Description>)\s*",
    re.DOTALL,
)
_PACKET_BEGIN = re.compile(rb"<\?xpacket begin=[^>]*\?>\s*")
_PACKET_END = re.compile(rb"\s*<\?xpacket end=[^>]*\?>\s*$")
# Big, regenerable history blocks dropped first when a packet must fit in a JPEG.
_BULKY = (
    re.compile(r"<photoshop:DocumentAncestors>.*?</photoshop:DocumentAncestors>\s*", re.DOTALL),
    re.compile(r"<xmpMM:History>.*?</xmpMM:History>\s*", re.DOTALL),
)


@dataclass(frozen=True, slots=True)
class RecordedSettings:
    """What a result was made with: the engine's name ("local", "cloud") and the strengths."""

    engine: str
    params: Params
    version: str = ""


def _empty_packet() -> str:
    return f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{_RDF}"></rdf:RDF></x:xmpmeta>'


def _own_block(settings: RecordedSettings) -> str:
    return (
        f'<rdf:Description rdf:about="" xmlns:{PREFIX}="{NS}"'
        f' {PREFIX}:Engine="{_attr(settings.engine)}"'
        f' {PREFIX}:Retouch="{settings.params.retouch:.2f}"'
        f' {PREFIX}:Whitening="{settings.params.whitening:.2f}"'
        f' {PREFIX}:Version="{_attr(settings.version)}"/>\n'
    )


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _body(packet: bytes | None) -> str:
    """The ``x:xmpmeta`` text of ``packet`` without its ``<?xpacket?>`` wrapper."""
    if not packet or b"</rdf:RDF>" not in packet:
        return _empty_packet()
    text = _PACKET_END.sub(b"", _PACKET_BEGIN.sub(b"", packet.strip(b"\x00 \r\n\t")))
    return text.decode("utf-8", errors="replace")


def wrap(body: str, padding: int = 2048) -> bytes:
    """An XMP packet with the standard wrapper and room for in-place edits by catalogs."""
    head = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    tail = "\n" + (" " * 99 + "\n") * (padding // 100) + '<?xpacket end="w"?>'
    return (head + body + tail).encode("utf-8")


def with_settings(
    packet: bytes | None, settings: RecordedSettings, *, limit: int | None = None
) -> bytes:
    """``packet`` (or a new one) with SmartSkin's settings block, every other field kept.

    With ``limit`` (bytes, e.g. :data:`JPEG_XMP_LIMIT`), the padding shrinks and then the
    regenerable edit history (``xmpMM:History``, ``photoshop:DocumentAncestors``) is dropped
    if the packet would not fit; nothing else is ever removed.
    """
    body = _OWN_BLOCK.sub("", _body(packet))
    at = body.rfind("</rdf:RDF>")
    body = body[:at] + _own_block(settings) + body[at:]
    out = wrap(body)
    if limit is None or len(out) <= limit:
        return out
    for bulky in (None, *_BULKY):
        if bulky is not None:
            body = bulky.sub("", body)
        out = wrap(body, padding=0)
        if len(out) <= limit:
            return out
    return out


def read_settings(packet: bytes | None) -> RecordedSettings | None:
    """The SmartSkin settings recorded in ``packet``, or None (absent, damaged, out of range)."""
    if not packet:
        return None
    try:
        root = ET.fromstring(_body(packet))
    except ET.ParseError:
        return None
    for desc in root.iter(f"{{{_RDF}}}Description"):
        engine = desc.get(f"{{{NS}}}Engine") or _child_text(desc, "Engine")
        if engine is None:
            continue
        retouch = desc.get(f"{{{NS}}}Retouch") or _child_text(desc, "Retouch")
        whitening = desc.get(f"{{{NS}}}Whitening") or _child_text(desc, "Whitening")
        version = desc.get(f"{{{NS}}}Version") or _child_text(desc, "Version") or ""
        try:
            return RecordedSettings(engine, Params.parse(retouch, whitening), version)
        except ParameterError:  # a hand-edited or foreign value: not usable, not fatal
            return None
    return None


def _child_text(desc: ET.Element, name: str) -> str | None:
    """XMP also allows properties as child elements instead of attributes."""
    child = desc.find(f"{{{NS}}}{name}")
    return child.text if child is not None else None
