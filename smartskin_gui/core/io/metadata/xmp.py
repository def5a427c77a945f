"""The XMP packet: keep the photographer's fields, add SmartSkin's settings, read them back;
read and write the photo's star rating and colour label (``xmp:Rating``, ``xmp:Label``).

The packet is edited as text, never re-serialised: keywords, copyright, caption and
Lightroom's own fields (``crs:``, ``lr:``, ``xmpMM:``...) come out byte for byte as they
went in. Only SmartSkin's own ``rdf:Description`` is replaced or added, and, when the
photographer rated or labelled the photo in SmartSkin, the ``xmp:Rating`` and ``xmp:Label``
properties (attribute or element form, under whichever prefix the packet binds to the
``xmp`` namespace) are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from ...errors import ParameterError
from ...params import Params

NS = "https://smartskin.app/ns/1.0/"
PREFIX = "smartskin"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The namespace of ``xmp:Rating`` and ``xmp:Label`` (older Adobe files call it ``xap:``).
XMP_NS = "http://ns.adobe.com/xap/1.0/"
#: ``xmp:Rating`` of a rejected photo, as Lightroom and Bridge write it.
REJECTED = -1
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
    return _fit(body, limit)


def _fit(body: str, limit: int | None) -> bytes:
    """``body`` wrapped; with ``limit``, less padding and then no edit history if needed."""
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


# --- rating and colour label --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class XmpCulling:
    """A photo's ``xmp:Rating`` (0-5 stars, or :data:`REJECTED`) and ``xmp:Label`` (a
    colour's name, "Red"...). To write: None keeps what the packet has; ``label=""``
    removes the packet's label."""

    rating: int | None = None
    label: str | None = None


_XMP_PREFIX = re.compile(r"xmlns:([\w.-]+)\s*=\s*[\"']" + re.escape(XMP_NS) + r"[\"']")
_DESCRIPTION_TAG = re.compile(
    r"<rdf:Description(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
)
_RATING_TEXT = re.compile(r"\bxmp:Rating\s*(?:=\s*[\"']|>)\s*(-?[\d.]+)")
_LABEL_TEXT = re.compile(r"\bxmp:Label\s*(?:=\s*\"([^\"]*)\"|=\s*'([^']*)'|>([^<]*)<)")


def read_culling(packet: bytes | None) -> XmpCulling | None:
    """The rating and label in ``packet`` (attribute or element form, as Lightroom,
    Capture One and Bridge write them), or None when it has neither."""
    if not packet:
        return None
    rating_text: str | None = None
    label: str | None = None
    try:
        root = ET.fromstring(_body(packet))
        for desc in root.iter(f"{{{_RDF}}}Description"):
            rating_text = rating_text or _property(desc, "Rating")
            label = label or _property(desc, "Label")
    except ET.ParseError:  # a packet other tools still read: look for the usual prefix
        text = _body(packet)
        if found := _RATING_TEXT.search(text):
            rating_text = found.group(1)
        if found := _LABEL_TEXT.search(text):
            label = next((g for g in found.groups() if g is not None), None)
    rating = _rating(rating_text)
    label = (label or "").strip() or None
    return None if rating is None and label is None else XmpCulling(rating, label)


def _property(desc: ET.Element, name: str) -> str | None:
    value = desc.get(f"{{{XMP_NS}}}{name}")
    if value is None:
        child = desc.find(f"{{{XMP_NS}}}{name}")
        value = child.text if child is not None else None
    return value.strip() if value and value.strip() else None


def _rating(text: str | None) -> int | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    if value is None or not REJECTED <= value <= 5:
        return None
    return int(value)


def with_culling(packet: bytes | None, culling: XmpCulling, *, limit: int | None = None) -> bytes:
    """``packet`` (or a new one) with ``culling``'s rating and label in place of its own,
    every other byte of the packet kept (see :func:`with_settings` for ``limit``)."""
    body = _body(packet)
    prefixes = sorted(set(_XMP_PREFIX.findall(body))) or ["xmp"]
    rating = None if culling.rating is None else str(culling.rating)
    added: list[tuple[str, str]] = []
    for name, value in (("Rating", rating), ("Label", culling.label)):
        if value is None:
            continue
        body, replaced = _set_property(body, prefixes, name, value)
        if not replaced and value:
            added.append((name, value))
    if added:
        body = _add_properties(body, added)
    return _fit(body, limit)


def _set_property(body: str, prefixes: list[str], name: str, value: str) -> tuple[str, bool]:
    """``body`` with every ``<prefix>:<name>`` gone but the first, which gets ``value`` in
    place ("" removes it too); and whether there was one."""
    replaced = False
    for prefix in prefixes:
        qname = re.escape(f"{prefix}:{name}")
        forms = (
            (re.compile(r"(\s+" + qname + r"\s*=\s*)(\"[^\"]*\"|'[^']*')"), _attr),
            (
                re.compile(r"(<" + qname + r"(?:\s[^>]*)?>)(.*?)(</" + qname + r">)", re.DOTALL),
                _text,
            ),
        )
        for pattern, escape in forms:

            def swap(m: re.Match[str], escape: Callable[[str], str] = escape) -> str:
                nonlocal replaced
                if replaced or not value:
                    return ""
                replaced = True
                if m.lastindex == 3:  # element form: <p:Name>value</p:Name>
                    return m.group(1) + escape(value) + m.group(3)
                return m.group(1) + f'"{escape(value)}"'

            body = pattern.sub(swap, body)
        body = re.sub(r"<" + qname + r"(?:\s[^>]*)?/>", "", body)  # an empty element
    return body, replaced


def _add_properties(body: str, properties: list[tuple[str, str]]) -> str:
    """The properties as attributes of the first description that binds a prefix to the
    ``xmp`` namespace (where Lightroom keeps them), else of a description of their own."""
    for tag in _DESCRIPTION_TAG.finditer(body):
        bound = _XMP_PREFIX.search(tag.group(0))
        if bound is not None:
            attrs = "".join(f' {bound.group(1)}:{n}="{_attr(v)}"' for n, v in properties)
            end = tag.end() - (2 if tag.group(0).endswith("/>") else 1)
            return body[:end] + attrs + body[end:]
    attrs = "".join(f' xmp:{n}="{_attr(v)}"' for n, v in properties)
    block = f'<rdf:Description rdf:about="" xmlns:xmp="{XMP_NS}"{attrs}/>\n'
    at = body.rfind("</rdf:RDF>")
    return body[:at] + block + body[at:]


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
