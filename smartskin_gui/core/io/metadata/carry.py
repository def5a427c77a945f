"""A photo's metadata (EXIF, ICC, XMP, IPTC, DPI): read from the source, written into results.

Reads JPEG, PNG, WebP and TIFF; writes them back into encoded output bytes of any of those
formats (``embed``), with EXIF ``Software`` set to SmartSkin and its version and the
settings used recorded in the XMP packet under SmartSkin's namespace, every other field of
the photographer's packet kept as it was.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import replace
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ...errors import CorruptImageError, ImageTooLargeError, SaveError, SmartSkinError
from ...params import Params
from ...photo import FileMetadata
from ..files import ORIENTATION_TAG, exif_bytes, exif_of, read_file, sniff_format
from . import blocks
from .blocks import Blocks
from .blocks.jpeg import XMP_JPEG_SIG
from .xmp import (
    JPEG_XMP_LIMIT,
    RecordedSettings,
    XmpCulling,
    read_culling,
    read_settings,
    with_culling,
    with_settings,
)

SOFTWARE_TAG = 0x0131
#: IFD0 tags that describe the photo, not the pixel layout: safe to carry into any output.
DESCRIPTIVE_TAGS = (0x010E, 0x010F, 0x0110, 0x0112, 0x0131, 0x0132, 0x013B, 0x8298)
EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def app_version() -> str:
    """SmartSkin's version, recorded in every file saved: looked up in the package metadata
    once, on first use (``importlib.metadata`` loads then, some 20 ms: a batch looks it
    up while its first photo is being retouched, not while the program starts)."""
    from .... import __version__

    return __version__


def software() -> str:
    return f"SmartSkin {app_version()}"


def read_metadata(data: bytes) -> FileMetadata:
    """The metadata of an encoded JPEG, PNG, WebP or TIFF (other formats: EXIF/ICC/DPI only).

    Raises :class:`CorruptImageError` when the bytes are not an image at all.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns about LONG-typed IPTC and odd EXIF; both are handled here.
            warnings.simplefilter("ignore", UserWarning)
            with Image.open(io.BytesIO(data)) as im:
                info = dict(im.info)
                # Damaged tags lose the EXIF block only: the photo itself is still good.
                exif = clean_exif(exif_bytes(exif_of(im)))
    except Image.DecompressionBombError:
        raise ImageTooLargeError("This file says it is too large to open safely.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptImageError(f"The file's metadata cannot be read ({exc}).") from None
    fmt = sniff_format(data)
    xmp = _as_bytes(info.get("xmp") or info.get("XML:com.adobe.xmp"))
    iptc: bytes | None = None
    if fmt == "JPEG":
        for marker, payload in blocks.jpeg_segments(data):
            if marker == 0xED and payload.startswith(blocks.PS_JPEG_SIG):
                iptc = blocks.photoshop_iptc(payload[len(blocks.PS_JPEG_SIG) :])
    elif fmt == "TIFF":
        xmp = xmp or blocks.tiff_tag_bytes(data, 700)
        iptc = blocks.tiff_tag_bytes(data, 33723)
    elif fmt == "PNG" and "Raw profile type iptc" in info:
        iptc = blocks.iptc_from_png_text(info["Raw profile type iptc"])
    dpi = info.get("dpi")
    return FileMetadata(
        exif=exif,
        icc=info.get("icc_profile") or None,
        xmp=xmp or None,
        iptc=iptc or None,
        dpi=(float(dpi[0]), float(dpi[1])) if isinstance(dpi, tuple) and len(dpi) >= 2 else None,
    )


def read_metadata_file(path: Path) -> FileMetadata:
    return read_metadata(read_file(path))


def _as_bytes(value: object) -> bytes | None:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return bytes(value)
    return None


def clean_exif(exif: bytes | None, *, set_software: bool = False) -> bytes | None:
    """EXIF reduced to descriptive IFD0 tags plus the EXIF and GPS sub-IFDs, orientation 1.

    A TIFF's IFD0 also holds its pixel layout (strips, bits, compression); those must never
    be copied into another file.
    """
    parsed = Image.Exif()
    if exif:
        parsed.load(blocks.EXIF_HEADER + blocks.strip_exif_header(exif))
    out = Image.Exif()
    for tag in DESCRIPTIVE_TAGS:
        if tag in parsed:
            out[tag] = parsed[tag]
    for tag in (EXIF_IFD, GPS_IFD):
        sub = parsed.get_ifd(tag)
        if sub:
            out[tag] = {k: v for k, v in sub.items() if k != 0xA005}
    if ORIENTATION_TAG in out:
        out[ORIENTATION_TAG] = 1
    if set_software:
        out[SOFTWARE_TAG] = software()
    return out.tobytes() if len(out) else None


def output_metadata(
    source: FileMetadata,
    settings: RecordedSettings | None,
    fmt: str,
    culling: XmpCulling | None = None,
) -> FileMetadata:
    """What to write into a result made from a file with ``source`` metadata.

    EXIF gets ``Software = SmartSkin <version>``; the XMP packet keeps every field and gains
    the settings (for JPEG, sized to fit its one XMP segment), and ``culling``'s rating and
    label in place of the source's. Without ``settings`` and ``culling`` the packet is
    kept as it is.
    """
    return replace(
        source,
        exif=clean_exif(source.exif, set_software=True),
        xmp=output_xmp(source.xmp, settings, fmt, culling),
    )


def output_xmp(
    packet: bytes | None,
    settings: RecordedSettings | None,
    fmt: str,
    culling: XmpCulling | None = None,
) -> bytes | None:
    """The XMP packet of a result (see :func:`output_metadata`)."""
    limit = JPEG_XMP_LIMIT if fmt == "JPEG" else None
    if culling is not None:
        packet = with_culling(packet, culling, limit=None if settings else limit)
    return with_settings(packet, settings, limit=limit) if settings else packet


def replace_xmp(data: bytes, fmt: str, packet: bytes) -> bytes:
    """Encoded ``data`` with its XMP packet replaced by ``packet``, every other byte kept
    (the rating and label of a result that is the original's bytes)."""
    return embed(data, fmt, FileMetadata(xmp=packet))


def embed(data: bytes, fmt: str, meta: FileMetadata) -> bytes:
    """``data`` (encoded as ``fmt``) with every block of ``meta`` written in, replacing
    the encoder's own block of the same kind. IPTC is not written into WebP (no such block;
    Lightroom mirrors IPTC in the XMP packet). JPEG and WebP DPI come from the encoder.

    Raises :class:`SaveError` when a block cannot be stored in that format (an EXIF or XMP
    block over 64 KB in a JPEG, a TIFF over 4 GB): saving as TIFF or PNG keeps it all.
    """
    parts = Blocks(meta.exif, meta.icc, meta.xmp, meta.iptc, meta.dpi)
    try:
        if fmt == "JPEG":
            return blocks.embed_jpeg(data, parts)
        if fmt == "PNG":
            return blocks.embed_png(data, parts)
        if fmt == "WEBP":
            return blocks.embed_webp(data, replace(parts, iptc=None))
        if fmt == "TIFF":
            return blocks.embed_tiff(data, parts, _tiff_ifd0_tags(meta.exif, data[:2]))
    except blocks.BlockTooLargeError as exc:
        raise SaveError(
            f"The photo's {exc.what} is too large for a {fmt} file, so it could not be kept. "
            "Save as TIFF or PNG to keep all of its metadata."
        ) from None
    return data


def _tiff_ifd0_tags(exif: bytes | None, order_mark: bytes) -> dict[int, tuple[int, bytes]]:
    """EXIF's descriptive IFD0 tags as TIFF IFD0 entries (TIFF keeps them there)."""
    parsed = Image.Exif()
    if exif:
        parsed.load(blocks.EXIF_HEADER + blocks.strip_exif_header(exif))
    order = "<" if order_mark == b"II" else ">"
    out: dict[int, tuple[int, bytes]] = {}
    for tag in DESCRIPTIVE_TAGS:
        value = parsed.get(tag)
        if isinstance(value, str) and value:
            out[tag] = (2, value.encode("utf-8", errors="replace") + b"\x00")
        elif tag == ORIENTATION_TAG and value is not None:
            out[tag] = (3, struct.pack(order + "H", 1))
    return out


def settings_from_file(path: str | Path) -> tuple[str, Params] | None:
    """(engine name, strengths) recorded by SmartSkin in the file's XMP, or None.

    None also when the file cannot be read: this is an offer to the user, never an error.
    """
    try:
        meta = read_metadata_file(Path(path))
    except SmartSkinError:  # an unreadable file simply has no settings to offer
        return None
    found = read_settings(meta.xmp)
    return (found.engine, found.params) if found else None


def culling_from_file(path: str | Path) -> XmpCulling | None:
    """The rating and colour label another program wrote into the file's XMP, or None
    (none there, or the file cannot be read: then there is nothing to show).

    A JPEG's header is read, not its pixels (the XMP segment comes before the scan); other
    formats are read as a whole."""
    p = Path(path)
    try:
        if not p.is_file():  # never a FIFO or a device: a photo is a regular file
            return None
        if p.suffix.lower() in (".jpg", ".jpeg", ".jpe"):
            return read_culling(_jpeg_xmp(p))
        return read_culling(read_metadata_file(p).xmp)
    except (OSError, SmartSkinError):
        return None


#: The most of a JPEG's header read for its XMP (EXIF, XMP, ICC, maker notes...).
JPEG_HEADER_LIMIT = 4 << 20


def _jpeg_xmp(path: Path) -> bytes | None:
    """The XMP packet of a JPEG's APP1 segment, read segment by segment up to the scan."""
    with path.open("rb") as fh:
        if fh.read(2) != b"\xff\xd8":
            return None
        while fh.tell() < JPEG_HEADER_LIMIT:
            head = fh.read(4)
            if len(head) < 4 or head[0] != 0xFF:
                return None
            marker, length = head[1], struct.unpack(">H", head[2:4])[0]
            if marker == 0xDA or length < 2:  # the scan: no header segment after it
                return None
            payload = fh.read(length - 2)
            if marker == 0xE1 and payload.startswith(XMP_JPEG_SIG):
                return payload[len(XMP_JPEG_SIG) :]
    return None


def settings_for(engine: str, params: Params) -> RecordedSettings:
    return RecordedSettings(engine, params, app_version())
