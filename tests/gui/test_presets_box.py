"""The preset chooser: pick a look, save the current settings under a name, delete."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton

from smartskin_gui.core.params import Params
from smartskin_gui.core.state.catalog import Catalog
from smartskin_gui.core.state.presets import PresetStore
from smartskin_gui.ui.widgets.presets_box import PresetsBox


def make(qtbot, directory: Path) -> PresetsBox:
    catalog = Catalog(directory)
    box = PresetsBox(PresetStore(catalog))
    box.destroyed.connect(lambda *_: catalog.close())
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    return box


def stored(directory: Path) -> PresetStore:
    """The presets as the next start of SmartSkin finds them in the catalog."""
    catalog = Catalog(directory)
    catalog.close()
    return PresetStore(catalog)


def names(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) is not None]


def save_via_dialog(qtbot, box: PresetsBox, name: str) -> None:
    qtbot.mouseClick(box.findChild(QPushButton, "presetSaveButton"), Qt.MouseButton.LeftButton)
    dialog = box.name_dialog
    assert dialog is not None and dialog.objectName() == "presetNameDialog"
    qtbot.waitExposed(dialog)
    dialog.setTextValue(name)
    dialog.accept()


def test_choosing_a_preset_emits_its_params(qtbot, tmp_path: Path) -> None:
    box = make(qtbot, tmp_path)
    combo = box.findChild(QComboBox, "presetCombo")
    assert combo is not None
    assert names(combo) == ["Natural", "Soft", "Glamour", "None"]
    box.set_current(Params(1.0, 1.0))
    assert combo.currentText() == "Natural"
    combo.setFocus()
    with qtbot.waitSignal(box.presetChosen) as chosen:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Soft"
    assert chosen.args == [Params(0.5, 0.3)]
    box.set_current(Params(0.33, 0.4))
    assert combo.currentIndex() == -1 and combo.placeholderText() == "Custom"


def test_save_as_preset_then_delete(qtbot, tmp_path: Path, monkeypatch) -> None:
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(parent, title, text, buttons, default):
        asked.append(text)
        assert default == QMessageBox.StandardButton.No  # Enter keeps the preset
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    box = make(qtbot, tmp_path)
    combo = box.combo
    delete = box.findChild(QPushButton, "presetDeleteButton")
    assert delete is not None and not delete.isEnabled()  # built-ins cannot be deleted
    box.set_current(Params(0.7, 0.45))
    save_via_dialog(qtbot, box, "Wedding")
    assert combo.currentText() == "Wedding" and delete.isEnabled()
    assert box.store.catalog.flush()
    assert stored(tmp_path).get("Wedding") == Params(0.7, 0.45)
    assert make(qtbot, tmp_path).combo.findText("Wedding") >= 0  # after a restart too

    deleted: list[str] = []
    box.deleted.connect(deleted.append)
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)  # "No": nothing is deleted
    assert combo.currentText() == "Wedding" and deleted == []
    assert "“Wedding”" in asked[0] and "keep" in asked[0]
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)  # "Yes"
    assert deleted == ["Wedding"] and len(asked) == 2
    assert combo.findText("Wedding") == -1 and combo.currentIndex() == -1
    assert box.store.catalog.flush()
    assert stored(tmp_path).get("Wedding") is None


def test_a_refused_name_says_why(qtbot, tmp_path: Path) -> None:
    box = make(qtbot, tmp_path)
    with qtbot.waitSignal(box.error) as error:
        save_via_dialog(qtbot, box, "natural")
    assert "built-in" in error.args[0]
    assert box.store.catalog.flush()
    assert stored(tmp_path).user_names() == []


def _brightest_text(combo: QComboBox) -> int:
    """The lightest grey level drawn in the combo's text area (light text on dark)."""
    image = combo.grab().toImage()
    levels = [
        QColor(image.pixel(x, y)).lightness()
        for y in range(4, image.height() - 4)
        for x in range(6, image.width() // 2)
    ]
    return max(levels)


def test_custom_reads_like_a_preset_name_not_greyed_out(qtbot, tmp_path: Path) -> None:
    from smartskin_gui.ui.widgets.theme import ensure_theme

    box = make(qtbot, tmp_path)
    ensure_theme(QApplication.instance())  # the app's dark palette (even once it is made)
    box.combo.resize(220, box.combo.sizeHint().height())
    box.set_current(Params(1.0, 1.0))
    named = _brightest_text(box.combo)
    box.set_current(Params(0.33, 0.4))
    assert box.combo.currentIndex() == -1
    assert abs(_brightest_text(box.combo) - named) <= 12, "Custom is drawn greyed out"
    box.setEnabled(False)  # disabled, it does look disabled
    assert _brightest_text(box.combo) < named - 40
