"""Issue 18, defect 6: all of every person. Hands anywhere (raised above the eyes too),
necks with their face, and every face of a group however many there are.

The engine at the branch point (v2) gave a hand raised beside the head, above the eyes
(its arm in a sleeve), 0.0 L* while the face got +6.4 (1.00 / 1.00); it found at most 20
faces, so in a collage of 30 passport photos the last ten got only what spilt over from
their neighbours (5 faces under 0.6 of the same head on its own, the least 0.19), and in
one of 100, 79 were under 0.6. Now: the hand +5.5 (0.77 of the face's +7.2), every face
of 30 at least 0.95 of the same head on its own, of 100 at least 0.91.
"""

from __future__ import annotations

import numpy as np
import pytest

from smartskin_gui.core.engine.local import engine as engine_module
from smartskin_gui.core.engine.local import hands
from smartskin_gui.core.engine.local.faces import Face
from smartskin_gui.core.params import Params
from tests.engine import scenes

SETTINGS = [(1.0, 1.0), (0.0, 1.0), (1.5, 1.5)]


@pytest.fixture(scope="module")
def waving(shared_engine, astronaut_rgb) -> scenes.Head:
    return scenes.head_scene(
        astronaut_rgb, shared_engine._finder, hair=(38, 28, 22), raised_hand=True
    )


@pytest.mark.parametrize("retouch, whitening", SETTINGS)
def test_a_hand_raised_above_the_eyes_is_lifted_with_its_face(
    shared_engine, waving, retouch, whitening
):
    """The open hand held up beside the head (found by the palm detector and the hand
    landmark model; its arm is in a sleeve) rises 0.6 to 1.3 times the face's median
    lift. (v2 at 1.00 / 1.00: hand 0.0, face +6.4.)"""
    d = scenes.lift(waving.rgb, shared_engine.enhance(waving.rgb, Params(retouch, whitening)))
    face, hand = float(np.median(d[waving.face])), float(np.median(d[waving.hand]))
    assert face > 3.0, face
    assert 0.6 * face <= hand <= 1.3 * face, (face, hand)


def test_a_hand_is_found_in_a_square_as_wide_as_the_widest_tile(shared_engine, waving):
    """Hands are looked for in tiles at most MAX_TILE_FACES faces wide (wider ones are not
    worth a detector pass): the raised hand, its head alone in a frame that wide, is still
    found there, over its own skin."""
    face = shared_engine._finder.detect(waving.rgb)[0]
    side = round(hands.MAX_TILE_FACES * face.size)
    h, w = waving.hand.shape
    frame = np.full((side, side, 3), (96, 104, 112), np.uint8)
    frame[:h, :w] = waving.rgb
    found = shared_engine._hands.detect(frame, [], face.size)
    assert found, "no hand found"
    ys, xs = np.nonzero(waving.hand)
    centre = np.array([xs.mean(), ys.mean()])
    nearest = min(float(np.hypot(*(hand.landmarks[9] - centre))) for hand in found)
    assert nearest < face.size / 3, nearest


def test_no_hand_tiles_for_a_crowd_too_small_for_hands(shared_engine):
    """Where covering the people takes tiles wider than MAX_TILE_FACES faces (a crowd of
    small faces), no tile is looked at: a hand there would be too small to confirm. A
    group of larger faces still gets its tiles, each at most that wide."""
    frame = (1155, 1732)

    def rows_of(size: float) -> list[tuple[float, float, float, float]]:
        step = 2.2 * size
        return [
            (x - 3.2 * size, y - 2 * size, x + 3.2 * size, y + 5.5 * size)
            for y in np.arange(size, frame[0] - size, step)
            for x in np.arange(size, frame[1] - size, step)
        ]

    group = hands._tiles(rows_of(146.0), frame, 146.0)
    assert 1 <= len(group) <= hands.MAX_SQUARES - 1
    assert all(side <= hands.MAX_TILE_FACES * 146.0 for _, _, side in group)
    assert hands._tiles(rows_of(72.0), frame, 72.0) == []


@pytest.fixture(scope="module")
def tucked(shared_engine, astronaut_rgb) -> scenes.Head:
    return scenes.head_scene(
        astronaut_rgb,
        shared_engine._finder,
        hair=(38, 28, 22),
        raised_hand=True,
        tucked_finger=True,
    )


@pytest.mark.parametrize("retouch, whitening", SETTINGS)
def test_a_little_finger_set_apart_rises_with_its_hand(shared_engine, tucked, retouch, whitening):
    """A little finger apart from the others (a gap beside it, a deep shadow across its
    base, as when it is half under the others) is the hand's: it rises at least 0.6 of the
    rest of the hand's median lift. (Before, a hand's skin had to join its palm through
    skin, and a finger on its own was too thin to stay: 0.0 while the hand rose +5.6 at
    1.00 / 1.00; now +5.4 and +5.7.)"""
    d = scenes.lift(tucked.rgb, shared_engine.enhance(tucked.rgb, Params(retouch, whitening)))
    hand = float(np.median(d[tucked.hand & ~tucked.finger]))
    finger = float(np.median(d[tucked.finger]))
    assert hand > 2.0, hand
    assert tucked.finger.sum() > 100
    assert finger >= 0.6 * hand, (hand, finger)


