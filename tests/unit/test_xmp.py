import xml.etree.ElementTree as ET

from smartskin_gui.core.io.metadata.xmp import (
    JPEG_XMP_LIMIT,
    NS,
    RecordedSettings,
    read_settings,
    with_settings,
)
from smartskin_gui.core.params import Params
from tests.filefixtures import COPYRIGHT, KEYWORDS, LIGHTROOM_XMP

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
XMP = "{http://ns.adobe.com/xap/1.0/}"


def _root(packet: bytes) -> ET.Element:
    text = packet.decode("utf-8")
    start, end = text.index("<x:xmpmeta"), text.index("</x:xmpmeta>") + len("</x:xmpmeta>")
    return ET.fromstring(text[start:end])


def test_settings_are_added_and_every_lightroom_field_kept_verbatim():
    settings = RecordedSettings("cloud", Params(0.8, 0.35), "9.9")
    out = with_settings(LIGHTROOM_XMP, settings)
    assert read_settings(out) == settings
    original = LIGHTROOM_XMP.decode()
    body = original[original.index("<x:xmpmeta") : original.index("</rdf:RDF>")]
    assert body in out.decode()  # untouched, byte for byte, before SmartSkin's block
    root = _root(out)
    assert [li.text for li in root.iter(f"{RDF}li")][: len(KEYWORDS)] == list(KEYWORDS)
    assert any(li.text == COPYRIGHT for li in root.iter(f"{RDF}li"))
    rated = [d for d in root.iter(f"{RDF}Description") if d.get(f"{XMP}Rating")]
    assert rated[0].get(f"{XMP}Rating") == "4" and rated[0].get(f"{XMP}Label") == "Red"


def test_saving_again_replaces_the_settings_instead_of_adding_a_second_block():
    first = with_settings(LIGHTROOM_XMP, RecordedSettings("local", Params(1.0, 1.0)))
    second = with_settings(first, RecordedSettings("cloud", Params(0.5, 0.2)))
    assert second.count(NS.encode()) == 1
    assert read_settings(second) == RecordedSettings("cloud", Params(0.5, 0.2))
    assert second.count(b"<?xpacket begin") == 1


def test_a_file_without_xmp_gets_a_fresh_valid_packet():
    out = with_settings(None, RecordedSettings("local", Params(1.2, 0.0), "0.1.0"))
    assert _root(out).tag == "{adobe:ns:meta/}xmpmeta"
    assert read_settings(out) == RecordedSettings("local", Params(1.2, 0.0), "0.1.0")


def test_settings_written_as_elements_by_other_tools_are_read_too():
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:s="{NS}"><s:Engine>local</s:Engine>'
        "<s:Retouch>0.4</s:Retouch><s:Whitening>1.5</s:Whitening></rdf:Description>"
        "</rdf:RDF></x:xmpmeta>"
    ).encode()
    assert read_settings(packet) == RecordedSettings("local", Params(0.4, 1.5))


def test_missing_damaged_or_out_of_range_settings_are_none():
    assert read_settings(None) is None
    assert read_settings(LIGHTROOM_XMP) is None
    assert read_settings(b"<x:xmpmeta><rdf:RDF>broken") is None
    bad = with_settings(None, RecordedSettings("local", Params(1.0, 1.0))).replace(
        b'Retouch="1.00"', b'Retouch="7"'
    )
    assert read_settings(bad) is None


def test_a_packet_too_big_for_jpeg_loses_only_its_history():
    history = "".join(
        f'<rdf:li stEvt:action="saved" stEvt:instanceID="xmp.iid:{i:060d}"/>' for i in range(1200)
    )
    big = LIGHTROOM_XMP.replace(
        b"</rdf:Seq></xmpMM:History>", history.encode() + b"</rdf:Seq></xmpMM:History>"
    )
    assert len(big) > JPEG_XMP_LIMIT
    out = with_settings(big, RecordedSettings("local", Params()), limit=JPEG_XMP_LIMIT)
    assert len(out) <= JPEG_XMP_LIMIT
    assert b"xmpMM:History" not in out
    assert all(k.encode() in out for k in KEYWORDS) and COPYRIGHT.encode() in out
    assert read_settings(out) == RecordedSettings("local", Params())
