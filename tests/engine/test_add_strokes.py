"""The "add" brush: skin the engine left out gets the photo's change where it is painted,
as the engine would have changed it had it taken that area for skin; nothing else moves.

The scene: the astronaut's head and shoulders, and beside her, apart from her on a dark
background, a patch of her own cheek's skin (a hand or a knee the engine did not find).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from smartskin_gui.core.engine.local import LocalEngine
from smartskin_gui.core.engine.regions import compose, run_with_regions
from smartskin_gui.core.engine.strokes import strokes_weight
from smartskin_gui.core.params import Params
from smartskin_gui.core.photo import Photo
from smartskin_gui.core.state import Regions, Stroke
from tests.engine.scenes import ASTRO_HEAD, lift, lightness

#: The patch of skin apart from the person, in pixels of the scene (x0, y0, x1, y1).
PATCH = (700, 180, 900, 380)
#: Her open cheek, where the patch's texture is taken from.
CHEEK = (180, 108, 204, 132)


def fine_texture(rgb: np.ndarray) -> float:
    """Mean absolute high-pass of the lightness: pores and grain."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return float(np.abs(grey - cv2.GaussianBlur(grey, (0, 0), 2.0)).mean())


def blotchiness(rgb: np.ndarray, where: np.ndarray) -> float:
    """Spread of the lightness at the scale of blotches (fine texture blurred away)."""
    return float(cv2.GaussianBlur(lightness(rgb), (0, 0), 6.0)[where].std())


@pytest.fixture(scope="module")
def scene(astronaut_rgb: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(3)
    canvas = np.full((560, 1000, 3), 28, np.uint8)
    x0, y0, x1, y1 = ASTRO_HEAD
    head = cv2.resize(astronaut_rgb[y0:y1, x0:x1], None, fx=1.3, fy=1.3)
    canvas[40 : 40 + head.shape[0], 40 : 40 + head.shape[1]] = head[: 560 - 40]
    # Her skin: the colour and the fine texture's strength (pores, grain) of her cheek,
    # with soft shading and a few blotches, as real skin has.
    cx0, cy0, cx1, cy1 = CHEEK
    cheek = astronaut_rgb[cy0:cy1, cx0:cx1].astype(np.float32)
    grain_std = float((cheek - cv2.GaussianBlur(cheek, (0, 0), 1.5)).std())
    px0, py0, px1, py1 = PATCH
    h, w = py1 - py0, px1 - px0
    grain = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 0.8)
    texture = (grain * (grain_std / float(grain.std())))[..., None]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    shading = 1.0 - 0.12 * ((xx - w * 0.35) ** 2 + (yy - h * 0.3) ** 2) / (w * w)
    blotches = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 9)
    blotches *= 6.0 / float(blotches.std())
    colour = np.median(cheek.reshape(-1, 3), axis=0)
    skin = colour * shading[..., None] + texture
    skin += blotches[..., None] * np.array([0.4, -0.6, -0.4], np.float32)  # rosy and sallow
    r = np.hypot(xx - w / 2, yy - h / 2) / (w / 2)
    inside = r <= 1.0  # a round-ish limb of skin on the dark background
    canvas[py0:py1, px0:px1][inside] = np.clip(skin + 0.5, 0, 255).astype(np.uint8)[inside]
    return canvas


def stroke_over_patch(kind: str = "add") -> Stroke:
    px0, py0, px1, py1 = PATCH
    h, w = 560, 1000
    y = (py0 + py1) / 2 / h
    return Stroke(kind, 60 / max(h, w), 0.5, (((px0 + 40) / w, y), ((px1 - 40) / w, y)))


def core_of(stroke: Stroke, shape: tuple[int, ...]) -> tuple[tuple[slice, slice], np.ndarray]:
    painted = strokes_weight([stroke], shape)
    assert painted is not None
    (x0, y0, x1, y1), weight = painted
    return (slice(y0, y1), slice(x0, x1)), weight >= 1.0


