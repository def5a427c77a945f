"""Save As: the file dialog, with the format taken from the chosen filter when needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ..core.formats import FORMAT_BY_SUFFIX, SAVE_FILTERS


def with_filter_suffix(path: Path, chosen_filter: str) -> Path:
    """Add the chosen filter's extension when the typed name has no known one."""
    if path.suffix.lower() in FORMAT_BY_SUFFIX:
        return path
    suffix = (
        chosen_filter.split("(*")[-1].split()[0].rstrip(")") if "(*" in chosen_filter else ".jpg"
    )
    return path.with_name(path.name + suffix)


def ask_save_path(parent: QWidget, suggestion: Path) -> Path | None:
    """Ask where to save (the dialog confirms before replacing a file); None if cancelled."""
    initial = next(
        (f for f in SAVE_FILTERS if f"*{suggestion.suffix.lower()}" in f), SAVE_FILTERS[0]
    )
    target, chosen = QFileDialog.getSaveFileName(
        parent, "Save As", str(suggestion), ";;".join(SAVE_FILTERS), initial
    )
    return with_filter_suffix(Path(target), chosen) if target else None
