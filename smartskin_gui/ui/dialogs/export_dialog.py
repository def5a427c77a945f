"""The Export dialog: which photos, where, which format and quality, how files are named."""

import json
from collections.abc import MutableMapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.batch import MAX_QUALITY, MIN_QUALITY, ExportOptions, OutputFormat, template_problem
from ...core.io import OutputChoices
from ...core.params import Params

REMEMBER_KEY = "export_options"  # in the settings dict: the last options, as JSON text


def remembered_options(settings: MutableMapping[str, str]) -> ExportOptions:
    """The options of the last export (defaults if none or unreadable)."""
    try:
        return ExportOptions.from_json(json.loads(settings.get(REMEMBER_KEY, "{}")))
    except ValueError:
        return ExportOptions()


class ExportDialog(QDialog):
    """Accepting it stores the options in ``settings[REMEMBER_KEY]``; read :meth:`options`.

    ``example`` is the photo (path, settings, engine) the live example name is made from.
    """

    def __init__(
        self,
        settings: MutableMapping[str, str],
        *,
        selected: int,
        total: int,
        example: tuple[Path, Params, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Photos")
        self.settings = settings
        self.counts = (selected, total)
        self.example = example or (Path("IMG_0001.jpg"), Params(), "local")
        last = remembered_options(settings)

        self.selected_radio = QRadioButton(f"Selected photos ({selected})")
        self.selected_radio.setObjectName("exportSelectedRadio")
        self.selected_radio.setEnabled(selected > 0)
        self.all_radio = QRadioButton(f"All photos ({total})")
        self.all_radio.setObjectName("exportAllRadio")
        group = QButtonGroup(self)
        group.addButton(self.selected_radio)
        group.addButton(self.all_radio)
        use_selected = last.selected_only and selected > 0
        (self.selected_radio if use_selected else self.all_radio).setChecked(True)
        scope = QHBoxLayout()
        scope.addWidget(self.selected_radio)
        scope.addWidget(self.all_radio)
        scope.addStretch(1)

        self.folder_edit = QLineEdit("" if last.folder is None else str(last.folder))
        self.folder_edit.setObjectName("exportFolderEdit")
        self.folder_edit.setPlaceholderText("Beside each original")
        self.folder_edit.setClearButtonEnabled(True)
        self.folder_edit.setToolTip("Leave empty to save each result beside its original.")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName("exportBrowseButton")
        self.browse_button.clicked.connect(self._browse)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.browse_button)

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormatCombo")
        for fmt in OutputFormat:
            self.format_combo.addItem(fmt.label, fmt)
        self.format_combo.setCurrentIndex(self.format_combo.findData(last.format))
        self.quality_spin = QSpinBox()
        self.quality_spin.setObjectName("exportQualitySpin")
        self.quality_spin.setRange(MIN_QUALITY, MAX_QUALITY)
        self.quality_spin.setValue(last.choices.quality)
        self.quality_spin.setAccessibleName("JPEG quality")
        self.quality_spin.setToolTip("For JPEG files: 95 keeps fine skin detail; 100 is largest.")

        self.template_edit = QLineEdit(last.template)
        self.template_edit.setObjectName("exportTemplateEdit")
        self.template_edit.setToolTip(
            "Fields: {stem} (the original's name), {retouch}, {whitening}, {engine}.\n"
            "An existing file is never replaced: -2, -3… is added instead."
        )
        self.example_label = QLabel()
        self.example_label.setObjectName("exportExampleLabel")
        self.example_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.example_label.setWordWrap(True)
        self.example_label.setStyleSheet(
            "QLabel { color: #9a9a9a; } QLabel[level='error'] { color: #e08a8a; }"
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Export", scope)
        form.addRow("Folder", folder)
        form.addRow("Format", self.format_combo)
        form.addRow("JPEG quality", self.quality_spin)
        form.addRow("File name", self.template_edit)
        lines = self.example_label.fontMetrics().lineSpacing()
        self.example_label.setMinimumHeight(2 * lines + 4)  # room for a two-line sentence

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("exportStartButton")
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.example_label)
        col.addSpacing(6)
        col.addWidget(buttons)
        self.setMinimumWidth(560)

        for signal in (
            self.template_edit.textChanged,
            self.folder_edit.textChanged,
            self.format_combo.currentIndexChanged,
            self.selected_radio.toggled,
        ):
            signal.connect(self._update)
        self._update()

    # --- result ------------------------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the export cannot start as set, or None."""
        folder = self.folder_edit.text().strip()
        if folder and not Path(folder).expanduser().is_dir():
            return f"The folder “{folder}” does not exist. Choose one with Browse…."
        return template_problem(self.template_edit.text())

    def options(self) -> ExportOptions:
        """The options as set (call when :meth:`problem` is None, e.g. after accept)."""
        folder = self.folder_edit.text().strip()
        return ExportOptions(
            selected_only=self.selected_radio.isChecked(),
            folder=Path(folder).expanduser() if folder else None,
            format=OutputFormat(self.format_combo.currentData()),
            choices=OutputChoices(quality=self.quality_spin.value()),
            template=self.template_edit.text(),
        )

    def accept(self) -> None:
        if self.problem() is not None:
            return
        self.settings[REMEMBER_KEY] = json.dumps(self.options().to_json(), sort_keys=True)
        super().accept()

    # --- internals ---------------------------------------------------------------------------

    def _browse(self) -> None:
        start = self.folder_edit.text().strip() or str(self.example[0].parent)
        chosen = QFileDialog.getExistingDirectory(self, "Export to folder", start)
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        fmt = OutputFormat(self.format_combo.currentData())
        source, params, engine = self.example
        self.quality_spin.setEnabled(fmt not in (OutputFormat.PNG, OutputFormat.TIFF))
        problem = self.problem()
        self.start_button.setEnabled(problem is None)
        count = self.counts[0] if self.selected_radio.isChecked() else self.counts[1]
        self.start_button.setText(f"Export {count} photo{'s' if count != 1 else ''}")
        self.example_label.setProperty("level", "error" if problem else "")
        self.example_label.style().unpolish(self.example_label)
        self.example_label.style().polish(self.example_label)
        if problem:
            self.example_label.setText(problem)
            return
        options = self.options()
        target = options.target(source, params, engine)
        where = "beside the original" if options.folder is None else f"in {options.folder}"
        self.example_label.setText(f"For example: {target.name} ({where})")
