"""A photographer's session, driven through the objectNames: per-photo settings, sync,
export with progress, cancel and retry, cloud cost, and quitting without losing edits."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
)

from smartskin_gui.core.batch import ExportOptions
from smartskin_gui.core.engine import registry as engines
from smartskin_gui.core.engine_info import LOCAL
from smartskin_gui.core.params import Params
from smartskin_gui.ui.dialogs.export_dialog import ExportDialog
from smartskin_gui.ui.views.filmstrip import BADGE_ROLE
from tests.gui.stall import StallProbe
from tests.shoot import make_shoot

TIMEOUT = 120000


def open_folder(window, qtbot, folder: Path) -> None:
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([folder])
    qtbot.waitUntil(lambda: window.processor.photo is not None, timeout=TIMEOUT)


def export_to(window, qtbot, out: Path | None, template: str = "{stem}_smartskin"):
    """Ctrl+Shift+E, fill in the dialog, Export; returns the blocker of ``finished``."""
    window.findChild(object, "exportAction").trigger()
    dialog = window.findChild(ExportDialog, "exportDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.findChild(QLineEdit, "exportFolderEdit").setText("" if out is None else str(out))
    dialog.findChild(QLineEdit, "exportTemplateEdit").setText(template)
    dialog.findChild(object, "exportAllRadio").setChecked(True)
    return dialog.findChild(QPushButton, "exportStartButton")


def digest(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def spin(window, name: str = "retouchSpin") -> QDoubleSpinBox:
    return window.findChild(QDoubleSpinBox, name)


def test_export_30_with_3_broken_then_retry_only_the_failures(window, qtbot, tmp_path):
    photos = make_shoot(tmp_path / "shoot", 30, broken=3)
    before = digest(photos)
    open_folder(window, qtbot, tmp_path / "shoot")
    out = tmp_path / "out"
    out.mkdir()
    start = export_to(window, qtbot, out, "{stem}_{engine}_{retouch}")
    assert window.findChild(QPushButton, "batchCancelButton") is not None
    with StallProbe() as probe, qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        start.click()
        assert window.findChild(object, "batchProgress").isVisible()
        assert window.filmstrip.isEnabled() and window.open_action.isEnabled()  # usable
    outputs = sorted(p.name for p in out.iterdir())
    assert outputs == [f"{p.stem}_local_1.00.jpg" for p in photos[:27]]
    assert digest(photos) == before  # originals untouched
    summary = window.export.summary
    tree = summary.findChild(QTreeWidget, "batchFailureList")
    # The three are damaged the same way: one line with the reason, opening on their names.
    assert tree.topLevelItemCount() == 1
    group = tree.topLevelItem(0)
    assert group.text(0).startswith("3 photos: The photo ")
    names = {group.child(r).text(0) for r in range(group.childCount())}
    assert names == {p.name for p in photos[27:]}
    assert "27 of 30 photos exported" in summary.findChild(object, "batchSummaryText").text()
    # Timing targets live in tests/bench (bench_export_gui.py: < 50 ms); here, only that the
    # probe saw the event loop turn all along the export.
    assert probe.ticks > 10
    strip = window.filmstrip
    assert strip.badge(str(photos[0].resolve())) == "exported"
    assert strip.badge(str(photos[-1].resolve())) == "broken"
    assert "Broken:" in strip.findItems("✗", Qt.MatchFlag.MatchContains)[0].toolTip()

    retried: list[str] = []
    window.export.photoEnded.connect(lambda result: retried.append(result.input.name))
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        summary.findChild(QPushButton, "batchRetryButton").click()
    assert sorted(retried) == [p.name for p in photos[27:]]  # only the failures
    assert len(list(out.iterdir())) == 27


def test_the_summary_tells_a_twin_name_from_a_file_that_was_there(window, qtbot, tmp_path):
    """Two cards' IMG_0001 exported to one folder: the second takes -2 because of the
    first, not because "a file of that name was there already" (there was none)."""
    make_shoot(tmp_path / "card1", 2)
    make_shoot(tmp_path / "card2", 1)  # its IMG_0001 is the first card's name too
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([tmp_path / "card1", tmp_path / "card2"])
    qtbot.waitUntil(lambda: window.filmstrip.count() == 3, timeout=TIMEOUT)
    out = tmp_path / "out"
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        export_to(window, qtbot, out).click()
    where = window.export.summary.findChild(QLabel, "batchSummaryWhere").text()
    assert sorted(p.name for p in out.iterdir()) == [
        "IMG_0001_smartskin-2.jpg",
        "IMG_0001_smartskin.jpg",
        "IMG_0002_smartskin.jpg",
    ]
    assert "1 photo was given a name ending in -2" in where
    assert "another photo of this export has the same name" in where
    assert "was there already" not in where


def test_the_example_says_the_photo_shown_is_skipped_when_it_is(window, qtbot, tmp_path):
    """Export again after editing one photo of two: with the exported one shown, the
    dialog's example says it is skipped (not the "-2" name it would take if written);
    with the skip box cleared, it shows that name."""
    make_shoot(tmp_path / "shoot", 2)
    open_folder(window, qtbot, tmp_path / "shoot")
    out = tmp_path / "out"
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        export_to(window, qtbot, out).click()
    window.export.summary.close()
    strip = window.findChild(QListWidget, "filmstrip")
    strip.setCurrentRow(1)
    spin(window).setValue(0.5)  # this one is to be exported again
    strip.setCurrentRow(0)
    export_to(window, qtbot, out)
    dialog = window.findChild(ExportDialog, "exportDialog")
    skip = dialog.findChild(QCheckBox, "exportSkipDoneCheck")
    example = dialog.findChild(QLabel, "exportExampleLabel")
    assert skip.isChecked() and skip.text().endswith("(1 of 2)")
    assert example.text() == (
        f"For example: IMG_0001_smartskin.jpg (in {out}). This photo was exported with these "
        "settings already, so it is skipped."
    )
    skip.setChecked(False)
    assert example.text().startswith("For example: IMG_0001_smartskin-2.jpg")
    dialog.reject()


def test_the_summary_says_where_the_photos_went_and_which_took_a_new_name(window, qtbot, tmp_path):
    """After an export the summary names the folder (with a button that opens it), and when
    a file of the same name was there, how many photos took a new name (-2) instead."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Opened(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.urls.append(url.toLocalFile())

    photos = make_shoot(tmp_path / "shoot", 3)
    open_folder(window, qtbot, tmp_path / "shoot")
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / f"{photos[0].stem}_smartskin.jpg").write_bytes(b"someone else's file")
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT):
        export_to(window, qtbot, out).click()
    where = window.export.summary.findChild(QLabel, "batchSummaryWhere").text()
    assert f"Saved in {out}." in where
    assert "1 photo was given a name ending in -2" in where
    assert (out / f"{photos[0].stem}_smartskin.jpg").read_bytes() == b"someone else's file"
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        window.export.summary.findChild(QPushButton, "batchShowFolderButton").click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [str(out)]


