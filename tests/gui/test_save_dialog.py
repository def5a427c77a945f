"""Save As never replaces a file the dialog did not ask about."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from smartskin_gui.core.io.save import OutputChoices
from smartskin_gui.ui.dialogs.save_dialog import SaveAsDialog


def _dialog(qtbot, folder: Path) -> SaveAsDialog:
    dialog = SaveAsDialog(None, folder / "photo_smartskin.jpg", OutputChoices())
    qtbot.addWidget(dialog)
    return dialog


def test_the_dialog_asks_about_the_name_with_the_added_extension(qtbot, tmp_path):
    existing = tmp_path / "final.png"
    existing.write_bytes(b"the photographer's earlier export")
    dialog = _dialog(qtbot, tmp_path)
    dialog.selectNameFilter("PNG (*.png)")
    dialog.selectFile(str(tmp_path / "final"))  # typed without an extension
    asked: list[str] = []

    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not shown yet
            QTimer.singleShot(10, answer_no)
            return
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer_no)
    dialog.accept()  # what the Save button does
    assert asked and "final.png" in asked[0]
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_a_name_the_dialog_confirmed_is_the_name_saved(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    dialog.selectNameFilter("PNG (*.png)")
    dialog.selectFile(str(tmp_path / "final"))
    chosen = dialog.chosen()
    assert chosen is not None and chosen[0] == Path(dialog.selectedFiles()[0])
    assert chosen[0] == tmp_path / "final.png"


def test_an_extension_added_after_the_dialog_never_lands_on_an_existing_file(qtbot, tmp_path):
    existing = tmp_path / "look.v2.webp"
    existing.write_bytes(b"kept")
    dialog = _dialog(qtbot, tmp_path)
    dialog.selectNameFilter("WebP (*.webp)")
    dialog.selectFile(str(tmp_path / "look.v2"))  # a suffix, but not a photo's
    chosen = dialog.chosen()
    assert chosen is not None
    path = chosen[0]
    assert path.suffix == ".webp" and path.parent == tmp_path and not path.exists()
    assert existing.read_bytes() == b"kept"


def test_the_user_choosing_a_filter_changes_the_extension_the_dialog_adds(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    assert dialog.defaultSuffix() == "jpg"
    QFileDialog.selectNameFilter(dialog, "TIFF (*.tif *.tiff)")  # as Qt does, not our override
    dialog.filterSelected.emit("TIFF (*.tif *.tiff)")  # what the filter box sends
    assert dialog.defaultSuffix() == "tif"


def test_only_the_chosen_formats_choices_are_shown(qtbot, tmp_path):
    """JPEG: its quality, no TIFF compression; TIFF: its compression; PNG: neither. A typed
    extension counts as the choice too."""
    dialog = _dialog(qtbot, tmp_path)
    dialog.show()

    def shown() -> tuple[bool, bool]:
        return dialog.quality_spin.isVisible(), dialog.compression_combo.isVisible()

    assert shown() == (True, False) and dialog.quality_label.text() == "JPEG quality"
    dialog.selectNameFilter("TIFF (*.tif *.tiff)")
    assert shown() == (False, True)
    dialog.selectNameFilter("PNG (*.png)")
    assert shown() == (False, False)
    dialog.selectFile("final.webp")
    assert shown() == (True, False) and dialog.quality_label.text() == "WebP quality"
