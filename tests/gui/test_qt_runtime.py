"""Checks on the Qt binding itself that the app relies on."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    value = Signal(int)


def test_signal_emit_keeps_reference_counts(qapp):
    """PySide6 6.12.0 dropped a reference to True on every emit(): on Python 3.11 a long
    session then aborts with "deallocating True or False". Slider drags emit thousands."""
    e = _Emitter()
    e.value.connect(lambda v: None)
    before = sys.getrefcount(True)
    for i in range(200):
        e.value.emit(i)
    assert abs(sys.getrefcount(True) - before) < 5
