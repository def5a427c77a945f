"""The Export dialog, driven by objectName: live example name, validation, remembered options."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
)

from smartskin_gui.core.batch.naming import ExportOptions, OutputFormat
from smartskin_gui.core.io import OutputChoices
from smartskin_gui.core.params import Params
from smartskin_gui.ui.dialogs.export_dialog import REMEMBER_KEY, ExportDialog

EXAMPLE = (Path("/photos/IMG_0042.jpg"), Params(0.8, 0.5), "local")


def make(qtbot, settings: dict[str, str], selected: int = 3, total: int = 30) -> ExportDialog:
    dialog = ExportDialog(settings, selected=selected, total=total, example=EXAMPLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def child(dialog: QDialog, kind: type, name: str):
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_defaults_and_live_example(qtbot) -> None:
    dialog = make(qtbot, {})
    assert dialog.objectName() == "exportDialog"
    folder = child(dialog, QLineEdit, "exportFolderEdit")
    template = child(dialog, QLineEdit, "exportTemplateEdit")
    example = child(dialog, QLabel, "exportExampleLabel")
    start = child(dialog, QPushButton, "exportStartButton")
    assert folder.text() == "" and folder.placeholderText() == "Beside each original"
    assert template.text() == "{stem}_smartskin"
    assert "IMG_0042_smartskin.jpg" in example.text() and "beside the original" in example.text()
    assert child(dialog, QRadioButton, "exportAllRadio").isChecked()
    assert start.isEnabled() and start.text() == "Export 30 photos"

    template.clear()
    qtbot.keyClicks(template, "{stem}_{engine}_r{retouch}")
    assert "IMG_0042_local_r0.80.jpg" in example.text()
    qtbot.mouseClick(child(dialog, QRadioButton, "exportSelectedRadio"), Qt.MouseButton.LeftButton)
    assert start.text() == "Export 3 photos"


def test_a_bad_template_or_folder_blocks_start_with_a_sentence(qtbot, tmp_path: Path) -> None:
    dialog = make(qtbot, {})
    template = child(dialog, QLineEdit, "exportTemplateEdit")
    folder = child(dialog, QLineEdit, "exportFolderEdit")
    example = child(dialog, QLabel, "exportExampleLabel")
    start = child(dialog, QPushButton, "exportStartButton")
    qtbot.keyClicks(template, "/{nope}")
    assert not start.isEnabled() and example.text().endswith(".")
    assert "cannot contain /" in example.text() or "unknown field" in example.text()
    template.setText("{stem}")
    assert start.isEnabled()
    folder.setText(str(tmp_path / "missing"))
    assert not start.isEnabled() and "does not exist" in example.text()
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # nothing starts while something is wrong
    folder.setText(str(tmp_path))
    assert start.isEnabled() and f"in {tmp_path}" in example.text()


def test_format_sets_extension_and_quality(qtbot) -> None:
    dialog = make(qtbot, {})
    combo = child(dialog, QComboBox, "exportFormatCombo")
    quality = child(dialog, QSpinBox, "exportQualitySpin")
    example = child(dialog, QLabel, "exportExampleLabel")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Same as original",
        "JPEG",
        "PNG",
        "TIFF",
    ]
    combo.setCurrentIndex(combo.findData(OutputFormat.PNG))
    assert "IMG_0042_smartskin.png" in example.text() and not quality.isEnabled()
    combo.setCurrentIndex(combo.findData(OutputFormat.TIFF))
    assert ".tif" in example.text() and not quality.isEnabled()
    combo.setCurrentIndex(combo.findData(OutputFormat.JPEG))
    assert quality.isEnabled()


def test_no_selection_means_all_photos(qtbot) -> None:
    dialog = make(qtbot, {REMEMBER_KEY: '{"selected_only": true}'}, selected=0)
    assert not child(dialog, QRadioButton, "exportSelectedRadio").isEnabled()
    assert child(dialog, QRadioButton, "exportAllRadio").isChecked()
    assert dialog.options().selected_only is False


def test_start_returns_the_options_and_they_are_remembered(qtbot, tmp_path: Path) -> None:
    settings: dict[str, str] = {}
    dialog = make(qtbot, settings)
    child(dialog, QLineEdit, "exportFolderEdit").setText(str(tmp_path))
    combo = child(dialog, QComboBox, "exportFormatCombo")
    combo.setCurrentIndex(combo.findData(OutputFormat.JPEG))
    child(dialog, QSpinBox, "exportQualitySpin").setValue(82)
    child(dialog, QLineEdit, "exportTemplateEdit").setText("{stem}_web")
    qtbot.mouseClick(child(dialog, QRadioButton, "exportSelectedRadio"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.finished) as done:
        qtbot.mouseClick(child(dialog, QPushButton, "exportStartButton"), Qt.MouseButton.LeftButton)
    assert done.args == [QDialog.DialogCode.Accepted.value]
    expected = ExportOptions(True, tmp_path, OutputFormat.JPEG, OutputChoices(82), "{stem}_web")
    assert dialog.options() == expected
    assert REMEMBER_KEY in settings and all(isinstance(v, str) for v in settings.values())

    again = make(qtbot, settings)
    assert again.options() == expected


@pytest.mark.parametrize("stored", ["not json", '{"format": "BMP", "template": "{x}"}'])
def test_unreadable_remembered_options_give_defaults(qtbot, stored: str) -> None:
    dialog = make(qtbot, {REMEMBER_KEY: stored})
    assert dialog.options() == ExportOptions()


def test_cancel_keeps_the_remembered_options(qtbot) -> None:
    settings: dict[str, str] = {}
    dialog = make(qtbot, settings)
    child(dialog, QLineEdit, "exportTemplateEdit").setText("{stem}_other")
    with qtbot.waitSignal(dialog.finished) as done:
        dialog.reject()
    assert done.args == [QDialog.DialogCode.Rejected.value]
    assert settings == {}
