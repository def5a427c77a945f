"""The message bar shows file names and the service's words as text, never as markup."""

from __future__ import annotations

from PySide6.QtCore import Qt

from smartskin_gui.ui.widgets.message_bar import MessageBar


def test_markup_in_a_message_is_shown_as_plain_text(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    hostile = "<span style='font-size:90pt'>BIG</span> <a href='http://x'>pay here</a>"
    bar.show_message(f"The service failed ({hostile}).")
    assert bar.label.textFormat() == Qt.TextFormat.PlainText
    assert bar.label.text() == f"The service failed ({hostile})."
    assert not bar.label.openExternalLinks()
    # Rendered as text, the markup is as wide as its characters, not one styled word.
    assert bar.label.sizeHint().width() > bar.label.fontMetrics().horizontalAdvance("BIG pay here")
