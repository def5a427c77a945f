"""smartskin-cli: batch enhance, the local emulator, credits, and a demo.

Exit codes: 0 all succeeded, 1 any input failed, 2 usage or configuration error, 130
cancelled with Ctrl+C. Progress goes to stderr; ``--json`` prints one JSON object per input
per line on stdout.

Ctrl+C during ``enhance`` cancels the batch: no new photo starts, those under way stop at
their next step, one line says so, and the exit code is 130. A second Ctrl+C ends the
process at once (also 130): results are written atomically, so at worst a temp file stays,
which the next save into that folder sweeps. Neither prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from .core.engine_info import ENGINES, LOCAL, engine_info
from .core.errors import (
    CancelledError,
    ConfigError,
    DemoFolderError,
    MissingKeyError,
    ParameterError,
    SmartSkinError,
)
from .core.params import DEFAULT_STRENGTH, Params

if TYPE_CHECKING:
    from .core.batch import PhotoResult
    from .core.state import SettingsStore

# The rest of the program (engines, batches, files: numpy, OpenCV, Pillow) is imported by
# the commands that need it, once the arguments are read: an ``enhance`` has its first
# photo decoded meanwhile, on another core (core/io/ahead.py).

T = TypeVar("T")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_CANCELLED = 128 + 2  # as a shell reports a process ended by SIGINT
CANCEL_NOTE = (
    "smartskin-cli: cancelled: no new photo starts, and those under way stop at their next "
    "step. Press Ctrl+C again to stop at once."
)
STOP_NOTE = "smartskin-cli: stopped."


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"smartskin-cli: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _dash_paths_as_paths(
    parser: argparse.ArgumentParser, argv: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Existing files and folders whose name starts with ``-`` as ``./-name``, not options;
    and the arguments left that look like options but are none (for the usage message)."""
    known = {o for a in parser._actions for o in a.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                known |= {o for a in sub._actions for o in a.option_strings}
    out: list[str] = []
    strangers: list[str] = []
    for arg in argv:
        if "--" in out or not arg.startswith("-") or arg.split("=", 1)[0] in known:
            out.append(arg)
        elif Path(arg).exists():
            out.append(f".{os.sep}{arg}")
        else:
            out.append(arg)
            if not arg[1:].replace(".", "", 1).isdigit():  # -0.5 is a value, not a stranger
                strangers.append(arg)
    return out, strangers


def _port(text: str) -> int:
    """A TCP port for argparse: 0 to 65535 (0 lets the system pick a free one)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"the port must be a number from 0 to 65535, not {text}")
    return port


class _Version(argparse.Action):
    """``--version``: the version is looked up (package metadata) only when asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from . import __version__

        print(f"SmartSkin {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="smartskin-cli", description="SmartSkin portrait skin retouching.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    enh = sub.add_parser("enhance", help="retouch photos (files or folders)")
    enh.add_argument("paths", nargs="+", metavar="PATH")
    enh.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="write results here instead of next to each input",
    )
    enh.add_argument(
        "--retouch", default=DEFAULT_STRENGTH, metavar="F", help="skin smoothing, 0 to 1.5 (1.0)"
    )
    enh.add_argument(
        "--whitening",
        default=DEFAULT_STRENGTH,
        metavar="F",
        help="skin brightening, 0 to 1.5 (1.0)",
    )
    enh.add_argument("--engine", choices=ENGINES, help="local (offline) or cloud (AILabTools)")
    enh.add_argument("--api-url", metavar="URL", help="cloud service base URL")
    enh.add_argument("--json", action="store_true", help="one JSON object per input on stdout")
    enh.add_argument(
        "--max-credits",
        type=int,
        metavar="N",
        help="cloud: stop before spending more than N credits (5 a photo); "
        "photos not done then fail with code CREDIT_LIMIT",
    )
    enh.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="photos worked on at once (default: 3 for the cloud, one per core for local)",
    )
    enh.add_argument(
        "--overwrite",
        action="store_true",
        help="replace existing results (inputs are never overwritten)",
    )

    emu = sub.add_parser("emulator", help="serve the local emulator of the cloud endpoint")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=_port, default=8765, help="0 to 65535 (0: any free port)")
    emu.add_argument(
        "--key",
        action="append",
        metavar="KEY",
        help="an API key to accept (repeatable; default: demo-key)",
    )
    emu.add_argument("--ttl", type=float, default=24 * 3600, help="result URL lifetime, seconds")
    emu.add_argument("--latency", type=float, default=0.0, help="seconds added per call")
    emu.add_argument("--credits", type=int, default=1000)
    emu.add_argument("--echo", action="store_true", help="return uploads unprocessed (benchmarks)")

    cred = sub.add_parser("credits", help="show the remaining credits of the API key")
    cred.add_argument("--api-url", metavar="URL")
    cred.add_argument("--json", action="store_true")

    sub.add_parser("demo", help="retouch the bundled sample portrait with the local engine")
    return parser


