"""Start-up: logging, QApplication, theme, main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ui.main_window import MainWindow


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _setup_logging() -> None:
    from .core.settings import config_dir

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        directory = config_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handlers.append(
            RotatingFileHandler(
                directory / "smartskin.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
            )
        )
    except OSError:
        pass
    logging.basicConfig(
        level=logging.INFO,
        handlers=handlers,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


UNEXPECTED = (
    "SmartSkin hit an unexpected problem. Your photos and results are safe; details are in "
    "smartskin.log in the settings folder. If it happens again, please restart SmartSkin."
)


def install_excepthook(window: MainWindow) -> Callable[..., None]:
    """Unexpected exceptions in Qt slots: into the log, and one sentence in the window."""
    log = logging.getLogger("smartskin_gui")

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        window.message.show_message(UNEXPECTED, "error")

    sys.excepthook = hook
    return hook


def create_main_window() -> MainWindow:
    """Build the main window inside an existing QApplication, without entering its loop."""
    from PySide6.QtWidgets import QApplication

    from .ui.main_window import MainWindow
    from .ui.theme import apply_theme

    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.property("smartskinThemed"):
        apply_theme(app)
        app.setProperty("smartskinThemed", True)
    return MainWindow()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        from .selftest import run

        return run()
    if not _has_display():
        print(
            "SmartSkin needs a display to show its window; none was found. "
            "Try `make demo` to retouch the sample portrait from the command line."
        )
        return 0
    _setup_logging()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setApplicationName("SmartSkin")
    QCoreApplication.setOrganizationName("SmartSkin")
    app = QApplication([sys.argv[0], *[a for a in args if a.startswith("-")]])
    window = create_main_window()
    install_excepthook(window)
    window.show()
    paths = [a for a in args if not a.startswith("-")]
    if paths:
        window.open_paths(paths)
    return int(app.exec())
