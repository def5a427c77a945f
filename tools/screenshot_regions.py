"""Take docs/screenshot-faces.png and docs/screenshot-brush.png from the real app (run under
xvfb-run): a group photo with its face markers and one face left as it is, and a protect
stroke and an add stroke painted with the brush, their mask shown.

Usage: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_regions.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QEventLoop, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from screenshot import ROOT, wait  # tools/screenshot.py: also puts the repository on sys.path


def wait_for(signal: object, check=lambda *a: True, ms: int = 120000) -> None:
    loop = QEventLoop()

    def on(*args: object) -> None:
        if check(*args):
            loop.quit()

    signal.connect(on)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    signal.disconnect(on)  # type: ignore[attr-defined]


def main() -> None:
    os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-shot-"))
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    _app = QApplication([])
    from smartskin_gui.app import create_main_window
    from smartskin_gui.core.resources import sample_path
    from tests.portraits import group_on_wood

    astronaut = np.asarray(Image.open(sample_path("astronaut.jpg")).convert("RGB"))
    hopper = np.asarray(Image.open(sample_path("grace_hopper.jpg")).convert("RGB"))
    group = Path(tempfile.mkdtemp(prefix="smartskin-shot-")) / "group.jpg"
    Image.fromarray(group_on_wood(astronaut, hopper)[0]).save(group, quality=95)

    w = create_main_window()
    w.resize(1500, 920)
    w.show()
    w.open_paths([group])
    wait_for(w.processor.facesFound)
    wait_for(w.processor.resultReady, lambda *a: a[3])
    w.regions.select_face(2)
    w.regions.face_panel.exclude.setChecked(True)
    wait_for(w.processor.resultReady, lambda *a: a[3])
    w.split_view.set_split(0.35)
    wait(800)  # thumbnails
    w.grab().save(str(out / "screenshot-faces.png"))

    w.regions.select_face(None)
    view, face = w.split_view, w.regions.faces[3]
    view.set_zoom(1.6)
    size = view.item.size
    view.centerOn(QPointF(face.cx * size.width(), face.cy * size.height()))
    w.regions.brush_panel.button.setChecked(True)
    w.regions.brush_panel.overlay.setChecked(True)
    w.regions.brush_panel.size_slider.setValue(40)

    def at(x: float, y: float):
        return view.mapFromScene(QPointF(x * size.width(), y * size.height()))

    port = view.viewport()

    def paint(points: list[tuple[float, float]]) -> None:
        QTest.mousePress(
            port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[0])
        )
        for point in points[1:]:
            QTest.mouseMove(port, at(*point))
        QTest.mouseRelease(
            port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[-1])
        )
        wait_for(w.processor.resultReady, lambda *a: a[3])

    # Protect across the cheeks; "add" on the wall beside the face (a stand-in for skin
    # the engine left out: it is brightened like skin under the green).
    paint(
        [
            (face.cx - face.size * 0.25 + face.size * 0.5 * t / 10, face.cy + face.size * 0.15)
            for t in range(11)
        ]
    )
    w.regions.brush_panel.add_radio.setChecked(True)
    paint(
        [(face.cx + face.size * 0.75, face.cy - face.size * (0.3 - 0.6 * t / 8)) for t in range(9)]
    )
    view.set_split(0.0)
    wait(300)
    w.grab().save(str(out / "screenshot-brush.png"))
    w.quit_guard.confirmed = True
    w.close()


if __name__ == "__main__":
    main()
