"""The Export dialog: which photos, where, which format and quality, how files are named.

The scope starts on the selection when several photos are selected, else on all. A folder
typed in that does not exist yet is fine (the export makes it); only one that can never
be written is refused, with the sentence why. Enter starts the export; Browse… starts in
the folder typed or last exported to, else in the photos' folder (``start_folder``). With
"Skip photos already exported" on, the Export button counts only the photos that will be
written, and the check box says how many are left out (``already_done``).
"""

import json
from collections.abc import Callable, MutableMapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
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
from ...core.batch.naming import folder_problem
from ...core.errors import SaveError
from ...core.io import OutputChoices, resolve_target
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

    ``example`` is the photo (path, settings, engine) the live example name is made from;
    ``start_folder`` the photos' folder (the current or first photo's): where Browse… starts
    when no folder is typed, and what a relative folder typed in is taken from.
    ``already_done(selected_only, output_key)``: how many photos of that scope were
    exported with those options and their present settings already (asked again as the
    options change: it must answer from memory); ``example_done(output_key)``: whether the
    example photo is one of them (the example then says it will be skipped).
    """

    def __init__(
        self,
        settings: MutableMapping[str, str],
        *,
        selected: int,
        total: int,
        filtered: bool = False,
        example: tuple[Path, Params, str] | None = None,
        start_folder: Path | None = None,
        already_done: Callable[[bool, str], int] | None = None,
        example_done: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Photos")
        self.settings = settings
        self.counts = (selected, total)
        self.example = example or (Path("IMG_0001.jpg"), Params(), "local")
        if start_folder is None and example is not None and example[0].is_absolute():
            start_folder = example[0].parent
        self.start_folder = start_folder
        self.already_done = already_done
        self.example_done = example_done
        last = remembered_options(settings)

        self.selected_radio = QRadioButton(f"Selected photos ({selected})")
        self.selected_radio.setObjectName("exportSelectedRadio")
        self.selected_radio.setEnabled(selected > 0)
        # With a filter on, "all" is what the filmstrip shows (the picks, the 3 stars...).
        every = "All photos shown" if filtered else "All photos"
        self.all_radio = QRadioButton(f"{every} ({total})")
        self.all_radio.setObjectName("exportAllRadio")
        group = QButtonGroup(self)
        group.addButton(self.selected_radio)
        group.addButton(self.all_radio)
        # Several photos selected: they are what is meant (Lightroom's habit). One selected
        # photo is usually just the one being looked at: all photos then.
        (self.selected_radio if selected > 1 else self.all_radio).setChecked(True)
        scope = QHBoxLayout()
        scope.addWidget(self.selected_radio)
        scope.addWidget(self.all_radio)
        scope.addStretch(1)

        self.folder_edit = QLineEdit("" if last.folder is None else str(last.folder))
        self.folder_edit.setObjectName("exportFolderEdit")
        self.folder_edit.setPlaceholderText("Beside each original")
        self.folder_edit.setClearButtonEnabled(True)
        self.folder_edit.setToolTip(
            "Leave empty to save each result beside its original.\n"
            "A folder that does not exist yet is made when the export starts."
        )
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName("exportBrowseButton")
        self.browse_button.setAutoDefault(False)  # Enter exports, even after a Browse…
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
            "Fields: {stem} (the original's name), {folder} (its folder's name), {retouch},\n"
            "{whitening}, {engine}.\n"
            "An existing file is never replaced: -2, -3… is added instead."
        )
        self.skip_check = QCheckBox("Skip photos already exported with these settings")
        self.skip_check.setObjectName("exportSkipDoneCheck")
        self.skip_check.setChecked(last.skip_exported)
        self.skip_check.setToolTip(
            "A photo exported before with the same strengths, faces, brush, rating and\n"
            "label, engine, folder, format and name is left out. Clear this to write\n"
            "such photos again (as -2, -3…)."
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
        form.addRow("", self.skip_check)
        lines = self.example_label.fontMetrics().lineSpacing()
        self.example_label.setMinimumHeight(2 * lines + 4)  # room for a two-line sentence

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("exportStartButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.example_label)
        col.addSpacing(6)
        col.addWidget(buttons)
        # Enter exports. Only once the button is inside the dialog does it know its dialog:
        # set before, the dialog picked its first push button, Browse…, as the default.
        self.start_button.setDefault(True)
        self.setMinimumWidth(560)

        for signal in (
            self.template_edit.textChanged,
            self.folder_edit.textChanged,
            self.format_combo.currentIndexChanged,
            self.selected_radio.toggled,
            self.skip_check.toggled,
            self.quality_spin.valueChanged,
        ):
            signal.connect(self._update)
        self._update()
        # The keyboard starts on the scope ticked (not on the other, framed but unticked).
        (self.selected_radio if self.selected_radio.isChecked() else self.all_radio).setFocus()

    # --- result ------------------------------------------------------------------------------

    def folder(self) -> Path | None:
        """The folder typed in (``~`` expanded; a relative one taken from the photos'
        folder), or None: beside each original."""
        text = self.folder_edit.text().strip()
        if not text:
            return None
        folder = Path(text).expanduser()
        if not folder.is_absolute() and self.start_folder is not None:
            folder = self.start_folder / folder
        return folder

    def problem(self) -> str | None:
        """Why the export can never start as set, or None. A folder that is not there yet
        is no problem: the export makes it."""
        folder = self.folder()
        if folder is not None:
            problem = folder_problem(folder)
            if problem:
                return problem
        return template_problem(self.template_edit.text())

    def options(self) -> ExportOptions:
        """The options as set (call when :meth:`problem` is None, e.g. after accept)."""
        return ExportOptions(
            selected_only=self.selected_radio.isChecked(),
            folder=self.folder(),
            format=OutputFormat(self.format_combo.currentData()),
            choices=OutputChoices(quality=self.quality_spin.value()),
            template=self.template_edit.text(),
            skip_exported=self.skip_check.isChecked(),
        )

    def accept(self) -> None:
        self._update()
        if not self.start_button.isEnabled():  # a problem, or nothing left to write
            return
        self.settings[REMEMBER_KEY] = json.dumps(self.options().to_json(), sort_keys=True)
        super().accept()

    # --- internals ---------------------------------------------------------------------------

    def browse_start(self) -> Path:
        """Where Browse… opens: the folder typed or last exported to (the part of it that
        exists), else the photos' folder, else the home folder."""
        folder = self.folder()
        for start in (folder, self.start_folder):
            if start is not None:
                while not start.is_dir() and start.parent != start:
                    start = start.parent
                if start.is_dir():
                    return start
        return Path.home()

    def done_count(self) -> int:
        """How many photos in the scope the skip check box leaves out (0 with it clear)."""
        if self.already_done is None or not self.skip_check.isChecked():
            return 0
        return self.already_done(self.selected_radio.isChecked(), self.options().output_key())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Export to folder", str(self.browse_start())
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        fmt = OutputFormat(self.format_combo.currentData())
        source, params, engine = self.example
        self.quality_spin.setEnabled(fmt not in (OutputFormat.PNG, OutputFormat.TIFF))
        problem = self.problem()
        count = self.counts[0] if self.selected_radio.isChecked() else self.counts[1]
        done = 0 if problem else self.done_count()
        self.skip_check.setText(
            "Skip photos already exported with these settings"
            + (f" ({done} of {count})" if done else "")
        )
        count -= done
        self.start_button.setEnabled(problem is None and count > 0)
        self.start_button.setText(f"Export {count} photo{'s' if count != 1 else ''}")
        self.example_label.setProperty("level", "error" if problem else "")
        self.example_label.style().unpolish(self.example_label)
        self.example_label.style().polish(self.example_label)
        if problem:
            self.example_label.setText(problem)
            return
        options = self.options()
        target = options.target(source, params, engine)
        if options.folder is None:
            where = "beside the original"
        elif options.folder.is_dir():
            where = f"in {options.folder}"
        else:
            where = f"in {options.folder}, a new folder made when the export starts"
        if count == 0:
            self.example_label.setText(
                "Every photo here was exported with these settings already. Untick "
                "“Skip photos already exported” to write them again."
            )
            return
        if done and self.example_done is not None and self.example_done(options.output_key()):
            self.example_label.setText(
                f"For example: {target.name} ({where}). This photo was exported with these "
                "settings already, so it is skipped."
            )
            return
        written = self._free_name(target, source)
        if written != target:  # never over a file that is there: the name it will take
            self.example_label.setText(
                f"For example: {written.name} ({where}; “{target.name}” is there already, "
                "and SmartSkin never overwrites a file)"
            )
            return
        same = ""
        if count > 1 and "{stem}" not in options.template:
            same = (
                " Every photo gets this name, with -2, -3… added: add {stem} to keep each "
                "photo's own name."
            )
        self.example_label.setText(f"For example: {target.name} ({where}).{same}")

    @staticmethod
    def _free_name(target: Path, source: Path) -> Path:
        """The name the example photo's file would really get (``-2``... beside a file of
        that name, or beside the original itself)."""
        try:
            return resolve_target(target, overwrite=False, protect=[source])
        except (OSError, SaveError):
            return target