def test_cancel_after_the_fifth_output_starts_no_new_photo(window, qtbot, tmp_path):
    """How fast Cancel takes effect is measured in tests/bench/bench_export_gui.py."""
    make_shoot(tmp_path / "shoot", 30)
    open_folder(window, qtbot, tmp_path / "shoot")
    out = tmp_path / "out"
    out.mkdir()
    start = export_to(window, qtbot, out)
    clicked: list[bool] = []
    bar, label = window.export.bar, window.findChild(QLabel, "batchTimeLabel")
    shown: list[str] = []  # the bar's time once Cancel is clicked, at each of its repaints

    def photo_ended(result) -> None:
        if result.ok and sum(1 for _ in out.iterdir()) >= 5 and not clicked:
            clicked.append(True)
            window.findChild(QPushButton, "batchCancelButton").click()
            shown.append(label.text())

    window.export.photoEnded.connect(photo_ended)
    seen: list[int] = []
    window.export.photoEnded.connect(lambda _r: seen.append(window.export.bar.done))
    for timer in (bar.pending, bar.timer):  # after the bar's own slot
        timer.timeout.connect(lambda: clicked and shown.append(label.text()))
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT) as done:
        start.click()
    results = done.args[0]
    assert clicked
    shown.append(label.text())  # the last refresh, as the export ended
    # While it stops, the bar says so and shows the time elapsed, never a time left.
    for text in shown:
        assert "stopping" in text and "elapsed" in text, shown
        assert "left" not in text and "estimating" not in text, shown
    written = len(list(out.iterdir()))
    assert 5 <= written <= 5 + 2 * LOCAL.workers  # only those in flight
    assert sum(r.code == "CANCELLED" for r in results) == 30 - written
    assert "not started" in window.export.summary.label.text()
    # While it wound down the bar never counted the photos that did not start as done.
    assert max(seen) <= written, (seen, written)


