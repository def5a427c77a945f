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
    QSpinBox,
    QWidget,
)

from ..core.formats import FORMAT_BY_SUFFIX, SAVE_FILTERS
from ..core.imageio import Photo
from ..core.naming import MAX_QUALITY, MIN_QUALITY
from ..core.saving import OutputChoices, depth_note

#: TIFF compression choices: (label, value); None keeps the original's.
COMPRESSIONS = (
    ("Same as the original", None),
    ("None", "none"),
    ("LZW", "lzw"),
    ("ZIP", "zip"),
)


def with_filter_suffix(path: Path, chosen_filter: str) -> Path:
    """Add the chosen filter's extension when the typed name has no known one."""
    if path.suffix.lower() in FORMAT_BY_SUFFIX:
        return path
    suffix = (
        chosen_filter.split("(*")[-1].split()[0].rstrip(")") if "(*" in chosen_filter else ".jpg"
    )
    return path.with_name(path.name + suffix)


class SaveAsDialog(QFileDialog):
    """The file dialog with JPEG quality and TIFF compression under it."""

    def __init__(self, parent: QWidget | None, suggestion: Path, defaults: OutputChoices) -> None:
        super().__init__(parent, "Save As", str(suggestion), ";;".join(SAVE_FILTERS))
        self.setObjectName("saveAsDialog")
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.selectNameFilter(
            next((f for f in SAVE_FILTERS if f"*{suggestion.suffix.lower()}" in f), SAVE_FILTERS[0])
        )
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
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel("JPEG quality"))
        line.addWidget(self.quality_spin)
        line.addSpacing(16)
        line.addWidget(QLabel("TIFF compression"))
        line.addWidget(self.compression_combo)
        line.addStretch(1)
        grid = self.layout()
        if isinstance(grid, QGridLayout):  # Qt's own dialog lays itself out on a grid
            grid.addWidget(row, grid.rowCount(), 0, 1, -1)

    def chosen(self) -> tuple[Path, OutputChoices] | None:
        files = self.selectedFiles()
        if not files:
            return None
        path = with_filter_suffix(Path(files[0]), self.selectedNameFilter())
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
