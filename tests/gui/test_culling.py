"""Culling as a photographer does it, by keys on the window: ratings 0-5, P/X/U, labels
6-9 (the same key again takes a label off), on every selected photo; shown in the
filmstrip; read from what Lightroom wrote into an original; written into every exported
file's XMP, the original untouched; the filter above the filmstrip and its count."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton

from smartskin_gui.core.io.metadata import FileMetadata, embed, read_culling, read_metadata
from smartskin_gui.core.io.metadata.xmp import XmpCulling
from smartskin_gui.core.state import PICK, REJECT, UNFLAGGED, Culling
from smartskin_gui.ui.dialogs.export_dialog import ExportDialog
from smartskin_gui.ui.views.filmstrip_marks import LABEL_COLOURS
from tests.filefixtures import LIGHTROOM_XMP
from tests.shoot import make_shoot

TIMEOUT = 120000
#: As Capture One writes them: properties as elements, and Bridge's -1 for a reject.
CAPTURE_ONE_REJECT = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
    "<xmp:Rating>-1</xmp:Rating><xmp:Label>Blue</xmp:Label></rdf:Description>"
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
).encode()


@pytest.fixture
def active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def open_folder(window, qtbot, folder: Path) -> list[str]:
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([folder])
    qtbot.waitUntil(lambda: window.processor.photo is not None, timeout=TIMEOUT)
    window.split_view.setFocus()
    return window.filmstrip.paths()


def picks_shown(window, qtbot, folder: Path) -> list[str]:
    """A shoot of four opened, the second and fourth picked and the filter on Picks: the
    four photos' paths."""
    make_shoot(folder, 4)
    paths = open_folder(window, qtbot, folder)
    for row in (1, 3):
        choose(window, row)
        press(window, Qt.Key.Key_P)
    combo = window.findChild(QComboBox, "filmstripFilter")
    combo.setCurrentIndex(combo.findData("picks"))
    assert window.filmstrip.shown_paths() == [paths[1], paths[3]]
    return paths


def press(window, *keys: Qt.Key) -> None:
    """Keys typed in the window: to the widget with the focus, as the system sends them."""
    for key in keys:
        QTest.keyClick(QApplication.focusWidget() or window, key)


def choose(window, *rows: int) -> None:
    """Click the first row, Ctrl+click the others."""
    strip = window.filmstrip
    strip.setCurrentRow(rows[0], QItemSelectionModel.SelectionFlag.ClearAndSelect)
    for row in rows[1:]:
        strip.selectionModel().select(
            strip.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
        )
    window.split_view.setFocus()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_all(window, qtbot, out: Path) -> list:
    window.findChild(object, "exportAction").trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    dialog.findChild(QLineEdit, "exportFolderEdit").setText(str(out))
    dialog.findChild(object, "exportAllRadio").setChecked(True)
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT) as done:
        dialog.findChild(QPushButton, "exportStartButton").click()
    window.export.summary.close()
    return done.args[0]


def lightroom_jpeg(path: Path, xmp: bytes, grey: int = 128) -> Path:
    Image.fromarray(np.full((200, 300, 3), grey, np.uint8)).save(path, quality=90)
    path.write_bytes(embed(path.read_bytes(), "JPEG", FileMetadata(xmp=xmp)))
    return path


def test_key_2_ends_in_the_exported_xmp_and_the_originals_stay_as_they_were(
    active, qtbot, tmp_path
):
    window = active
    photos = make_shoot(tmp_path / "shoot", 3)
    before = [digest(p) for p in photos]
    paths = open_folder(window, qtbot, tmp_path / "shoot")
    choose(window, 0)
    press(window, Qt.Key.Key_2)
    assert window.filmstrip.culling(paths[0]) == Culling(2, UNFLAGGED, "")
    assert window.catalog.get(paths[0]).culling.rating == 2
    choose(window, 1)
    press(window, Qt.Key.Key_X, Qt.Key.Key_7)  # rejected, Yellow
    results = export_all(window, qtbot, tmp_path / "out")
    assert [r.ok for r in results] == [True] * 3
    xmp = {r.input.name: read_metadata(r.output.read_bytes()).xmp for r in results}
    assert b'xmp:Rating="2"' in xmp["IMG_0001.jpg"]
    assert read_culling(xmp["IMG_0002.jpg"]) == XmpCulling(-1, "Yellow")
    assert read_culling(xmp["IMG_0003.jpg"]) is None  # not sorted: as the original
    assert [digest(p) for p in photos] == before


