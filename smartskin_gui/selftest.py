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
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path


def _say(line: str) -> None:
    print(line)
    report = os.environ.get("SMARTSKIN_SELFTEST_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def run() -> int:
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
        return _gui(jpeg)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _gui(photo: Path) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from . import __version__
    from .ui.widgets.theme import apply_theme
    from .ui.window.main_window import MainWindow

    platform = [] if os.environ.get("QT_QPA_PLATFORM") else ["-platform", "offscreen"]
    app = QApplication.instance() or QApplication(["smartskin", *platform])
    platform_name = QApplication.platformName()
    if isinstance(app, QApplication):
        apply_theme(app)
    window = MainWindow()
    screenshot = os.environ.get("SMARTSKIN_SELFTEST_SCREENSHOT")
    if screenshot:
        window.resize(1400, 880)
        window.show()
    done: list[bool] = []
    loop = QEventLoop()

    def on_result(_path: object, _params: object, _image: object, full: bool, *_: object) -> None:
        if full:
            done.append(True)
            loop.quit()

    window.processor.resultReady.connect(on_result)
    window.processor.failed.connect(lambda *a: loop.quit())
    window.open_paths([photo])
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
        _say("self-test FAILED: the window produced no result")
        return 1
    _say(
        f"self-test OK (SmartSkin {__version__}, Qt platform {platform_name}, "
        f"{elapsed:.1f} s in the window)"
    )
    return 0
