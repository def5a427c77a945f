"""Metadata round trips through real files, checked with Pillow's own readers."""

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, IptcImagePlugin

from smartskin_gui.core.errors import CorruptImageError, ImageInputError, SaveError
from smartskin_gui.core.io.metadata import blocks
from smartskin_gui.core.io.metadata.carry import (
    FileMetadata,
    app_version,
    embed,
    output_metadata,
    read_metadata,
    read_metadata_file,
    settings_for,
    settings_from_file,
    software,
)
from smartskin_gui.core.params import Params
from tests.filefixtures import CAPTION, COPYRIGHT, CREATOR, IPTC, KEYWORDS, LIGHTROOM_XMP, PROPHOTO

FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
EXIF_COPYRIGHT = "(c) 2026 Jane Photographer"  # EXIF text is ASCII
SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "TIFF": ".tif"}


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0112] = 6
    exif[0x8298] = EXIF_COPYRIGHT
    exif.get_ifd(0x8769)[0x9003] = "2026:03:01 10:12:00"
    return exif.tobytes()


def _photo(fmt: str) -> bytes:
    rgb = np.zeros((160, 240, 3), np.uint8)
    rgb[:, :, 0] = np.linspace(0, 255, 240, dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, fmt)
    return buf.getvalue()


SOURCE = FileMetadata(exif=_exif(), icc=PROPHOTO, xmp=LIGHTROOM_XMP, iptc=IPTC, dpi=(300.0, 300.0))


def _write(tmp_path: Path, fmt: str, meta: FileMetadata, data: bytes | None = None) -> Path:
    path = tmp_path / f"photo{SUFFIX[fmt]}"
    path.write_bytes(embed(data or _photo(fmt), fmt, meta))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_source_metadata_survives_into_every_format(tmp_path: Path, fmt: str):
    settings = settings_for("cloud", Params(0.8, 0.35))
    path = _write(tmp_path, fmt, output_metadata(SOURCE, settings, fmt))
    with Image.open(path) as im:
        im.load()  # the pixels still decode
        assert im.info.get("icc_profile") == PROPHOTO
        exif = im.getexif()
        assert exif[0x0131] == software() == f"SmartSkin {app_version()}"
        assert exif[0x010F] == "Canon" and exif[0x8298] == EXIF_COPYRIGHT
        assert exif[0x0112] == 1  # the pixels are upright; orientation must not rotate again
        assert exif.get_ifd(0x8769)[0x9003] == "2026:03:01 10:12:00"
        if fmt in ("JPEG", "TIFF"):
            iptc = IptcImagePlugin.getiptcinfo(im)
            assert iptc is not None
            assert iptc[(2, 25)] == [k.encode() for k in KEYWORDS]
            assert iptc[(2, 116)].decode() == COPYRIGHT and iptc[(2, 80)].decode() == CREATOR
        if fmt in ("PNG", "TIFF"):
            assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    back = read_metadata_file(path)
    xmp = back.xmp or b""
    assert all(k.encode() in xmp for k in KEYWORDS)
    for field in (b'xmp:Rating="4"', b'xmp:Label="Red"', COPYRIGHT.encode(), CAPTION.encode()):
        assert field in xmp
    assert b"lr:hierarchicalSubject" in xmp and b"crs:Exposure2012" in xmp
    assert settings_from_file(path) == ("cloud", Params(0.8, 0.35))
    assert back.iptc == (None if fmt == "WEBP" else IPTC)  # WebP has no IPTC block


@pytest.mark.parametrize("fmt", FORMATS)
def test_saving_over_a_result_replaces_blocks_instead_of_piling_them_up(tmp_path, fmt):
    """Blocks already in the encoded bytes are replaced. (TIFF: the first IFD is rewritten at
    the end and the old one left unreferenced, so only the live structure is checked.)"""
    once = embed(_photo(fmt), fmt, output_metadata(SOURCE, settings_for("local", Params()), fmt))
    again_meta = output_metadata(read_metadata(once), settings_for("cloud", Params(0.5, 0.5)), fmt)
    twice = embed(once, fmt, again_meta)
    if fmt != "TIFF":
        assert twice.count(b"<?xpacket begin") == 1
        assert twice.count(b"Photoshop 3.0") == (1 if fmt == "JPEG" else 0)
    if fmt == "PNG":
        kinds = [kind for kind, _ in blocks.png_chunks(twice)]
        assert kinds.count(b"iCCP") == kinds.count(b"eXIf") == kinds.count(b"zTXt") == 1
    elif fmt in ("JPEG", "WEBP"):
        assert twice.count(b"ProPhoto RGB") == 1
    path = tmp_path / f"again{SUFFIX[fmt]}"
    path.write_bytes(twice)
    assert settings_from_file(path) == ("cloud", Params(0.5, 0.5))
    with Image.open(path) as im:
        im.load()


