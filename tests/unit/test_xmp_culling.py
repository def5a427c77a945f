"""Ratings and colour labels in the XMP packet: read as Lightroom, Capture One and Bridge
write them, written in place of the source's, every other byte of the packet kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from PIL import Image

from smartskin_gui.core.io import load_photo, save_result
from smartskin_gui.core.io.metadata import (
    REJECTED,
    FileMetadata,
    RecordedSettings,
    XmpCulling,
    culling_from_file,
    embed,
    output_metadata,
    read_culling,
    read_metadata,
    read_settings,
)
from smartskin_gui.core.io.metadata.xmp import JPEG_XMP_LIMIT, with_culling
from smartskin_gui.core.params import Params
from tests.filefixtures import CAPTION, COPYRIGHT, KEYWORDS, LIGHTROOM_XMP

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XMP = "{http://ns.adobe.com/xap/1.0/}"


def packet(description: str, namespaces: str = 'xmlns:xmp="http://ns.adobe.com/xap/1.0/"') -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {namespaces}{description}'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def properties(packet: bytes, name: str) -> list[str]:
    text = packet.decode()
    root = ET.fromstring(text[text.index("<x:xmpmeta") : text.index("</x:xmpmeta>") + 12])
    found = []
    for desc in root.iter(f"{RDF}Description"):
        if desc.get(f"{XMP}{name}") is not None:
            found.append(desc.get(f"{XMP}{name}"))
        found += [e.text or "" for e in desc.findall(f"{XMP}{name}")]
    return found


def test_read_as_lightroom_capture_one_and_bridge_write_them():
    assert read_culling(LIGHTROOM_XMP) == XmpCulling(4, "Red")  # attributes
    elements = packet("><xmp:Rating>3</xmp:Rating><xmp:Label>Green</xmp:Label></rdf:Description>")
    assert read_culling(elements) == XmpCulling(3, "Green")
    old_prefix = packet(' xap:Rating="5"/>', namespaces='xmlns:xap="http://ns.adobe.com/xap/1.0/"')
    assert read_culling(old_prefix) == XmpCulling(5, None)
    assert read_culling(packet(' xmp:Rating="-1"/>')) == XmpCulling(REJECTED, None)
    assert read_culling(packet(' xmp:Label="Blue"/>')) == XmpCulling(None, "Blue")


def test_nothing_or_nonsense_is_none():
    assert read_culling(None) is None
    assert read_culling(packet(' xmp:CreatorTool="x"/>')) is None
    assert read_culling(packet(' xmp:Rating="9"/>')) is None
    assert read_culling(packet(' xmp:Rating="many"/>')) is None


def test_written_in_place_every_other_byte_kept():
    out = with_culling(LIGHTROOM_XMP, XmpCulling(2, "Blue"))
    assert read_culling(out) == XmpCulling(2, "Blue")
    assert properties(out, "Rating") == ["2"] and properties(out, "Label") == ["Blue"]
    source = LIGHTROOM_XMP.decode()
    body = source[source.index("<x:xmpmeta") : source.index("</x:xmpmeta>")]
    assert body.replace('Rating="4" xmp:Label="Red"', 'Rating="2" xmp:Label="Blue"') in out.decode()


def test_a_label_cleared_in_smartskin_leaves_the_file_and_none_keeps_the_source():
    out = with_culling(LIGHTROOM_XMP, XmpCulling(0, ""))
    assert properties(out, "Label") == [] and properties(out, "Rating") == ["0"]
    kept = with_culling(LIGHTROOM_XMP, XmpCulling(None, None))
    assert read_culling(kept) == XmpCulling(4, "Red")


def test_elements_replaced_and_duplicates_dropped():
    source = packet(
        ' xmp:Rating="1"><xmp:Rating>3</xmp:Rating><xmp:Label>Red</xmp:Label></rdf:Description>'
    )
    out = with_culling(source, XmpCulling(5, "Yellow"))
    assert properties(out, "Rating") == ["5"] and properties(out, "Label") == ["Yellow"]


def test_added_where_lightroom_keeps_them_or_in_a_description_of_their_own():
    bare = packet(' xmp:CreatorTool="Capture One"/>')
    out = with_culling(bare, XmpCulling(3, "Green"))
    assert b'xmp:CreatorTool="Capture One" xmp:Rating="3" xmp:Label="Green"/>' in out
    none = with_culling(None, XmpCulling(REJECTED, "Red"))
    assert read_culling(none) == XmpCulling(REJECTED, "Red")
    other = packet(' dc:format="image/jpeg"/>', 'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    out = with_culling(other, XmpCulling(1, None))
    assert read_culling(out) == XmpCulling(1, None) and b'dc:format="image/jpeg"' in out


def test_output_metadata_has_settings_and_rating_and_fits_a_jpeg():
    history = "".join(f'<rdf:li stEvt:instanceID="xmp.iid:{i:060d}"/>' for i in range(1200))
    big = LIGHTROOM_XMP.replace(
        b"</rdf:Seq></xmpMM:History>", history.encode() + b"</rdf:Seq></xmpMM:History>"
    )
    settings = RecordedSettings("local", Params(0.5, 0.5))
    meta = output_metadata(FileMetadata(xmp=big), settings, "JPEG", XmpCulling(2, "Red"))
    assert meta.xmp is not None and len(meta.xmp) <= JPEG_XMP_LIMIT
    assert read_culling(meta.xmp) == XmpCulling(2, "Red")
    assert read_settings(meta.xmp) == settings
    assert all(k.encode() in meta.xmp for k in KEYWORDS)
    assert COPYRIGHT.encode() in meta.xmp and CAPTION.encode() in meta.xmp


def lightroom_jpeg(path: Path, xmp: bytes = LIGHTROOM_XMP) -> Path:
    data = np.full((160, 240, 3), 120, np.uint8)
    Image.fromarray(data).save(path, "JPEG", quality=90, exif=Image.Exif().tobytes())
    path.write_bytes(embed(path.read_bytes(), "JPEG", FileMetadata(xmp=xmp)))
    return path


def test_the_file_is_read_from_its_header(tmp_path):
    jpeg = lightroom_jpeg(tmp_path / "rated.jpg")
    assert read_metadata(jpeg.read_bytes()).xmp is not None
    assert culling_from_file(jpeg) == XmpCulling(4, "Red")
    png = tmp_path / "rated.png"
    Image.new("RGB", (32, 32)).save(png)
    png.write_bytes(embed(png.read_bytes(), "PNG", FileMetadata(xmp=LIGHTROOM_XMP)))
    assert culling_from_file(png) == XmpCulling(4, "Red")
    plain = tmp_path / "plain.jpg"
    Image.new("RGB", (32, 32)).save(plain)
    assert culling_from_file(plain) is None
    assert culling_from_file(tmp_path / "gone.jpg") is None
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00")
    assert culling_from_file(tmp_path / "broken.jpg") is None


def test_a_saved_result_carries_the_rating_and_the_original_stays_as_it_was(tmp_path):
    source = lightroom_jpeg(tmp_path / "portrait.jpg")
    before = source.read_bytes()
    photo = load_photo(source)
    marks = XmpCulling(2, "")
    changed = save_result(
        photo.rgb,
        tmp_path / "out.jpg",
        original=photo,
        engine="local",
        params=Params(),
        culling=marks,
    )
    copied = save_result(
        photo.rgb, tmp_path / "same.jpg", original=photo, unchanged=True, culling=marks
    )
    for saved in (changed, copied):
        xmp = read_metadata(saved.path.read_bytes()).xmp
        assert read_culling(xmp) == XmpCulling(2, None)
        assert KEYWORDS[0].encode() in xmp and b"crs:Exposure2012" in xmp
    # The copy is the original's bytes but for its XMP segment: the same scan.
    scan = before.index(b"\xff\xda")
    assert copied.path.read_bytes().endswith(before[scan:])
    plain = save_result(photo.rgb, tmp_path / "kept.jpg", original=photo, unchanged=True)
    assert plain.path.read_bytes() == before  # nothing set in SmartSkin: a plain copy
    assert source.read_bytes() == before
