"""SmartSkin: natural portrait skin retouching for photographers."""

from importlib.metadata import PackageNotFoundError, version

try:  # one version, in pyproject.toml; the frozen app carries the package metadata
    __version__ = version("smartskin")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
