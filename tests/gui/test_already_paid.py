"""Cached cloud results are announced as already paid: the cloud render button, and the
question before a cloud export (issue 20's "a cached cloud render is not announced as
costing credits"). Against the emulator over loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QMessageBox, QPushButton

from smartskin_gui.core.cloud import validate_base_url
from smartskin_gui.core.engine import paid_already
from smartskin_gui.core.params import Params
from smartskin_gui.ui.window.cloud_render import PAID_TEXT, PAY_TEXT
from smartskin_gui.ui.window.export_controller import ask_to_pay
from tests.gui.test_main_window import TIMEOUT, open_and_wait


@pytest.fixture
def cloud_env(monkeypatch, emulator):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    return emulator


def paid_render(window, qtbot) -> None:
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda *a: window.processor.session.shows_paid_result(),
    ):
        window.findChild(QPushButton, "cloudRenderButton").click()


def test_a_cached_cloud_render_is_not_announced_as_costing_credits(
    cloud_env, make_window, qtbot, portrait: Path
) -> None:
    window = make_window()
    open_and_wait(window, qtbot, portrait)
    button = window.findChild(QPushButton, "cloudRenderButton")
    assert button.text() == PAY_TEXT and "5 credits" in PAY_TEXT
    paid_render(window, qtbot)
    assert cloud_env.emulator.stats["enhance_calls"] == 1
    spin = window.findChild(QDoubleSpinBox, "retouchSpin")
    start = spin.value()
    spin.setValue(0.5)  # other settings: these would be paid
    qtbot.waitUntil(lambda: button.isEnabled() and button.text() == PAY_TEXT, timeout=TIMEOUT)
    window.quit_guard.confirmed = True
    window.close()

    again = make_window()  # a restart: nothing of the first window's memory is left
    open_and_wait(again, qtbot, portrait)
    button = again.findChild(QPushButton, "cloudRenderButton")
    again.findChild(QDoubleSpinBox, "retouchSpin").setValue(start)
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=TIMEOUT)
    assert button.text() == PAID_TEXT and "credits" not in button.text()
    assert "no cost" in button.toolTip()
    paid_render(again, qtbot)
    assert cloud_env.emulator.stats["enhance_calls"] == 1  # it was indeed already paid


def test_the_export_question_counts_only_what_is_paid(
    cloud_env, window, qtbot, portrait: Path, monkeypatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    open_and_wait(window, qtbot, portrait)
    paid_render(window, qtbot)
    params = window.processor.session.params
    other = portrait.with_name("other.jpg")
    other.write_bytes(portrait.read_bytes()[:-2] + b"\xff\xd9")  # its own file, unpaid
    photos = [(str(portrait), params), (str(other), params)]
    paid = paid_already(photos, validate_base_url(cloud_env.url))
    assert paid == {str(portrait)}
    assert ask_to_pay(window, len(photos), 950, already_paid=len(paid))
    assert asked == ["2 photos, 1 already paid, 1 to pay: 5 credits, 950 credits left - Go on?"]
    assert ask_to_pay(window, 1, 950, already_paid=1)  # nothing to pay: nothing asked
    assert ask_to_pay(window, 1, 950)  # the old call still asks
    assert len(asked) == 2 and asked[1].startswith("1 photo, 5 credits")
    assert Params(0, 0).is_identity and paid_already([(str(other), Params(0, 0))], "x") == {
        str(other)
    }