def test_a_lightroom_rating_and_label_show_and_a_rating_set_here_wins(active, qtbot, tmp_path):
    window = active
    folder = tmp_path / "shoot"
    folder.mkdir()
    rated = lightroom_jpeg(folder / "a_rated.jpg", LIGHTROOM_XMP)  # 4 stars, Red
    lightroom_jpeg(folder / "b_rejected.jpg", CAPTURE_ONE_REJECT)
    lightroom_jpeg(folder / "c_plain.jpg", b"")
    before = digest(rated)
    a, b, _ = open_folder(window, qtbot, folder)
    strip = window.filmstrip
    qtbot.waitUntil(lambda: strip.culling(a) != Culling(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: strip.culling(b) != Culling(), timeout=TIMEOUT)
    assert strip.culling(a) == Culling(4, UNFLAGGED, "Red")
    assert strip.culling(b) == Culling(0, REJECT, "Blue")
    assert "4 stars, Red label" in strip.item(0).toolTip()
    qtbot.waitUntil(lambda: all(strip.has_thumbnail(p) for p in strip.paths()))

    # What shows: a red chip on the rated photo, the rejected one dimmed.
    choose(window, 2)
    tiles = [strip.viewport().grab(strip.visualItemRect(strip.item(r))).toImage() for r in (0, 1)]
    assert reddish(tiles[0]) >= 30
    plain = strip.viewport().grab(strip.visualItemRect(strip.item(2))).toImage()
    assert brightness(tiles[1]) < 0.7 * brightness(tiles[0]) < brightness(plain)

    choose(window, 0)
    press(window, Qt.Key.Key_3)  # SmartSkin's rating wins; the label stays
    assert strip.culling(a) == Culling(3, UNFLAGGED, "Red")
    press(window, Qt.Key.Key_6)  # the same label's key: taken off
    assert strip.culling(a) == Culling(3, UNFLAGGED, "")
    choose(window, 1)
    press(window, Qt.Key.Key_U)
    assert strip.culling(b) == Culling(0, UNFLAGGED, "Blue")
    assert digest(rated) == before  # the original is never written


def reddish(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    red = LABEL_COLOURS["Red"]
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if abs(image.pixelColor(x, y).red() - red.red()) < 30
        and abs(image.pixelColor(x, y).green() - red.green()) < 30
        and abs(image.pixelColor(x, y).blue() - red.blue()) < 30
    )


def brightness(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    values = [image.pixelColor(x, y).value() for y in range(h // 4, h // 2) for x in range(w)]
    return sum(values) / len(values)


def changed_rows(before: QImage, after: QImage) -> tuple[int, int]:
    """The first and last row of ``after`` that differ from ``before``."""
    a = before.convertToFormat(QImage.Format.Format_RGB32)
    b = after.convertToFormat(QImage.Format.Format_RGB32)
    rows = [
        y
        for y in range(min(a.height(), b.height()))
        if any(a.pixelColor(x, y) != b.pixelColor(x, y) for x in range(0, a.width(), 2))
    ]
    return (rows[0], rows[-1]) if rows else (-1, -1)


def test_stars_sit_on_the_same_place_of_every_tile_even_a_broken_photos(active, qtbot, tmp_path):
    window = active
    paths = open_folder(window, qtbot, make_shoot(tmp_path / "shoot", 2, broken=1)[0].parent)
    strip = window.filmstrip
    qtbot.waitUntil(lambda: strip.badge(paths[1]) == "broken", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: strip.has_thumbnail(paths[0]), timeout=TIMEOUT)
    choose(window, 0)
    window.filmstrip.clearSelection()  # tiles drawn unselected, as they are compared

    def tile(row: int) -> QImage:
        return strip.viewport().grab(strip.visualItemRect(strip.item(row))).toImage()

    plain = [tile(0), tile(1)]
    for row in (0, 1):
        choose(window, row)
        press(window, Qt.Key.Key_5)
    window.filmstrip.clearSelection()
    starred = [tile(0), tile(1)]
    good, broken = (changed_rows(plain[r], starred[r]) for r in (0, 1))
    assert good != (-1, -1) and good == broken
    assert good[0] > plain[0].height() // 3  # along the bottom of the card, not the top


def test_keys_apply_to_every_selected_photo(active, qtbot, tmp_path):
    window = active
    make_shoot(tmp_path / "shoot", 4)
    paths = open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.filmstrip
    choose(window, 0, 2, 3)
    press(window, Qt.Key.Key_4, Qt.Key.Key_P, Qt.Key.Key_9)
    assert [strip.culling(p) for p in paths] == [
        Culling(4, PICK, "Blue"),
        Culling(),
        Culling(4, PICK, "Blue"),
        Culling(4, PICK, "Blue"),
    ]
    assert "3 photos" in window.statusBar().currentMessage()
    press(window, Qt.Key.Key_9)  # all Blue: the key takes it off
    assert {strip.culling(p).label for p in paths} == {""}
    press(window, Qt.Key.Key_0)
    assert strip.culling(paths[0]) == Culling(0, PICK, "")
    # Typed into a number field, a digit is a number, not a rating.
    spin = window.retouch.spin
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, "1")
    assert spin.text().startswith("1") and strip.culling(paths[0]).rating == 0


def test_the_filter_shows_the_right_photos_and_the_count(make_window, qtbot, tmp_path):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    make_shoot(tmp_path / "shoot", 7, broken=1)
    paths = open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.filmstrip
    steps = ((0, [Qt.Key.Key_3]), (1, [Qt.Key.Key_5]), (2, [Qt.Key.Key_P]), (4, [Qt.Key.Key_1]))
    for row, keys in steps:
        choose(window, row)
        press(window, *keys)
    choose(window, 3)
    window.retouch.spin.setValue(0.5)  # edited
    qtbot.waitUntil(lambda: strip.badge(paths[6]) == "broken", timeout=TIMEOUT)
    combo = window.findChild(QComboBox, "filmstripFilter")
    count = window.findChild(QLabel, "filmstripCount")
    assert count.text() == "7 of 7"

    def shown_for(name: str) -> list[str]:
        combo.setCurrentIndex(combo.findData(name))
        return strip.shown_paths()

    assert shown_for("rating3") == paths[:2] and count.text() == "2 of 7"
    assert window.photos.current in paths[:2]  # the current photo moved to a shown one
    assert set(strip.selected_paths()) <= set(paths[:2])
    assert shown_for("rating5") == paths[1:2] and count.text() == "1 of 7"
    assert shown_for("rating1") == [paths[0], paths[1], paths[4]]
    choose(window, 1)
    press(window, Qt.Key.Key_Down)  # the arrow keys skip what is hidden
    assert window.photos.current == paths[4] and strip.selected_paths() == paths[4:5]
    assert shown_for("picks") == paths[2:3]
    assert shown_for("edited") == paths[3:4]
    assert shown_for("failed") == paths[6:7]
    assert shown_for("exported") == [] and count.text() == "0 of 7: none match"
    assert strip.paths() == paths  # hidden, never removed

    # A change of rating is filtered at once, and the selection follows.
    assert shown_for("rating3") == paths[:2]
    choose(window, 1)
    press(window, Qt.Key.Key_1)
    assert strip.shown_paths() == paths[:1] and count.text() == "1 of 7"
    assert window.photos.current == paths[0] and strip.selected_paths() == paths[:1]
    choose(window, 0)
    press(window, Qt.Key.Key_Down)  # nothing shown after it
    assert window.photos.current == paths[0]
    # Ctrl+A in the filmstrip selects the photos shown, and Export offers those.
    assert shown_for("rating3") == paths[:1]
    strip.setFocus()
    QTest.keyClick(strip, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert [i.isSelected() for i in map(strip.item, range(7))] == [True] + [False] * 6
    assert shown_for("all") == paths and count.text() == "7 of 7"

    # Ratings are kept in the catalog: after a restart they show (and filter) again.
    window.quit_guard.confirmed = True
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: len(again.filmstrip.paths()) == 7, timeout=TIMEOUT)
    assert again.filmstrip.culling(paths[0]) == Culling(3, UNFLAGGED, "")
    assert again.filmstrip.culling(paths[1]) == Culling(1, UNFLAGGED, "")


def test_the_filter_chosen_is_there_again_after_a_restart(make_window, qtbot, tmp_path):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    paths = picks_shown(window, qtbot, tmp_path / "shoot")
    window.quit_guard.confirmed = True
    window.close()

    again = make_window()
    qtbot.waitUntil(lambda: len(again.filmstrip.paths()) == 4, timeout=TIMEOUT)
    combo = again.findChild(QComboBox, "filmstripFilter")
    assert combo.currentData() == "picks" and combo.currentText() == "Picks"
    assert again.filmstrip.shown_paths() == [paths[1], paths[3]]  # it filters, too
    assert again.findChild(QLabel, "filmstripCount").text() == "2 of 4"
    qtbot.waitUntil(lambda: again.photos.current is not None, timeout=TIMEOUT)
    assert again.photos.current in (paths[1], paths[3])

    # Back to every photo: the next start shows them all.
    combo.setCurrentIndex(combo.findData("all"))
    again.quit_guard.confirmed = True
    again.close()
    third = make_window()
    qtbot.waitUntil(lambda: len(third.filmstrip.paths()) == 4, timeout=TIMEOUT)
    assert third.findChild(QComboBox, "filmstripFilter").currentData() == "all"
    assert third.filmstrip.shown_paths() == paths


def test_photos_opened_under_a_filter_that_hides_them_are_shown(active, qtbot, tmp_path):
    """A filter left on (it survives a restart) never hides the photos just opened: every
    photo is shown again, the new ones with it, and the status bar says why."""
    window = active
    make_shoot(tmp_path / "first", 2)
    paths = open_folder(window, qtbot, tmp_path / "first")
    choose(window, 1)
    press(window, Qt.Key.Key_P)
    combo = window.findChild(QComboBox, "filmstripFilter")
    combo.setCurrentIndex(combo.findData("picks"))
    assert window.filmstrip.shown_paths() == [paths[1]]
    make_shoot(tmp_path / "second", 2)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "second"])
    assert combo.currentData() == "all"
    assert len(window.filmstrip.shown_paths()) == 4
    assert "“Picks” hid the photos you opened" in window.statusBar().currentMessage()
    shown_now = window.photos.current
    assert shown_now is not None and Path(shown_now).parent == tmp_path / "second"
    # Photos the filter lets through change nothing.
    combo.setCurrentIndex(combo.findData("unrejected"))
    make_shoot(tmp_path / "third", 1)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "third"])
    assert combo.currentData() == "unrejected"


