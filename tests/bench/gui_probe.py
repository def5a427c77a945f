"""What the GUI thread does during a bench scenario (a diagnostic, not a figure).

``SMARTSKIN_PROBE=1`` makes the GUI benches print, after their figures:

- each event-loop gap over 20 ms with the GUI thread's own CPU time in it and, on Linux,
  its time waiting for a core (``/proc/thread-self/schedstat``): a gap with little of
  either is the thread asleep waiting for the GIL; and the Python garbage collections that
  ran in it;
- ``SMARTSKIN_PROBE=profile``: also a cProfile of the GUI thread only (cProfile hooks the
  thread that enables it), the functions with the most time of their own.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import time
from typing import Any

from PySide6.QtCore import QTimer

MODE = os.environ.get("SMARTSKIN_PROBE", "")
GAP_S = float(os.environ.get("SMARTSKIN_PROBE_GAP_MS", "20")) / 1000


class GuiProbe:
    def __init__(self) -> None:
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.last = self._now()
        self.gaps: list[tuple[float, float, float, list[tuple[int, float]]]] = []
        self.collections: list[tuple[int, float]] = []  # generation, ms (all threads)
        self._gc_start: dict[str, float] = {}
        self.profile = cProfile.Profile() if MODE == "profile" else None

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_start["t"] = time.perf_counter()
        elif "t" in self._gc_start:
            ms = 1000 * (time.perf_counter() - self._gc_start.pop("t"))
            self.collections.append((int(info["generation"]), ms))

    @staticmethod
    def _now() -> tuple[float, float, float]:
        """Wall time, the GUI thread's CPU time, its time runnable but waiting for a core."""
        try:
            with open("/proc/thread-self/schedstat") as f:
                waited = int(f.read().split()[1]) / 1e9
        except OSError:
            waited = 0.0
        return time.perf_counter(), time.thread_time(), waited

    def _tick(self) -> None:
        now = self._now()
        if now[0] - self.last[0] > GAP_S:
            d = [a - b for a, b in zip(now, self.last, strict=True)]
            self.gaps.append((d[0], d[1], d[2], self.collections))
            self.collections = []
        self.last = now

    def start(self) -> None:
        if not MODE:
            return
        gc.callbacks.append(self._gc)
        self.last = self._now()
        self.timer.start()
        if self.profile is not None:
            self.profile.enable()

    def report(self) -> None:
        if not MODE:
            return
        if self.profile is not None:
            self.profile.disable()
        self.timer.stop()
        gc.callbacks.remove(self._gc)
        print(
            f"probe: {len(self.gaps)} gaps over {1000 * GAP_S:.0f} ms "
            "(wall ms / GUI CPU ms / waiting for a core ms, slow GCs)"
        )
        gil = [w - c - q for w, c, q, _ in self.gaps]
        print(
            f"  over 50 ms: {sum(w > 0.05 for w, *_ in self.gaps)}; neither running nor "
            f"waiting for a core (the GIL) over 20 ms: {sum(g > 0.02 for g in gil)}, "
            f"worst {1000 * max(gil, default=0):.0f} ms"
        )
        for wall, cpu, waited, gcs in sorted(self.gaps, reverse=True)[:12]:
            slow = [f"gen{g} {ms:.0f}ms" for g, ms in gcs if ms > 2]
            ms = f"{1000 * wall:5.0f} / {1000 * cpu:5.0f} / {1000 * waited:5.0f}"
            print(f"  {ms}  {' '.join(slow)}")
        if self.profile is not None:
            out = io.StringIO()
            stats = pstats.Stats(self.profile, stream=out)
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(30)
            print(out.getvalue())
