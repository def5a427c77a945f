"""A strength control: a slider and a spin box kept in sync, 0.00 to 1.50 in 0.01 steps."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QMouseEvent, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from ...core.params import DEFAULT_STRENGTH, MAX_STRENGTH

SCALE = 100  # slider units per 1.0


class ResettableSlider(QSlider):
    """A slider that returns to its default on double click."""

    def __init__(self, default: int) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.default = default

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.setValue(self.default)
        self.sliderReleased.emit()  # a reset is a finished change
        event.accept()


class StrengthSpin(QDoubleSpinBox):
    """A spin box that takes a number out of its range and clamps it when the typing ends
    ("2.7" gives 1.50, as photographers expect; Qt's own refuses the "2" as it is typed
    and leaves 0.70)."""

    def _number(self, text: str) -> float | None:
        core = text.strip().removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        try:
            return float(core.replace(self.locale().decimalPoint(), "."))
        except ValueError:
            return None

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and self._number(text) is not None:
            state = QValidator.State.Intermediate
        return state, text, pos

    def fixup(self, text: str) -> str:
        number = self._number(text)
        if number is None:
            return str(super().fixup(text))
        clamped = min(self.maximum(), max(self.minimum(), number))
        return str(self.textFromValue(clamped))


class StrengthControl(QWidget):
    """``changed(value, final)``: final is False while dragging, True when the user is done."""

    changed = Signal(float, bool)

    def __init__(self, title: str, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = ResettableSlider(round(DEFAULT_STRENGTH * SCALE))
        self.slider.setObjectName(f"{name}Slider")
        self.slider.setRange(0, round(MAX_STRENGTH * SCALE))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setValue(round(DEFAULT_STRENGTH * SCALE))
        self.slider.setToolTip(f"{tooltip}\nDouble-click to reset to {DEFAULT_STRENGTH:.2f}.")
        self.spin = StrengthSpin()
        self.spin.setObjectName(f"{name}Spin")
        self.spin.setRange(0.0, MAX_STRENGTH)
        self.spin.setSingleStep(0.01)
        self.spin.setDecimals(2)
        self.spin.setValue(DEFAULT_STRENGTH)
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(tooltip)
        self.slider.setAccessibleName(title)
        self.spin.setAccessibleName(f"{title}, value")
        label = QLabel(title)
        label.setToolTip(tooltip)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(label)
        col.addLayout(row)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(self._slider_released)
        self.spin.valueChanged.connect(self._spin_changed)

    def value(self) -> float:
        return round(self.slider.value() / SCALE, 2)

    def set_value(self, value: float) -> None:
        """Set without emitting (restoring settings)."""
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.slider.setValue(round(value * SCALE))
            self.spin.setValue(value)

    def _slider_moved(self, ticks: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(ticks / SCALE)
        self.spin.blockSignals(False)
        # Dragging: live. Keyboard, wheel or click on the track: a finished change.
        self.changed.emit(self.value(), not self.slider.isSliderDown())

    def _slider_released(self) -> None:
        self.changed.emit(self.value(), True)

    def _spin_changed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * SCALE))
        self.slider.blockSignals(False)
        self.changed.emit(self.value(), True)
