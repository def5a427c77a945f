"""Settings: API key (masked, with Show and Test key), API URL, default engine, the preset
new photos start from."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.cloud import DEFAULT_BASE_URL, validate_base_url
from ...core.engine_info import ENGINES
from ...core.errors import SmartSkinError
from ...core.state import AppSettings, SettingsStore
from ...workers.jobs import JobRunner
from ...workers.key_check import CheckKey

ENGINE_CHOICES = [("", "Automatic (cloud when a key is set)")] + [
    (e.name, e.label) for e in ENGINES.values()
]


class SettingsDialog(QDialog):
    """Edits a copy: the window, which owns the settings, applies :meth:`chosen` on Save."""

    tested = Signal(str)  # the key check's answer (credits left, or why it failed)

    def __init__(
        self,
        store: SettingsStore,
        settings: AppSettings,
        parent: QWidget | None = None,
        presets: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("SmartSkin Settings")
        self.setMinimumWidth(520)
        self.store, self.settings = store, settings
        self.runner = JobRunner(1, self)
        self._chosen = (settings.api_url, settings.engine)

        self.key_edit = QLineEdit(store.stored_api_key())
        self.key_edit.setObjectName("apiKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("Paste your AILabTools API key")
        self.key_edit.setToolTip("Stored only on this computer, in SmartSkin's settings folder.")
        self.show_key = QCheckBox("Show")
        self.show_key.setToolTip("Show the key in clear text.")
        self.show_key.toggled.connect(
            lambda on: self.key_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.test_button = QPushButton("Test key")
        self.test_button.setObjectName("testKeyButton")
        self.test_button.setToolTip("Ask the service how many credits this key has left.")
        self.test_button.clicked.connect(self.test_key)
        self.test_result = QLabel("")
        self.test_result.setObjectName("keyTestResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key)
        key_row.addWidget(self.test_button)
        help_text = QLabel(
            'No key yet? Create an account at <a href="https://www.ailabtools.com">'
            "ailabtools.com</a> and copy your API key here. Without a key SmartSkin uses its "
            "local engine, which works offline and is free."
        )
        help_text.setObjectName("hint")
        help_text.setWordWrap(True)
        help_text.setOpenExternalLinks(True)
        if store.key_from_environment():
            help_text.setText(
                "SMARTSKIN_API_KEY is set in the environment and is used instead "
                "of the key stored here."
            )

        self.engine_combo = QComboBox()
        for value, text in ENGINE_CHOICES:
            self.engine_combo.addItem(text, value)
        self.engine_combo.setCurrentIndex(
            max(
                0,
                [v for v, _ in ENGINE_CHOICES].index(settings.engine)
                if settings.engine in ("", *ENGINES)
                else 0,
            )
        )
        self.engine_combo.setToolTip("The engine used when SmartSkin starts.")

        self.url_edit = QLineEdit(settings.api_url)
        self.url_edit.setToolTip(f"Only change this for a test server. Default: {DEFAULT_BASE_URL}")
        self.env_url = os.environ.get("SMARTSKIN_API_URL", "").strip()
        if self.env_url:  # the environment wins everywhere; show it and use it here too
            self.url_edit.setText(self.env_url)
            self.url_edit.setEnabled(False)
            self.url_edit.setToolTip("Set by SMARTSKIN_API_URL in the environment.")
        advanced = QGroupBox("Advanced")
        adv = QFormLayout(advanced)
        adv.addRow("API URL", self.url_edit)

        # The key's field, then what its test said (when it was tested) and how to get one.
        key_column = QVBoxLayout()
        key_column.addLayout(key_row)
        key_column.addWidget(self.test_result)
        self.test_result.hide()
        key_column.addWidget(help_text)
        form = QFormLayout()
        form.addRow("API key", key_column)
        form.addRow("Default engine", self.engine_combo)
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("defaultPresetCombo")
        self.preset_combo.setToolTip("The settings a photo starts from when you first open it.")
        self.preset_combo.addItems(presets or [settings.default_preset])
        self.preset_combo.setCurrentText(settings.default_preset)
        form.addRow("New photos start from", self.preset_combo)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #e08080")
        self.error.setWordWrap(True)
        self.error.hide()  # until Save finds something wrong
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(advanced)
        col.addWidget(self.error)
        col.addWidget(buttons)

    def _url(self) -> str:
        return validate_base_url(self.url_edit.text() or DEFAULT_BASE_URL)

    def test_key(self) -> None:
        try:
            url = self._url()
        except SmartSkinError as err:
            self._show_result(err.message)
            return
        self.test_button.setEnabled(False)
        self._show_result("Asking the service…")
        self.runner.start(CheckKey(self.key_edit.text(), url, self._tested, self._test_failed))

    def _show_result(self, text: str) -> None:
        self.test_result.setText(text)
        self.test_result.setVisible(bool(text))
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped texts need at the dialog's width: Qt sizes a word-wrapped
        label for a narrower guess, which left an empty band around the key's help."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        height = layout.totalHeightForWidth(self.width())
        if height > 0:
            self.resize(self.width(), height)

    def _tested(self, text: str) -> None:
        self.test_button.setEnabled(True)
        self._show_result(text)
        self.tested.emit(text)

    def _test_failed(self, err: SmartSkinError) -> None:
        self._tested(err.message)

    def accept(self) -> None:
        try:
            url = self._url()
            self.store.set_api_key(self.key_edit.text())
        except SmartSkinError as err:
            self.error.setText(err.message)
            self.error.show()
            self._fit_height()
            return
        engine = str(self.engine_combo.currentData())
        self._chosen = (self.settings.api_url if self.env_url else url, engine)
        super().accept()

    def chosen_preset(self) -> str:
        """The preset new photos start from (after Save)."""
        return self.preset_combo.currentText()

    def chosen(self) -> tuple[str, str]:
        """The API URL and default engine chosen (after Save)."""
        return self._chosen

    def done(self, result: int) -> None:
        self.runner.shutdown(10000)
        super().done(result)
