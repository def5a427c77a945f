"""Per-photo settings: each photo keeps its own, sync, state, and a restart."""

import json
import os
from pathlib import Path

import pytest

from smartskin_gui.core.errors import ConfigError
from smartskin_gui.core.params import Params
from smartskin_gui.core.state.photo_settings import SESSION_FILE, PhotoSettings, photo_key


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "shoot"
    folder.mkdir()
    paths = []
    for i in range(4):
        p = folder / f"img{i}.jpg"
        p.write_bytes(b"photo %d" % i)
        paths.append(p)
    return paths


def test_new_photos_start_from_the_default_and_keep_their_own(
    tmp_path: Path, photos: list[Path]
) -> None:
    store = PhotoSettings(tmp_path / "cfg", default=Params(0.5, 0.3))
    store.add_all(photos)
    store.set_params(photos[1], Params(1.4, 0.2))
    assert store.params(photos[0]) == Params(0.5, 0.3)
    assert store.params(photos[1]) == Params(1.4, 0.2)
    store.default = Params(0.0, 0.0)  # a preset chosen later applies to photos added later
    assert store.params(photos[2]) == Params(0.5, 0.3)
    extra = photos[0].with_name("new.jpg")
    extra.write_bytes(b"new")
    assert store.params(extra) == Params(0.0, 0.0)
    assert [r.path for r in store][:2] == [photo_key(photos[0]), photo_key(photos[1])]


