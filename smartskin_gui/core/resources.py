"""Where bundled files live: next to the package in a checkout, or inside a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    packaged = Path(__file__).resolve().parents[1] / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def model_path(name: str, models: Path | None = None) -> Path:
    path = (models or resources_dir() / "models") / name
    if not path.is_file():
        raise FileNotFoundError(
            f"SmartSkin is missing its face model {name} (looked in {path.parent})."
        )
    return path


def sample_path(name: str = "astronaut.jpg") -> Path:
    return resources_dir() / "samples" / name
