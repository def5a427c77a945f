"""Save As: where, in which format, at which JPEG quality and TIFF compression.

A Qt file dialog (Qt's own, so the choices can sit under the file list) with one row of
output choices. The format follows the typed extension, else the chosen filter. The dialog
asks before replacing an existing file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...core.batch import MAX_QUALITY, MIN_QUALITY
from ...core.io import FORMAT_BY_SUFFIX, SAVE_FILTERS, OutputChoices, depth_note, numbered
from ...core.photo import Photo

#: TIFF compression choices: (label, value); None keeps the original's.
COMPRESSIONS = (
    ("Same as the original", None),
    ("None", "none"),
    ("LZW", "lzw"),
    ("ZIP", "zip"),
)


def filter_suffix(chosen_filter: str) -> str:
    """The extension a dialog filter writes: "PNG (*.png)" -> ".png" (".jpg" for none)."""
    if "(*" not in chosen_filter:
        return ".jpg"
    return chosen_filter.split("(*")[-1].split()[0].rstrip(")")


def with_filter_suffix(path: Path, chosen_filter: str) -> Path:
    """Add the chosen filter's extension when the typed name has no known one."""
    if path.suffix.lower() in FORMAT_BY_SUFFIX:
        return path
    return path.with_name(path.name + filter_suffix(chosen_filter))


class SaveAsDialog(QFileDialog):
    """The file dialog with JPEG quality and TIFF compression under it."""

    def __init__(self, parent: QWidget | None, suggestion: Path, defaults: OutputChoices) -> None:
        super().__init__(parent, "Save As", str(suggestion), ";;".join(SAVE_FILTERS))
        self.setObjectName("saveAsDialog")
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        # The dialog adds the filter's extension to a bare name itself, so the name it asks
        # about before replacing a file is the name saved.
        self.filterSelected.connect(self._follow_filter)
        self.quality_spin = QSpinBox()
        self.quality_spin.setObjectName("saveQualitySpin")
        self.quality_spin.setRange(MIN_QUALITY, MAX_QUALITY)
        self.quality_spin.setValue(defaults.quality)
        self.quality_spin.setToolTip("JPEG and WebP: 95 keeps fine skin detail; 100 is largest.")
        self.compression_combo = QComboBox()
        self.compression_combo.setObjectName("saveCompressionCombo")
        for label, value in COMPRESSIONS:
            self.compression_combo.addItem(label, value)
        self.compression_combo.setCurrentIndex(
            max(0, self.compression_combo.findData(defaults.compression))
        )
        self.compression_combo.setToolTip(
            "TIFF: all three keep every level; LZW and ZIP make smaller files."
        )
        self.quality_label = QLabel("Quality")
        self.compression_label = QLabel("TIFF compression")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.quality_label)
        line.addWidget(self.quality_spin)
        line.addSpacing(16)
        line.addWidget(self.compression_label)
        line.addWidget(self.compression_combo)
        line.addStretch(1)
        grid = self.layout()
        if isinstance(grid, QGridLayout):  # Qt's own dialog lays itself out on a grid
            grid.addWidget(row, grid.rowCount(), 0, 1, -1)
        # Only the chosen format's choices: its filter's, or a typed extension's.
        self.filterSelected.connect(lambda _f: self._show_choices())
        name_edit = self.findChild(QLineEdit, "fileNameEdit")
        if name_edit is not None:
            name_edit.textChanged.connect(lambda _t: self._show_choices())
        self.selectNameFilter(
            next((f for f in SAVE_FILTERS if f"*{suggestion.suffix.lower()}" in f), SAVE_FILTERS[0])
        )

    def chosen_format(self) -> str:
        """The format the file will have (Pillow's name): the typed extension's, else the
        chosen filter's."""
        name_edit = self.findChild(QLineEdit, "fileNameEdit")
        typed = Path(name_edit.text()).suffix.lower() if name_edit is not None else ""
        suffix = typed if typed in FORMAT_BY_SUFFIX else filter_suffix(self.selectedNameFilter())
        return FORMAT_BY_SUFFIX.get(suffix, "JPEG")

    def _show_choices(self) -> None:
        fmt = self.chosen_format()
        lossy = fmt in ("JPEG", "WEBP")
        self.quality_label.setText("WebP quality" if fmt == "WEBP" else "JPEG quality")
        self.quality_label.setVisible(lossy)
        self.quality_spin.setVisible(lossy)
        self.compression_label.setVisible(fmt == "TIFF")
        self.compression_combo.setVisible(fmt == "TIFF")

    def _follow_filter(self, chosen_filter: str) -> None:
        self.setDefaultSuffix(filter_suffix(chosen_filter).lstrip("."))

    def selectNameFilter(self, filter: str) -> None:
        """Also from code (the user's choice arrives as ``filterSelected``)."""
        super().selectNameFilter(filter)
        self._follow_filter(self.selectedNameFilter())
        self._show_choices()

    def chosen(self) -> tuple[Path, OutputChoices] | None:
        files = self.selectedFiles()
        if not files:
            return None
        confirmed = Path(files[0])  # the name the dialog asked about if it exists
        path = with_filter_suffix(confirmed, self.selectedNameFilter())
        if path != confirmed:  # "look.v2" saved as "look.v2.webp": never over a file unasked
            path = next((p for p in numbered(path) if not p.exists()), path)
        compression = self.compression_combo.currentData()
        return path, OutputChoices(
            quality=self.quality_spin.value(),
            compression=compression if isinstance(compression, str) else None,
        )


def ask_save_path(
    parent: QWidget, suggestion: Path, defaults: OutputChoices | None = None
) -> tuple[Path, OutputChoices] | None:
    """Ask where and how to save; None if cancelled."""
    dialog = SaveAsDialog(parent, suggestion, defaults or OutputChoices())
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


def depth_warning(photo: Photo | None, path: Path) -> str | None:
    """What saving ``photo`` as ``path`` converts (16 bits into JPEG...), as a sentence."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    note = depth_note(photo, fmt) if fmt else None
    return f"“{path.name}” is {note}." if note else None