def test_jpeg_blocks_go_after_jfif_and_the_scan_is_untouched():
    data = _photo("JPEG")
    out = embed(data, "JPEG", output_metadata(SOURCE, settings_for("local", Params()), "JPEG"))
    markers = [m for m, _ in blocks.jpeg_segments(out)]
    assert markers[0] == 0xE0 and markers[1:5] == [0xE1, 0xE1, 0xE2, 0xED]
    scan = data.index(b"\xff\xda")
    assert out.endswith(data[scan:])


def test_a_large_icc_profile_is_split_across_jpeg_segments(tmp_path: Path):
    big = PROPHOTO + b"\x00" * 150_000  # trailing padding: LittleCMS still reads the profile
    path = _write(tmp_path, "JPEG", FileMetadata(icc=big))
    with Image.open(path) as im:
        assert im.info["icc_profile"] == big


def test_long_typed_iptc_in_tiff_is_read_whole(tmp_path: Path):
    # Photoshop types IPTC as LONG; Pillow's tag reader then keeps only the first number.
    padded = IPTC + b"\x00" * (-len(IPTC) % 4)
    tiff = blocks.embed_tiff(_photo("TIFF"), blocks.Blocks(), {33723: (4, padded)})
    assert read_metadata(tiff).iptc == IPTC


def test_png_without_metadata_reads_as_empty_and_garbage_is_refused():
    meta = read_metadata(_photo("PNG"))
    assert meta == FileMetadata()
    with pytest.raises(CorruptImageError):
        read_metadata(b"not an image at all")


def test_settings_from_unreadable_or_plain_files_is_none(tmp_path: Path):
    plain = tmp_path / "plain.jpg"
    plain.write_bytes(_photo("JPEG"))
    assert settings_from_file(plain) is None
    assert settings_from_file(tmp_path / "missing.jpg") is None
    (tmp_path / "junk.tif").write_bytes(b"II*\x00junk")
    assert settings_from_file(tmp_path / "junk.tif") is None


def test_a_tiffs_pixel_layout_never_leaks_into_exif():
    tiff = embed(_photo("TIFF"), "TIFF", FileMetadata(exif=_exif()))
    exif = Image.Exif()
    exif.load(read_metadata(tiff).exif or b"")
    assert 0x0111 not in exif and 0x0117 not in exif  # strip offsets / byte counts
    assert exif[0x010F] == "Canon"


def test_metadata_a_jpeg_cannot_hold_is_refused_with_a_sentence_not_dropped():
    huge_exif = Image.Exif()
    huge_exif[0x010E] = "x" * 70_000  # ImageDescription: over one JPEG segment
    with pytest.raises(SaveError) as err:
        embed(_photo("JPEG"), "JPEG", FileMetadata(exif=huge_exif.tobytes()))
    assert "EXIF" in err.value.message and "TIFF or PNG" in err.value.message
    # The same block fits in a TIFF and a PNG.
    for fmt in ("TIFF", "PNG"):
        out = embed(_photo(fmt), fmt, FileMetadata(exif=huge_exif.tobytes()))
        with Image.open(io.BytesIO(out)) as im:
            assert len(im.getexif()[0x010E]) == 70_000


def test_bigtiff_is_refused_rather_than_misread():
    bigtiff = b"II\x2b\x00\x08\x00\x00\x00" + b"\x00" * 64
    with pytest.raises(SaveError):
        embed(bigtiff, "TIFF", FileMetadata(xmp=LIGHTROOM_XMP))


def test_a_damaged_exif_block_is_left_out_and_the_rest_read():
    """One wrong byte in a JPEG's EXIF (a tag's type now says SHORT for a string): Pillow
    parses the block but cannot write it back. The photo opens (its pixels, upright) and
    its other metadata is read, without the EXIF; cut short after the EXIF, its metadata
    is read too. Found by the property test below."""
    from smartskin_gui.core.io.decoding import decode

    good = embed(
        _photo("JPEG"), "JPEG", output_metadata(SOURCE, settings_for("local", Params()), "JPEG")
    )
    damaged = bytearray(good)
    damaged[55] = 1
    photo = decode(bytes(damaged))
    assert photo.rgb.shape[:2] == decode(good).rgb.shape[:2] and photo.exif is None
    meta = read_metadata(bytes(damaged))
    whole = read_metadata(good)
    assert meta.exif is None and whole.exif is not None
    assert (meta.icc, meta.xmp, meta.dpi) == (whole.icc, whole.xmp, whole.dpi)
    assert read_metadata(bytes(damaged[:5225])).exif is None


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_files_give_an_input_error_or_what_is_readable(fmt, data):
    good = embed(_photo(fmt), fmt, output_metadata(SOURCE, settings_for("local", Params()), fmt))
    cut = data.draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut])
    for _ in range(data.draw(st.integers(0, 4))):
        if damaged:
            at = data.draw(st.integers(0, len(damaged) - 1))
            damaged[at] = data.draw(st.integers(0, 255))
    try:
        meta = read_metadata(bytes(damaged))
    except ImageInputError:  # damaged, or a header claiming a giant size
        return
    assert isinstance(meta, FileMetadata)