def test_per_photo_settings_survive_switching_and_a_restart(make_window, qtbot, tmp_path):
    make_shoot(tmp_path / "shoot", 3)
    window = make_window()
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    spin(window).setValue(0.4)
    strip.setCurrentRow(1)
    assert spin(window).value() == 1.0  # the next photo keeps its own (default) settings
    spin(window).setValue(0.7)
    strip.setCurrentRow(0)
    assert spin(window).value() == 0.4
    assert window.processor.params == Params(0.4, 1.0)
    assert strip.item(1).data(BADGE_ROLE) == "edited"

    window.close()  # edits never exported: it asks
    box = window.findChild(QMessageBox, "quitDialog")
    assert window.isVisible() and box is not None and box.isVisible()
    assert "2 edited photos" in box.text()
    box.findChild(QPushButton, "quitCancelButton").click()
    assert window.isVisible()
    window.close()
    window.findChild(QMessageBox, "quitDialog").findChild(QPushButton, "quitAnywayButton").click()
    assert not window.isVisible()

    again = make_window()
    open_folder(again, qtbot, tmp_path / "shoot")
    strip = again.findChild(QListWidget, "filmstrip")
    assert spin(again).value() == 0.4
    strip.setCurrentRow(1)
    assert spin(again).value() == 0.7
    strip.setCurrentRow(2)
    assert spin(again).value() == 1.0


