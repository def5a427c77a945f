"""Named presets: built-ins, the photographer's own kept in the catalog, an earlier
version's presets.json brought over once (damaged ones set aside)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartskin_gui.core.errors import ConfigError
from smartskin_gui.core.params import PRESETS, Params
from smartskin_gui.core.state.catalog import Catalog
from smartskin_gui.core.state.presets import BUILTIN_PRESETS, PresetStore

PRESETS_FILE = "presets.json"


@pytest.fixture
def presets(tmp_path: Path) -> Iterator:
    """``presets()`` opens the presets as a start of SmartSkin would (closing the last)."""
    opened: list[Catalog] = []

    def start() -> PresetStore:
        if opened:
            assert opened[-1].close()
        opened.append(Catalog(tmp_path))
        return PresetStore(opened[-1])

    yield start
    for catalog in opened:
        catalog.close()


def test_builtins_are_listed_first_and_none_is_identity(presets) -> None:
    store = presets()
    assert store.names() == ["Natural", "Soft", "Glamour", "None"]
    assert store.get("None") == Params(0, 0)
    assert store.get("None").is_identity
    # the comparison view's table and the chooser's built-ins are the same looks
    assert {n: BUILTIN_PRESETS[n] for n in PRESETS} == PRESETS
    assert store.get("Soft").retouch < store.get("Natural").retouch < store.get("Glamour").retouch


def test_user_presets_survive_a_restart(presets) -> None:
    store = presets()
    assert store.save("  Wedding   day ", Params(0.7, 0.4)) == "Wedding day"
    store.save("bride", Params(1.2, 0.9))
    again = presets()
    assert again.user_names() == ["bride", "Wedding day"]
    assert again.names()[-2:] == ["bride", "Wedding day"]
    assert again.get("Wedding day") == Params(0.7, 0.4)
    assert again.name_of(Params(1.2, 0.9)) == "bride"
    assert again.name_of(Params(1.0, 1.0)) == "Natural"


def test_rename_and_delete(presets) -> None:
    store = presets()
    store.save("a", Params(0.1, 0.2))
    store.save("b", Params(0.3, 0.4))
    with pytest.raises(ConfigError, match="already exists"):
        store.rename("a", "b")
    assert store.rename("a", "c") == "c"
    store.delete("b")
    again = presets()
    assert again.user_names() == ["c"]
    assert again.get("c") == Params(0.1, 0.2)
    assert again.get("a") is None


@pytest.mark.parametrize("name", ["", "   ", "natural", "NONE", "x" * 41])
def test_bad_names_are_refused_with_a_sentence(presets, name: str) -> None:
    store = presets()
    with pytest.raises(ConfigError) as err:
        store.save(name, Params(0.5, 0.5))
    assert err.value.message.endswith(".")
    assert store.user_names() == []


def test_builtins_cannot_be_deleted(presets) -> None:
    with pytest.raises(ConfigError, match="built-in"):
        presets().delete("Natural")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_damaged_presets_file_of_an_earlier_version_is_set_aside(
    tmp_path: Path, presets, content: str
) -> None:
    (tmp_path / PRESETS_FILE).write_text(content, encoding="utf-8")
    store = presets()
    assert store.names() == list(BUILTIN_PRESETS)
    assert "set aside" in store.catalog.warnings[0]
    assert list(tmp_path.glob(f"{PRESETS_FILE}.corrupt-*"))
    store.save("fresh", Params(0.2, 0.2))  # and saving works
    assert presets().user_names() == ["fresh"]


def test_an_earlier_versions_presets_come_over_one_by_one(tmp_path: Path, presets) -> None:
    data = {
        "version": 1,
        "presets": {
            "good": {"retouch": 0.4, "whitening": 0.6},
            "too strong": {"retouch": 9, "whitening": 0.6},
            "odd": "text",
        },
    }
    (tmp_path / PRESETS_FILE).write_text(json.dumps(data), encoding="utf-8")
    store = presets()
    assert store.user_names() == ["good"]
    assert store.get("Natural") == PRESETS["Natural"]
    assert store.catalog.warnings == [
        "The saved preset “too strong” could not be read and is not shown.",
        "The saved preset “odd” could not be read and is not shown.",
    ]
    assert presets().user_names() == ["good"]  # brought over once, kept