def _progress_printer(prefix: str) -> Callable[[float, str], None]:
    last: dict[str, str] = {"message": ""}

    def report(fraction: float, message: str) -> None:
        if message != last["message"]:
            last["message"] = message
            # A step under way reads "Mapping skin…"; a step ended ("Done") has no "…".
            ended = fraction >= 1.0 or message.lower().endswith("done")
            print(f"{prefix} {message}{'' if ended else '…'}", file=sys.stderr, flush=True)

    return report


def _write_now(text: str) -> None:
    """A line to stderr from a signal handler: unbuffered, so it never re-enters a print."""
    with contextlib.suppress(OSError):
        os.write(2, (text + "\n").encode())


def _exit_now(code: int) -> None:
    """End the process with ``code`` at once, its output flushed first, without the
    interpreter's teardown."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader that went away: nothing to flush
            stream.flush()
    os._exit(code)


def _end_process(code: int) -> None:
    """End this command-line process now that every file is written and closed and its
    threads are joined (taking apart every module and array of a 24 MP run costs some
    20 ms for nothing)."""
    logging.shutdown()
    _exit_now(code)


def _stop_now(signum: int, frame: FrameType | None) -> None:
    """The second Ctrl+C: end the process now, with no traceback and no interpreter
    shutdown racing the worker threads."""
    _write_now(STOP_NOTE)
    _exit_now(EXIT_CANCELLED)


@contextlib.contextmanager
def _ctrl_c_cancels(stop: threading.Event) -> Iterator[None]:
    """While in this block, Ctrl+C (SIGINT) sets ``stop`` and says so once; a second one ends
    the process at once. Only the main thread can install a handler: elsewhere Ctrl+C stays
    Python's (a KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def cancel(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            _stop_now(signum, frame)
        stop.set()
        _write_now(CANCEL_NOTE)

    previous = signal.signal(signal.SIGINT, cancel)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_in_background(work: Callable[[], T]) -> T:
    """``work()`` on a helper thread, while this (main) thread waits and can run the Ctrl+C
    handler. A signal sent to the process may be delivered to any thread that does not
    block it, and the main thread blocked on a lock never sees it: so SIGINT is blocked in
    the helper thread and in every thread it starts (they inherit it), where the system
    allows; elsewhere the main thread looks for it between short waits."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # raised again on the main thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="smartskin-batch")
    mask = getattr(signal, "pthread_sigmask", None)
    old = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        thread.start()
    finally:
        if mask and old is not None:
            mask(signal.SIG_SETMASK, old)
    while thread.is_alive():
        thread.join(0.25)
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def cmd_enhance(args: argparse.Namespace, store: SettingsStore) -> int:
    from .core import workpool
    from .core.engine import close_clients

    stop = threading.Event()
    with _ctrl_c_cancels(stop):
        try:
            return _enhance(args, store, stop)
        finally:
            # The batch's pool is joined: then the engine's threads, the client's connections.
            workpool.shutdown()
            close_clients()


def _enhance(args: argparse.Namespace, store: SettingsStore, stop: threading.Event) -> int:
    from .core.batch import SaveOptions, expand_inputs, run_batch
    from .core.cloud import CreditMeter
    from .core.engine import make_engine, resolve_api_url
    from .core.io import OutputChoices

    settings = store.load()
    # The service's defaults unless given: never the window's last slider position.
    params = Params.parse(args.retouch, args.whitening)
    engine_name = args.engine or store.effective_engine(settings)
    if args.api_url:
        resolve_api_url(settings, args.api_url)  # validate even for the local engine
    if args.max_credits is not None and args.max_credits < 0:
        raise ParameterError("--max-credits must be 0 or more.")
    if args.jobs is not None and not 1 <= args.jobs <= 64:
        raise ParameterError("--jobs must be from 1 to 64.")
    meter = CreditMeter(args.max_credits)
    # Each photo is retouched once: nothing is kept to be found again.
    engine = make_engine(engine_name, store, settings, args.api_url, meter=meter, once=True)
    if args.output_dir:
        try:
            args.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"Cannot create the output folder “{args.output_dir}”: {exc.strerror}."
            ) from None
    inputs = list(expand_inputs(args.paths))
    if not inputs:
        print("smartskin-cli: no supported photos found in the given paths.", file=sys.stderr)
        return EXIT_FAILED

    def prefix(index: int) -> str:
        return f"[{index + 1}/{len(inputs)}] {inputs[index].name}:"

    printers = [_progress_printer(prefix(i)) for i in range(len(inputs))]

    ended: dict[int, PhotoResult] = {}
    printed = [0]  # JSON lines go out in input order, as soon as the next one is there
    lock = threading.Lock()

    def report(index: int, job: PhotoResult) -> None:
        with lock:
            ended[index] = job
            while args.json and printed[0] in ended:
                line = ended.pop(printed[0]).as_json()
                line["message"] = said(str(line["code"]), str(line["message"]))
                print(json.dumps(line), flush=True)
                printed[0] += 1
        if job.ok:
            print(f"{prefix(index)} saved {job.output} ({job.seconds:.1f} s)", file=sys.stderr)
        elif job.code == CancelledError.code and stop.is_set():
            pass  # Ctrl+C said so once for the whole batch
        else:
            print(
                f"{prefix(index)} FAILED [{job.code}] {said(job.code, job.message)}",
                file=sys.stderr,
            )

    choices = OutputChoices(quality=settings.jpeg_quality)
    options = SaveOptions(args.output_dir, args.overwrite, choices)
    results = _run_in_background(
        lambda: run_batch(
            inputs,
            engine,
            params,
            options,
            workers=args.jobs or engine_info(engine_name).workers,
            progress=lambda i, fraction, message: printers[i](fraction, message),
            cancel=stop.is_set,
            on_result=report,
        )
    )
    failed = sum(not job.ok for job in results)
    done = len(inputs) - failed
    cancelled = "Cancelled: " if stop.is_set() else ""
    print(
        f"{cancelled}{done} of {len(inputs)} photo(s) retouched with the {engine_name} engine "
        f"({params.label()}). {meter.summary().capitalize()}.",
        file=sys.stderr,
    )
    if stop.is_set():
        return EXIT_CANCELLED
    return EXIT_FAILED if failed else EXIT_OK


def cmd_emulator(args: argparse.Namespace) -> int:
    from .emulator.app import DEMO_KEY, EmulatorConfig
    from .emulator.server import EmulatorServer

    config = EmulatorConfig(
        valid_keys=set(args.key or [DEMO_KEY]),
        result_ttl=args.ttl,
        latency=args.latency,
        credits=args.credits,
        echo=args.echo,
    )
    try:
        server = EmulatorServer(args.host, args.port, config)
    except OSError as exc:
        print(
            f"smartskin-cli: cannot listen on {args.host}:{args.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(f"listening on {server.url}", flush=True)
    print(
        f"accepted keys: {len(config.valid_keys)} (default demo key: {DEMO_KEY!r} unless --key)",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return EXIT_OK


#: What a missing key means on the command line (the window's sentence points to Settings).
CLI_MISSING_KEY = (
    "The cloud engine needs an AILabTools API key. Get one at ailabtools.com, then set "
    "SMARTSKIN_API_KEY (or enter it in the SmartSkin window's Settings), or use "
    "--engine local, which works offline."
)


def said(code: str, message: str) -> str:
    """``message`` as the command line says it (a missing key: how to give one here)."""
    return CLI_MISSING_KEY if code == MissingKeyError.code else message


def cmd_credits(args: argparse.Namespace, store: SettingsStore) -> int:
    from .core.cloud import SmartSkinClient
    from .core.engine import resolve_api_url

    try:
        key = store.api_key()
        if not key:
            raise MissingKeyError()
        client = SmartSkinClient(key, resolve_api_url(store.load(), args.api_url))
        try:
            credits = client.query_credits()
        finally:
            client.close()
    except SmartSkinError as err:
        if args.json:
            message = said(err.code, err.message)
            print(json.dumps({"ok": False, "code": err.code, "message": message}), flush=True)
        print(f"smartskin-cli: [{err.code}] {said(err.code, err.message)}", file=sys.stderr)
        return EXIT_USAGE if isinstance(err, ConfigError) else EXIT_FAILED
    if args.json:
        print(json.dumps({"ok": True, "remaining": credits.remaining, "values": credits.values}))
    else:
        print(credits.describe())
    return EXIT_OK


def cmd_demo(store: SettingsStore) -> int:
    from .core.batch import SaveOptions, enhance_file
    from .core.engine import make_engine
    from .core.resources import sample_path

    try:  # a fresh private folder: nothing shared in /tmp is followed or overwritten
        out_dir = Path(tempfile.mkdtemp(prefix="smartskin-demo-"))
        sample = out_dir / "astronaut.jpg"
        shutil.copyfile(sample_path("astronaut.jpg"), sample)
    except OSError as exc:
        err = DemoFolderError(
            f"The demo could not make its folder in {tempfile.gettempdir()} "
            f"({exc.strerror or type(exc).__name__}). Free some disk space, or set TMPDIR to "
            "a folder you can write to, and run it again."
        )
        print(f"smartskin-cli: [{err.code}] {err.message}", file=sys.stderr)
        return EXIT_FAILED
    engine = make_engine(LOCAL.name, store, once=True)
    job = enhance_file(
        sample,
        engine,
        Params(),
        SaveOptions(out_dir, overwrite=True),
        progress=_progress_printer("demo:"),
    )
    if not job.ok:
        print(f"demo failed: {job.message}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Before: {sample}\nAfter:  {job.output}")
    return EXIT_OK


def _read_ahead(paths: Sequence[str]) -> None:
    """Have the first photo named decoded on another core while the program loads."""
    from .core.io.ahead import read_ahead

    first = Path(paths[0]).expanduser()
    if first.is_file():
        read_ahead(first)


def console() -> None:
    """The ``smartskin-cli`` program (and ``python -m smartskin_gui.cli``): :func:`main` in
    a process of its own, which it may tune for a short run and end when it is done."""
    raise SystemExit(main(own=True))


def main(argv: Sequence[str] | None = None, *, own: bool = False) -> int:
    """Run the command line ``argv`` (default: this process's arguments) and return its
    exit code. ``own``: this process is the run's own (:func:`console`): its memory is
    tuned for one short run and, after ``enhance``, it ends as soon as all is written,
    without returning. Called from other Python code, the caller's process is left as
    it was."""
    parser = build_parser()
    argv, strangers = _dash_paths_as_paths(parser, sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version or a usage error (exit 2)
        if exc.code == EXIT_USAGE and strangers:
            print(
                f"smartskin-cli: “{strangers[0]}” is not an option nor an existing file. To name "
                "a file whose name starts with “-”, write it as ./-name.jpg.",
                file=sys.stderr,
            )
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command == "enhance":
        if own:
            from .core.memory import keep_freed_memory

            keep_freed_memory()  # a short run: freed arrays are reused, not faulted afresh
        _read_ahead(args.paths)
    from .core.state import SettingsStore

    store = SettingsStore()
    try:
        if args.command == "enhance":
            code = cmd_enhance(args, store)
            if own:  # the process ends next: no need to take every object apart first
                _end_process(code)
            return code
        if args.command == "emulator":
            return cmd_emulator(args)
        if args.command == "credits":
            return cmd_credits(args, store)
        return cmd_demo(store)
    except (ConfigError, ParameterError) as err:
        print(f"smartskin-cli: [{err.code}] {said(err.code, err.message)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("smartskin-cli: cancelled.", file=sys.stderr)
        return EXIT_CANCELLED


if __name__ == "__main__":
    console()
