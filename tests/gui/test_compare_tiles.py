"""The comparison's tiles: "Add current settings" adds a tile that renders (alone), each
variant has a ✕ (mouse and keyboard; the original has none), at most five variants."""

from __future__ import annotations

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QDoubleSpinBox, QPushButton, QToolButton

from smartskin_gui.core.params import Params
from smartskin_gui.ui.views.compare_view import MAX_VARIANTS, CompareView, compared_presets
from tests.gui.test_main_window import open_and_wait

TIMEOUT = 30000


class Renders:
    """Stands in for the processor: records each render asked for, answers on request."""

    def __init__(self, view: CompareView) -> None:
        self.view = view
        self.asked: list[tuple[Params, object]] = []
        view.renderRequested.connect(lambda params, tag: self.asked.append((params, tag)))

    def answer_all(self) -> None:
        for params, tag in self.asked:
            pixmap = QPixmap(30, 40)
            pixmap.fill(QColor(200, 120, 90))
            self.view.set_variant_image(tag, params, pixmap)


@pytest.fixture
def compare(qtbot):
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    original = QPixmap(30, 40)
    original.fill(QColor(90, 90, 90))
    view.set_original(original, (300, 400))
    renders = Renders(view)
    view.show()
    qtbot.waitExposed(view)
    renders.answer_all()
    return view, renders


def tile_of(view: CompareView, params: Params):
    return next(t for t in view.tiles if t.params == params)


def test_the_original_has_no_close_button_and_every_variant_one(compare):
    view, _ = compare
    assert view.tiles[0].params is None and view.tiles[0].remove_button.isHidden()
    for tile in view.tiles[1:]:
        button = tile.findChild(QToolButton, "removeTileButton")
        assert button is tile.remove_button and button.isVisible()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.accessibleName().startswith("Remove ")


def test_tiles_are_captioned_with_their_preset_names(compare):
    view, _ = compare
    captions = [tile.caption.full_text for tile in view.tiles]
    assert captions[0] == "Original"
    assert captions[1:] == [
        "Natural: retouch 1.00 · brighten 1.00",
        "Soft: retouch 0.50 · brighten 0.30",
        "Glamour: retouch 1.50 · brighten 1.20",
    ]
    view.add_variant(Params(0.7, 0.2))  # not a preset: the strengths alone
    assert view.tiles[-1].caption.full_text == "retouch 0.70 · brighten 0.20"
    assert all(t.caption.toolTip() == t.caption.full_text for t in view.tiles)


@pytest.mark.parametrize("width, added", [(1400, 2), (1000, 2), (700, 0)])
def test_narrow_tiles_keep_the_strengths_in_their_captions(compare, qtbot, width, added):
    """On a narrow screen a caption gives way by dropping words, never the numbers: every
    caption shown fits its tile and still has both strengths (a clipped "Natural: retouch"
    said nothing of what is compared), with five variants in 1000 px, three in 700."""
    view, _ = compare
    for params in [Params(0.7, 0.2), Params(1.25, 0.4)][:added]:
        view.add_variant(params)
    view.resize(width, 600)

    def fits(label) -> bool:
        return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    qtbot.waitUntil(lambda: all(fits(t.caption) for t in view.tiles[1:]), timeout=5000)
    for tile in view.tiles[1:]:
        shown, p = tile.caption.text(), tile.params
        assert f"{p.retouch:.2f}" in shown and f"{p.whitening:.2f}" in shown, (width, shown)
        # A preset's tile keeps its name (Natural, Soft, Glamour tell the tiles apart).
        preset = tile.caption.full_text.split(":")[0]
        if width >= 1000 and ":" in tile.caption.full_text:
            assert shown.startswith(preset), (width, shown)


