"""Start-up: QApplication, logging, main window."""

from __future__ import annotations

import os
import sys


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_main_window():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    win = QMainWindow()
    win.setObjectName("mainWindow")
    win.setWindowTitle("SmartSkin")
    return win


def main(argv: list[str] | None = None) -> int:
    if not _has_display():
        print(
            "SmartSkin needs a display to show its window; none was found. "
            "Try `make demo` to retouch the sample portrait from the command line."
        )
        return 0
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv if argv is None else argv)
    win = create_main_window()
    win.show()
    return app.exec()
