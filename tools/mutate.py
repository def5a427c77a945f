"""Mutation check of the processor's and the cloud client's promises: break each one, a
test must fail.

Each promise is marked in the source by a comment, ``# promise: <name>``, on the line of
the code that keeps it; the marker moves with the code, so refactoring never breaks this
tool. What is replaced is found from the syntax tree around the marked line:

- the marker in an ``if``'s condition: the condition;
- the marker on the only (or last) line of a statement: the whole statement;
- the marker on an inner line of a longer statement: the largest expression on that line.

For each breakage the file is patched, the tests named with it run, and the file is
restored. Exit status 1 if any breakage survives (every test still passing) or a marker is
missing, so ``make mutate`` fails. Run from the repository root.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "smartskin_gui"
TESTS = (
    "tests/gui/test_processor.py",
    "tests/unit/test_photo_session.py",
    "tests/gui/test_main_window.py::test_live_drag_renders_previews_and_drops_stale_results",
)
HOSTILE = "tests/integration/test_hostile_server.py"


@dataclass(frozen=True)
class Breakage:
    name: str
    promise: str  # the marker's name
    new: str  # the code put in place of what the marker points at
    tests: tuple[str, ...] = TESTS


BREAKAGES = [
    Breakage("no coalescing: every slider tick starts a render", "coalesce-previews", "False"),
    Breakage(
        "stale previews shown: the preview continuation skips the session check",
        "preview-stale-check",
        "self.resultReady.emit(path, params, image, False, None)",
    ),
    Breakage(
        "stale full results shown: the full-result delivery skips the session check",
        "full-stale-check",
        "shown = True\n"
        "self.resultReady.emit(key.path, key.params, result.screen, True, result.full)",
    ),
    Breakage(
        "the one stale check deleted: the session accepts any result", "one-stale-check", "False"
    ),
    Breakage("cancel does not reach the running render", "cancel-reaches-render", "pass"),
    Breakage(
        "a cancelled render counts as on its way: Save after Cancel waits for nothing",
        "cancelled-is-not-on-its-way",
        "True",
    ),
    Breakage(
        "SaveResult writes the original instead of the result",
        "save-the-result",
        "self.original.rgb",
    ),
    Breakage(
        "a photo replaced on disk gets its old cached result: the key has no file stamp",
        "result-key-stamp",
        "None",
        ("tests/gui/test_processor_files.py",),
    ),
    Breakage(
        "quitting waits for the running render instead of cancelling it",
        "quit-cancels",
        "pass",
        ("tests/gui/test_main_window.py::test_quitting_cancels_and_waits_for_workers",),
    ),
    # The cloud client's promises (the hostile loopback server's tests).
    Breakage(
        "cancel does not reach a call waiting on the service",
        "cancel-reaches-call",
        "step = left",
        (HOSTILE + "::test_cancel_ends_a_call_waiting_on_the_service[credits]",),
    ),
    Breakage(
        "a key shaped like a service code passes as the code",
        "key-never-a-code",
        "_SAFE_CODE.fullmatch(text)",
        (HOSTILE + "::test_an_upper_case_key_echoed_as_the_code_never_leaves",),
    ),
    Breakage(
        "the host urllib3 connects to is not compared with the host checked",
        "same-host",
        "False",
        (HOSTILE + "::test_ambiguous_api_urls_are_refused_everywhere",),
    ),
]


class MarkerError(Exception):
    pass


def find_marker(promise: str) -> tuple[Path, int]:
    """The file and (1-based) line holding ``# promise: <promise>``; exactly one."""
    pattern = re.compile(rf"#\s*promise:\s*{re.escape(promise)}\s*$")
    found = [
        (path, number)
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    if len(found) != 1:
        raise MarkerError(f"`# promise: {promise}` is marked {len(found)} times (needs 1)")
    return found[0]


def _span(node: ast.AST) -> tuple[int, int, int, int]:
    end_line, end_col = node.end_lineno, node.end_col_offset
    assert end_line is not None and end_col is not None
    return node.lineno, node.col_offset, end_line, end_col


def target_of(tree: ast.Module, line: int) -> tuple[tuple[int, int, int, int], bool]:
    """What the marker on ``line`` points at: its span, and whether it is a statement."""
    statements = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.stmt) and n.lineno <= line <= (n.end_lineno or 0)
    ]
    if not statements:
        raise MarkerError(f"no statement on line {line}")
    innermost = max(statements, key=lambda n: (n.lineno, -(n.end_lineno or 0)))
    if isinstance(innermost, ast.If | ast.While) and innermost.test.lineno <= line <= (
        innermost.test.end_lineno or 0
    ):
        return _span(innermost.test), False
    if line in (innermost.lineno, innermost.end_lineno):
        return _span(innermost), True
    on_line = [
        n
        for n in ast.walk(innermost)
        if isinstance(n, ast.expr) and n.lineno == line and n.end_lineno == line
    ]
    if not on_line:
        raise MarkerError(f"no expression on line {line}")
    widest = max(on_line, key=lambda n: (n.end_col_offset or 0) - n.col_offset)
    return _span(widest), False


def broken_source(source: str, line: int, new: str) -> str:
    """``source`` with what the marker on ``line`` points at replaced by ``new``."""
    (l0, c0, l1, c1), statement = target_of(ast.parse(source), line)
    lines = source.splitlines(keepends=True)
    head = lines[l0 - 1].encode("utf-8")[:c0].decode("utf-8")
    tail = lines[l1 - 1].encode("utf-8")[c1:].decode("utf-8")
    if statement:  # keep the statement's indentation on every line of the replacement
        new = textwrap.indent(new, head).lstrip()
    return "".join(lines[: l0 - 1]) + head + new + tail + "".join(lines[l1:])


def failing_tests(output: str) -> list[str]:
    return sorted({line.split(" ")[1] for line in output.splitlines() if line.startswith("FAILED")})


def check(b: Breakage) -> bool:
    """True if the breakage is caught (some test fails)."""
    try:
        path, line = find_marker(b.promise)
        source = path.read_text(encoding="utf-8")
        broken = broken_source(source, line, b.new)
        compile(broken, str(path), "exec")
    except (MarkerError, SyntaxError) as err:
        print(f"? {b.name}: {err} (update tools/mutate.py or the marker)")
        return False
    try:
        path.write_text(broken, encoding="utf-8")
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