def test_the_tiles_captions_are_worded_alike(compare, qtbot):
    """Where one caption has to drop its words, all do: "Glamour 1.50 · 1.20" beside
    "0.70 · 0.20", never beside "retouch 0.70 · brighten 0.20" (and no cryptic "R"/"B");
    with room again, all say it in words."""
    view, _ = compare
    view.add_variant(Params(0.7, 0.2))
    captions = [tile.caption for tile in view.tiles[1:]]

    def worded() -> set[bool]:
        return {"retouch" in c.text() for c in captions}

    view.resize(1000, 600)
    qtbot.waitUntil(lambda: worded() == {False}, timeout=5000)
    assert all("R " not in c.text() and c.text()[0] in "NSG0123456789" for c in captions)
    assert captions[-1].text() == "0.70 · 0.20"
    assert captions[0].text() == "Natural 1.00 · 1.00"
    view.resize(2400, 900)
    qtbot.waitUntil(lambda: worded() == {True}, timeout=5000)


def test_a_caption_fits_again_when_the_font_grows_and_is_read_out_in_full(compare, qtbot):
    """A larger font (the system's, or a style's) makes a caption that fitted too long: it
    gives way again, not only when the window is resized. A screen reader hears the whole
    caption whichever form is shown."""
    view, _ = compare
    view.add_variant(Params(0.7, 0.2))
    view.resize(1000, 600)

    def fits(label) -> bool:
        return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    qtbot.waitUntil(lambda: all(fits(t.caption) for t in view.tiles[1:]), timeout=5000)
    before = [t.caption.text() for t in view.tiles[1:]]
    size = view.tiles[1].caption.fontMetrics().height()
    for _ in range(8):  # grow (as a style sheet does) until a caption no longer fits as it is
        size = round(size * 1.3)
        view.setStyleSheet(f"QLabel {{ font-size: {size}px; }}")
        if not all(fits(t.caption) for t in view.tiles[1:]):
            break
    qtbot.waitUntil(lambda: all(fits(t.caption) for t in view.tiles[1:]), timeout=5000)
    assert [t.caption.text() for t in view.tiles[1:]] != before  # shorter forms now
    for tile in view.tiles:
        assert tile.caption.accessibleName() == tile.caption.full_text


def test_a_removed_tile_goes_and_the_others_keep_their_images(compare, qtbot):
    view, renders = compare
    natural, soft, glamour = compared_presets()
    assert [t.params for t in view.tiles[1:]] == [natural, soft, glamour]
    asked = len(renders.asked)
    qtbot.mouseClick(tile_of(view, soft).remove_button, Qt.MouseButton.LeftButton)
    assert view.variants == [natural, glamour] and len(view.tiles) == 3
    assert len(renders.asked) == asked  # nothing rendered again
    assert all(not t.view.pix.pixmap().isNull() for t in view.tiles)
    assert all(t.status.text() == "" for t in view.tiles[1:])


def test_keyboard_removes_a_tile_and_keeps_the_focus_in_the_grid(compare, qtbot):
    view, _ = compare
    natural, soft, glamour = compared_presets()
    view.activateWindow()
    button = tile_of(view, natural).remove_button
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert view.variants == [soft, glamour]
    assert tile_of(view, soft).remove_button.hasFocus()  # the next ✕, ready for another
    tile_view = tile_of(view, glamour).view
    tile_view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tile_view, Qt.Key.Key_Delete)  # Delete on a focused tile removes it
    assert view.variants == [soft]
    qtbot.keyClick(view.tiles[0].view, Qt.Key.Key_Delete)
    assert len(view.tiles) == 2  # the original stays


def test_add_renders_only_the_new_tile_and_five_is_the_most(compare, qtbot):
    view, renders = compare
    before = len(renders.asked)
    assert view.add_variant(Params(0.3, 0.4))
    assert [p for p, _ in renders.asked[before:]] == [Params(0.3, 0.4)]
    renders.answer_all()
    new = tile_of(view, Params(0.3, 0.4))
    assert not new.view.pix.pixmap().isNull() and new.status.text() == ""
    assert not view.add_variant(Params(0.3, 0.4))  # already there: said, not added twice
    assert "already compared" in view.hint.full_text
    assert view.add_variant(Params(0.6, 0.4))
    assert len(view.variants) == MAX_VARIANTS and not view.add_button.isEnabled()
    assert not view.add_variant(Params(0.9, 0.4))
    assert "remove a tile" in view.hint.full_text and len(view.variants) == MAX_VARIANTS
    qtbot.mouseClick(new.remove_button, Qt.MouseButton.LeftButton)
    assert view.add_button.isEnabled() and view.add_variant(Params(0.9, 0.4))
    assert view.tiles[-1].params == Params(0.9, 0.4)


