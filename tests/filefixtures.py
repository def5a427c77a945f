"""Test inputs a catalog would hand over: ICC profiles, Lightroom-style XMP, IPTC, 16-bit data.

Pillow can only create sRGB/LAB/XYZ profiles, so wide-gamut matrix/TRC profiles (ICC v2)
are assembled here from their published primaries (D50-adapted) and tone curves.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from smartskin_gui.core.io.depth import encode_deep
from smartskin_gui.core.io.metadata.carry import FileMetadata

_D50 = (0.9642, 1.0, 0.8249)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\x00"
    return (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(ascii_))
        + ascii_
        + b"\x00" * 8  # unicode: language, count 0
        + b"\x00\x00\x00"  # scriptcode: code, count 0
        + b"\x00" * 67
    )


def _curve(gamma: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"


def build_icc(
    description: str,
    red: tuple[float, float, float],
    green: tuple[float, float, float],
    blue: tuple[float, float, float],
    gamma: float,
) -> bytes:
    """A minimal valid RGB display profile (ICC v2, matrix + gamma) LittleCMS accepts."""
    curve = _curve(gamma)
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", b"text\x00\x00\x00\x00" + b"No copyright, test profile\x00"),
        (b"wtpt", _xyz(*_D50)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table = struct.pack(">I", len(tags))
    body = b""
    for sig, data in tags:
        data += b"\x00" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = 128 + table_size + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00\x00\x00\x00"
        + bytes((2, 0x10, 0, 0))
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24  # platform, flags, manufacturer, model, attributes
        + b"\x00\x00\x00\x00"  # rendering intent
        + _s15(_D50[0])
        + _s15(_D50[1])
        + _s15(_D50[2])
        + b"\x00" * 4
        + b"\x00" * 16
        + b"\x00" * 28
    )
    assert len(header) == 128
    return header + table + body


PROPHOTO = build_icc(
    "ProPhoto RGB", (0.7977, 0.2880, 0.0), (0.1352, 0.7119, 0.0), (0.0313, 0.0001, 0.8249), 1.8
)
ADOBE_RGB = build_icc(
    "Adobe RGB (1998)",
    (0.6097, 0.3111, 0.0195),
    (0.2053, 0.6257, 0.0609),
    (0.1492, 0.0632, 0.7446),
    563 / 256,
)
DISPLAY_P3 = build_icc(
    "Display P3",
    (0.5151, 0.2412, -0.0011),
    (0.2920, 0.6922, 0.0419),
    (0.1571, 0.0666, 0.7841),
    2.2,
)
#: A profile with no telling name whose primaries are ProPhoto's (some exports do this).
UNNAMED_PROPHOTO = build_icc(
    "Custom RGB", (0.7977, 0.2880, 0.0), (0.1352, 0.7119, 0.0), (0.0313, 0.0001, 0.8249), 1.8
)

KEYWORDS = ("portrait", "studio", "Anna")
COPYRIGHT = "© 2026 Jane Photographer"
CREATOR = "Jane Photographer"
CAPTION = "Anna in the north-light studio"

#: An XMP packet as Lightroom Classic writes it into an "Edit In" TIFF (abridged).
LIGHTROOM_XMP = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
   xmp:Rating="4" xmp:Label="Red"
   xmp:CreatorTool="Adobe Photoshop Lightroom Classic 14.0 (Windows)"
   photoshop:DateCreated="2026-03-01T10:12:00" crs:Exposure2012="+0.35" crs:WhiteBalance="As Shot">
   <dc:subject><rdf:Bag>{"".join(f"<rdf:li>{k}</rdf:li>" for k in KEYWORDS)}</rdf:Bag></dc:subject>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{COPYRIGHT}</rdf:li></rdf:Alt></dc:rights>
   <dc:creator><rdf:Seq><rdf:li>{CREATOR}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{CAPTION}</rdf:li></rdf:Alt>
   </dc:description>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>People|Anna</rdf:li></rdf:Bag>
   </lr:hierarchicalSubject>
   <xmpMM:History><rdf:Seq><rdf:li stEvt:action="derived" stEvt:parameters="converted"/>
   </rdf:Seq></xmpMM:History>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _dataset(number: int, value: str) -> bytes:
    data = value.encode("utf-8")
    return b"\x1c\x02" + bytes((number,)) + struct.pack(">H", len(data)) + data


#: IPTC-IIM record 2: UTF-8 marker (1:90), keywords, by-line, copyright, caption.
IPTC = (
    b"\x1c\x01\x5a\x00\x03\x1b\x25\x47"
    + b"".join(_dataset(25, k) for k in KEYWORDS)
    + _dataset(80, CREATOR)
    + _dataset(116, COPYRIGHT)
    + _dataset(120, CAPTION)
)


def gradient16(height: int = 256, width: int = 1536) -> np.ndarray:
    """A smooth (H, W, 3) uint16 ramp: every column a different level, > 1,000 in all."""
    ramp = np.linspace(4000, 60000, width)
    rgb = np.stack([ramp, ramp * 0.8 + 2000, ramp * 0.6 + 3000], axis=-1)
    rows = np.linspace(0.97, 1.0, height)[:, None, None]
    return np.round(rgb[None, :, :] * rows).astype(np.uint16)


GRADIENT_ROWS = 256
#: Where :func:`portrait16` puts the face.
FACE = (slice(GRADIENT_ROWS, GRADIENT_ROWS + 512), slice(512, 1024))


def portrait16(astronaut_rgb: np.ndarray) -> np.ndarray:
    """A smooth 16-bit gradient above a face: (768, 1536, 3) uint16."""
    canvas = np.full((GRADIENT_ROWS + 512, 1536, 3), 30000, np.uint16)
    canvas[:GRADIENT_ROWS] = gradient16(GRADIENT_ROWS, 1536)
    fine = np.random.default_rng(1).integers(-128, 129, astronaut_rgb.shape)
    canvas[FACE] = np.clip(astronaut_rgb.astype(np.int64) * 257 + fine, 0, 65535)
    return canvas


def write16(path: Path, pixels: np.ndarray, icc: bytes | None = None) -> Path:
    fmt = "TIFF" if path.suffix == ".tif" else "PNG"
    meta = FileMetadata(icc=icc, xmp=LIGHTROOM_XMP, iptc=IPTC, dpi=(300.0, 300.0))
    path.write_bytes(encode_deep(pixels, fmt, meta, "zip"))
    return path
