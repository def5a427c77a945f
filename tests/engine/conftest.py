"""Shared fixtures of the engine measurements: one engine for the whole session (its models
load once) and the composite scenes, each made once."""

from __future__ import annotations

import numpy as np
import pytest

from smartskin_gui.core.engine.local import LocalEngine
from tests.engine import scenes


@pytest.fixture(scope="session")
def shared_engine() -> LocalEngine:
    return LocalEngine(cache_size=32)


@pytest.fixture(scope="session")
def bald(shared_engine, astronaut_rgb) -> scenes.Head:
    """A bald head on a neck, a dark shirt, before a blue-grey backdrop."""
    return scenes.head_scene(astronaut_rgb, shared_engine._finder)


@pytest.fixture(scope="session")
def dark_haired(shared_engine, astronaut_rgb) -> scenes.Head:
    """Dark hair down to a hairline above the mesh, three locks over the forehead, on a
    near-black backdrop and shirt."""
    return scenes.head_scene(
        astronaut_rgb,
        shared_engine._finder,
        backdrop=(28, 30, 36),
        shirt=(20, 20, 24),
        hair=(30, 22, 18),
        locks=True,
    )


def lifts(engine: LocalEngine, rgb: np.ndarray, *settings: tuple[float, float]) -> list:
    """The L* change of each setting (retouch, whitening)."""
    from smartskin_gui.core.params import Params

    return [scenes.lift(rgb, engine.enhance(rgb, Params(r, w))) for r, w in settings]
