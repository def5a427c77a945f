"""The catalog with a 3,000-photo shoot (issue 20): what the GUI thread spends on it, how
long one edit takes to be in the file, and the longest GUI stall while editing in the
window; plus the paid-result disk cache. Targets: GUI-thread steps well under 16 ms, an
edit committed within a second, no stall over 16 ms while editing.
Runs offscreen unless a DISPLAY is set (e.g. under xvfb-run).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_gui import StallMeter, wait_for
from gui_probe import GuiProbe
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDoubleSpinBox

from smartskin_gui.app import create_main_window
from smartskin_gui.core.cloud.paid_cache import DiskCache, content_hash
from smartskin_gui.core.params import Params
from smartskin_gui.core.state import Catalog, PhotoEdits
from tests.shoot import make_shoot

PHOTOS = 3000


def ms(step: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        step()
    return (time.perf_counter() - start) * 1000 / repeat


def catalog_figures(root: Path) -> None:
    keys = [str(root / f"IMG_{i:04d}.jpg") for i in range(PHOTOS)]
    catalog = Catalog(root / "cfg")
    chunk = ms(lambda: catalog.open_photos(keys[:200]))
    catalog.open_photos(keys)
    for key in keys:
        catalog.set_params(key, Params(0.8, 0.6))
    catalog.flush()
    edit = ms(lambda: catalog.set_params(keys[7], Params(0.5, 0.4)))
    latencies = []
    for i in range(20):
        start = time.perf_counter()
        catalog.set_params(keys[i], Params(round(i / 20, 2), 0.3))
        catalog.flush()
        latencies.append((time.perf_counter() - start) * 1000)
    synced = PhotoEdits(Params(0.3, 0.3), edited=True)
    sync = ms(lambda: catalog.apply(dict.fromkeys(keys, synced)))
    start = time.perf_counter()
    catalog.flush()
    sync_commit = (time.perf_counter() - start) * 1000
    catalog.close()
    load = ms(lambda: Catalog(root / "cfg").close())
    print(
        f"catalog, GUI thread: open 200 photos {chunk:.1f} ms; one edit {edit:.2f} ms; "
        f"sync to all {PHOTOS} {sync:.1f} ms"
    )
    print(
        f"catalog: one edit in the file after {statistics.median(latencies):.1f} ms "
        f"(median of 20; worst {max(latencies):.1f} ms; target < 1000 ms); "
        f"sync to all {PHOTOS} committed {sync_commit:.0f} ms later (writer thread)"
    )
    print(f"catalog: start with {PHOTOS} photos (open, check, read) {load:.0f} ms")


def stall_while_editing(root: Path) -> None:
    make_shoot(root / "shoot", PHOTOS, side=160)
    app = QApplication.instance() or QApplication([])
    window = create_main_window()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.open_paths([root / "shoot"])
    wait_for(window.photosOpened, timeout_ms=600000)
    wait_for(window.processor.resultReady, lambda *a: a[3])
    spin = window.findChild(QDoubleSpinBox, "retouchSpin")
    strip = window.filmstrip
    meter = StallMeter()
    meter.start()
    probe = GuiProbe()
    probe.start()
    loop = QEventLoop()
    steps = iter(range(60))

    def next_edit() -> None:
        i = next(steps, None)
        if i is None:
            loop.quit()
            return
        if i % 10 == 0:  # now and then another photo, as a photographer does
            strip.setCurrentRow((i * 37) % PHOTOS)
        spin.setValue(round((i % 15) / 10, 2))
        QTimer.singleShot(60, next_edit)

    QTimer.singleShot(0, next_edit)
    loop.exec()
    probe.report()
    meter.timer.stop()
    window.catalog.flush()
    window.quit_guard.confirmed = True
    window.close()
    print(
        f"window with {PHOTOS} photos: longest GUI stall while editing (60 edits, 6 photo "
        f"switches) {1000 * meter.worst:.0f} ms (target < 16 ms)"
    )


def cache_figures(root: Path) -> None:
    cache = DiskCache(root / "cache")
    data = os.urandom(2_000_000)
    keys = [DiskCache.key(str(i), "cloud", Params(), "https://x") for i in range(20)]
    put = ms(lambda: [cache.put(k, data) for k in keys]) / len(keys)
    get = ms(lambda: [cache.get(k) for k in keys]) / len(keys)
    print(f"disk cache: put 2 MB {put:.1f} ms, get 2 MB {get:.1f} ms")
    big = root / "big.jpg"
    big.write_bytes(os.urandom(12_000_000))
    print(f"content hash of a 12 MB photo: {ms(lambda: content_hash(big), 3):.1f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog_figures(root)
        cache_figures(root)
        stall_while_editing(root)


if __name__ == "__main__":
    main()