def test_with_a_filter_on_export_all_and_sync_all_mean_the_photos_shown(active, qtbot, tmp_path):
    window = active
    paths = picks_shown(window, qtbot, tmp_path / "shoot")
    choose(window, 1)
    window.retouch.spin.setValue(0.4)  # on the current (shown) photo
    window.findChild(QPushButton, "syncAllButton").click()
    synced = [window.photos.params(p).retouch for p in paths]
    assert synced[1] == synced[3] == pytest.approx(0.4)
    assert synced[0] == synced[2] == pytest.approx(1.0)  # hidden: left as they were
    assert _exported_all_shown(window, qtbot, tmp_path / "out") == ["IMG_0002.jpg", "IMG_0004.jpg"]


def _exported_all_shown(window, qtbot, out) -> list[str]:
    """Export offers the two photos the filter shows as "all"; the names it then wrote."""
    window.findChild(object, "exportAction").trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog.findChild(object, "exportAllRadio").text() == "All photos shown (2)"
    dialog.reject()
    return sorted(r.input.name for r in export_all(window, qtbot, out))


def test_all_but_rejected_hides_rejects_and_export_all_leaves_them_out(active, qtbot, tmp_path):
    """Cull with X, then "All but rejected" (next to "All photos"): the rejects are hidden
    (one rejected while the filter is on goes at once), and Export's "All photos shown"
    writes the others only."""
    window = active
    make_shoot(tmp_path / "shoot", 4)
    paths = open_folder(window, qtbot, tmp_path / "shoot")
    choose(window, 1)
    press(window, Qt.Key.Key_X)
    combo = window.findChild(QComboBox, "filmstripFilter")
    assert [combo.itemText(i) for i in range(2)] == ["All photos", "All but rejected"]
    combo.setCurrentIndex(combo.findData("unrejected"))
    strip = window.filmstrip
    assert strip.shown_paths() == [paths[0], paths[2], paths[3]]
    assert window.findChild(QLabel, "filmstripCount").text() == "3 of 4"
    choose(window, 3)
    press(window, Qt.Key.Key_X)  # rejected while shown: hidden at once
    assert strip.shown_paths() == [paths[0], paths[2]]
    assert window.photos.current == paths[2]  # the nearest photo still shown
    assert _exported_all_shown(window, qtbot, tmp_path / "out") == ["IMG_0001.jpg", "IMG_0003.jpg"]
    combo.setCurrentIndex(combo.findData("all"))
    assert strip.shown_paths() == paths  # hidden, never removed


