"""Export in the window (issue 10): 30 photos, 3 of them broken, local engine, all at once;
the longest event-loop stall while the export runs (target < 50 ms) and its duration; then
the same export again, cancelled after its fifth photo: the time from Cancel to the end of
the batch (target < 1 s).
Runs offscreen unless a DISPLAY is set (e.g. under xvfb-run).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-bench-"))
os.environ.setdefault("SMARTSKIN_CACHE_DIR", tempfile.mkdtemp(prefix="smartskin-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_gui import StallMeter, wait_for
from gui_probe import GuiProbe
from PySide6.QtWidgets import QApplication

from smartskin_gui.app import create_main_window
from smartskin_gui.core.batch.naming import ExportOptions
from tests.shoot import make_shoot


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="smartskin-bench-export-"))
    make_shoot(work / "shoot", 30, broken=3, side=1024)
    out = work / "out"
    out.mkdir()
    app = QApplication.instance() or QApplication([])
    window = create_main_window()
    window.resize(1500, 950)
    window.show()
    app.processEvents()
    window.open_paths([work / "shoot"])
    wait_for(window.photosOpened)
    wait_for(window.processor.resultReady, lambda *a: a[3])  # the first photo shown
    meter = StallMeter()
    meter.start()
    probe = GuiProbe()
    probe.start()
    t0 = time.perf_counter()
    window.export.start(window.filmstrip.paths(), ExportOptions(folder=out))
    ended = wait_for(window.export.finished, timeout_ms=600000)
    probe.report()
    meter.timer.stop()
    written = len(list(out.iterdir()))
    print(
        f"GUI export of 30 photos (1024 px, 3 broken): {written} written in "
        f"{ended - t0:.1f} s; longest event-loop stall {1000 * meter.worst:.0f} ms "
        "(target < 50 ms)"
    )
    again = work / "again"
    again.mkdir()
    clicked: list[float] = []

    def cancel_after_five(result: object) -> None:
        if not clicked and sum(1 for _ in again.iterdir()) >= 5:
            clicked.append(time.perf_counter())
            window.export.cancel()

    window.export.photoEnded.connect(cancel_after_five)
    window.export.start(window.filmstrip.paths(), ExportOptions(folder=again))
    stopped = wait_for(window.export.finished, timeout_ms=600000)
    window.quit_guard.confirmed = True
    window.close()
    print(
        f"Cancel after the fifth photo: the batch ended {1000 * (stopped - clicked[0]):.0f} ms "
        f"after the click, {len(list(again.iterdir()))} written (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
