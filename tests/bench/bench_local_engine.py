"""Local engine speed and memory (issue 5 targets), measured in one run on this machine.

- full resolution 24 MP (6000x4000): target < 1.5 s; also reported as a ratio to one
  cv2.bilateralFilter(d=9) pass over the same image, measured in the same run;
- preview on a 2 MP screen-size image: target < 80 ms per slider move (analysis cached),
  and the first preview of a new photo (analysis included);
- peak RSS for a 45 MP image, in a fresh process: target < 1.5 GB.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from _util import CHILD_RSS, make_photo, run_child
from PIL import Image

from smartskin_gui.core.engine.local import LocalEngine
from smartskin_gui.core.params import Params


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


CHILD_45 = (
    CHILD_RSS
    + """
import sys, time
import numpy as np
from PIL import Image
from smartskin_gui.core.engine.local import LocalEngine
from smartskin_gui.core.params import Params
rgb = np.asarray(Image.open(sys.argv[1]).convert("RGB"))
base = peak_mb()
t = time.perf_counter()
out = LocalEngine().enhance(rgb, Params())
took = time.perf_counter() - t
print(json.dumps({"seconds": took, "peak_mb": peak_mb(), "after_decode_mb": base}))
"""
)


def main() -> None:
    work = Path(tempfile.gettempdir()) / "smartskin-bench"
    work.mkdir(exist_ok=True)
    src24 = make_photo(work / "bench_6000x4000.jpg", 6000, 4000)
    rgb = np.asarray(Image.open(src24).convert("RGB"))

    engine = LocalEngine()
    t = time.perf_counter()
    engine.enhance(rgb, Params())
    first = time.perf_counter() - t
    fresh = best_of(lambda: LocalEngine(engine._finder).enhance(rgb, Params()))
    cached = best_of(lambda: engine.enhance(rgb, Params(0.8, 0.6)))
    bilateral = best_of(lambda: cv2.bilateralFilter(rgb, 9, 40, 9), runs=2)
    print(
        f"local 24 MP full resolution: {fresh:.2f} s new photo (first ever call incl. model "
        f"load {first:.2f} s), {cached:.2f} s re-render on the same photo"
    )
    print(
        f"  one cv2.bilateralFilter(d=9) on the same image: {bilateral:.2f} s -> engine/bilateral "
        f"= {fresh / bilateral:.2f}x (target: engine < 1.5 s)"
    )

    preview = cv2.resize(rgb, (1800, 1200), interpolation=cv2.INTER_AREA)  # ~2.2 MP
    first_preview = best_of(lambda: LocalEngine(engine._finder).enhance(preview, Params()))
    engine.enhance(preview, Params())
    moves = [Params(r, w) for r in (0.2, 0.6, 1.0, 1.4) for w in (0.3, 1.1)]
    per_move = best_of(lambda: [engine.enhance(preview, p) for p in moves]) / len(moves)
    print(
        f"local preview 2.2 MP: {per_move * 1000:.0f} ms per slider move (target < 80 ms), "
        f"{first_preview * 1000:.0f} ms for a new photo's first preview"
    )

    src45 = make_photo(work / "bench_8256x5504.jpg", 8256, 5504)
    r = run_child(CHILD_45, str(src45))
    print(
        f"local 45 MP full resolution: {r['seconds']:.2f} s, peak RSS {r['peak_mb']:.0f} MB "
        f"({r['after_decode_mb']:.0f} MB after decoding) (target < 1500 MB)"
    )


if __name__ == "__main__":
    main()
