"""Named presets: built-ins, user presets stored in the config dir, damaged files."""

import json
from pathlib import Path

import pytest

from smartskin_gui.core.errors import ConfigError
from smartskin_gui.core.params import PRESETS, Params
from smartskin_gui.core.state.presets import BUILTIN_PRESETS, PRESETS_FILE, PresetStore


def test_builtins_are_listed_first_and_none_is_identity(tmp_path: Path) -> None:
    store = PresetStore(tmp_path)
    assert store.names() == ["Natural", "Soft", "Glamour", "None"]
    assert store.get("None") == Params(0, 0)
    assert store.get("None").is_identity
    # the comparison view's table and the chooser's built-ins are the same looks
    assert {n: BUILTIN_PRESETS[n] for n in PRESETS} == PRESETS
    assert store.get("Soft").retouch < store.get("Natural").retouch < store.get("Glamour").retouch


def test_user_presets_survive_a_restart_and_use_the_config_dir(
    _isolated_environment: Path,
) -> None:
    store = PresetStore()
    assert store.save("  Wedding   day ", Params(0.7, 0.4)) == "Wedding day"
    store.save("bride", Params(1.2, 0.9))
    assert (_isolated_environment / PRESETS_FILE).is_file()
    again = PresetStore()
    assert again.user_names() == ["bride", "Wedding day"]
    assert again.names()[-2:] == ["bride", "Wedding day"]
    assert again.get("Wedding day") == Params(0.7, 0.4)
    assert again.name_of(Params(1.2, 0.9)) == "bride"
    assert again.name_of(Params(1.0, 1.0)) == "Natural"


def test_rename_and_delete(tmp_path: Path) -> None:
    store = PresetStore(tmp_path)
    store.save("a", Params(0.1, 0.2))
    store.save("b", Params(0.3, 0.4))
    with pytest.raises(ConfigError, match="already exists"):
        store.rename("a", "b")
    assert store.rename("a", "c") == "c"
    store.delete("b")
    again = PresetStore(tmp_path)
    assert again.user_names() == ["c"]
    assert again.get("c") == Params(0.1, 0.2)
    assert again.get("a") is None


@pytest.mark.parametrize("name", ["", "   ", "natural", "NONE", "x" * 41])
def test_bad_names_are_refused_with_a_sentence(tmp_path: Path, name: str) -> None:
    store = PresetStore(tmp_path)
    with pytest.raises(ConfigError) as err:
        store.save(name, Params(0.5, 0.5))
    assert err.value.message.endswith(".")
    assert store.user_names() == []


def test_builtins_cannot_be_deleted(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="built-in"):
        PresetStore(tmp_path).delete("Natural")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"presets": 3}'])
def test_a_damaged_file_is_set_aside_and_builtins_still_work(tmp_path: Path, content: str) -> None:
    (tmp_path / PRESETS_FILE).write_text(content, encoding="utf-8")
    store = PresetStore(tmp_path)
    assert store.names() == list(BUILTIN_PRESETS)
    assert store.warnings and "set aside" in store.warnings[0]
    assert not (tmp_path / PRESETS_FILE).exists()
    assert list(tmp_path.glob(f"{PRESETS_FILE}.corrupt-*"))
    store.save("fresh", Params(0.2, 0.2))  # and saving works again
    assert PresetStore(tmp_path).user_names() == ["fresh"]


def test_one_bad_entry_does_not_lose_the_others(tmp_path: Path) -> None:
    data = {
        "version": 1,
        "presets": {
            "good": {"retouch": 0.4, "whitening": 0.6},
            "too strong": {"retouch": 9, "whitening": 0.6},
            "Natural": {"retouch": 0.1, "whitening": 0.1},
            "odd": "text",
        },
    }
    (tmp_path / PRESETS_FILE).write_text(json.dumps(data), encoding="utf-8")
    store = PresetStore(tmp_path)
    assert store.user_names() == ["good"]
    assert store.get("Natural") == PRESETS["Natural"]
    assert len(store.warnings) == 3


def test_an_unwritable_dir_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = PresetStore(blocker / "sub")
    with pytest.raises(ConfigError, match="Could not save your presets"):
        store.save("x", Params(0.5, 0.5))