def test_sync_applies_to_the_selection_and_ctrl_a_selects_all(window, qtbot, tmp_path):
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtTest import QTest

    photos = [str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 4)]
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    spin(window).setValue(0.3)
    spin(window, "whiteningSpin").setValue(0.2)
    flags = QItemSelectionModel.SelectionFlag.Select
    for row in (1, 2):  # Ctrl+click: added to the selection, the current photo stays
        strip.selectionModel().select(strip.model().index(row, 0), flags)
    assert strip.selected_paths() == photos[:3]
    window.findChild(QPushButton, "syncSelectedButton").click()
    session = window.photos
    assert [session.params(p) for p in photos] == [Params(0.3, 0.2)] * 3 + [Params()]
    assert strip.badge(photos[2]) == "edited" and strip.badge(photos[3]) == ""
    strip.setFocus()
    QTest.keyClick(strip, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert strip.selected_paths() == photos
    window.findChild(QPushButton, "syncAllButton").click()
    assert session.params(photos[3]) == Params(0.3, 0.2)


def test_shift_and_ctrl_clicks_keep_the_photo_sync_copies_from(window, qtbot, tmp_path):
    """As in Lightroom: the photo shown stays the one Sync copies from while Shift and Ctrl
    clicks choose the photos to give its settings to; a photo that has them already is
    not counted nor marked edited. (Before: the last photo clicked became the one shown,
    and Sync gave its settings to the others, the photo with the finished look included.)"""
    from PySide6.QtTest import QTest

    photos = [str(p.resolve()) for p in make_shoot(tmp_path / "shoot", 5)]
    open_folder(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    session = window.photos
    strip.setCurrentRow(4)
    spin(window).setValue(0.3)  # already what will be synced: left as it is
    strip.setCurrentRow(0)
    spin(window).setValue(0.3)

    def click(row: int, modifier: Qt.KeyboardModifier) -> None:
        rect = strip.visualItemRect(strip.item(row))
        QTest.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    strip.scrollToItem(strip.item(0))
    click(2, Qt.KeyboardModifier.ShiftModifier)
    assert session.current == photos[0] and strip.currentRow() == 0
    assert strip.selected_paths() == photos[:3]
    strip.scrollToItem(strip.item(4))
    click(4, Qt.KeyboardModifier.ControlModifier)
    assert session.current == photos[0]
    assert strip.selected_paths() == [*photos[:3], photos[4]]
    window.findChild(QPushButton, "syncSelectedButton").click()
    assert [session.params(p).retouch for p in photos] == [0.3, 0.3, 0.3, 1.0, 0.3]
    assert "Gave 2 photos these settings" in window.statusBar().currentMessage()
    # Ctrl click on the photo shown takes it out: the first photo still selected is shown.
    strip.scrollToItem(strip.item(0))
    click(0, Qt.KeyboardModifier.ControlModifier)
    assert strip.selected_paths() == [photos[1], photos[2], photos[4]]
    assert session.current == photos[1]


def test_presets_in_the_side_panel_set_the_photo(window, qtbot, portrait):
    from PySide6.QtWidgets import QComboBox

    open_folder(window, qtbot, portrait)
    combo = window.findChild(QComboBox, "presetCombo")
    assert [combo.itemText(i) for i in range(4)] == ["Natural", "Soft", "Glamour", "None"]
    combo.activated.emit(combo.findText("Glamour"))
    assert window.panel.params() == Params(1.5, 1.2)
    assert window.photos.params(str(portrait.resolve())) == Params(1.5, 1.2)


# --- cloud -------------------------------------------------------------------------------------


@pytest.fixture
def cloud_env(monkeypatch, emulator):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    return emulator.emulator


def test_cloud_export_asks_pays_once_per_photo_three_at_once(
    cloud_env, make_window, qtbot, tmp_path, monkeypatch
):
    asked: list[str] = []

    def yes(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    cloud_env.config.latency = 0.2  # calls overlap
    make_shoot(tmp_path / "shoot", 10)
    out = tmp_path / "out"
    out.mkdir()
    window = make_window()
    open_folder(window, qtbot, tmp_path / "shoot")
    with qtbot.waitSignal(window.export.finished, timeout=TIMEOUT) as done:
        export_to(window, qtbot, out).click()
    credits = cloud_env.config.credits
    assert asked == [f"10 photos, 50 credits, {credits + 50} credits left - Go on?"]
    assert all(r.ok for r in done.args[0]) and len(list(out.iterdir())) == 10
    assert cloud_env.stats["enhance_calls"] == 10
    assert 1 < cloud_env.stats["max_in_flight"] <= 3
    button = export_to(window, qtbot, out)  # again: every photo is done already
    dialog = window.findChild(ExportDialog, "exportDialog")
    skip = dialog.findChild(QCheckBox, "exportSkipDoneCheck")
    assert skip.text() == "Skip photos already exported with these settings (10 of 10)"
    assert button.text() == "Export 0 photos" and not button.isEnabled()
    assert "Untick" in dialog.findChild(QLabel, "exportExampleLabel").text()
    button.click()
    dialog.accept()  # Enter: refused as well
    assert dialog.isVisible() and not window.export.running
    quality = dialog.findChild(QSpinBox, "exportQualitySpin")
    quality.setValue(quality.value() - 5)  # other options: none of them exported so
    assert button.text() == "Export 10 photos" and button.isEnabled()
    quality.setValue(quality.value() + 5)
    assert button.text() == "Export 0 photos" and not button.isEnabled()
    skip.setChecked(False)  # written again, when asked for
    assert button.text() == "Export 10 photos" and button.isEnabled()
    dialog.reject()
    assert cloud_env.stats["enhance_calls"] == 10 and len(list(out.iterdir())) == 10
    assert len(asked) == 1  # nothing to pay: not asked

    window.quit_guard.confirmed = True
    window.close()
    monkeypatch.setattr(engines, "_paid", None)  # a restart: the cache is read from disk
    again = make_window()
    qtbot.waitUntil(lambda: len(again.filmstrip.paths()) == 10, timeout=TIMEOUT)  # reopened
    with qtbot.waitSignal(again.export.finished, timeout=TIMEOUT) as done:
        write_again = ExportOptions(folder=out, skip_exported=False)
        again.export.start(again.filmstrip.paths(), write_again)
    assert all(r.ok for r in done.args[0]) and cloud_env.stats["enhance_calls"] == 10
    assert len(list(out.iterdir())) == 20  # written again, from the paid results on disk


def test_a_cloud_export_the_user_declines_spends_nothing(
    cloud_env, window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    make_shoot(tmp_path / "shoot", 2)
    open_folder(window, qtbot, tmp_path / "shoot")
    export_to(window, qtbot, None).click()
    qtbot.waitUntil(lambda: window.credits.remaining is not None, timeout=TIMEOUT)
    assert not window.export.running and cloud_env.stats["enhance_calls"] == 0


def quit_during_export(make_window, qtbot, tmp_path: Path, answer: str):
    """Quit while an export of 12 runs, answering the question with the button ``answer``;
    returns the window and the export folder once the window closed."""
    make_shoot(tmp_path / "shoot", 12)
    window = make_window()
    open_folder(window, qtbot, tmp_path / "shoot")
    assert window.export_action.shortcut().toString() == "Ctrl+Shift+E"
    out = tmp_path / "out"
    out.mkdir()
    export_to(window, qtbot, out).click()
    assert window.export.running
    window.close()
    box = window.quit_guard.box
    assert window.isVisible() and box is not None
    assert box.objectName() == "quitExportRunningDialog" and "export is running" in box.text()
    box.findChild(QPushButton, answer).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    return window, out


def test_quitting_during_an_export_can_wait_for_it(make_window, qtbot, tmp_path):
    _, out = quit_during_export(make_window, qtbot, tmp_path, "quitWhenDoneButton")
    assert len(list(out.iterdir())) == 12


def test_quitting_during_an_export_can_stop_it(make_window, qtbot, tmp_path):
    _, out = quit_during_export(make_window, qtbot, tmp_path, "quitStopExportButton")
    assert len(list(out.iterdir())) < 12


def choose_default_preset(window, monkeypatch, name: str) -> None:
    """Settings, "New photos start from" set to ``name``, Save."""
    from PySide6.QtWidgets import QComboBox

    from smartskin_gui.ui.dialogs.settings_dialog import SettingsDialog

    def choose(dialog):
        dialog.findChild(QComboBox, "defaultPresetCombo").setCurrentText(name)
        dialog.accept()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    window.settings_action.trigger()
    assert window.store.load().default_preset == name


def test_new_photos_start_from_the_default_preset_chosen_in_settings(
    window, qtbot, tmp_path, monkeypatch
):
    choose_default_preset(window, monkeypatch, "Soft")
    make_shoot(tmp_path / "shoot", 2)
    open_folder(window, qtbot, tmp_path / "shoot")
    assert window.panel.params() == window.presets.get("Soft")


def test_deleting_the_preset_new_photos_start_from_goes_back_to_natural(
    window, qtbot, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    box = window.photos.presets_box
    box.set_current(Params(0.6, 0.2))
    assert box.save_current("Studio")
    choose_default_preset(window, monkeypatch, "Studio")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    box.delete_button.click()
    assert window.store.load().default_preset == "Natural"  # kept for the next start
    assert "new photos start from Natural" in window.statusBar().currentMessage()
    make_shoot(tmp_path / "shoot", 1)
    open_folder(window, qtbot, tmp_path / "shoot")
    assert window.panel.params() == window.presets.get("Natural")