def test_an_add_stroke_changes_skin_the_engine_missed_like_the_engines_own(
    shared_engine: LocalEngine, scene: np.ndarray
) -> None:
    params = Params(1.0, 1.0)
    photo = Photo(rgb=scene, format="PNG")
    base = shared_engine.run(photo, params).pixels
    stroke = stroke_over_patch()
    box, core = core_of(stroke, scene.shape)
    # The engine missed the patch: it is left exactly as it was.
    assert np.array_equal(base[box][core], scene[box][core])
    face = lift(scene[90:220, 130:270], base[90:220, 130:270])
    face_lift = float(np.median(face[face > 0.5]))
    assert face_lift > 2.0

    out = run_with_regions(shared_engine, photo, params, Regions(strokes=(stroke,))).pixels
    patch_lift = lift(scene[box], out[box])[core]
    # Lifted as her face is (it is her skin), within what a retoucher would call the same.
    assert 0.5 * face_lift < float(np.median(patch_lift)) < 1.5 * face_lift
    # And smoothed: fine texture kept (retouch 1.00 keeps pores), blotches evened.
    before, after = scene[box].copy(), out[box].copy()
    before[~core], after[~core] = 0, 0
    assert 0.6 < fine_texture(after) / fine_texture(before) <= 1.05
    assert blotchiness(out[box], core) < 0.9 * blotchiness(scene[box], core)
    # Where the stroke spilled over the dark background, the background stays as it was.
    painted = strokes_weight([stroke], scene.shape)
    assert painted is not None
    dark = (scene[box].max(axis=2) < 40) & (painted[1] > 0.3)
    assert dark.sum() > 500
    assert np.abs(lift(scene[box], out[box])[dark]).max() < 0.5
    # Beyond the stroke's reach everything is the engine's result, to the byte.
    outside = np.ones(scene.shape[:2], bool)
    outside[box] = False
    assert np.array_equal(out[outside], base[outside])


def test_add_strokes_work_on_a_photo_without_a_face(
    shared_engine: LocalEngine, scene: np.ndarray
) -> None:
    px0, py0, px1, py1 = PATCH
    only_skin = np.ascontiguousarray(scene[:, 500:])  # the patch alone: no face in it
    photo = Photo(rgb=only_skin, format="PNG")
    result = shared_engine.run(photo, Params())
    assert result.unchanged
    h, w = only_skin.shape[:2]
    y = (py0 + py1) / 2 / h
    points = (((px0 + 40 - 500) / w, y), ((px1 - 40 - 500) / w, y))
    stroke = Stroke("add", 60 / max(h, w), 0.5, points)
    out = run_with_regions(shared_engine, photo, Params(), Regions(strokes=(stroke,)))
    box, core = core_of(stroke, only_skin.shape)
    assert not out.unchanged
    assert float(np.median(lift(only_skin[box], out.pixels[box])[core])) > 1.0
    # Whitening at 0: the painted skin is smoothed only, never lifted.
    smooth = run_with_regions(shared_engine, photo, Params(1.0, 0.0), Regions(strokes=(stroke,)))
    assert abs(float(np.median(lift(only_skin[box], smooth.pixels[box])[core]))) < 0.5
    assert not np.array_equal(smooth.pixels[box][core], only_skin[box][core])


def test_a_cloud_result_is_extended_by_the_local_engine_without_another_call(
    shared_engine: LocalEngine, scene: np.ndarray
) -> None:
    """Whatever the engine, "add" is rendered locally: the cloud is asked once."""
    calls: list[Params] = []

    class Counting:
        name = "cloud"

        def run(self, photo, params, progress=None, cancel=None):  # type: ignore[no-untyped-def]
            calls.append(params)
            return shared_engine.run(photo, params, progress, cancel)

    stroke = stroke_over_patch()
    photo = Photo(rgb=scene, format="PNG")
    out = run_with_regions(Counting(), photo, Params(), Regions(strokes=(stroke,)))  # type: ignore[arg-type]
    assert calls == [Params()]
    box, core = core_of(stroke, scene.shape)
    assert float(np.median(lift(scene[box], out.pixels[box])[core])) > 1.0


def test_without_add_strokes_no_add_render_is_asked(scene: np.ndarray) -> None:
    asked: list[object] = []

    def add_source(strokes):  # type: ignore[no-untyped-def]
        asked.append(strokes)
        return scene

    protect = stroke_over_patch("protect")
    compose(scene, scene, Params(), Regions(strokes=(protect,)), lambda p: scene, add_source)
    assert asked == []