def test_with_the_cloud_an_added_tile_waits_for_its_own_click(compare, qtbot):
    view, renders = compare
    asked_to_pay: list[int] = []
    view.ask_to_pay = lambda count: asked_to_pay.append(count) or True
    view.set_paid(True)
    qtbot.mouseClick(view.render_button, Qt.MouseButton.LeftButton)
    assert asked_to_pay == [3]
    renders.answer_all()
    before = len(renders.asked)
    view.add_variant(Params(0.3, 0.4))
    assert len(renders.asked) == before and view.render_button.isVisible()
    assert view.render_button.text() == "Render 1 with cloud (5 credits)"
    qtbot.mouseClick(view.render_button, Qt.MouseButton.LeftButton)
    assert asked_to_pay == [3, 1]
    assert [p for p, _ in renders.asked[before:]] == [Params(0.3, 0.4)]


def test_add_current_settings_in_the_window_renders_a_new_tile(window, qtbot, portrait):
    view = window.compare_view
    # The window answers the view's "Add current settings" as it answers the side panel's
    # "Add to comparison" (connected here until the window does it).
    if not view.receivers(SIGNAL("addRequested()")):
        view.addRequested.connect(window._add_comparison)
    open_and_wait(window, qtbot, portrait)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: all(not t.status.text() for t in view.tiles), timeout=TIMEOUT)
    window.findChild(QDoubleSpinBox, "retouchSpin").setValue(0.35)
    rendered = []
    window.processor.variantReady.connect(lambda tag, params, image: rendered.append(params))
    qtbot.mouseClick(view.findChild(QPushButton, "addTileButton"), Qt.MouseButton.LeftButton)
    wanted = Params(0.35, 1.0)
    assert view.variants[-1] == wanted
    qtbot.waitUntil(lambda: rendered == [wanted], timeout=TIMEOUT)
    tile = tile_of(view, wanted)
    qtbot.waitUntil(lambda: tile.status.text() == "", timeout=TIMEOUT)
    assert not tile.view.pix.pixmap().isNull()
    # The side panel's button with settings already compared: said, nothing lost.
    window.findChild(QDoubleSpinBox, "retouchSpin").setValue(1.0)
    window.panel.compare_button.click()
    assert "already compared" in view.hint.full_text and len(view.variants) == 4
    assert rendered == [wanted]


def test_tiles_replaced_by_a_new_photo_are_gone_from_the_screen_at_once(compare, qtbot):
    """New tiles for a new photo: the old ones are hidden at once, not left drawn at the
    view's top left (their captions garbled over the bar) until they are deleted."""
    from smartskin_gui.ui.views.compare_view import Tile

    view, _ = compare
    view.set_original(view.original, (300, 400))  # another photo: every tile anew
    shown = [t for t in view.findChildren(Tile) if t.isVisible()]
    assert shown and all(t in view.tiles for t in shown)


def test_the_settings_compared_come_back_after_a_restart(make_window, qtbot, portrait):
    """Tiles added and removed by hand are the comparison the photographer left: the next
    start shows the same settings, in the same order (and renders them for the photo)."""
    first = make_window()
    view = first.compare_view
    view.remove_variant(compared_presets()[0])
    assert view.add_variant(Params(0.35, 1.25))
    left = view.variants
    first.quit_guard.confirmed = True
    first.close()
    second = make_window()
    assert second.compare_view.variants == left
    open_and_wait(second, qtbot, portrait)
    second.tabs.setCurrentWidget(second.compare_view)
    tiles = second.compare_view.tiles[1:]
    qtbot.waitUntil(lambda: all(not t.status.text() for t in tiles), timeout=TIMEOUT)
    assert [t.params for t in tiles] == left and all(
        not t.view.pix.pixmap().isNull() for t in tiles
    )


def test_unreadable_compared_settings_fall_back_to_the_presets(make_window):
    from smartskin_gui.core.state import SettingsStore

    store = SettingsStore()
    settings = store.load()
    settings.ui["compared"] = "0.50/oops 2.70/1.00"
    store.save(settings)
    assert make_window().compare_view.variants == compared_presets()
