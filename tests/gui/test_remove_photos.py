"""Taking photos out of the filmstrip (File > Remove from SmartSkin, Delete in the
filmstrip): a finished shoot can leave the session, nothing on disk is deleted, and the
photos' settings come back when they are opened again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDoubleSpinBox, QListWidget, QMessageBox, QPushButton

from tests.gui.test_export import TIMEOUT, open_folder
from tests.shoot import make_shoot


def _spin(window) -> QDoubleSpinBox:
    return window.findChild(QDoubleSpinBox, "retouchSpin")


def _quit(window) -> None:
    window.close()
    box = window.findChild(QMessageBox, "quitDialog")
    if box is not None and box.isVisible():
        box.findChild(QPushButton, "quitAnywayButton").click()


def test_delete_in_the_filmstrip_takes_photos_out_and_keeps_files_and_settings(
    make_window, qtbot, tmp_path
):
    files = make_shoot(tmp_path / "shoot", 4)
    photos = [str(p.resolve()) for p in files]
    window = make_window()
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    strip.setCurrentRow(1)
    _spin(window).setValue(0.4)
    strip.selectionModel().select(
        strip.model().index(2, 0), QItemSelectionModel.SelectionFlag.Select
    )
    assert strip.selected_paths() == photos[1:3]
    strip.setFocus()
    QTest.keyClick(strip, Qt.Key.Key_Delete)
    assert strip.paths() == [photos[0], photos[3]]
    # The photo after them is shown, with its own settings.
    qtbot.waitUntil(lambda: window.processor.path == photos[3], timeout=TIMEOUT)
    assert window.photos.current == photos[3] and _spin(window).value() == 1.0
    assert "Removed 2 photos from SmartSkin" in window.statusBar().currentMessage()
    assert all(p.is_file() for p in files)  # nothing deleted

    _quit(window)
    again = make_window()  # a restart: the session is the two photos left
    qtbot.waitUntil(lambda: again.filmstrip.paths() == [photos[0], photos[3]], timeout=TIMEOUT)
    open_folder(again, qtbot, files[1])  # opened again: as it was left
    again.filmstrip.select(files[1])
    assert again.photos.current == photos[1] and _spin(again).value() == 0.4


def test_removing_every_photo_leaves_the_window_as_it_starts(window, qtbot, tmp_path):
    make_shoot(tmp_path / "shoot", 2)
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    strip.selectAll()
    window.findChild(QAction, "removePhotosAction").trigger()
    assert strip.count() == 0 and window.processor.path is None
    assert window.split_view.empty_text.startswith("Drop portraits")
    window.findChild(QAction, "saveAction").trigger()
    assert window.statusBar().currentMessage() == "Open a photo first."
    # Opening photos again after that works as at first.
    open_folder(window, qtbot, tmp_path / "shoot")
    assert strip.count() == 2 and window.processor.path is not None


def test_undo_of_a_change_to_a_photo_taken_out_says_so(window, qtbot, tmp_path):
    files = make_shoot(tmp_path / "shoot", 2)
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    _spin(window).setValue(0.6)
    window.findChild(QAction, "removePhotosAction").trigger()  # the photo shown
    assert strip.paths() == [str(files[1].resolve())]
    window.findChild(QAction, "undoAction").trigger()
    assert "which is no longer open" in window.statusBar().currentMessage()
    assert window.photos.params(str(files[0].resolve())).retouch == 1.0
    assert Path(files[0]).is_file()
