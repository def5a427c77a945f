"""Issue 8's acceptance numbers: the whole person, without seams, and nothing that is not skin.

Measured on a composite person (face, neck, bare shoulders, arms and hands on a wooden table,
in front of a wall painted her own skin colour), on a darker-skinned version of it, on the
two public-domain portraits and on the group on a skin-coloured wood wall.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from smartskin_gui.core.batch.naming import ExportOptions, OutputFormat, OutputNamer
from smartskin_gui.core.batch.runner import SaveOptions, enhance_file, run_batch
from smartskin_gui.core.engine.local import NO_FACE_NOTE, LocalEngine
from smartskin_gui.core.engine.local import skinmask as sm
from smartskin_gui.core.engine.local.faces import Face
from smartskin_gui.core.engine.local.whitening import brighten
from smartskin_gui.core.params import Params
from tests.portraits import group_on_wood, person_in_warm_room, tone_variant, wood_wall

#: Lighter and much darker skin (gain, gamma of tests.portraits.tone_variant).
TONES = {"light": None, "dark": (0.45, 1.8)}


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine(cache_size=16)


@pytest.fixture(scope="module")
def people(engine, astronaut_rgb):
    out = {}
    for name, tone in TONES.items():
        rgb, parts = person_in_warm_room(astronaut_rgb, engine._finder)
        out[name] = (rgb if tone is None else tone_variant(rgb, *tone), parts)
    return out


def lightness(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[:, :, 0]


def lift(engine: LocalEngine, rgb: np.ndarray, params: Params) -> np.ndarray:
    """Lab L* change per pixel."""
    return lightness(engine.enhance(rgb, params)) - lightness(rgb)


@pytest.mark.parametrize("tone", TONES)
def test_body_skin_is_lifted_like_the_face(engine, people, tone):
    rgb, parts = people[tone]
    d = lift(engine, rgb, Params(1.0, 1.0))
    face, body = float(np.median(d[parts.face])), float(np.median(d[parts.body]))
    assert face > 2.0, face  # visibly brighter
    assert body >= 0.5 * face, (face, body)  # neck, shoulders, arms and hands too
    # ... and no more than the face (no pale body under a darker face either).
    assert body <= 1.5 * face, (face, body)


@pytest.mark.parametrize("tone", TONES)
def test_walls_and_wood_of_skin_colour_stay(engine, people, tone):
    rgb, parts = people[tone]
    d = np.abs(lift(engine, rgb, Params(1.0, 1.0)))
    face = float(d[parts.face].mean())
    for where in (parts.wall, parts.wood):
        assert float(d[where].mean()) < 0.25 * face, (float(d[where].mean()), face)


def test_wood_wall_behind_a_group_stays(engine, astronaut_rgb, hopper_rgb):
    group, people_ = group_on_wood(astronaut_rgb, hopper_rgb)
    d = np.abs(lift(engine, group, Params(1.0, 1.0)))
    faces = engine.analyse(group).faces
    face_mean = float(np.mean([d[_face_zone(group.shape[:2], f)].mean() for f in faces]))
    wall = np.ones(d.shape, bool)
    for p in people_:
        cv2.circle(wall.view(np.uint8), (p.cx, p.cy), int(p.size * 0.9), 0, -1)
    assert float(d[wall].mean()) < 0.25 * face_mean


def _poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 1)
    return out > 0


def _face_zone(shape: tuple[int, int], face: Face) -> np.ndarray:
    """Inside the face outline, around (not on) the eyes, brows and lips."""
    lm = face.landmarks
    assert lm is not None
    zone = _poly(shape, lm[sm.FACE_OVAL])
    for idx in (sm.RIGHT_EYE, sm.LEFT_EYE, sm.LIPS):
        zone &= ~_poly(shape, lm[idx])
    for idx in (sm.RIGHT_BROW, sm.LEFT_BROW):
        zone &= ~_poly(shape, cv2.convexHull(lm[idx].astype(np.float32))[:, 0])
    return zone


def seam_share(rgb: np.ndarray, out: np.ndarray, face: Face, whitening: float) -> float:
    """Share of the face where the change steps sharply while the photo does not.

    The change is measured as a share of the full-strength change (``out``'s L* lift over
    the lift of the whole image brightened with a mask of ones), so the tone curve itself
    (dark pixels lift less in L*, highlights run out of headroom) is not mistaken for a
    seam. Both images are lightly smoothed (sigma 1 px). A pixel is a step where that share
    goes from all to nothing faster than over 8% of the face's size, and the photo's own
    L* gradient is less than 3 times the change's (an edge the photo does not have: a
    ring, band or blob edge on smooth skin).
    """
    zone = _face_zone(rgb.shape[:2], face)
    ones = np.ones(rgb.shape[:2], np.float32)
    full = brighten(rgb.astype(np.float32) / 255, ones, whitening)
    full_u8 = np.clip(full * 255 + 0.5, 0, 255).astype(np.uint8)
    l0, l1, lf = (cv2.GaussianBlur(lightness(x), (0, 0), 1.0) for x in (rgb, out, full_u8))
    span = lf - l0
    typical = float(np.percentile(span[zone], 75))
    visible = span > 0.25 * typical  # where full strength does visibly change something
    share = np.where(visible, (l1 - l0) / np.maximum(span, 1e-3), 0)
    zone &= visible
    g_share = np.hypot(*np.gradient(share))
    g_photo = np.hypot(*np.gradient(l0))
    step = (g_share > 1 / (0.08 * face.size)) & (g_photo < 3 * g_share * typical)
    return float((step & zone).sum() / zone.sum())


def _seam_cases(people, astronaut_rgb, hopper_rgb):
    yield "person light", people["light"][0]
    yield "person dark", people["dark"][0]
    yield "astronaut", astronaut_rgb
    yield "hopper", hopper_rgb
    yield "group", group_on_wood(astronaut_rgb, hopper_rgb)[0]


@pytest.mark.parametrize("whitening", [1.0, 1.5])
def test_no_seams_on_smooth_skin_inside_faces(engine, people, astronaut_rgb, hopper_rgb, whitening):
    for name, rgb in _seam_cases(people, astronaut_rgb, hopper_rgb):
        out = engine.enhance(rgb, Params(0.0, whitening))
        faces = [f for f in engine._finder.detect(rgb) if f.size >= 60]
        assert faces, name
        for face in faces:
            share = seam_share(rgb, out, face, whitening)
            assert share < 0.08, (name, face.box, share)


def test_a_hard_edged_mask_would_fail_the_seam_measure(engine, astronaut_rgb):
    """The seam measure catches what it is for: exclusions with hard edges."""
    face = engine._finder.detect(astronaut_rgb)[0]
    assert face.landmarks is not None
    blobs = np.zeros(astronaut_rgb.shape[:2], np.uint8)
    for idx in (sm.RIGHT_EYE, sm.LEFT_EYE, sm.LIPS, sm.RIGHT_BROW, sm.LEFT_BROW):
        pts = cv2.convexHull(face.landmarks[idx].astype(np.float32))[:, 0]
        blobs |= cv2.dilate(_poly(blobs.shape, pts).astype(np.uint8), np.ones((9, 9), np.uint8))
    ones = np.ones(blobs.shape, np.float32)
    brighter = brighten(astronaut_rgb.astype(np.float32) / 255, ones, 1.0)
    brighter = np.clip(brighter * 255 + 0.5, 0, 255).astype(np.uint8)
    hard = np.where(blobs[:, :, None] > 0, astronaut_rgb, brighter)
    assert seam_share(astronaut_rgb, hard, face, 1.0) > 0.08


def test_a_photo_with_no_face_comes_back_unchanged_with_a_note(engine, tmp_path):
    table = wood_wall(420, 640)
    cv2.rectangle(table, (80, 120), (300, 330), (235, 230, 220), -1)  # cards and chips
    cv2.circle(table, (470, 220), 70, (200, 60, 40), -1)
    for p in (Params(), Params(1.5, 1.5), Params(0.3, 0)):
        assert np.array_equal(engine.enhance(table, p), table)
    assert engine.analyse(table).notes == [NO_FACE_NOTE]
    # Through the CLI's pipeline: the same pixels saved, and the note in the job's notes.
    src = tmp_path / "table.png"
    Image.fromarray(table).save(src)
    (tmp_path / "out").mkdir()
    job = enhance_file(src, engine, Params(), SaveOptions(out_dir=tmp_path / "out"))
    assert job.ok and NO_FACE_NOTE in job.notes
    assert job.output is not None
    assert np.array_equal(np.asarray(Image.open(job.output).convert("RGB")), table)


def _table() -> np.ndarray:
    table = wood_wall(420, 640)
    cv2.rectangle(table, (80, 120), (300, 330), (235, 230, 220), -1)
    return table


def test_a_jpeg_with_no_face_is_saved_byte_for_byte_with_the_note(engine, tmp_path):
    src = tmp_path / "table.jpg"
    exif = Image.Exif()
    exif[0x010F] = "A camera maker"  # Make
    Image.fromarray(_table()).save(src, quality=88, exif=exif, dpi=(240, 240))
    (tmp_path / "out").mkdir()
    # One photo as the CLI does it, and a batch of it (the CLI with several, Export).
    job = enhance_file(src, engine, Params(), SaveOptions(out_dir=tmp_path / "out"))
    [batch] = run_batch([src], engine, Params(1.5, 1.5), SaveOptions(out_dir=tmp_path / "out"))
    for result in (job, batch):
        assert result.ok and NO_FACE_NOTE in result.notes, result.message
        assert result.output is not None and result.output.read_bytes() == src.read_bytes()
    assert job.output != batch.output  # a new name each time, the original untouched


def test_a_png_with_no_face_exported_as_jpeg_is_encoded(engine, tmp_path):
    table = _table()
    src = tmp_path / "table.png"
    Image.fromarray(table).save(src)
    options = ExportOptions(folder=tmp_path, format=OutputFormat.JPEG)
    [job] = run_batch([src], engine, Params(), namer=OutputNamer(options))
    assert job.ok and NO_FACE_NOTE in job.notes, job.message
    assert job.output is not None and job.output.suffix == ".jpg"
    with Image.open(job.output) as out:
        assert out.format == "JPEG"
        drift = np.abs(np.asarray(out.convert("RGB"), np.int16) - table).mean()
    assert drift < 2.0  # the same picture, as a JPEG


@pytest.mark.parametrize("tone", TONES)
def test_identity_and_monotonic_on_the_whole_person(engine, people, tone):
    rgb, parts = people[tone]
    assert np.array_equal(engine.enhance(rgb, Params(0, 0)), rgb)
    for where in (parts.face, parts.body):
        lifts = [float(np.median(lift(engine, rgb, Params(0, w))[where])) for w in (0.5, 1, 1.5)]
        assert 0 < lifts[0] < lifts[1] < lifts[2], lifts
    smooth = []
    for r in (0.5, 1.0, 1.5):
        out = engine.enhance(rgb, Params(r, 0)).astype(np.float32)
        smooth.append(float(np.abs(out - rgb)[parts.face].mean()))
    assert 0 < smooth[0] < smooth[1] < smooth[2], smooth


@pytest.mark.parametrize("tone", TONES)
def test_body_keeps_its_hue(engine, people, tone):
    rgb, parts = people[tone]
    out = engine.enhance(rgb, Params(1.0, 1.5))

    def hue(img: np.ndarray) -> float:
        lab = cv2.cvtColor(img.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[parts.body]
        return float(np.degrees(np.arctan2(lab[:, 2].mean(), lab[:, 1].mean())))

    assert abs((hue(out) - hue(rgb) + 180) % 360 - 180) < 5
