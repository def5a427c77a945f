"""The filter above the filmstrip: all photos, all but the rejected ones (X), rated N stars
or more, picks, edited (not exported yet), exported, failed; and how many of the photos
open it shows ("3 of 40"). It hides the others in the filmstrip, never removes them."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from ...core.state import PICK, REJECT, Culling
from .filmstrip import Filmstrip, PhotoFilter


class FilterChoice(NamedTuple):
    name: str  # stable, for tests and settings
    label: str
    tip: str
    shows: PhotoFilter | None  # None: every photo


def _rated(stars: int) -> PhotoFilter:
    def shows(badge: str, culling: Culling) -> bool:
        return (culling.rating or 0) >= stars

    return shows


def _badged(*badges: str) -> PhotoFilter:
    def shows(badge: str, culling: Culling) -> bool:
        return badge in badges

    return shows


def _picked(badge: str, culling: Culling) -> bool:
    return culling.flag == PICK


def _not_rejected(badge: str, culling: Culling) -> bool:
    return culling.flag != REJECT


FILTERS = (
    FilterChoice("all", "All photos", "Every photo open.", None),
    FilterChoice(
        "unrejected",
        "All but rejected",
        "Every photo open except those rejected (X).",
        _not_rejected,
    ),
    *(
        FilterChoice(
            f"rating{n}",
            "★" * n + (" or more" if n < 5 else ""),
            f"Photos rated {n} stars or more." if n < 5 else "Photos rated 5 stars.",
            _rated(n),
        )
        for n in range(1, 6)
    ),
    FilterChoice("picks", "Picks", "Photos flagged as picks (P).", _picked),
    FilterChoice(
        "edited",
        "Edited",
        "Photos whose settings changed and are not exported yet.",
        _badged("edited"),
    ),
    FilterChoice(
        "exported",
        "Exported",
        "Photos exported or saved with their current settings.",
        _badged("exported"),
    ),
    FilterChoice(
        "failed",
        "Failed",
        "Photos whose export failed or that cannot be opened.",
        _badged("failed", "broken"),
    ),
)


class FilmstripPanel(QWidget):
    """The filter row (a combo and the count) above the filmstrip it filters."""

    def __init__(self, filmstrip: Filmstrip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filmstripPanel")
        self.filmstrip = filmstrip
        self.combo = QComboBox()
        self.combo.setObjectName("filmstripFilter")
        self.combo.setAccessibleName("Show in the filmstrip")
        self.combo.setToolTip("Show only some of the photos (the others stay open, hidden).")
        for choice in FILTERS:
            self.combo.addItem(choice.label, choice.name)
            self.combo.setItemData(self.combo.count() - 1, choice.tip, Qt.ItemDataRole.ToolTipRole)
        self.count = QLabel("")
        self.count.setObjectName("filmstripCount")
        self.count.setToolTip("Photos shown, of the photos open.")
        self.count.setStyleSheet("color: #a8a8a8;")  # 6:1 on the window's grey
        self.count.setContentsMargins(4, 0, 0, 0)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.combo)
        col.addWidget(self.count)
        col.addWidget(filmstrip, 1)
        self.combo.currentIndexChanged.connect(self._chosen)
        filmstrip.shownChanged.connect(self._counted)
        self._counted(filmstrip.shown_count(), filmstrip.count())

    def choice(self) -> str:
        return str(self.combo.currentData())

    def choose(self, name: str) -> None:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def show_all(self) -> str | None:
        """Every photo shown again; the name of the filter this lifted (None: none was on)."""
        if self.choice() == FILTERS[0].name:
            return None
        lifted = self.combo.currentText()
        self.choose(FILTERS[0].name)
        return lifted

    def _chosen(self, index: int) -> None:
        self.filmstrip.set_filter(FILTERS[index].shows if 0 <= index < len(FILTERS) else None)

    def _counted(self, shown: int, total: int) -> None:
        if not total:
            self.count.setText("No photos open")
        elif not shown:  # the photo still on screen is not one the filter lets through
            self.count.setText(f"0 of {total}: none match")
        else:
            self.count.setText(f"{shown} of {total}")
