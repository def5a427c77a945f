"""Where the retouch goes: faces left out or with strengths of their own, protect strokes;
blended inside each region's box only, so the rest of the photo is the engine's result."""

from __future__ import annotations

import numpy as np

from smartskin_gui.core.engine.contract import EngineResult
from smartskin_gui.core.engine.regions import compose, face_box, face_weight, run_with_regions
from smartskin_gui.core.engine.strokes import strokes_weight
from smartskin_gui.core.params import Params
from smartskin_gui.core.photo import Photo
from smartskin_gui.core.state import FaceSetting, Regions, Stroke

H, W = 600, 900
ORIGINAL = np.full((H, W, 3), 100, np.uint8)
RESULT = np.full((H, W, 3), 150, np.uint8)
FACE = FaceSetting(0.5, 0.5, 0.2, excluded=True)


def test_an_excluded_face_is_the_original_inside_and_the_result_outside() -> None:
    out = compose(ORIGINAL, RESULT, Params(), Regions(faces=(FACE,)), lambda p: RESULT)
    x0, y0, x1, y1 = face_box(FACE, out.shape)
    _, weight = face_weight(FACE, out.shape)
    inside = weight >= 1.0
    assert inside.sum() > 0.5 * 0.2 * 900 * 0.2 * 900  # most of the face
    assert (out[y0:y1, x0:x1][inside] == 100).all()  # exactly the original
    outside = np.ones((H, W), bool)
    outside[y0:y1, x0:x1] = False
    assert (out[outside] == 150).all()  # untouched beyond the fade
    assert (out >= 100).all() and (out <= 150).all()  # a fade between, nothing else


def test_a_face_with_its_own_strengths_gets_that_render() -> None:
    own = FaceSetting(0.3, 0.4, 0.15, params=Params(1.4, 0.2))
    asked: list[Params] = []

    def render(p: Params) -> np.ndarray:
        asked.append(p)
        return np.full((H, W, 3), 200, np.uint8)

    out = compose(ORIGINAL, RESULT, Params(), Regions(faces=(own,)), render)
    _, weight = face_weight(own, out.shape)
    x0, y0, x1, y1 = face_box(own, out.shape)
    assert asked == [Params(1.4, 0.2)]
    assert (out[y0:y1, x0:x1][weight >= 1.0] == 200).all()
    plain = FaceSetting(0.7, 0.4, 0.15)  # no setting of its own: nothing to do
    assert compose(ORIGINAL, RESULT, Params(), Regions(faces=(plain,)), render) is RESULT


def test_a_protect_stroke_keeps_the_original_under_it() -> None:
    stroke = Stroke("protect", 0.03, 0.4, ((0.2, 0.2), (0.6, 0.3)))
    out = compose(ORIGINAL, RESULT, Params(), Regions(strokes=(stroke,)), lambda p: RESULT)
    box, weight = strokes_weight([stroke], out.shape)
    x0, y0, x1, y1 = box
    core = weight >= 1.0
    assert core.sum() > 1000
    assert (out[y0:y1, x0:x1][core] == 100).all()
    assert (out[0:10, 800:900] == 150).all()  # far from it: the result
    # Soft edges: the weight falls off smoothly, no step of more than a few levels.
    row = out[round(0.25 * H), :, 0].astype(int)
    assert np.abs(np.diff(row)).max() <= 12


def test_a_soft_stroke_feathers_wider_than_a_hard_one() -> None:
    hard = Stroke("protect", 0.03, 0.0, ((0.5, 0.5),))
    soft = Stroke("protect", 0.03, 1.0, ((0.5, 0.5),))
    _, hw = strokes_weight([hard], (H, W))
    _, sw = strokes_weight([soft], (H, W))
    partial_hard = ((hw > 0.02) & (hw < 0.98)).sum()
    partial_soft = ((sw > 0.02) & (sw < 0.98)).sum()
    assert partial_soft > 3 * partial_hard


class CountingEngine:
    name = "counting"

    def __init__(self) -> None:
        self.runs: list[Params] = []

    def run(self, photo, params, progress=None, cancel=None) -> EngineResult:
        self.runs.append(params)
        level = round(100 + 50 * params.retouch)
        return EngineResult(np.full_like(photo.rgb, level), ["1 face found"])


def test_one_run_per_strength_a_face_asks_for() -> None:
    engine = CountingEngine()
    photo = Photo(rgb=ORIGINAL.copy(), format="PNG")
    faces = (
        FaceSetting(0.3, 0.5, 0.1, params=Params(0.5, 1.0)),
        FaceSetting(0.6, 0.5, 0.1, params=Params(0.5, 1.0)),  # same strengths: same render
        FaceSetting(0.8, 0.5, 0.1, excluded=True),
    )
    result = run_with_regions(engine, photo, Params(), Regions(faces=faces))
    assert engine.runs == [Params(), Params(0.5, 1.0)]
    assert result.notes == ["1 face found"] and not result.unchanged
    plain = run_with_regions(CountingEngine(), photo, Params(), Regions())
    assert (plain.pixels == 150).all()
