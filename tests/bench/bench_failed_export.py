"""A cloud export while the service fails every call: how long until the batch is over,
and how many calls it made, with the real retry schedule (1, 2, 4, 8 s plus jitter).

Issue 20: 54 s in the window for a shoot, every photo spending its whole retry schedule.
Now the first photos that fail stop the rest ("Not started: ..."). ``--before`` also runs
the batch with a watch that never stops it (the old behaviour; about a minute more).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from smartskin_gui.core.batch import SaveOptions, run_batch  # noqa: E402
from smartskin_gui.core.cloud import SmartSkinClient  # noqa: E402
from smartskin_gui.core.engine.cloud import CloudEngine  # noqa: E402
from smartskin_gui.core.params import Params  # noqa: E402
from smartskin_gui.emulator.app import DEMO_KEY, EmulatorConfig, Fault  # noqa: E402
from smartskin_gui.emulator.server import EmulatorServer  # noqa: E402
from tests.shoot import make_shoot  # noqa: E402

PHOTOS = 10


class _NeverStops:
    """The old behaviour: every photo its own retries, whatever the ones before found."""

    def check(self) -> None:
        pass

    def give_up(self) -> bool:
        return False

    def succeeded(self) -> None:
        pass

    def failed(self, err: object) -> None:
        pass


def export(url: str, photos: list[Path], out: Path, *, old: bool) -> tuple[float, int]:
    client = SmartSkinClient(DEMO_KEY, url)
    engine = CloudEngine(client)
    if old:
        engine.outage = _NeverStops()  # type: ignore[assignment]
    started = time.perf_counter()
    results = run_batch(photos, engine, Params(), SaveOptions(out), workers=3)
    client.close()
    assert not any(r.ok for r in results)
    return time.perf_counter() - started, sum(r.message.startswith("Not started") for r in results)


def main() -> None:
    logging.disable(logging.WARNING)  # one line per failed call otherwise
    with tempfile.TemporaryDirectory() as tmp, EmulatorServer(config=EmulatorConfig()) as server:
        photos = make_shoot(Path(tmp) / "shoot", PHOTOS)
        runs = [("now", False)] + ([("before", True)] if "--before" in sys.argv else [])
        for label, old in runs:
            server.emulator.add_fault(Fault("error", count=10_000, code="SERVICE_INTERNAL_ERROR"))
            server.emulator.stats["enhance_calls"] = 0
            seconds, skipped = export(server.url, photos, Path(tmp) / "out", old=old)
            server.emulator._faults.clear()
            print(
                f"failed cloud export of {PHOTOS} photos, 3 at a time, every call HTTP 500 "
                f"({label}): {seconds:.1f} s, {server.emulator.stats['enhance_calls']} calls, "
                f"{skipped} not started"
            )
    print("issue 20: 54 s before; goal: the batch stops paying time once the service is down")


if __name__ == "__main__":
    main()
