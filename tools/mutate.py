"""Mutation check of the processor's and the cloud client's promises: break each one, a
test must fail.

Each breakage is a one-line edit of the source. For each, the file is patched, the fast
tests named with it run, and the file is restored. Exit status 1 if any breakage survives
(every test still passing), so ``make mutate`` fails. Run from the repository root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "tests/gui/test_processor.py",
    "tests/unit/test_photo_session.py",
    "tests/gui/test_main_window.py::test_live_drag_renders_previews_and_drops_stale_results",
]
HOSTILE = "tests/integration/test_hostile_server.py"


@dataclass(frozen=True)
class Breakage:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...] = tuple(TESTS)


BREAKAGES = [
    Breakage(
        "no coalescing: every slider tick starts a render",
        "smartskin_gui/workers/scheduler.py",
        "        if self.in_flight:\n",
        "        if False:\n",
    ),
    Breakage(
        "stale previews shown: the preview continuation skips the session check",
        "smartskin_gui/workers/processor.py",
        '        self._show(path, params, "local", image, None)\n',
        "        self.resultReady.emit(path, params, image, False, None)\n",
    ),
    Breakage(
        "stale full results shown: the full-result delivery skips the session check",
        "smartskin_gui/workers/processor.py",
        "        if self._show(path, params, engine, result.screen, result.full):\n",
        "        self.resultReady.emit(path, params, result.screen, True, result.full)\n"
        "        if True:\n",
    ),
    Breakage(
        "the one stale check deleted: the session accepts any result",
        "smartskin_gui/core/state/session.py",
        '        if not self.is_current(path, params) or engine not in ("local", self.engine):\n',
        "        if False:\n",
    ),
    Breakage(
        "cancel does not reach the running render",
        "smartskin_gui/workers/processor.py",
        "        self.runner.cancel(keep=lambda job: not job.cancellable)\n",
        "        pass\n",
    ),
    Breakage(
        "a cancelled render counts as on its way: Save after Cancel waits for nothing",
        "smartskin_gui/workers/processor.py",
        "            isinstance(j, RenderFull) and j.key == key and not j.cancel_event.is_set()\n",
        "            isinstance(j, RenderFull) and j.key == key\n",
    ),
    Breakage(
        "SaveResult writes the original instead of the result",
        "smartskin_gui/workers/photo_jobs.py",
        "            self.pixels,\n            self.target,\n",
        "            self.original.rgb,\n            self.target,\n",
    ),
    Breakage(
        "a photo replaced on disk gets its old cached result: the key has no file stamp",
        "smartskin_gui/core/state/session.py",
        "            self.stamp,\n",
        "            None,\n",
        ("tests/gui/test_processor_files.py",),
    ),
    Breakage(
        "quitting waits for the running render instead of cancelling it",
        "smartskin_gui/workers/jobs.py",
        "        self.closed = True\n        self.cancel()\n",
        "        self.closed = True\n",
        ("tests/gui/test_main_window.py::test_quitting_cancels_and_waits_for_workers",),
    ),
    # The cloud client's promises (the hostile loopback server's tests).
    Breakage(
        "cancel does not reach a call waiting on the service",
        "smartskin_gui/core/cloud/transport.py",
        "            step = left if self._cancel is None else min(self.STEP, left)\n",
        "            step = left\n",
        (HOSTILE + "::test_cancel_ends_a_call_waiting_on_the_service[credits]",),
    ),
    Breakage(
        "a key shaped like a service code passes as the code",
        "smartskin_gui/core/cloud/answers.py",
        "    if _SAFE_CODE.fullmatch(text) and not (secret and secret in text):\n",
        "    if _SAFE_CODE.fullmatch(text):\n",
        (HOSTILE + "::test_an_upper_case_key_echoed_as_the_code_never_leaves",),
    ),
    Breakage(
        "the host urllib3 connects to is not compared with the host checked",
        "smartskin_gui/core/cloud/urlpolicy.py",
        '    if (theirs or "").strip("[]").lower() != parts.hostname.lower():\n',
        "    if False:\n",
        (HOSTILE + "::test_ambiguous_api_urls_are_refused_everywhere",),
    ),
]


def failing_tests(output: str) -> list[str]:
    return sorted({line.split(" ")[1] for line in output.splitlines() if line.startswith("FAILED")})


def check(b: Breakage) -> bool:
    """True if the breakage is caught (some test fails)."""
    path = ROOT / b.path
    source = path.read_text(encoding="utf-8")
    if source.count(b.old) != 1:
        print(f"? {b.name}: the code to break is not in {b.path} (update tools/mutate.py)")
        return False
    try:
        path.write_text(source.replace(b.old, b.new), encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *b.tests],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        path.write_text(source, encoding="utf-8")
    caught = run.returncode != 0
    mark = "caught" if caught else "SURVIVED"
    print(f"{mark}: {b.name}")
    for test in failing_tests(run.stdout):
        print(f"    fails {test}")
    return caught


def main() -> int:
    results = [check(b) for b in BREAKAGES]
    print(f"{sum(results)} of {len(results)} breakages caught")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
