"""The preset chooser: pick a look, save the current settings under a name, delete."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

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


def test_save_as_preset_then_delete(qtbot, tmp_path: Path) -> None:
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

    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
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