def test_photos_opened_later_replace_the_selection(active, qtbot, tmp_path):
    """Opening or dropping photos selects the first new one alone: a key pressed next
    rates it, not the photos selected before as well."""
    window = active
    make_shoot(tmp_path / "shoot", 3)
    paths = open_folder(window, qtbot, tmp_path / "shoot")
    choose(window, 0, 1)
    later = make_shoot(tmp_path / "later", 2)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([later[0]])
    new = str(later[0].resolve())
    assert window.filmstrip.selected_paths() == [new]
    window.split_view.setFocus()
    press(window, Qt.Key.Key_3)
    assert window.filmstrip.culling(new).rating == 3
    assert [window.filmstrip.culling(p).rating for p in paths] == [None, None, None]


def test_two_photos_of_one_name_show_their_folders(active, qtbot, tmp_path):
    window = active
    make_shoot(tmp_path / "cardA", 2)
    make_shoot(tmp_path / "cardB", 1)
    open_folder(window, qtbot, tmp_path / "cardA")
    strip = window.filmstrip
    assert strip.item(0).text().endswith("IMG_0001.jpg") and "/" not in strip.item(0).text()
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "cardB"])
    texts = [strip.item(r).text() for r in range(strip.count())]
    assert texts[0].endswith("cardA/IMG_0001.jpg") and texts[2].endswith("cardB/IMG_0001.jpg")
    assert texts[1].endswith("IMG_0002.jpg") and "/" not in texts[1]  # its name is its own


