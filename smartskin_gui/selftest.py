"""`smartskin --self-test`: prove an installed or frozen build works, then quit.

Loads the bundled portrait as JPEG and PNG, retouches both with the local engine, saves
and re-reads the results, then opens the main window and waits for a result: offscreen,
or on the platform QT_QPA_PLATFORM names (the release smoke test uses xcb under Xvfb, so
the X libraries the window needs are proven present). Prints "self-test OK (...)" with the
version and Qt platform and returns 0, or prints what failed and returns 1.
With SMARTSKIN_SELFTEST_SCREENSHOT=out.png the window is also shown and saved there once
the photo is retouched (`make package-smoke` takes docs/screenshot-frozen.png this way).
With SMARTSKIN_SELFTEST_REPORT=file the lines are written there too: a windowed Windows
app has no stdout.
With photos (`smartskin --self-test PHOTO...`), the window opens them the way a start from
"Open with" does (the command line, through the same code as `smartskin PHOTO`) instead of
the sample, waits for the first one's result and prints "opened NAME (W x H)": the
installer test proves a path handed over by Windows (spaces, non-ASCII letters) arrives.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any


def _say(line: str) -> None:
    print(line)
    report = os.environ.get("SMARTSKIN_SELFTEST_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def run(photos: list[str] | None = None) -> int:
    missing = [p for p in photos or [] if not Path(p).is_file()]
    if missing:
        _say(f"self-test FAILED: no photo at {missing[0]}")
        return 1
    os.environ.setdefault("SMARTSKIN_CONFIG_DIR", tempfile.mkdtemp(prefix="smartskin-selftest-"))
    from PIL import Image

    from .core.batch import enhance_file
    from .core.engine import local_engine
    from .core.io import load_photo
    from .core.params import Params
    from .core.resources import sample_path

    work = Path(tempfile.mkdtemp(prefix="smartskin-selftest-"))
    try:
        jpeg = work / "portrait.jpg"
        shutil.copyfile(sample_path("astronaut.jpg"), jpeg)
        png = work / "portrait.png"
        Image.open(jpeg).save(png)
        for src in (jpeg, png):
            job = enhance_file(src, local_engine(), Params())
            if not job.ok or job.output is None:
                _say(f"self-test FAILED on {src.name}: {job.message}")
                return 1
            if load_photo(job.output).size != load_photo(src).size:
                _say(f"self-test FAILED: {job.output.name} has the wrong size")
                return 1
        return _gui(jpeg, photos or [])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _gui(sample: Path, photos: list[str]) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from . import __version__
    from .ui.widgets.theme import ensure_theme
    from .ui.window.main_window import MainWindow

    platform = [] if os.environ.get("QT_QPA_PLATFORM") else ["-platform", "offscreen"]
    app = QApplication.instance() or QApplication(["smartskin", *platform])
    platform_name = QApplication.platformName()
    if isinstance(app, QApplication):
        ensure_theme(app)
    window = MainWindow()
    screenshot = os.environ.get("SMARTSKIN_SELFTEST_SCREENSHOT")
    if screenshot:
        window.resize(1400, 880)
        window.show()
    done: list[str] = []
    failures: list[str] = []
    loop = QEventLoop()
    wanted = os.path.normcase(os.path.abspath(photos[0])) if photos else None

    def on_result(path: str, _params: object, _screen: object, is_full: bool, full: Any) -> None:
        if is_full and (wanted is None or os.path.normcase(os.path.abspath(path)) == wanted):
            done.append(f"{Path(path).name} ({full.width()} x {full.height()})")
            loop.quit()

    def on_failed(*args: object) -> None:
        failures.append(": ".join(str(a) for a in args if a))
        loop.quit()

    window.processor.resultReady.connect(on_result)
    window.processor.failed.connect(on_failed)
    window.processor.photoFailed.connect(on_failed)
    if photos:
        # what `smartskin PHOTO` (and so "Open with") does: app.open_command_line
        window.edit_in.open_command_line(photos)
    else:
        window.open_paths([sample])
    QTimer.singleShot(60000, loop.quit)
    started = time.monotonic()
    loop.exec()
    elapsed = time.monotonic() - started
    if screenshot and done:
        QTimer.singleShot(1500, loop.quit)  # thumbnails and the last repaint
        loop.exec()
        window.grab().save(screenshot)
    window.close()
    del app
    if not done:
        _say(f"self-test FAILED: the window produced no result {failures or ''}".rstrip())
        return 1
    if photos:
        _say(f"opened {done[0]}")
    _say(
        f"self-test OK (SmartSkin {__version__}, Qt platform {platform_name}, "
        f"{elapsed:.1f} s in the window)"
    )
    return 0
