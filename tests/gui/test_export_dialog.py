"""The Export dialog, driven by objectName: live example name, validation, remembered
options, the scope it starts on, new folders, Enter, Browse and skipping done photos."""

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
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


def make(
    qtbot,
    settings: dict[str, str],
    selected: int = 3,
    total: int = 30,
    start_folder: Path | None = None,
) -> ExportDialog:
    dialog = ExportDialog(
        settings, selected=selected, total=total, example=EXAMPLE, start_folder=start_folder
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def child(dialog: QDialog, kind: type, name: str):
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def test_defaults_and_live_example(qtbot) -> None:
    dialog = make(qtbot, {}, selected=1)
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
    assert child(dialog, QCheckBox, "exportSkipDoneCheck").isChecked()

    template.clear()
    qtbot.keyClicks(template, "{stem}_{engine}_r{retouch}")
    assert "IMG_0042_local_r0.80.jpg" in example.text()
    qtbot.mouseClick(child(dialog, QRadioButton, "exportSelectedRadio"), Qt.MouseButton.LeftButton)
    assert start.text() == "Export 1 photo"


@pytest.mark.parametrize(
    ("selected", "radio", "text"),
    [
        (10, "exportSelectedRadio", "Export 10 photos"),
        (2, "exportSelectedRadio", "Export 2 photos"),
        (1, "exportAllRadio", "Export 40 photos"),
        (0, "exportAllRadio", "Export 40 photos"),
    ],
)
def test_the_scope_starts_on_the_selection_when_several_are_selected(
    qtbot, selected: int, radio: str, text: str
) -> None:
    # Whatever the last export used: with 10 of 40 selected, those 10 are meant.
    for last in ('{"selected_only": false}', '{"selected_only": true}'):
        dialog = make(qtbot, {REMEMBER_KEY: last}, selected=selected, total=40)
        assert child(dialog, QRadioButton, radio).isChecked(), last
        assert child(dialog, QPushButton, "exportStartButton").text() == text
        assert dialog.options().selected_only is (radio == "exportSelectedRadio")
        dialog.reject()


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
    (tmp_path / "notes.txt").write_text("a file")
    folder.setText(str(tmp_path / "notes.txt" / "web"))  # can never be a folder
    assert not start.isEnabled() and "notes.txt” is a file" in example.text()
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # nothing starts while something is wrong
    folder.setText(str(tmp_path))
    assert start.isEnabled() and f"in {tmp_path}" in example.text()


def test_a_folder_not_made_yet_is_accepted_and_left_for_the_export_to_make(
    qtbot, tmp_path: Path
) -> None:
    settings: dict[str, str] = {}
    dialog = make(qtbot, settings, start_folder=tmp_path / "shoot")
    folder = child(dialog, QLineEdit, "exportFolderEdit")
    example = child(dialog, QLabel, "exportExampleLabel")
    start = child(dialog, QPushButton, "exportStartButton")
    new = tmp_path / "exports" / "web"
    qtbot.keyClicks(folder, str(new))
    assert start.isEnabled()
    assert f"in {new}, a new folder made when the export starts" in example.text()
    with qtbot.waitSignal(dialog.finished) as done:
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert done.args == [QDialog.DialogCode.Accepted.value]
    assert dialog.options().folder == new and not new.exists()  # made when the export starts
    # A relative folder is taken from the photos' folder, not from the program's.
    again = make(qtbot, settings, start_folder=tmp_path / "shoot")
    child(again, QLineEdit, "exportFolderEdit").setText("retouched")
    assert again.options().folder == tmp_path / "shoot" / "retouched"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="read-only bits are not enforced for root"
)
def test_a_folder_that_cannot_be_made_under_a_read_only_parent_is_refused(
    qtbot, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        dialog = make(qtbot, {})
        child(dialog, QLineEdit, "exportFolderEdit").setText(str(locked / "web"))
        assert not child(dialog, QPushButton, "exportStartButton").isEnabled()
        assert "locked” is read-only" in child(dialog, QLabel, "exportExampleLabel").text()
    finally:
        locked.chmod(stat.S_IRWXU)


def test_enter_starts_the_export_even_after_browse(qtbot, tmp_path: Path, monkeypatch) -> None:
    chosen = tmp_path / "out"
    chosen.mkdir()
    asked: list[str] = []

    def choose(parent, title, start):
        asked.append(start)
        return str(chosen)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    dialog = make(qtbot, {})
    start = child(dialog, QPushButton, "exportStartButton")
    browse = child(dialog, QPushButton, "exportBrowseButton")
    assert start.isDefault() and not browse.isDefault() and not browse.autoDefault()
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and child(dialog, QLineEdit, "exportFolderEdit").text() == str(chosen)
    with qtbot.waitSignal(dialog.finished) as done:
        qtbot.keyClick(browse, Qt.Key.Key_Return)  # Browse has the focus after its dialog
    assert done.args == [QDialog.DialogCode.Accepted.value] and len(asked) == 1
    assert dialog.options().folder == chosen
    # Enter in the folder field starts it too.
    again = make(qtbot, {})
    with qtbot.waitSignal(again.finished) as done:
        qtbot.keyClick(child(again, QLineEdit, "exportFolderEdit"), Qt.Key.Key_Return)
    assert done.args == [QDialog.DialogCode.Accepted.value] and len(asked) == 1


def test_browse_starts_in_the_photos_folder_or_the_last_export_folder(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda parent, title, start: asked.append(start)
    )
    shoot, last = tmp_path / "shoot", tmp_path / "exports"
    shoot.mkdir()
    last.mkdir()
    dialog = make(qtbot, {}, start_folder=shoot)
    browse = child(dialog, QPushButton, "exportBrowseButton")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert asked == [str(shoot)]  # nothing typed or chosen before: the photos' folder
    child(dialog, QLineEdit, "exportFolderEdit").setText(str(last / "new" / "deeper"))
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert asked[-1] == str(last)  # what is typed, as far as it exists
    settings = {REMEMBER_KEY: json.dumps(ExportOptions(folder=last).to_json())}
    again = make(qtbot, settings, start_folder=shoot)
    qtbot.mouseClick(child(again, QPushButton, "exportBrowseButton"), Qt.MouseButton.LeftButton)
    assert asked[-1] == str(last)  # the folder exported to last time


def test_skipping_photos_already_exported_is_on_and_remembered(qtbot) -> None:
    settings: dict[str, str] = {}
    dialog = make(qtbot, settings)
    skip = child(dialog, QCheckBox, "exportSkipDoneCheck")
    assert skip.isChecked() and skip.text() == "Skip photos already exported with these settings"
    assert dialog.options().skip_exported is True
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    assert dialog.options().skip_exported is False
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(child(dialog, QPushButton, "exportStartButton"), Qt.MouseButton.LeftButton)
    again = make(qtbot, settings)
    assert not child(again, QCheckBox, "exportSkipDoneCheck").isChecked()
    assert again.options().skip_exported is False


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
    dialog = make(qtbot, {REMEMBER_KEY: stored}, selected=1)
    assert dialog.options() == ExportOptions()


def test_cancel_keeps_the_remembered_options(qtbot) -> None:
    settings: dict[str, str] = {}
    dialog = make(qtbot, settings)
    child(dialog, QLineEdit, "exportTemplateEdit").setText("{stem}_other")
    with qtbot.waitSignal(dialog.finished) as done:
        dialog.reject()
    assert done.args == [QDialog.DialogCode.Rejected.value]
    assert settings == {}


def test_the_example_names_the_file_an_existing_one_makes_it_take(qtbot, tmp_path: Path) -> None:
    """A file of the example's name in the folder: the example shows the name the photo
    will really get (-2) and why, not a name that will not be written."""
    (tmp_path / "IMG_0042_smartskin.jpg").write_bytes(b"someone else's file")
    dialog = make(qtbot, {})
    child(dialog, QLineEdit, "exportFolderEdit").setText(str(tmp_path))
    text = child(dialog, QLabel, "exportExampleLabel").text()
    assert text.startswith("For example: IMG_0042_smartskin-2.jpg"), text
    assert "“IMG_0042_smartskin.jpg” is there already" in text


def test_the_keyboard_starts_on_the_scope_that_is_ticked(qtbot) -> None:
    dialog = make(qtbot, {}, selected=1)
    all_radio = child(dialog, QRadioButton, "exportAllRadio")
    assert all_radio.isChecked()
    qtbot.waitUntil(lambda: dialog.focusWidget() is all_radio)


def test_a_template_without_stem_says_every_photo_gets_that_name(qtbot) -> None:
    dialog = make(qtbot, {}, selected=1)
    template = child(dialog, QLineEdit, "exportTemplateEdit")
    example = child(dialog, QLabel, "exportExampleLabel")
    template.clear()
    qtbot.keyClicks(template, "Smith_wedding")
    assert "Smith_wedding.jpg" in example.text()
    assert "Every photo gets this name, with -2, -3… added" in example.text()
    assert child(dialog, QPushButton, "exportStartButton").isEnabled()  # a choice, not an error
    template.setText("{stem}_smartskin")
    assert "Every photo" not in example.text()
