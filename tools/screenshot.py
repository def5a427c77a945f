"""Take docs/screenshot-main.png from the real app on a display (run under xvfb-run).

Usage: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot.py [OUT_DIR]
Writes screenshot-main.png (a portrait, divider in the middle), and for review
screenshot-compare.png and screenshot-settings.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    import os

    os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-shot-"))
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    _app = QApplication([])  # kept alive for the whole run
    from smartskin_gui.app import create_main_window
    from smartskin_gui.core.params import Params
    from smartskin_gui.ui.dialogs.settings_dialog import SettingsDialog

    w = create_main_window()
    w.resize(1500, 920)
    w.show()
    samples = ROOT / "resources" / "samples"
    done: list[bool] = []
    w.processor.resultReady.connect(lambda *a: a[3] and done.append(True))
    w.open_paths([samples / "grace_hopper.jpg", samples / "astronaut.jpg"])
    while not done:
        wait(50)
    wait(1200)  # thumbnails
    w.split_view.set_split(0.5)
    wait(100)
    w.grab().save(str(out / "screenshot-main.png"))
    w.tabs.setCurrentWidget(w.compare_view)
    w.compare_view.set_variants([Params(0.5, 0.5), Params(1.0, 1.0), Params(1.5, 1.5)])
    wait(3000)
    w.grab().save(str(out / "screenshot-compare.png"))
    dialog = SettingsDialog(w.store, w.settings, w)
    dialog.show()
    wait(300)
    dialog.grab().save(str(out / "screenshot-settings.png"))
    dialog.reject()
    w.close()


if __name__ == "__main__":
    main()
