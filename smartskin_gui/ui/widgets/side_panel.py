"""The right-hand panel: engine choice, the two strengths, reset, add to comparison."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.engine_info import ENGINES
from ...core.params import Params
from .controls import StrengthControl


class SidePanel(QWidget):
    """Shows settings and says when the user changes them; it stores nothing itself."""

    paramsChanged = Signal(object, bool)  # Params, final (False while a slider is dragged)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(250)
        self.retouch = StrengthControl(
            "Retouch (smooth skin)",
            "retouch",
            "How much skin is smoothed and blemishes removed. 1.00 keeps pores; 1.50 is strong.",
        )
        self.whitening = StrengthControl(
            "Brighten skin",
            "whitening",
            "How much skin is brightened (the service calls this whitening). Hue is kept.",
        )
        self.engine_combo = QComboBox()
        self.engine_combo.setObjectName("engineCombo")
        for engine in ENGINES.values():
            self.engine_combo.addItem(engine.label, engine.name)
        self.engine_combo.setToolTip(
            "Local works offline and free. Cloud uses your AILabTools "
            "API key (5 credits per photo)."
        )
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetButton")
        self._show_reset("")
        self.compare_button = QPushButton("Add to comparison")
        self.compare_button.setToolTip("Add the current settings as a tile in the Compare view.")
        self.info = QLabel("")
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        col = QVBoxLayout(self)
        col.addWidget(QLabel("Engine"))
        col.addWidget(self.engine_combo)
        col.addSpacing(12)
        self.target = QLabel("Whole photo")
        self.target.setObjectName("strengthsTarget")
        self.target.setToolTip("Whose strengths the sliders show: the photo's, or one face's.")
        col.addWidget(self.target)
        col.addWidget(self.retouch)
        col.addSpacing(8)
        col.addWidget(self.whitening)
        col.addSpacing(8)
        col.addWidget(self.reset_button)
        col.addWidget(self.compare_button)
        col.addSpacing(8)
        col.addWidget(self.info)
        col.addStretch(1)
        self.retouch.changed.connect(self._changed)
        self.whitening.changed.connect(self._changed)
        self._sections: list[QWidget] = []
        self._usable = True  # the photo shown can be edited (False: it cannot be opened)
        self._left_out = False  # the face shown is left as it is

    def add_section(self, widget: QWidget) -> None:
        """Put ``widget`` under the buttons, above the info line."""
        col = self.layout()
        assert isinstance(col, QVBoxLayout)
        col.insertWidget(col.indexOf(self.info), widget)
        col.insertSpacing(col.indexOf(self.info), 8)
        self._sections.append(widget)
        widget.setEnabled(self._usable)

    def set_usable(self, usable: bool) -> None:
        """Whether the photo selected can be edited: one that cannot be opened has nothing
        to set, sync, compare or paint (the engine stays a choice)."""
        self._usable = usable
        for widget in (self.reset_button, self.compare_button, *self._sections):
            widget.setEnabled(usable)
        self._enable_strengths()

    def _enable_strengths(self) -> None:
        for control in (self.retouch, self.whitening):
            control.setEnabled(self._usable and not self._left_out)

    def _changed(self, _value: float, final: bool) -> None:
        self.paramsChanged.emit(self.params(), final)

    def set_target(self, face: str, left_out: bool = False) -> None:
        """Whose strengths the sliders show: "" for the whole photo, else e.g. "Face 3";
        a face left as it is has none (the sliders are off). Reset acts on the same."""
        if face and left_out:
            self.target.setText(f"{face}: left as it is")
        else:
            self.target.setText(f"{face}: its own strengths" if face else "Whole photo")
        self._left_out = bool(face) and left_out
        self._enable_strengths()
        self._show_reset(face)
        self.target.setProperty("face", bool(face))
        self.target.style().unpolish(self.target)
        self.target.style().polish(self.target)

    def _show_reset(self, face: str) -> None:
        """Reset names what it resets: the photo (to the default preset) or the face shown
        (to the photo's settings)."""
        if face:
            self.reset_button.setText(f"Reset {face.lower()}")
            self.reset_button.setToolTip(f"{face} gets the photo's settings again.")
        else:
            self.reset_button.setText("Reset to defaults")
            self.reset_button.setToolTip("Both strengths back to the default preset's.")

    def params(self) -> Params:
        return Params(self.retouch.value(), self.whitening.value())

    def show_params(self, params: Params) -> None:
        """Put ``params`` on the controls without emitting changes."""
        self.retouch.set_value(params.retouch)
        self.whitening.set_value(params.whitening)

    def engine(self) -> str:
        return str(self.engine_combo.currentData())

    def show_engine(self, name: str, quiet: bool = False) -> None:
        index = max(0, self.engine_combo.findData(name))
        self.engine_combo.blockSignals(quiet)
        self.engine_combo.setCurrentIndex(index)
        self.engine_combo.blockSignals(False)
