"""A SmartSkin window in a child process, driven as a photographer would, for tests that
kill or signal the process: ``python -m tests.drive_window PHOTO RETOUCH WHITENING [--save]``.

It opens PHOTO, types the two strengths into the spin boxes (optionally saves with Ctrl+S
and changes the retouch once more), waits until the catalog has the edits, prints
``EDITED`` and then runs the event loop like the app (SIGTERM and Ctrl+C quit it as
Quit does). On a clean exit it prints ``CLOSED``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDoubleSpinBox

from smartskin_gui.app import create_main_window, install_signal_handlers


def wait(signal: object, timeout_ms: int = 60000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def main() -> int:
    photo, retouch, whitening = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    app = QApplication([sys.argv[0]])
    window = create_main_window()
    _signals = install_signal_handlers(window)
    window.show()
    window.open_paths([photo])
    wait(window.processor.originalReady)
    window.findChild(QDoubleSpinBox, "retouchSpin").setValue(retouch)
    window.findChild(QDoubleSpinBox, "whiteningSpin").setValue(whitening)
    if "--save" in sys.argv:
        window.save_action.trigger()
        wait(window.processor.resultSaved)
        window.findChild(QDoubleSpinBox, "retouchSpin").setValue(retouch / 2)
    if not window.catalog.flush():
        print("NOT WRITTEN", flush=True)
        return 1
    print("EDITED", flush=True)
    code = app.exec()
    print("CLOSED", flush=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
