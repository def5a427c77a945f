import os
import stat
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from smartskin_gui.core.errors import SaveError
from smartskin_gui.core.io.decoding import load_photo
from smartskin_gui.core.io.save import default_output_path, free_path, save_image


def test_default_name_next_to_input_or_in_dir(tmp_path: Path):
    src = tmp_path / "Jane Doe.JPG"
    assert default_output_path(src) == tmp_path / "Jane Doe_smartskin.JPG"
    assert default_output_path(src, tmp_path / "out") == tmp_path / "out" / "Jane Doe_smartskin.JPG"
    assert default_output_path(tmp_path / "x.heic").suffix == ".jpg"


def test_never_overwrites_existing_files_by_surprise(tmp_path: Path, astronaut_rgb):
    target = tmp_path / "a_smartskin.jpg"
    target.write_bytes(b"keep me")
    saved = save_image(astronaut_rgb, target)
    assert saved == tmp_path / "a_smartskin-2.jpg"
    assert target.read_bytes() == b"keep me"
    assert free_path(target) == tmp_path / "a_smartskin-3.jpg"


def test_overwrite_replaces_an_output_but_never_the_input(portrait: Path, astronaut_rgb):
    photo = load_photo(portrait)
    original = portrait.read_bytes()
    out = save_image(astronaut_rgb, portrait.with_name("r.jpg"))
    assert save_image(astronaut_rgb, out, overwrite=True) == out
    with pytest.raises(SaveError) as err:
        save_image(astronaut_rgb, portrait, original=photo, overwrite=True)
    assert "original" in err.value.message
    # Without overwrite, a free name is picked beside the input instead.
    other = save_image(astronaut_rgb, portrait, original=photo)
    assert other != portrait and portrait.read_bytes() == original


def test_metadata_is_carried_over(tmp_path: Path, astronaut_rgb):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x0112] = 3
    exif[0x010F] = "Camera Maker"
    src = tmp_path / "in.jpg"
    Image.fromarray(astronaut_rgb).save(src, exif=exif.tobytes(), icc_profile=icc, dpi=(240, 240))
    photo = load_photo(src)
    out = save_image(photo.rgb, tmp_path / "out.jpg", original=photo)
    with Image.open(out) as im:
        assert im.info.get("icc_profile") == icc
        assert im.info["dpi"] == pytest.approx((240, 240))
        assert im.getexif()[0x0112] == 1 and im.getexif()[0x010F] == "Camera Maker"
        assert im.size == (512, 512)


def test_alpha_is_restored_in_png(tmp_path: Path, astronaut_rgb):
    rgba = Image.fromarray(astronaut_rgb).convert("RGBA")
    alpha = np.full((512, 512), 255, np.uint8)
    alpha[:, :100] = 0
    rgba.putalpha(Image.fromarray(alpha))
    src = tmp_path / "cut.png"
    rgba.save(src)
    photo = load_photo(src)
    out = save_image(photo.rgb, default_output_path(src), original=photo)
    with Image.open(out) as im:
        assert im.mode == "RGBA" and np.array_equal(np.asarray(im)[:, :, 3], alpha)


def test_atomic_and_clean_on_failure(tmp_path: Path, astronaut_rgb):
    save_image(astronaut_rgb, tmp_path / "ok.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.png"]  # no temp files left
    with pytest.raises(SaveError) as err:
        save_image(astronaut_rgb, tmp_path / "missing" / "x.jpg")
    assert "does not exist" in err.value.message
    with pytest.raises(SaveError):
        save_image(astronaut_rgb, tmp_path / "x.gif")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_gives_a_sentence(tmp_path: Path, astronaut_rgb):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(SaveError):
        save_image(astronaut_rgb, ro / "x.jpg")


def test_an_unchanged_result_is_the_original_file_only_in_the_original_format(
    portrait: Path, tmp_path: Path
):
    from smartskin_gui.core.io.save import save_result

    photo = load_photo(portrait)
    same = save_result(photo.rgb, tmp_path / "same.jpg", original=photo, unchanged=True)
    assert same.path.read_bytes() == portrait.read_bytes()
    again = save_result(photo.rgb, tmp_path / "same.jpg", original=photo, unchanged=True)
    assert again.path.name == "same-2.jpg"  # never over an existing file, as any save
    png = save_result(photo.rgb, tmp_path / "as.png", original=photo, unchanged=True).path
    with Image.open(png) as im:
        assert im.format == "PNG" and np.array_equal(np.asarray(im.convert("RGB")), photo.rgb)
    encoded = save_result(photo.rgb, tmp_path / "encoded.jpg", original=photo)
    assert encoded.path.read_bytes() != portrait.read_bytes()  # a changed result is encoded


def test_a_target_that_is_the_input_itself_gets_the_next_free_name(tmp_path: Path):
    """Never the input, even when the input is gone from the disk (moved away while open):
    the next free name, found once (the search went round in circles, RecursionError)."""
    from smartskin_gui.core.io.save import resolve_target

    gone = tmp_path / "IMG_0042.jpg"  # not on disk
    assert resolve_target(gone, overwrite=False, protect=[gone]) == tmp_path / "IMG_0042-2.jpg"
    with pytest.raises(SaveError):
        resolve_target(gone, overwrite=True, protect=[gone])
    there = tmp_path / "IMG_0043.jpg"
    there.write_bytes(b"x")
    (tmp_path / "IMG_0043-2.jpg").write_bytes(b"x")
    assert resolve_target(there, overwrite=False, protect=[there]) == tmp_path / "IMG_0043-3.jpg"
    other = tmp_path / "other.jpg"
    other.write_bytes(b"x")
    assert resolve_target(other, overwrite=True, protect=[there]) == other
    assert resolve_target(other, overwrite=False, protect=[there]) == tmp_path / "other-2.jpg"