def _alone(engine, collage: scenes.Collage, i: int, params: Params) -> float:
    """Median lift of face ``i``'s cheeks and forehead when its head is the only one in
    the picture (the head cut out with a margin of backdrop)."""
    lm = collage.faces[i]
    x0, y0 = np.floor(lm.min(0)).astype(int)
    x1, y1 = np.ceil(lm.max(0)).astype(int)
    m = round(0.6 * max(x1 - x0, y1 - y0))
    h, w = collage.rgb.shape[:2]
    box = (slice(max(0, y0 - m), min(h, y1 + m)), slice(max(0, x0 - m), min(w, x1 + m)))
    crop = collage.rgb[box].copy()
    own = lm - np.array([box[1].start, box[0].start], np.float32)
    d = scenes.lift(crop, engine.enhance(crop, params))
    return float(np.median(d[scenes.face_centre_zone(d.shape, own)]))


@pytest.mark.parametrize("count, columns", [(30, 6), (100, 10)])
def test_every_face_of_a_large_group_is_treated(
    shared_engine, astronaut_rgb, hopper_rgb, count, columns
):
    """Collages of 30 and of 100 passport-style heads about 50 px tall (the two portraits
    at five skin tones): every face is found, and every face's cheeks and forehead rise at
    least 0.6 as much as the same head's alone. (v2: 20 found; the least-lifted face of
    30 0.19 of its head alone.)"""
    params = Params(1.0, 1.0)
    collage = scenes.collage(astronaut_rgb, hopper_rgb, shared_engine._finder, count, 50.0, columns)
    assert len(shared_engine.analyse(collage.rgb).faces) == count
    d = scenes.lift(collage.rgb, shared_engine.enhance(collage.rgb, params))
    alone: dict[int, float] = {}
    for i, lm in enumerate(collage.faces):
        kind = i % 10  # the collage repeats its heads every ten (two portraits, five tones)
        if kind not in alone:
            alone[kind] = _alone(shared_engine, collage, i, params)
        got = float(np.median(d[scenes.face_centre_zone(d.shape, lm)]))
        assert got >= 0.6 * alone[kind], (i, got, alone[kind])


@pytest.fixture(scope="module")
def eared(shared_engine, astronaut_rgb) -> dict[str, scenes.Head]:
    return {
        "light, bald": scenes.head_scene(astronaut_rgb, shared_engine._finder, ears=True),
        "dark skin": scenes.head_scene(
            astronaut_rgb, shared_engine._finder, ears=True, tone=(0.55, 1.6)
        ),
        "dark hair": scenes.head_scene(
            astronaut_rgb, shared_engine._finder, ears=True, hair=(40, 30, 24)
        ),
    }


@pytest.mark.parametrize("retouch, whitening", SETTINGS)
def test_ears_rise_with_their_face(shared_engine, eared, retouch, whitening):
    """Ears beside the face (redder and a little darker than its cheeks, before the
    backdrop) rise at least 0.6 of the face's median lift, the backdrop beside them not at
    all. (Before: 0.1 to 0.8 L* while the face rose 5.8 to 9.9; on real portraits ears
    got 0.7 where the face got 5.9.)"""
    for name, head in eared.items():
        d = scenes.lift(head.rgb, shared_engine.enhance(head.rgb, Params(retouch, whitening)))
        face, ears = float(np.median(d[head.face])), float(np.median(d[head.ears]))
        assert face > 3.0 and ears >= 0.6 * face, (name, face, ears)
        assert float(np.percentile(np.abs(d[head.backdrop]), 99)) <= 0.5, name


@pytest.mark.parametrize("retouch, whitening", [(1.0, 1.0), (1.5, 1.5)])
@pytest.mark.parametrize("name", ["light, bald", "dark hair"])
def test_an_ear_on_the_shadow_side_rises_with_the_cheek_beside_it(
    shared_engine, eared, name, retouch, whitening
):
    """Light from one side: the head darkens across to half its light on the far side (the
    ear there at L* 43, the cheek beside it 49, the lit side of the face 62). That ear
    still rises at least 0.75 of the cheek beside it, and the backdrop not at all. (Before,
    how much darker than the face's lit skin an ear could be did not depend on the light:
    0.60 to 0.72 of that cheek's lift; on a real portrait lit from the side, +2.8 against
    the cheek's +7.2, now +3.8.)"""
    head = eared[name]
    w = head.rgb.shape[1]
    light = np.linspace(1.0, 0.5, w, dtype=np.float32)[None, :, None]
    rgb = np.clip(head.rgb * light, 0, 255).astype(np.uint8)
    far = np.arange(w)[None, :] > head.lm[:, 0].mean()
    d = scenes.lift(rgb, shared_engine.enhance(rgb, Params(retouch, whitening)))
    cheek, ear = float(np.median(d[head.face & far])), float(np.median(d[head.ears & far]))
    assert cheek > 3.0 and ear >= 0.75 * cheek, (cheek, ear)
    assert float(np.percentile(np.abs(d[head.backdrop]), 99)) <= 0.5