def test_the_same_photo_by_another_path_is_the_same_record(
    tmp_path: Path, photos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PhotoSettings(tmp_path / "cfg")
    store.set_params(photos[0], Params(0.2, 0.2))
    monkeypatch.chdir(photos[0].parent)
    assert store.params(Path("img0.jpg")) == Params(0.2, 0.2)
    assert store.params(f"../shoot/{photos[0].name}") == Params(0.2, 0.2)
    assert len(store) == 1


def test_sync_applies_to_the_chosen_photos_or_all(tmp_path: Path, photos: list[Path]) -> None:
    store = PhotoSettings(tmp_path / "cfg")
    store.add_all(photos)
    store.set_params(photos[0], Params(0.3, 0.7))
    changed = store.sync(photos[0], [photos[2], photos[3]])
    assert changed == [photo_key(photos[2]), photo_key(photos[3])]
    assert [store.params(p) for p in photos] == [
        Params(0.3, 0.7),
        Params(),
        *[Params(0.3, 0.7)] * 2,
    ]
    assert store.sync(photos[0]) == [photo_key(photos[1])]  # all: only photo 1 still differs
    assert all(r.params == Params(0.3, 0.7) and r.edited for r in store)


def test_exported_until_edited_again_and_unexported_edits(
    tmp_path: Path, photos: list[Path]
) -> None:
    store = PhotoSettings(tmp_path / "cfg")
    store.add_all(photos)
    assert store.unexported_edits() == []  # opened, not edited: nothing to lose
    store.set_params(photos[0], Params(0.4, 0.4))
    store.set_params(photos[1], Params(0.6, 0.6))
    out = photos[0].with_name("img0_smartskin.jpg")
    store.mark_exported(photos[0], out, Params(0.4, 0.4))
    assert store.get(photos[0]).exported  # type: ignore[union-attr]
    assert store.unexported_edits() == [photo_key(photos[1])]
    store.set_params(photos[0], Params(0.5, 0.4))
    assert not store.get(photos[0]).exported  # type: ignore[union-attr]
    assert store.unexported_edits() == [photo_key(photos[0]), photo_key(photos[1])]


def test_failures_and_broken_files_keep_their_reason(tmp_path: Path, photos: list[Path]) -> None:
    store = PhotoSettings(tmp_path / "cfg")
    store.set_params(photos[0], Params(0.4, 0.4))
    store.mark_failed(photos[0], "The folder is full.")
    store.mark_broken(photos[1], "This file is damaged.")
    assert store.failed() == [photo_key(photos[0])]
    assert store.get(photos[1]).broken == "This file is damaged."  # type: ignore[union-attr]
    assert photo_key(photos[1]) not in store.unexported_edits()
    store.mark_exported(photos[0], photos[0].with_name("o.jpg"), Params(0.4, 0.4))
    assert store.failed() == []


def test_the_last_session_survives_a_restart(
    _isolated_environment: Path, photos: list[Path]
) -> None:
    store = PhotoSettings()
    store.add_all(photos)
    store.set_params(photos[0], Params(0.2, 1.3))
    store.mark_exported(photos[0], "/out/a.jpg", Params(0.2, 1.3))
    store.set_params(photos[1], Params(1.1, 0.1))
    store.mark_failed(photos[1], "The disk is full.")
    assert store.dirty
    store.save()
    assert not store.dirty
    assert (_isolated_environment / SESSION_FILE).is_file()

    again = PhotoSettings(default=Params(0.0, 0.0))
    first = again.add(photos[0])
    assert (first.params, first.edited, first.exported) == (Params(0.2, 1.3), True, True)
    assert again.add(photos[1]).failure == "The disk is full."
    assert again.params(photos[2]) == Params()  # unedited photos keep their stored default
    again.save()  # only this session's photos (0, 1, 2) are kept for the next one
    third = PhotoSettings()
    third.add(photos[0])
    assert third.params(photos[3]) == Params()
    assert len(third) == 2


def test_a_replaced_file_starts_again_from_the_default(tmp_path: Path, photos: list[Path]) -> None:
    store = PhotoSettings(tmp_path / "cfg")
    store.set_params(photos[0], Params(0.1, 0.1))
    store.save()
    photos[0].write_bytes(b"a different photo, same name")
    os.utime(photos[0], ns=(1, 1))
    again = PhotoSettings(tmp_path / "cfg")
    assert again.params(photos[0]) == Params()
    assert not again.get(photos[0]).edited  # type: ignore[union-attr]
    # also within a session: adding it again notices the change
    again.set_params(photos[0], Params(0.9, 0.9))
    photos[0].write_bytes(b"yet another photo")
    assert again.add(photos[0]).params == Params()


@pytest.mark.parametrize("content", ["{broken", '["list"]', '{"photos": []}'])
def test_a_damaged_session_file_is_ignored(
    tmp_path: Path, photos: list[Path], content: str
) -> None:
    (tmp_path / SESSION_FILE).write_text(content)
    store = PhotoSettings(tmp_path)
    assert store.params(photos[0]) == Params()
    store.save()
    assert json.loads((tmp_path / SESSION_FILE).read_text())["photos"]


def test_damaged_entries_are_dropped_one_by_one(tmp_path: Path, photos: list[Path]) -> None:
    store = PhotoSettings(tmp_path)
    store.set_params(photos[0], Params(0.3, 0.3))
    store.set_params(photos[1], Params(0.4, 0.4))
    store.save()
    data = json.loads((tmp_path / SESSION_FILE).read_text())
    data["photos"][photo_key(photos[1])]["params"] = [7, "x"]
    (tmp_path / SESSION_FILE).write_text(json.dumps(data))
    again = PhotoSettings(tmp_path)
    assert again.params(photos[0]) == Params(0.3, 0.3)
    assert again.params(photos[1]) == Params()


def test_saving_is_atomic_and_a_failure_is_a_sentence(
    tmp_path: Path, photos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "cfg"
    store = PhotoSettings(cfg)
    store.set_params(photos[0], Params(0.3, 0.3))
    store.save()
    before = (cfg / SESSION_FILE).read_text()

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    store.set_params(photos[0], Params(0.5, 0.5))
    with pytest.raises(ConfigError, match=r"Could not save .* No space left on device"):
        store.save()
    assert store.dirty
    assert (cfg / SESSION_FILE).read_text() == before  # the old file is whole
    assert [p.name for p in cfg.iterdir()] == [SESSION_FILE]  # no temp file left


def test_session_file_not_utf8_or_nested_too_deep_is_set_aside(tmp_path):
    from smartskin_gui.core.state.photo_settings import PhotoSettings

    for raw in (b"\xff\xfe\x00garbage", b"[" * 100_000 + b"]" * 100_000):
        (tmp_path / "session.json").write_bytes(raw)
        store = PhotoSettings(tmp_path)
        assert len(store) == 0 and "set aside" in store.warnings[0]
        assert not (tmp_path / "session.json").exists()
        for aside in tmp_path.glob("session.json.corrupt-*"):
            aside.unlink()
