"""The settings dialog: "Test key" never holds the dialog open while the service is silent;
its wrapped texts take the height they need, no more."""

from __future__ import annotations

import socket
import threading

from PySide6.QtWidgets import QLabel

from smartskin_gui.core.state.app_settings import AppSettings, SettingsStore
from smartskin_gui.ui.dialogs.settings_dialog import SettingsDialog
from tests.integration.hostile import Hostile, Seen


def test_closing_settings_cancels_a_key_test_the_service_holds(qtbot, tmp_path):
    received, release, let_go = threading.Event(), threading.Event(), threading.Event()

    def held(req: Seen, sock: socket.socket) -> None:
        received.set()
        release.wait(30)  # server side only: the silent service the dialog must not wait out
        let_go.set()

    with Hostile("127.0.0.1", held) as service:
        dialog = SettingsDialog(SettingsStore(tmp_path), AppSettings(api_url=service.url))
        qtbot.addWidget(dialog)
        dialog.key_edit.setText("some-key")
        try:
            dialog.test_button.click()
            qtbot.waitUntil(received.is_set, timeout=10000)
            dialog.reject()
            idle = dialog.runner.pool.activeThreadCount() == 0
            still_held = not let_go.is_set()  # closed without waiting out the service
        finally:
            release.set()
    assert idle and still_held


def _gap_below(widget, other) -> int:
    """Pixels between the bottom of ``widget`` and the top of ``other`` (dialog coordinates)."""
    top = other.mapTo(other.window(), other.rect().topLeft()).y()
    return top - widget.mapTo(widget.window(), widget.rect().bottomLeft()).y()


def test_the_key_help_has_no_empty_band_around_it(qtbot, tmp_path):
    dialog = SettingsDialog(SettingsStore(tmp_path), AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = next(lb for lb in dialog.findChildren(QLabel) if "No key yet" in lb.text())
    spacing = dialog.layout().spacing() + 2
    # As tall as its lines at its width, right under the key and right above the engine.
    assert hint.height() <= hint.heightForWidth(hint.width()) + 2
    assert 0 <= _gap_below(dialog.key_edit, hint) <= spacing
    assert 0 <= _gap_below(hint, dialog.engine_combo) <= spacing
    # A long answer from "Test key" shows whole, between the key and the help.
    before = dialog.height()
    dialog._show_result("The service did not accept this key. " * 4)
    result = dialog.test_result
    assert result.isVisible() and result.height() >= result.heightForWidth(result.width()) - 2
    assert 0 <= _gap_below(result, hint) <= spacing and dialog.height() > before
