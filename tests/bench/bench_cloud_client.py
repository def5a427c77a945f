"""Cloud client overhead: prep + upload + download + full-res merge + save, against a
zero-latency emulator (echo mode, separate process), for 24 MP and 45 MP JPEGs.

Targets (issue 3): overhead under 1.5 s for 24 MP; peak RSS under 1.5 GB for 45 MP.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _util import CHILD_RSS, make_photo, run_child

CHILD = (
    CHILD_RSS
    + """
import sys, time
from pathlib import Path
from smartskin_gui.core.cloud import SmartSkinClient
from smartskin_gui.core.engine.cloud import CloudEngine
from smartskin_gui.core.params import Params
from smartskin_gui.core.batch import SaveOptions, enhance_file
url, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
engine = CloudEngine(SmartSkinClient("demo-key", url))
times = []
for i in range(3):
    t = time.perf_counter()
    job = enhance_file(src, engine, Params(), SaveOptions(out, overwrite=True))
    times.append(time.perf_counter() - t)
    assert job.ok, job.message
print(json.dumps({"best_s": min(times), "runs_s": times, "peak_mb": peak_mb(),
                  "notes": job.notes}))
"""
)


def main() -> None:
    work = Path(tempfile.gettempdir()) / "smartskin-bench"
    work.mkdir(exist_ok=True)
    emu = subprocess.Popen(
        [sys.executable, "-m", "smartskin_gui.cli", "emulator", "--port", "0", "--echo"],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = emu.stdout.readline().split()[-1]
    try:
        for label, (w, h) in {"24 MP": (6000, 4000), "45 MP": (8256, 5504)}.items():
            src = make_photo(work / f"bench_{w}x{h}.jpg", w, h)
            r = run_child(CHILD, url, str(src), str(work))
            print(
                f"cloud client {label} ({w}x{h}): overhead {r['best_s']:.2f} s "
                f"(runs {', '.join(f'{t:.2f}' for t in r['runs_s'])}), "
                f"peak RSS {r['peak_mb']:.0f} MB; {'; '.join(r['notes'])}"
            )
    finally:
        emu.terminate()
        emu.wait()
    print("targets: 24 MP overhead < 1.5 s, 45 MP peak RSS < 1500 MB")
    json.dumps({})


if __name__ == "__main__":
    main()
