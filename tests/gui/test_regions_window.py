"""The photographer decides where the retouch goes: a face left as it is, a face with its
own strengths, protect strokes painted with the brush; in the saved file, with both
engines; surviving undo, redo and a restart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from smartskin_gui.core.engine import local_engine
from smartskin_gui.core.engine.regions import face_box, face_weight
from smartskin_gui.core.engine.strokes import strokes_weight
from smartskin_gui.core.params import Params
from smartskin_gui.core.resources import sample_path
from smartskin_gui.core.state import FaceSetting, Stroke
from tests.engine.scenes import lightness
from tests.gui.test_catalog_window import redo, undo
from tests.portraits import group_on_wood

TIMEOUT = 120000


@pytest.fixture(scope="module")
def group_rgb() -> np.ndarray:
    astronaut = np.asarray(Image.open(sample_path("astronaut.jpg")).convert("RGB"))
    hopper = np.asarray(Image.open(sample_path("grace_hopper.jpg")).convert("RGB"))
    return group_on_wood(astronaut, hopper)[0]


@pytest.fixture
def group(tmp_path: Path, group_rgb: np.ndarray) -> Path:
    path = tmp_path / "shoot" / "group.png"  # lossless: pixels can be compared exactly
    path.parent.mkdir()
    Image.fromarray(group_rgb).save(path)
    return path


def open_group(window, qtbot, path: Path) -> None:
    with qtbot.waitSignal(window.processor.facesFound, timeout=TIMEOUT):
        window.open_paths([path])
    qtbot.waitUntil(lambda: window.processor.photo is not None, timeout=TIMEOUT)
    assert len(window.regions.faces) >= 3


def save_and_read(window, qtbot) -> np.ndarray:
    with qtbot.waitSignal(window.processor.resultSaved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    with Image.open(saved.args[0].output) as im:
        return np.asarray(im.convert("RGB"))


def inside(face: FaceSetting, shape) -> tuple[tuple[int, int, int, int], np.ndarray]:
    box, weight = face_weight(face, shape)
    return box, weight >= 1.0


@pytest.mark.parametrize("engine", ["local", "cloud"])
def test_a_face_left_as_it_is_keeps_its_pixels_in_the_saved_file(
    engine, make_window, qtbot, group, group_rgb, monkeypatch, emulator
):
    if engine == "cloud":
        monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
        monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    window = make_window()
    window.panel.show_engine(engine)
    open_group(window, qtbot, group)
    window.regions.select_face(2)
    assert window.panel.target.text() == "Face 2: its own strengths"
    window.regions.face_panel.exclude.setChecked(True)
    assert window.panel.target.text() == "Face 2: left as it is"
    assert not window.panel.retouch.isEnabled()  # a face left as it is has no strengths
    saved = save_and_read(window, qtbot)
    setting = window.regions.setting(2)
    assert setting.excluded
    (x0, y0, x1, y1), core = inside(setting, saved.shape)
    assert core.sum() > 2000
    assert np.array_equal(saved[y0:y1, x0:x1][core], group_rgb[y0:y1, x0:x1][core])
    # The other faces were retouched.
    other = window.regions.setting(1)
    (a0, b0, a1, b1), core1 = inside(other, saved.shape)
    changed = np.abs(saved[b0:b1, a0:a1][core1].astype(int) - group_rgb[b0:b1, a0:a1][core1])
    assert changed.mean() > 0.5


def test_a_face_with_its_own_strengths_is_rendered_with_them(window, qtbot, group, group_rgb):
    open_group(window, qtbot, group)
    window.regions.select_face(1)
    spin = window.panel.retouch.spin
    spin.setValue(0.0)
    window.panel.whitening.spin.setValue(0.0)  # face 1 at 0/0: left as it is
    assert window.photos.edits().params == Params()  # the photo's strengths did not change
    assert window.regions.setting(1).params == Params(0.0, 0.0)
    saved = save_and_read(window, qtbot)
    (x0, y0, x1, y1), core = inside(window.regions.setting(1), saved.shape)
    assert np.array_equal(saved[y0:y1, x0:x1][core], group_rgb[y0:y1, x0:x1][core])
    window.regions.select_face(None)
    assert window.panel.params() == Params() and window.panel.target.text() == "Whole photo"


def test_reset_in_face_mode_gives_that_face_the_photos_settings_as_one_step(window, qtbot, group):
    """Face 1 chosen and set to 0.20: the note, the preset box and Reset are about what the
    sliders show. Reset gives face 1 the photo's settings again (one step of Ctrl+Z, said
    in the status bar), face mode stays, and the photo keeps its own settings."""
    open_group(window, qtbot, group)
    view = window.split_view
    badge = view.mapFromScene(window.regions.markers.items[0].anchor)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, badge
    )
    assert window.regions.selected == 1
    panel, photos = window.panel, window.photos
    reset = window.findChild(QPushButton, "resetButton")
    preset_title = window.findChild(QLabel, "presetTitle")
    assert reset.text() == "Reset face 1" and preset_title.text() == "Preset of the whole photo"
    panel.retouch.spin.setValue(0.2)
    assert window.regions.setting(1).params == Params(0.2, 1.0)
    assert window.findChild(QComboBox, "presetCombo").currentText() == "Natural"  # the photo's
    note = window.info
    photo = "the photo at retouch 1.00 · brighten 1.00"
    qtbot.waitUntil(
        lambda: note.text().startswith(f"Showing face 1 at retouch 0.20 · brighten 1.00, {photo}"),
        timeout=TIMEOUT,
    )
    steps = window.undo_stack.count()
    reset.click()
    assert window.regions.selected == 1 and panel.target.text() == "Face 1: its own strengths"
    assert window.regions.setting(1).params is None  # follows the photo's settings again
    assert photos.edits().params == Params() and panel.params() == Params()
    assert window.undo_stack.count() == steps + 1
    message = window.statusBar().currentMessage()
    assert message == "Face 1 has the photo's settings again (Ctrl+Z undoes it)."
    qtbot.waitUntil(
        lambda: note.text().startswith(
            "Showing face 1 with the photo's retouch 1.00 · brighten 1.00 at full resolution"
        ),
        timeout=TIMEOUT,
    )
    undo(window)  # face 1 at 0.20 again, on the sliders too
    assert window.regions.setting(1).params == Params(0.2, 1.0)
    assert window.regions.selected == 1 and panel.params() == Params(0.2, 1.0)
    reset.click()
    reset.click()  # nothing more to reset: said, and no step
    assert window.statusBar().currentMessage() == "Face 1 has the photo's settings already."
    assert window.undo_stack.count() == steps + 1
    window.regions.face_panel.done.click()  # the whole photo: Reset and presets are its
    assert reset.text() == "Reset to defaults" and preset_title.text() == "Preset"
    assert note.text().startswith("Showing retouch 1.00 · brighten 1.00 at full resolution")


def paint(window, qtbot, points: list[tuple[float, float]]) -> Stroke:
    """Paint with the brush through the given points (fractions of the photo)."""
    view = window.split_view
    window.regions.brush_panel.button.setChecked(True)
    size = view.item.size

    def at(x: float, y: float) -> QPoint:
        return view.mapFromScene(QPointF(x * size.width(), y * size.height()))

    port = view.viewport()
    with qtbot.waitSignal(window.regions.brush.strokeDone, timeout=TIMEOUT) as done:
        QTest.mousePress(
            port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[0])
        )
        for x, y in points[1:]:
            QTest.mouseMove(port, at(x, y))
        QTest.mouseRelease(
            port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[-1])
        )
    return done.args[0]


def test_a_protect_stroke_keeps_its_area_identical(window, qtbot, group, group_rgb):
    open_group(window, qtbot, group)
    face = window.regions.faces[0]
    across = [
        (face.cx - face.size / 2, face.cy),
        (face.cx, face.cy),
        (face.cx + face.size / 2, face.cy),
    ]
    stroke = paint(window, qtbot, across)
    assert stroke.kind == "protect" and len(stroke.points) == 3
    assert window.photos.edits().strokes == (stroke,)
    saved = save_and_read(window, qtbot)
    box, weight = strokes_weight([stroke], saved.shape)
    x0, y0, x1, y1 = box
    core = weight >= 1.0
    assert core.sum() > 500
    assert np.array_equal(saved[y0:y1, x0:x1][core], group_rgb[y0:y1, x0:x1][core])
    # Around it the face is retouched as before.
    fb = face_box(FaceSetting(face.cx, face.cy, face.size), saved.shape)
    diff = np.abs(
        saved[fb[1] : fb[3], fb[0] : fb[2]].astype(int) - group_rgb[fb[1] : fb[3], fb[0] : fb[2]]
    )
    assert diff.mean() > 0.3


@pytest.mark.parametrize("engine", ["local", "cloud"])
def test_an_add_stroke_changes_an_area_the_engine_missed(
    engine, make_window, qtbot, group, group_rgb, monkeypatch, emulator
):
    """The wood wall is skin-coloured and the engine rightly leaves it alone; painted with
    "add", it gets the photo's change as skin would (a cloud result too, without paying
    again: the add is rendered locally)."""
    if engine == "cloud":
        monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
        monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    h, w = group_rgb.shape[:2]
    wall = [(60 / w, 790 / h), (260 / w, 790 / h)]  # below the first person, apart from all
    window = make_window()
    window.panel.show_engine(engine)
    open_group(window, qtbot, group)
    window.regions.brush_panel.add_radio.setChecked(True)
    stroke = paint(window, qtbot, wall)
    assert stroke.kind == "add"
    saved = save_and_read(window, qtbot)
    box, weight = strokes_weight([stroke], saved.shape)
    x0, y0, x1, y1 = box
    core = weight >= 1.0
    assert core.sum() > 500
    untouched = local_engine().enhance(group_rgb, Params())[y0:y1, x0:x1]
    assert np.array_equal(untouched[core], group_rgb[y0:y1, x0:x1][core])  # the engine missed it
    lift = lightness(saved[y0:y1, x0:x1]) - lightness(group_rgb[y0:y1, x0:x1])
    assert float(np.median(lift[core])) > 1.5
    outside = np.ones((h, w), bool)
    outside[max(0, y0 - 40) : y1 + 40, max(0, x0 - 40) : x1 + 40] = False
    near_wall = outside.copy()
    near_wall[:650] = False  # the wall beside the stroke, below everyone
    assert np.array_equal(saved[near_wall], group_rgb[near_wall])
    if engine == "cloud":  # one paid render of the photo; the add stroke cost nothing more
        assert emulator.emulator.stats["enhance_calls"] == 1


def test_faces_and_strokes_survive_undo_redo_and_a_restart(make_window, qtbot, group):
    window = make_window()
    open_group(window, qtbot, group)
    window.regions.select_face(3)
    window.regions.face_panel.exclude.setChecked(True)
    face = window.regions.faces[0]
    stroke = paint(window, qtbot, [(face.cx, face.cy), (face.cx + 0.02, face.cy)])
    edits = window.photos.edits()
    assert edits.strokes == (stroke,) and [f.excluded for f in edits.faces] == [True]
    undo(window)
    assert window.photos.edits().strokes == ()
    assert window.processor.session.regions.strokes == ()  # and the render follows
    undo(window)
    assert window.photos.edits().faces == ()
    redo(window)
    redo(window)
    assert window.photos.edits() == edits
    window.quit_guard.confirmed = True
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: len(again.regions.faces) >= 3, timeout=TIMEOUT)  # reopened
    assert again.photos.edits() == edits
    assert again.regions.setting(3).excluded
    assert again.regions.markers.markers[2].excluded  # its marker says so


def test_clicking_a_face_marker_selects_that_face_and_dragging_a_face_still_pans(
    window, qtbot, group
):
    open_group(window, qtbot, group)
    view = window.split_view
    item = window.regions.markers.items[1]
    badge = view.mapFromScene(item.anchor)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, badge
    )
    assert window.regions.selected == 2 and window.regions.face_panel.isVisible()
    assert item.selected
    # Pressing on the face itself (not its badge) is the view's: no face is chosen.
    window.regions.select_face(None)
    inside = view.mapFromScene(item.rect.center())
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, inside
    )
    assert window.regions.selected is None


def test_an_unreadable_photo_shows_no_face_marker_of_the_photo_before(window, qtbot, group):
    open_group(window, qtbot, group)
    assert window.regions.markers.items
    broken = group.parent / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a photo")
    with qtbot.waitSignal(window.processor.photoFailed, timeout=TIMEOUT):
        window.open_paths([broken])
    assert window.regions.faces == [] and not window.regions.markers.items
    with qtbot.waitSignal(window.processor.facesFound, timeout=TIMEOUT):
        window.filmstrip.select(group)  # back: its faces again
    assert len(window.regions.markers.items) >= 3
