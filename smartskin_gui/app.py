"""Start-up: logging, QApplication, theme, main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .core import workpool
from .core.errors import UnexpectedError

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from .ui.window.main_window import MainWindow


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _setup_logging() -> None:
    from .core.state import config_dir

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


UNEXPECTED = UnexpectedError().message


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

    from .ui.widgets.theme import ensure_theme
    from .ui.window.main_window import MainWindow

    app = QApplication.instance()
    if isinstance(app, QApplication):
        ensure_theme(app)
    return MainWindow()


def build_parser() -> argparse.ArgumentParser:
    """`smartskin --help` / `--version`: answered before Qt starts, so no display is needed."""
    from . import __version__
    from .core.state import config_dir

    parser = argparse.ArgumentParser(
        prog="smartskin",
        description="SmartSkin: natural portrait skin retouching for photographers. "
        "Opens a window; drop photos on it or name them here.",
        epilog=f"Settings and the log (smartskin.log) are kept in {config_dir()} "
        "(SMARTSKIN_CONFIG_DIR overrides it). To retouch photos without a window, use "
        "smartskin-cli (smartskin-cli --help). Qt options such as -style fusion, -platform "
        "or -reverse are passed on to Qt.",
    )
    parser.add_argument(
        "photos", nargs="*", metavar="PHOTO_OR_FOLDER", help="photos or folders to open"
    )
    parser.add_argument("--version", action="version", version=f"SmartSkin {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="retouch the bundled sample portrait, open it in the window offscreen, then quit "
        "(prints 'self-test OK'; used to check an installation)",
    )
    return parser


#: QApplication's own options that take a value (``-style fusion`` or ``-style=fusion``) ...
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "-style",
        "-stylesheet",
        "-platform",
        "-platformpluginpath",
        "-platformtheme",
        "-plugin",
        "-qwindowgeometry",
        "-qwindowicon",
        "-qwindowtitle",
        "-session",
        "-display",
        "-geometry",
        "-title",
        "-name",
        "-qmljsdebugger",
    }
)
#: ... and those that take none.
QT_FLAGS = frozenset({"-reverse", "-widgetcount", "-nograb", "-dograb", "-sync"})


def split_qt_options(args: list[str]) -> tuple[list[str], list[str]]:
    """``args`` as (SmartSkin's, Qt's): Qt's options and their values are taken out first, so
    ``-style fusion a.jpg`` opens a.jpg in the Fusion style instead of a photo "fusion"."""
    ours: list[str] = []
    qt: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            ours += [arg, *rest]
            break
        name = "-" + arg.split("=", 1)[0].lstrip("-") if arg.startswith("-") else ""
        if name in QT_FLAGS:
            qt.append(arg)
        elif name in QT_OPTIONS_WITH_VALUE:
            qt.append(arg)
            value = None if "=" in arg else next(rest, None)
            if value is not None:
                qt.append(value)
        else:
            ours.append(arg)
    return ours, qt


def parse_command_line(args: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """SmartSkin's options and photos, and the arguments for QApplication (Qt's options and
    any other option SmartSkin does not know)."""
    ours, qt_args = split_qt_options(args)
    options, unknown = build_parser().parse_known_args(ours)
    return options, [*qt_args, *unknown]


def install_file_open_handler(window: MainWindow) -> QObject:
    """Open the photos macOS hands over as QFileOpenEvent ("Open With", drop on the Dock icon).

    The events arrive at the application object, one per file; files of one hand-over are
    opened together. Returns the handler, which the caller keeps alive.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    class FileOpenHandler(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.pending: list[str] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
                return False
            path = event.file() or event.url().toLocalFile()
            if path:
                if not self.pending:
                    QTimer.singleShot(0, self.flush)
                self.pending.append(path)
            return True

        def flush(self) -> None:
            paths, self.pending = self.pending, []
            # A catalog's "Edit In" on macOS arrives this way too: its copy is saved in place.
            open_command_line(window, paths)  # macOS itself brings the app to the front

    handler = FileOpenHandler()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(handler)
    return handler


def open_command_line(window: MainWindow, photos: list[str]) -> None:
    """Open the photos named on the command line; a catalog's editing copy among them
    (Lightroom's ``-Edit.tif``, Capture One's variant) is saved back in place."""
    window.edit_in.open_command_line(photos)


def install_signal_handlers(window: MainWindow) -> QObject:
    """SIGTERM and Ctrl+C (SIGINT) quit the window as Quit does, without questions (every
    edit is in the catalog already), instead of a traceback. Python runs signal handlers
    only between its own bytecodes, so the signal also wakes Qt's event loop through a
    socket (``signal.set_wakeup_fd``). Returns the notifier, which the caller keeps."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    notifier = QSocketNotifier(wake_r.fileno(), QSocketNotifier.Type.Read, window)
    notifier.setProperty("sockets", [wake_r, wake_w])  # kept alive with the notifier

    def drain() -> None:
        try:
            wake_r.recv(64)
        except OSError:
            pass

    def quit_window(signum: int, frame: object) -> None:
        QTimer.singleShot(0, window.quit_now)

    notifier.activated.connect(drain)
    signal.signal(signal.SIGINT, quit_window)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, quit_window)
    return notifier


def hand_over_to_window(window: MainWindow, paths: list[str], reply: Callable[[int], None]) -> None:
    """Photos a later launch handed over: opened here (a catalog's editing copy is saved in
    place), the window brought to the front, the launch told how many photos it holds."""
    window.showNormal()
    window.raise_()
    window.activateWindow()
    if not paths:
        reply(len(window.filmstrip.paths()))
        return

    def opened(_new: int) -> None:
        window.photosOpened.disconnect(opened)
        reply(len(window.filmstrip.paths()))

    window.photosOpened.connect(opened)
    open_command_line(window, paths)


def handed_over_text(given: int, photos: int) -> str:
    if given == 0:
        return "SmartSkin is open already: its window was brought to the front."
    what = "photo" if given == 1 else "photos"
    holds = "" if photos < 0 else f" (its window now has {photos} photo{'s' * (photos != 1)})"
    return f"SmartSkin is open already: it opened the {given} {what} you gave{holds}."


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    options, qt_args = parse_command_line(args)
    if options.self_test:
        from .selftest import run

        return run(options.photos)
    if not _has_display():
        from .core.errors import NoDisplayError

        print(NoDisplayError().message, file=sys.stderr)
        return 1
    _setup_logging()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setApplicationName("SmartSkin")
    QCoreApplication.setOrganizationName("SmartSkin")
    app = QApplication([sys.argv[0], *qt_args])
    from . import instance
    from .core.state import config_dir

    config = config_dir()
    one = instance.claim(config)
    if one is None:
        photos = [str(Path(p).expanduser().resolve()) for p in options.photos]
        held = instance.hand_over(config, photos)
        if held is not None:
            print(handed_over_text(len(photos), held))
            return 0
        one = instance.take_over_stale(config)  # the other one does not answer
    window = create_main_window()
    install_excepthook(window)
    _file_open = install_file_open_handler(window)  # kept alive while the app runs
    _signals = install_signal_handlers(window)
    if one is not None:
        one.received.connect(partial(hand_over_to_window, window))
    window.show()
    if options.photos:
        open_command_line(window, options.photos)
    try:
        return int(app.exec())
    finally:
        workpool.shutdown(wait=False)  # a render still running ends inline, quit does not wait
        if one is not None:
            one.close()
