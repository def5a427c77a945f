"""The brush's controls in the side panel: on/off (B), protect or add, size ([ and ]),
softness (Shift+[ and Shift+]) and the mask overlay (O)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

PROTECT, ADD = "protect", "add"
#: The brush's diameter in screen pixels: from, to, and the start.
MIN_SIZE, MAX_SIZE, START_SIZE = 4, 600, 60


@dataclass(frozen=True)
class BrushSettings:
    """The brush as the photographer set it: kind, diameter in screen pixels, softness."""

    kind: str = PROTECT
    size: float = START_SIZE
    softness: float = 0.5

    def bigger(self, factor: float) -> BrushSettings:
        return replace(self, size=min(MAX_SIZE, max(MIN_SIZE, self.size * factor)))

    def softer(self, step: float) -> BrushSettings:
        return replace(self, softness=min(1.0, max(0.0, round(self.softness + step, 2))))


class BrushPanel(QWidget):
    """``activeToggled(bool)``, ``settingsChanged(BrushSettings)``, ``overlayToggled(bool)``."""

    activeToggled = Signal(bool)
    settingsChanged = Signal(object)
    overlayToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brushPanel")
        self.settings = BrushSettings()
        self.button = QPushButton("Brush (B)")
        self.button.setObjectName("brushButton")
        self.button.setCheckable(True)
        self.button.setToolTip(
            "Paint where the retouch goes: Protect keeps what you paint as it is (a tattoo, "
            "a birthmark, a beard); Add retouches skin SmartSkin left out."
        )
        self.protect_radio = QRadioButton("Protect")
        self.protect_radio.setObjectName("brushProtectRadio")
        self.protect_radio.setChecked(True)
        self.add_radio = QRadioButton("Add")
        self.add_radio.setObjectName("brushAddRadio")
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setObjectName("brushSizeSlider")
        self.size_slider.setRange(MIN_SIZE, MAX_SIZE)
        self.size_slider.setValue(START_SIZE)
        self.size_slider.setAccessibleName("Brush size")
        self.size_slider.setToolTip("Brush size on screen ([ smaller, ] bigger)")
        self.softness_slider = QSlider(Qt.Orientation.Horizontal)
        self.softness_slider.setObjectName("brushSoftnessSlider")
        self.softness_slider.setRange(0, 100)
        self.softness_slider.setValue(round(self.settings.softness * 100))
        self.softness_slider.setAccessibleName("Brush softness")
        self.softness_slider.setToolTip(
            "How soft the brush's edge is (Shift+[ harder, Shift+] softer)"
        )
        self.overlay = QCheckBox("Show the mask (O)")
        self.overlay.setObjectName("brushOverlayCheck")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.protect_radio, 0, 0)
        grid.addWidget(self.add_radio, 0, 1)
        grid.addWidget(QLabel("Size"), 1, 0)
        grid.addWidget(self.size_slider, 1, 1)
        grid.addWidget(QLabel("Softness"), 2, 0)
        grid.addWidget(self.softness_slider, 2, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.button)
        col.addLayout(grid)
        col.addWidget(self.overlay)
        self.button.toggled.connect(self._toggled)
        self.overlay.toggled.connect(self.overlayToggled)
        for widget in (self.protect_radio, self.add_radio):
            widget.toggled.connect(self._changed)
        self.size_slider.valueChanged.connect(self._changed)
        self.softness_slider.valueChanged.connect(self._changed)

    def _toggled(self, on: bool) -> None:
        self._label()
        self.activeToggled.emit(on)

    def _label(self) -> None:
        """The button says when the brush paints, and what (a pressed look alone is faint)."""
        if self.button.isChecked():
            kind = "Add" if self.settings.kind == ADD else "Protect"
            self.button.setText(f"Painting: {kind} (B to stop)")
        else:
            self.button.setText("Brush (B)")

    def set_settings(self, settings: BrushSettings) -> None:
        """Show ``settings`` (changed with the keys) and say so."""
        with QSignalBlocker(self.size_slider), QSignalBlocker(self.softness_slider):
            self.size_slider.setValue(round(settings.size))
            self.softness_slider.setValue(round(settings.softness * 100))
        with QSignalBlocker(self.protect_radio), QSignalBlocker(self.add_radio):
            (self.add_radio if settings.kind == ADD else self.protect_radio).setChecked(True)
        self.settings = settings
        self._label()
        self.settingsChanged.emit(settings)

    def _changed(self, *_: object) -> None:
        self.settings = BrushSettings(
            ADD if self.add_radio.isChecked() else PROTECT,
            float(self.size_slider.value()),
            self.softness_slider.value() / 100,
        )
        self._label()
        self.settingsChanged.emit(self.settings)
