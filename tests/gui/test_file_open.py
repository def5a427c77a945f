"""macOS hands photos to a running app as QFileOpenEvent ("Open With", drop on the Dock)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from smartskin_gui.app import install_file_open_handler
from smartskin_gui.core.resources import sample_path


def test_file_open_events_open_the_photos_together(window, qtbot, tmp_path: Path) -> None:
    handler = install_file_open_handler(window)
    first = tmp_path / "first.jpg"
    second = tmp_path / "second photo.jpg"
    shutil.copyfile(sample_path("astronaut.jpg"), first)
    shutil.copyfile(sample_path("grace_hopper.jpg"), second)
    app = QApplication.instance()
    with qtbot.waitSignal(window.processor.resultReady, timeout=30000):
        QApplication.sendEvent(app, QFileOpenEvent(str(first)))
        QApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(second))))
    assert window.filmstrip.paths() == [str(first.resolve()), str(second.resolve())]
    current = window.filmstrip.currentItem().data(Qt.ItemDataRole.UserRole)
    assert current == str(first.resolve()), "the first photo of the hand-over is shown"
    app.removeEventFilter(handler)


def test_a_lightroom_copy_handed_over_on_macos_is_edited_in_place(window, qtbot, tmp_path):
    handler = install_file_open_handler(window)
    edit = tmp_path / "IMG_0001-Edit.jpg"
    shutil.copyfile(sample_path("astronaut.jpg"), edit)
    app = QApplication.instance()
    with qtbot.waitSignal(window.processor.resultReady, timeout=30000):
        QApplication.sendEvent(app, QFileOpenEvent(str(edit)))
    assert "editing for Lightroom Classic" in window.windowTitle()
    assert window.edit_in.target(str(edit)) is not None
    app.removeEventFilter(handler)


def test_opening_a_photo_that_is_open_already_shows_it(window, qtbot, tmp_path: Path) -> None:
    """Opened again (from the file manager, or a folder with it), a photo already in the
    filmstrip is shown and the bar says it is open already (it said "No new photos found
    there." and stayed on the other photo)."""
    for name in ("a.jpg", "b.jpg"):
        shutil.copyfile(sample_path("astronaut.jpg"), tmp_path / name)
    with qtbot.waitSignal(window.photosOpened, timeout=30000):
        window.open_paths([tmp_path])
    window.filmstrip.select((tmp_path / "b.jpg").resolve())
    with qtbot.waitSignal(window.photosOpened, timeout=30000) as opened:
        window.open_paths([tmp_path / "a.jpg"])
    assert opened.args == [0]
    assert window.filmstrip.selected_paths() == [str((tmp_path / "a.jpg").resolve())]
    assert window.statusBar().currentMessage() == "a.jpg is open already."


def test_a_new_opening_clears_the_last_ones_skipped_files(window, qtbot, tmp_path: Path) -> None:
    """ "Skipped: “nonexistent.jpg” was not found." is about one opening: the next one does
    not leave it above the photo while the status bar says something else."""
    with qtbot.waitSignal(window.photosOpened, timeout=30000):
        window.open_paths([tmp_path / "nonexistent.jpg"])
    assert window.message.isVisible() and "Skipped" in window.message.label.text()
    (tmp_path / "empty").mkdir()
    with qtbot.waitSignal(window.photosOpened, timeout=30000):
        window.open_paths([tmp_path / "empty"])
    assert window.statusBar().currentMessage() == "No new photos found there."
    assert not window.message.isVisible()
