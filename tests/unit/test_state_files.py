"""State files are read only when they are regular files of a sane size: a FIFO named like
one (which hung the start), a folder, a huge file is set aside with a sentence and never
blocks; a wrong-typed field is reported in a sentence, not dropped in silence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from smartskin_gui.core.state import AppSettings, SettingsStore
from smartskin_gui.core.state.catalog import Catalog
from smartskin_gui.core.state.jsonfile import MAX_STATE_BYTES, read_json_object
from smartskin_gui.core.state.presets import PresetStore

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def set_aside_copies(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.corrupt-*"))


def imported(folder: Path) -> tuple[PresetStore, list[str]]:
    """The presets an earlier version's files bring into a new catalog, and its warnings."""
    catalog = Catalog(folder)
    catalog.close()
    return PresetStore(catalog), catalog.warnings


@needs_fifo
@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["config.json", "presets.json", "session.json", "api_key"])
def test_a_fifo_named_like_a_state_file_is_set_aside_without_blocking(tmp_path: Path, name):
    os.mkfifo(tmp_path / name)  # a plain open() of it waits for a writer for good
    store = SettingsStore(tmp_path)
    if name == "config.json":
        assert store.load() == AppSettings()
        warnings = store.warnings
    elif name == "api_key":
        assert store.api_key() == ""
        warnings = store.warnings
    else:  # an earlier version's files, brought into the catalog once
        warnings = imported(tmp_path)[1]
    assert len(warnings) == 1 and "pipe (FIFO)" in warnings[0] and "set aside" in warnings[0]
    assert not (tmp_path / name).exists()
    [aside] = set_aside_copies(tmp_path, name)
    assert aside.is_fifo() and f"“{aside.name}”" in warnings[0]


def test_a_folder_in_place_of_the_settings_is_set_aside_and_the_next_save_works(tmp_path: Path):
    (tmp_path / "config.json").mkdir()
    (tmp_path / "config.json" / "inside").write_text("x")
    store = SettingsStore(tmp_path)
    assert store.load() == AppSettings()
    assert "folder, not a file" in store.warnings[0] and "defaults are used" in store.warnings[0]
    [aside] = set_aside_copies(tmp_path, "config.json")
    assert (aside / "inside").read_text() == "x"  # nothing of it is lost
    store.save(AppSettings(retouch=0.7))
    assert SettingsStore(tmp_path).load().retouch == 0.7


def test_a_huge_state_file_is_set_aside_unread(tmp_path: Path):
    path = tmp_path / "presets.json"
    with open(path, "wb") as fh:
        fh.truncate(4 * 1024**3)  # sparse: 4 GB of nothing that takes no room
    data, warning = read_json_object(path, what="your presets")
    assert data == {} and warning is not None
    assert "4.0 GB" in warning and "far larger" in warning and not path.exists()
    assert MAX_STATE_BYTES < 4 * 1024**3


def test_the_api_key_file_is_read_only_when_it_is_a_key(tmp_path: Path):
    store = SettingsStore(tmp_path)
    store.key_path.write_bytes(b"k" * 100_000)
    assert store.api_key() == "" and "far larger" in store.warnings[0]
    assert "enter it again in Settings" in store.warnings[0]
    store.set_api_key("good-key")
    assert SettingsStore(tmp_path).api_key() == "good-key"


def test_wrong_typed_settings_are_named_in_a_sentence(tmp_path: Path):
    store = SettingsStore(tmp_path)
    store.config_path.write_text(
        json.dumps(
            {
                "last_open_dir": 5,
                "last_save_dir": ["/photos"],
                "default_preset": {"name": "Soft"},
                "ui": {"geometry": "abc", "splitter": 3},
                "retouch": 0.4,
            }
        )
    )
    loaded = store.load()
    assert loaded.retouch == 0.4 and loaded.last_open_dir == "" and loaded.last_save_dir == ""
    assert loaded.default_preset == "Natural" and loaded.ui == {"geometry": "abc"}
    [warning] = store.warnings
    for label in (
        "folder photos were last opened from",
        "folder results were last saved to",
        "default preset",
        "window layout",
    ):
        assert label in warning
    assert "retouch" not in warning


def test_wrong_typed_presets_are_named_in_a_sentence(tmp_path: Path):
    path = tmp_path / "presets.json"
    path.write_text(
        json.dumps(
            {
                "presets": {
                    "Mine": {"retouch": "lots", "whitening": 0.5},
                    "Ok": {"retouch": 0.5, "whitening": 0.5},
                    "Listy": [0.5, 0.5],
                }
            }
        )
    )
    store, warnings = imported(tmp_path)
    assert store.user_names() == ["Ok"]
    assert len(warnings) == 2
    assert any("“Mine”" in w for w in warnings)
    assert any("“Listy”" in w for w in warnings)
    other = tmp_path / "other"
    other.mkdir()
    (other / "presets.json").write_text(json.dumps({"presets": ["Mine"]}))
    store, warnings = imported(other)
    assert store.user_names() == [] and "no table of presets" in warnings[0]
    assert set_aside_copies(other, "presets.json")
