"""SmartSkin: natural portrait skin retouching for photographers.

**Read first.** A photo goes one way: file -> ``core.io`` (decoded, upright, its 16-bit
pixels and metadata kept aside) -> an engine (``core.engine``: the paid cloud service or
the free local one) -> the retouched pixels -> the view, or ``core.io``'s one save. The
window (``ui``) never touches pixels or bytes on the wire; the core never touches a widget.

The layers (imports only go downward):

- ``app.py``, ``selftest.py``: start-up, logging, the main window, the installed build's
  self-test. May import everything below.
- ``ui``: widgets only (the window and its controllers, views, dialogs, small widgets).
  Never decodes images, never builds an HTTP client. May import ``workers`` and ``core``.
- ``workers``: Qt glue (jobs on thread pools, the processor behind the window). May
  import ``core``.
- ``cli.py``, ``emulator``: the command line and the local stand-in of the cloud service,
  Qt-free. May import ``core``.
- ``core``: everything else, **no Qt** (files, the cloud client, what is remembered,
  engines, batches). Imports the standard library, numpy, OpenCV, Pillow, requests.

``make lint`` checks these layers, the areas inside ``core`` and ``ui``, and that no
import goes round in a circle (import-linter), runs ``mypy --strict`` on the whole package,
and checks that this document is what the docstrings say.

Where to start reading: ``core/photo.py`` and ``core/params.py`` (the vocabulary),
``core/engine/contract.py`` (what an engine promises), ``workers/processor.py`` (what
happens when a slider moves), ``ui/window/main_window.py`` (how the window is assembled).
Every sentence a user reads comes from an error class in ``core/errors.py`` (its default
sentence) or is raised where the fact is known, with that class; nothing shows a traceback.
"""


def __getattr__(name: str) -> str:
    """``__version__``, looked up in the package metadata on first use only: the lookup
    loads ``importlib.metadata`` (some 20 ms), which a command-line run need not wait for
    before it starts reading its photo."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:  # one version, in pyproject.toml; the frozen app carries the package metadata
        found = version("smartskin")
    except PackageNotFoundError:  # a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
