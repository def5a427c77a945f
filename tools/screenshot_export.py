"""Take docs/screenshot-export.png: an export in progress, from the real app on a display.

Usage: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_export.py
A shoot of 24 portraits (the two samples, enlarged, a few with other settings, one broken
file) is opened, two photos are selected, and the export is caught at about a third.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication
from screenshot import ROOT, wait  # tools/screenshot.py: also puts the repository on sys.path


def shoot(folder: Path, count: int) -> None:
    samples = ROOT / "resources" / "samples"
    looks = [Image.open(samples / n).convert("RGB") for n in ("grace_hopper.jpg", "astronaut.jpg")]
    for i in range(count):
        im = looks[i % 2].resize((2400, 2400 if i % 2 else 3000))
        im.save(folder / f"DSC_{4100 + i}.jpg", quality=90)
    (folder / f"DSC_{4100 + count}.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken card read")


def main() -> None:
    os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-shot-"))
    os.environ.setdefault("SMARTSKIN_CACHE_DIR", tempfile.mkdtemp(prefix="smartskin-shot-"))
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    folder = Path(tempfile.mkdtemp(prefix="smartskin-shoot-"))
    shoot(folder, 24)
    _app = QApplication([])  # kept alive for the whole run
    from smartskin_gui.app import create_main_window
    from smartskin_gui.core.batch.naming import ExportOptions

    w = create_main_window()
    w.resize(1400, 880)
    w.show()
    done: list[bool] = []
    w.processor.resultReady.connect(lambda *a: a[3] and done.append(True))
    w.open_paths([folder])
    while not done:
        wait(50)
    wait(2500)  # thumbnails
    w.findChild(object, "retouchSpin").setValue(0.7)  # this photo gentler
    strip = w.filmstrip
    for row in (1, 2):
        strip.selectionModel().select(
            strip.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
        )
    w.photos.sync_selected()
    exported = folder / "export"
    exported.mkdir()
    w.export.start(strip.paths(), ExportOptions(folder=exported))
    while w.batch_bar.done < 8:
        wait(50)
    wait(1200)  # the clock moves on
    w.grab().save(str(out / "screenshot-export.png"))
    w.export.cancel()
    while w.export.running:
        wait(50)
    w.quit_guard.confirmed = True
    w.close()


if __name__ == "__main__":
    main()