def test_each_culling_key_is_one_undo_step(active, qtbot, tmp_path):
    window = active
    paths = open_folder(window, qtbot, make_shoot(tmp_path / "shoot", 3)[0].parent)
    choose(window, 0, 1)
    press(window, Qt.Key.Key_3)
    press(window, Qt.Key.Key_X)
    strip = window.filmstrip
    assert [strip.culling(p) for p in paths[:2]] == [Culling(3, REJECT, "")] * 2
    assert window.undo_action.toolTip() == "Undo Reject (2 photos)"
    window.undo_action.trigger()
    assert [strip.culling(p) for p in paths[:2]] == [Culling(3, UNFLAGGED, "")] * 2
    window.undo_action.trigger()
    assert [strip.culling(p) for p in paths[:2]] == [Culling(0, UNFLAGGED, "")] * 2  # unsorted
    assert window.catalog.get(paths[0]).culling == Culling()
    window.redo_action.trigger()
    assert window.catalog.get(paths[1]).culling == Culling(3, UNFLAGGED, "")
    untouched = window.catalog.get(paths[2])  # never selected: never sorted
    assert untouched is None or untouched.culling == Culling()


def test_undo_of_a_rating_on_another_photo_shows_that_photo(active, qtbot, tmp_path):
    """As for edits: Ctrl+Z after moving on undoes the rating where it was given, shows
    that photo and says what was undone."""
    window = active
    paths = open_folder(window, qtbot, make_shoot(tmp_path / "shoot", 2)[0].parent)
    choose(window, 0)
    press(window, Qt.Key.Key_4)
    choose(window, 1)
    window.undo_action.trigger()
    assert window.filmstrip.culling(paths[0]) == Culling(0, UNFLAGGED, "")
    assert window.photos.current == paths[0] and window.filmstrip.selected_paths() == [paths[0]]
    assert window.statusBar().currentMessage().startswith("Undo: ")


def test_save_writes_the_rating_and_label_too(active, qtbot, tmp_path):
    window = active
    folder = tmp_path / "shoot"
    folder.mkdir()
    source = lightroom_jpeg(folder / "rated.jpg", LIGHTROOM_XMP)  # 4 stars, Red
    before = digest(source)
    (path,) = open_folder(window, qtbot, folder)
    qtbot.waitUntil(lambda: window.filmstrip.culling(path) != Culling(), timeout=TIMEOUT)
    press(window, Qt.Key.Key_1, Qt.Key.Key_8)
    with qtbot.waitSignal(window.processor.resultSaved, timeout=TIMEOUT) as saved:
        QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    xmp = read_metadata(Path(saved.args[0].output).read_bytes()).xmp
    assert read_culling(xmp) == XmpCulling(1, "Green")
    assert b"crs:Exposure2012" in xmp  # the rest of Lightroom's packet kept
    assert digest(source) == before


def test_a_label_smartskin_has_no_key_for_is_kept_in_the_export(active, qtbot, tmp_path):
    window = active
    folder = tmp_path / "shoot"
    folder.mkdir()
    orange = CAPTURE_ONE_REJECT.replace(b"-1", b"2").replace(b"Blue", b"Orange")
    lightroom_jpeg(folder / "orange.jpg", orange)
    with qtbot.waitSignal(window.filmstrip.fileCulling, timeout=TIMEOUT):
        (path,) = open_folder(window, qtbot, folder)
    assert window.filmstrip.culling(path) == Culling(2, UNFLAGGED, "")  # no chip for it
    press(window, Qt.Key.Key_5)
    (result,) = export_all(window, qtbot, tmp_path / "out")
    assert read_culling(read_metadata(result.output.read_bytes()).xmp) == XmpCulling(5, "Orange")