@pytest.mark.parametrize("shade", [0.8, 0.9, 1.0])
def test_a_wall_of_skin_colour_beside_a_face_grows_no_ears(shared_engine, astronaut_rgb, shade):
    """A head with no ears before a plain wall of (about) its own skin colour: the wall
    beside the face, where ears would be, changes by at most 0.5 L* (99th percentile) at
    1.00 / 1.00 while the face rises. (With the ears first found by colour alone: two
    ear-shaped patches on the wall, +6.6 L*.)"""
    wall = tuple(int(v * shade) for v in (204, 171, 143))
    head = scenes.head_scene(astronaut_rgb, shared_engine._finder, backdrop=wall)
    d = scenes.lift(head.rgb, shared_engine.enhance(head.rgb, Params(1.0, 1.0)))
    lm = head.lm
    fw = float(lm[454][0] - lm[234][0])
    yy, xx = np.mgrid[0 : d.shape[0], 0 : d.shape[1]]
    level = np.abs(yy - lm[234][1]) < 0.5 * fw
    sides = (np.abs(xx - lm[234][0]) < 0.4 * fw) | (np.abs(xx - lm[454][0]) < 0.4 * fw)
    beside = head.backdrop & level & sides
    assert beside.sum() > 1000
    assert float(np.median(d[head.face])) > 3.0
    assert float(np.percentile(d[beside], 99)) <= 0.5, float(np.percentile(d[beside], 99))


def _grid_faces(count: int, columns: int, size: float, gap: float) -> list[Face]:
    faces = []
    for i in range(count):
        r, c = divmod(i, columns)
        x, y = 20 + c * (size + gap), 20 + r * (size * 1.4 + gap)
        faces.append(Face((x, y, x + size, y + size * 1.2), 1.0, np.zeros((6, 2))))
    return faces


@pytest.mark.parametrize(
    "count, columns, size", [(24, 6, 140.0), (60, 10, 60.0), (100, 12, 50.0), (8, 8, 90.0)]
)
def test_every_small_person_is_segmented_on_a_tile(count, columns, size):
    """The person map is worked out again, finer, for a group's people: on square tiles
    over them all (every face inside one, with room below for its neck), none wider than
    ten of their faces, at most nine. (Before: one crop per face for the six largest only,
    so in a grid the seventh person on was mapped from the whole frame alone.)"""
    shape = (1155, 1732)
    faces = _grid_faces(count, columns, size, gap=size * 0.3)
    tiles = engine_module._person_tiles(shape, faces)
    assert 1 <= len(tiles) <= engine_module.MOST_PERSON_TILES
    sides = {(x1 - x0, y1 - y0) for x0, y0, x1, y1 in tiles}
    assert len(sides) == 1, sides
    width, height = sides.pop()
    assert width == min(height, width) or height == shape[0]  # squares, within the frame
    assert width <= engine_module.WIDEST_TILE * faces[0].size + 1
    for f in faces:
        x0, y0, x1, y1 = f.box
        assert any(
            t[0] <= x0 and x1 <= t[2] and t[1] <= y0 and y1 + 0.3 * size <= t[3] for t in tiles
        ), f.box


def test_a_portrait_gets_no_person_tiles():
    face = Face((600.0, 200.0, 1000.0, 700.0), 1.0, np.zeros((6, 2)))
    assert engine_module._person_tiles((1155, 1732), [face]) == []


def test_most_people_of_a_large_group_are_mapped(shared_engine, astronaut_rgb, hopper_rgb):
    """A collage of 60 heads 60 px tall in a frame 970 px wide: the person map covers the
    collar below the chin of at least two thirds of them (the model given the whole frame
    alone finds none of them; with the six crops of before, 23 of 60)."""
    collage = scenes.collage(astronaut_rgb, hopper_rgb, shared_engine._finder, 60, 60.0, 10)
    rgb = collage.rgb
    faces = shared_engine._finder.detect(rgb)
    person = shared_engine._segmenter.probability(
        rgb, engine_module._person_tiles(rgb.shape, faces)
    )
    mapped = 0
    for lm in collage.faces:
        size, chin = float(np.ptp(lm[:, 1])), lm[152]
        below = person[
            int(chin[1] + 0.1 * size) : int(chin[1] + 0.3 * size),
            int(chin[0] - 0.2 * size) : int(chin[0] + 0.2 * size),
        ]
        mapped += float(below.mean()) > 0.5
    assert mapped >= 40, mapped
