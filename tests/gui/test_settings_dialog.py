"""The settings dialog's "Test key" never holds the dialog open while the service is silent."""

from __future__ import annotations

import socket
import threading

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
