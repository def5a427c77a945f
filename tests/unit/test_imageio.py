"""Intake of every kind of file a photographer may drop, good and bad."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms, UnidentifiedImageError

from smartskin_gui.core import errors as e
from smartskin_gui.core.io.decoding import decode, load_photo, load_preview
from smartskin_gui.core.io.files import sniff_format


def save(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.fixture
def rgb(astronaut_rgb):
    return Image.fromarray(astronaut_rgb)


def test_rgb_jpeg_is_passed_through_untouched(rgb):
    data = save(rgb, "JPEG", quality=90)
    photo = decode(data)
    assert photo.format == "JPEG" and photo.size == (512, 512)
    assert photo.passthrough == data and photo.notes == []


def test_exif_orientation_is_applied_and_reset(rgb):
    wide = rgb.crop((0, 0, 512, 300))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    exif[0x010F] = "TestCam"
    photo = decode(save(wide, "JPEG", exif=exif.tobytes()))
    assert photo.size == (300, 512)
    assert photo.passthrough is None  # the upright pixels must be re-encoded
    back = Image.Exif()
    back.load(photo.exif)
    assert back[0x0112] == 1 and back[0x010F] == "TestCam"


def test_cmyk_with_profile_becomes_rgb(rgb):
    cmyk = rgb.convert("CMYK")
    photo = decode(save(cmyk, "JPEG"))
    assert photo.rgb.shape == (512, 512, 3) and photo.rgb.dtype == np.uint8
    assert "converted from CMYK to RGB" in photo.notes
    assert photo.icc is None
    # Colours survive the round trip roughly (naive CMYK is exact enough).
    assert np.abs(photo.rgb.astype(int) - np.asarray(rgb).astype(int)).mean() < 12


def test_16bit_grayscale_png_is_scaled_to_8bit():
    ramp = (np.linspace(0, 65535, 300 * 200).reshape(200, 300)).astype(np.uint16)
    im = Image.fromarray(ramp)  # uint16 -> mode "I;16"
    photo = decode(save(im, "PNG"))
    assert photo.rgb.dtype == np.uint8 and photo.rgb.shape == (200, 300, 3)
    assert photo.rgb[0, 0, 0] == 0 and photo.rgb[-1, -1, 0] == 255
    assert any("16-bit" in n for n in photo.notes)


def test_palette_with_transparency_keeps_alpha(rgb):
    rgba = rgb.convert("RGBA")
    a = np.full((512, 512), 255, np.uint8)
    a[:50] = 0
    rgba.putalpha(Image.fromarray(a))
    photo = decode(save(rgba, "PNG"))
    assert photo.alpha is not None and photo.alpha[0, 0] == 0 and photo.alpha[-1, -1] == 255
    pal = rgb.convert("P")
    pal.info["transparency"] = 0
    photo2 = decode(save(pal, "PNG", transparency=0))
    assert photo2.rgb.shape == (512, 512, 3)


def test_grayscale_and_webp_tiff_bmp_are_read(rgb):
    for fmt in ("WEBP", "TIFF", "BMP"):
        assert decode(save(rgb, fmt)).size == (512, 512)
    grey = decode(save(rgb.convert("L"), "JPEG"))
    assert grey.rgb.shape == (512, 512, 3) and "grayscale photo converted to RGB" in grey.notes


def test_not_an_image(tmp_path: Path):
    p = tmp_path / "notes.jpg"
    p.write_text("hello, I am text")
    with pytest.raises(e.NotAnImageError) as err:
        load_photo(p)
    assert "notes.jpg" in err.value.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_file_cut_short_is_called_incomplete(rgb, fmt):
    """In a photographer's words, with what to do; never the decoder's ("image file is
    truncated (0 bytes not processed)", "Truncated File Read"). A WebP cut short was called
    "damaged": its decoder does not say it ended early, its header's length does."""
    data = save(rgb, fmt)
    with pytest.raises(e.CorruptImageError) as err:
        decode(data[: len(data) // 2])
    assert "incomplete" in err.value.message and "Copy it again" in err.value.message
    assert "runcated" not in err.value.message and "bytes not processed" not in err.value.message


def test_damaged_data_is_refused_in_plain_words(rgb):
    data = bytearray(save(rgb, "PNG"))
    middle = len(data) // 2
    data[middle : middle + 200] = b"\xff" * 200  # the compressed pixels no longer inflate
    with pytest.raises(e.CorruptImageError) as err:
        decode(bytes(data))
    assert "damaged and cannot be read." in err.value.message
    assert "(" not in err.value.message  # no decoder words in brackets


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(e.ImageInputError):
        load_photo(tmp_path / "gone.jpg")
    with pytest.raises(e.NotAnImageError):
        load_photo(tmp_path)


@pytest.mark.parametrize("size", [(128, 400), (400, 128), (50, 50)])
def test_too_small_is_refused(size):
    with pytest.raises(e.ImageTooSmallError) as err:
        decode(save(Image.new("RGB", size, "gray"), "PNG"))
    assert "128" in err.value.message


def test_decompression_bomb_is_refused_before_decoding():
    bomb = save(Image.new("1", (15000, 15000)), "PNG")  # 225 MP, tiny file
    assert len(bomb) < 2_000_000
    with pytest.raises(e.ImageTooLargeError) as err:
        decode(bomb)
    assert "too large" in err.value.message


def test_icc_and_dpi_are_kept(rgb):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = decode(save(rgb, "JPEG", icc_profile=icc, dpi=(300, 300)))
    assert photo.icc == icc and photo.dpi == pytest.approx((300, 300))


def test_preview_is_fast_path_and_upright(tmp_path: Path, rgb):
    big = rgb.resize((3000, 2000))
    exif = Image.Exif()
    exif[0x0112] = 8
    p = tmp_path / "big.jpg"
    big.save(p, "JPEG", exif=exif.tobytes())
    prev, size, _icc = load_preview(p, 800)
    assert max(prev.shape[:2]) <= 800 and prev.shape[0] > prev.shape[1]  # rotated to portrait
    assert size == (2000, 3000)  # the full photo's upright size


def test_sniff_format():
    assert sniff_format(b"\xff\xd8\xff\xe0....") == "JPEG"
    assert sniff_format(b"\x89PNG\r\n\x1a\n....") == "PNG"
    assert sniff_format(b"RIFF1234WEBP") == "WEBP"
    assert sniff_format(b"<html>") is None


def test_heic_is_read_and_saved_as_jpeg(tmp_path: Path, rgb):
    from smartskin_gui.core.io.save import default_output_path, save_image

    exif = Image.Exif()
    exif[0x010F] = "Phone"
    src = tmp_path / "IMG_0001.HEIC"
    rgb.save(src, "HEIF", exif=exif.tobytes(), quality=90)
    photo = load_photo(src)
    assert photo.size == (512, 512) and photo.format == "HEIF"
    assert photo.passthrough is None  # the service takes JPEG or PNG only
    out = save_image(photo.rgb, default_output_path(src), original=photo)
    assert out.name == "IMG_0001_smartskin.jpg"
    with Image.open(out) as im:
        assert im.format == "JPEG" and im.getexif()[0x010F] == "Phone"


def test_heic_without_support_gets_a_clear_sentence(monkeypatch, rgb):
    import io as _io

    from PIL import Image as _Image

    buf = _io.BytesIO()
    rgb.save(buf, "HEIF")
    data = buf.getvalue()

    def refuse(*a, **k):
        raise UnidentifiedImageError("no HEIF plugin")

    monkeypatch.setattr(_Image, "open", refuse)
    with pytest.raises(e.NotAnImageError) as err:
        decode(data)
    assert "HEIC" in err.value.message and "JPEG" in err.value.message


def test_data_after_a_files_end_is_not_called_incomplete(rgb):
    """A phone's motion photo (a video after the JPEG's end) or a PNG with bytes after its
    end chunk is complete; a JPEG whose scan has no end is not."""
    from smartskin_gui.core.io.files import cut_short

    jpeg, png = save(rgb, "JPEG"), save(rgb, "PNG")
    assert not cut_short(jpeg + b"\x00\x00\x00\x18ftypmp42" + bytes(5000))
    assert not cut_short(png + bytes(500))
    assert cut_short(jpeg[: len(jpeg) // 2]) and cut_short(png[: len(png) // 2])
