import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.cloud.fitting import MAX_UPLOAD_BYTES, conform_result, prepare_upload
from smartskin_gui.core.engine.merge import apply_change_full_res
from smartskin_gui.core.io.decoding import decode
from smartskin_gui.core.photo import Photo
from tests.conftest import jpeg_bytes


def test_fitting_jpeg_is_sent_byte_for_byte(astronaut_rgb):
    data = jpeg_bytes(astronaut_rgb)
    up = prepare_upload(decode(data))
    assert up.data == data and up.mime == "image/jpeg" and up.filename == "portrait.jpg"
    assert up.changes == []


def test_png_is_sent_as_png(astronaut_rgb):
    photo = Photo(rgb=astronaut_rgb, format="PNG")
    up = prepare_upload(photo)
    assert up.data[:4] == b"\x89PNG" and up.mime == "image/png" and up.filename == "portrait.png"


def test_too_long_side_is_downscaled_and_said():
    rgb = np.zeros((3000, 6000, 3), np.uint8)
    up = prepare_upload(Photo(rgb=rgb, format="JPEG"))
    assert up.size == (4992, 2496)
    assert any("downscaled from 6000×3000" in c for c in up.changes)
    assert Image.open(__import__("io").BytesIO(up.data)).size == (4992, 2496)


def test_heavy_photo_is_reencoded_under_6mb():
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 256, (2800, 2800, 3), dtype=np.uint8)  # worst case for JPEG
    up = prepare_upload(Photo(rgb=noise, format="PNG"))
    assert len(up.data) <= MAX_UPLOAD_BYTES
    assert up.changes  # said what it did
    assert up.mime == "image/jpeg"


def test_full_res_merge_carries_the_change_and_keeps_detail():
    rng = np.random.default_rng(0)
    big = rng.integers(40, 200, (1200, 1600, 3), dtype=np.uint8)  # pure fine detail
    small = np.asarray(Image.fromarray(big).resize((400, 300), Image.BILINEAR))
    changed = np.clip(small.astype(int) + 20, 0, 255).astype(np.uint8)  # +20 everywhere
    out = apply_change_full_res(big, small, changed, band=256)
    assert out.shape == big.shape
    diff = out.astype(int) - big.astype(int)
    assert np.abs(diff - 20).max() <= 1  # detail kept exactly, change applied everywhere


def test_full_res_merge_is_spatially_aligned():
    big = np.zeros((1000, 1500, 3), np.uint8)
    small = np.zeros((200, 300, 3), np.uint8)
    res = small.copy()
    res[:, 150:] = 100  # change only the right half
    out = apply_change_full_res(big, small, res, band=128)
    assert out[:, :700].max() == 0 and out[:, 800:].min() == 100


def test_result_of_other_size_is_conformed():
    res = np.zeros((100, 150, 3), np.uint8)
    assert conform_result(res, (300, 200)).shape == (200, 300, 3)
    assert conform_result(res, (150, 100)) is res


@pytest.mark.parametrize("shape", [(300, 400, 3)])
def test_same_size_merge_returns_result(shape):
    a = np.zeros(shape, np.uint8)
    b = np.ones(shape, np.uint8)
    assert apply_change_full_res(a, a, b) is b


def test_cropped_merge_touches_only_the_crop_and_matches_the_whole_merge():
    rng = np.random.default_rng(2)
    big = rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8)
    small = np.asarray(Image.fromarray(big).resize((400, 300), Image.BILINEAR))
    result = small.copy()
    result[100:200, 150:300] = np.clip(small[100:200, 150:300].astype(int) + 30, 0, 255)
    whole = apply_change_full_res(big, small, result)
    crop = (slice(60, 240), slice(100, 350))
    part = apply_change_full_res(
        big, small[crop], result[crop], offset=(100, 60), frame=small.shape
    )
    assert np.abs(part.astype(int) - whole.astype(int)).max() <= 1
    assert np.array_equal(part[:150], big[:150]) and np.array_equal(part[:, :250], big[:, :250])
    same = apply_change_full_res(
        small, small[crop], result[crop], offset=(100, 60), frame=small.shape
    )
    assert np.array_equal(same, result)
