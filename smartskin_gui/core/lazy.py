"""Package APIs that load on first use (PEP 562), so importing one light module of an area
(app settings, say) does not load the whole area's heavy dependencies (OpenCV, Pillow,
requests) with it. Each area's ``__init__`` lists its public names once, for the type
checker under ``TYPE_CHECKING`` and for this loader in a name -> module table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` whose public ``name`` lives in the
    submodule ``exports[name]`` (relative, e.g. ``".decoding"``)."""
    namespace = importlib.import_module(package).__dict__
    clash = [name for name, module in exports.items() if module == f".{name}"]
    if clash:  # importing that submodule would set the package attribute to the module
        raise ImportError(f"{package}: public names shadowed by submodules: {clash}")

    def load(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later look-ups skip this function
        return value

    def listing() -> list[str]:
        return sorted({*namespace, *exports})

    return load, listing
