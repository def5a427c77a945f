"""The catalog: each photo keeps its own settings and state, every change is one row
committed at once, restarts find everything, damaged or unwritable files are a sentence."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartskin_gui.core.params import Params
from smartskin_gui.core.state.catalog import Catalog
from smartskin_gui.core.state.catalog_db import CATALOG_FILE
from smartskin_gui.core.state.records import (
    Culling,
    ExportRecord,
    FileStamp,
    PhotoEdits,
    photo_key,
)


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


@pytest.fixture
def catalogs(tmp_path: Path) -> Iterator[list[Catalog]]:
    """Catalogs a test opens (in ``tmp_path / "cfg"`` by default), closed at its end."""
    opened: list[Catalog] = []
    yield opened
    for catalog in opened:
        catalog.close()


@pytest.fixture
def open_catalog(tmp_path: Path, catalogs: list[Catalog]):
    def make(directory: Path | None = None, **kw) -> Catalog:
        catalog = Catalog(directory or tmp_path / "cfg", **kw)
        catalogs.append(catalog)
        return catalog

    return make


def reopen(catalog: Catalog, **kw) -> Catalog:
    """The same catalog after a restart: everything written, a new object reading it."""
    assert catalog.close()
    return Catalog(catalog.directory, **kw)


def rows(catalog: Catalog, sql: str) -> list[tuple]:
    with sqlite3.connect(catalog.path) as db:
        return db.execute(sql).fetchall()


def test_new_photos_start_from_the_default_and_keep_their_own(open_catalog, photos) -> None:
    catalog = open_catalog(default=Params(0.5, 0.3))
    for p in photos:
        catalog.record(p)
    catalog.set_params(photos[1], Params(1.4, 0.2))
    assert catalog.params(photos[0]) == Params(0.5, 0.3)
    assert catalog.params(photos[1]) == Params(1.4, 0.2)
    catalog.default = Params(0.0, 0.0)  # a preset chosen later applies to photos added later
    assert catalog.params(photos[2]) == Params(0.5, 0.3)
    extra = photos[0].with_name("new.jpg")
    extra.write_bytes(b"new")
    assert catalog.params(extra) == Params(0.0, 0.0)


def test_the_same_photo_by_another_path_is_the_same_record(
    open_catalog, photos, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = open_catalog()
    catalog.set_params(photos[0], Params(0.2, 0.2))
    monkeypatch.chdir(photos[0].parent)
    assert catalog.params(Path("img0.jpg")) == Params(0.2, 0.2)
    assert catalog.params(f"../shoot/{photos[0].name}") == Params(0.2, 0.2)
    assert len(catalog) == 1


def test_every_change_is_in_the_file_after_a_restart(open_catalog, photos) -> None:
    catalog = open_catalog()
    keys = [photo_key(p) for p in photos]
    catalog.open_photos(keys)
    catalog.set_params(photos[0], Params(0.2, 1.3))
    export = ExportRecord("/out/a.jpg", Params(0.2, 1.3), "local", "save", FileStamp.of(photos[0]))
    catalog.mark_exported(photos[0], export)
    catalog.set_params(photos[1], Params(1.1, 0.1))
    catalog.mark_failed(photos[1], "The disk is full.")
    catalog.mark_broken(photos[2], "This file is damaged.")
    catalog.set_presets({"Wedding": Params(0.7, 0.4)})
    catalog.remember_place(photos[0].parent)

    again = reopen(catalog, default=Params(0.0, 0.0))
    try:
        first = again.record(photos[0])
        assert (first.params, first.edited, first.exported) == (Params(0.2, 1.3), True, True)
        assert first.last_export == export
        assert again.record(photos[1]).failure == "The disk is full."
        assert again.get(photos[2]).broken == "This file is damaged."  # type: ignore[union-attr]
        assert again.session() == keys
        assert again.presets() == {"Wedding": Params(0.7, 0.4)}
        assert again.recent() == [str(photos[0].parent.resolve())]
        assert again.unexported_edits() == [keys[1]]
        assert again.failed() == [keys[1]]
    finally:
        again.close()


def test_one_edit_writes_one_row_however_large_the_catalog(open_catalog, tmp_path) -> None:
    """3,000 photos opened and edited; then one edit changes one row of the file."""
    catalog = open_catalog()
    keys = [str(tmp_path / f"p{i:04d}.jpg") for i in range(3000)]
    catalog.open_photos(keys)
    for i, key in enumerate(keys):
        catalog.set_params(key, Params(round((i % 150) / 100, 2), 0.5))
    assert catalog.flush()
    before = {r[0]: r for r in rows(catalog, "SELECT * FROM photos")}
    changes = rows(catalog, "PRAGMA data_version")  # (a fresh connection: for the record)
    catalog.set_params(keys[1234], Params(1.5, 1.5))
    assert catalog.flush()
    after = {r[0]: r for r in rows(catalog, "SELECT * FROM photos")}
    assert len(after) == len(before) == 3000 and changes
    assert [k for k in after if after[k] != before[k]] == [keys[1234]]


def test_apply_changes_several_photos_and_says_which(open_catalog, photos) -> None:
    catalog = open_catalog()
    catalog.open_photos([photo_key(p) for p in photos])
    catalog.set_params(photos[1], Params(0.3, 0.7))
    synced = PhotoEdits(Params(0.3, 0.7), edited=True)
    changed = catalog.apply({photo_key(p): synced for p in photos})
    assert changed == [photo_key(photos[i]) for i in (0, 2, 3)]  # photo 1 had them already
    assert all(catalog.edits(p) == synced for p in photos)


def test_exported_until_edited_again_and_exported_as(open_catalog, photos) -> None:
    catalog = open_catalog()
    catalog.open_photos([photo_key(p) for p in photos])
    assert catalog.unexported_edits() == []  # opened, not edited: nothing to lose
    catalog.set_params(photos[0], Params(0.4, 0.4))
    stamp = FileStamp.of(photos[0])
    catalog.mark_exported(
        photos[0], ExportRecord("/o/a.jpg", Params(0.4, 0.4), "local", "jpeg 95", stamp, 1.0)
    )
    record = catalog.get(photos[0])
    assert record is not None and record.exported
    assert record.exported_as("local", "jpeg 95", stamp)
    assert not record.exported_as("cloud", "jpeg 95", stamp)
    assert not record.exported_as("local", "png", stamp)
    catalog.set_params(photos[0], Params(0.5, 0.4))
    assert not catalog.get(photos[0]).exported  # type: ignore[union-attr]
    assert catalog.unexported_edits() == [photo_key(photos[0])]


def test_a_replaced_file_starts_again_from_the_default_with_a_sentence(
    open_catalog, photos
) -> None:
    catalog = open_catalog()
    catalog.set_params(photos[0], Params(0.1, 0.1))
    photos[0].write_bytes(b"a different photo, same name")
    os.utime(photos[0], ns=(1, 1))
    again = reopen(catalog)
    try:
        assert again.record(photos[0]).params == Params()
        assert not again.get(photos[0]).edited  # type: ignore[union-attr]
        assert "changed on disk" in again.warnings[-1]
    finally:
        again.close()


@pytest.mark.parametrize(
    "content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x01" * 3000]
)
def test_a_damaged_catalog_is_set_aside_with_a_sentence(
    tmp_path: Path, open_catalog, photos, content: bytes
) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / CATALOG_FILE).write_bytes(content)
    catalog = open_catalog(cfg)
    assert "damaged" in catalog.warnings[0] and "set aside" in catalog.warnings[0]
    assert [p.name for p in cfg.glob("catalog.damaged-*")]
    catalog.set_params(photos[0], Params(0.3, 0.3))  # a new catalog works
    again = reopen(catalog)
    try:
        assert again.params(photos[0]) == Params(0.3, 0.3) and not again.warnings
    finally:
        again.close()


def test_a_fifo_named_like_the_catalog_is_set_aside_not_waited_on(tmp_path: Path, open_catalog):
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    os.mkfifo(cfg / CATALOG_FILE)
    catalog = open_catalog(cfg)
    assert "not an ordinary file" in catalog.warnings[0]
    assert (cfg / CATALOG_FILE).is_file()


def test_unreadable_rows_are_reported_not_dropped_silently(open_catalog, photos) -> None:
    catalog = open_catalog()
    catalog.set_params(photos[0], Params(0.3, 0.3))
    catalog.set_params(photos[1], Params(0.4, 0.4))
    assert catalog.close()
    with sqlite3.connect(catalog.path) as db:
        db.execute("UPDATE photos SET retouch = 'lots' WHERE path = ?", (photo_key(photos[1]),))
    again = Catalog(catalog.directory)
    try:
        assert again.params(photos[0]) == Params(0.3, 0.3)
        assert again.params(photos[1]) == Params()
        assert "1 entries of SmartSkin's catalog could not be read" in again.warnings[0]
    finally:
        again.close()


def test_the_settings_of_earlier_versions_are_imported_once(tmp_path: Path, photos) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    stamp = FileStamp.of(photos[0])
    assert stamp is not None
    good = {
        "params": [0.2, 1.1],
        "stamp": [stamp.size, stamp.mtime_ns],
        "edited": True,
        "exported_to": "/out/img0.jpg",
        "exported_params": [0.2, 1.1],
        "failure": None,
    }
    session = {"version": 1, "photos": {photo_key(photos[0]): good, "/x.jpg": {"params": 3}}}
    (cfg / "session.json").write_text(json.dumps(session))
    presets = {"version": 1, "presets": {"Bride": {"retouch": 1.2, "whitening": 0.9}}}
    (cfg / "presets.json").write_text(json.dumps(presets))
    catalog = Catalog(cfg)
    try:
        record = catalog.record(photos[0])
        assert (record.params, record.edited, record.exported) == (Params(0.2, 1.1), True, True)
        assert catalog.presets() == {"Bride": Params(1.2, 0.9)}
        assert "1 entries of the settings saved by an earlier SmartSkin" in catalog.warnings[0]
        catalog.set_params(photos[0], Params(0.5, 0.5))
    finally:
        catalog.close()
    again = Catalog(cfg)  # not imported a second time over the newer edits
    try:
        assert again.params(photos[0]) == Params(0.5, 0.5) and not again.warnings
    finally:
        again.close()


def test_a_full_disk_keeps_the_edits_and_writes_them_once_there_is_room(
    small_tmpfs: Path, photos
) -> None:
    errors: list[str | None] = []
    catalog = Catalog(small_tmpfs, on_write_error=errors.append)
    try:
        catalog.set_params(photos[0], Params(0.1, 0.1))
        assert catalog.flush()
        filler = small_tmpfs / "filler"
        with open(filler, "wb", buffering=0) as fh:  # fill the rest of the disk
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass
        keys = [str(photos[0].parent / f"more{i}.jpg") for i in range(400)]
        for key in keys:
            catalog.set_params(key, Params(0.9, 0.9))
        assert not catalog.flush(timeout=10)
        assert catalog.write_error is not None and "cannot save your edits" in catalog.write_error
        assert errors and errors[-1] == catalog.write_error
        assert catalog.params(keys[-1]) == Params(0.9, 0.9)  # kept in memory
        filler.unlink()
        catalog.retry()
        assert catalog.flush()
        assert catalog.write_error is None and errors[-1] is None
    finally:
        catalog.close()
    again = Catalog(small_tmpfs)
    try:
        assert again.params(keys[-1]) == Params(0.9, 0.9)
    finally:
        again.close()


def test_faces_strokes_and_culling_survive_a_restart(open_catalog, photos) -> None:
    from smartskin_gui.core.state.records import PICK, Culling, FaceSetting, Stroke

    catalog = open_catalog()
    faces = (
        FaceSetting(0.3, 0.4, 0.1, excluded=True),
        FaceSetting(0.7, 0.4, 0.12, params=Params(1.4, 0.2)),
    )
    strokes = (Stroke("protect", 0.02, 0.5, ((0.1, 0.1), (0.2, 0.25))),)
    edits = PhotoEdits(Params(0.8, 0.6), True, faces, strokes)
    catalog.set_edits(photos[0], edits)
    catalog.set_culling(photos[0], Culling(4, PICK, "Green"))
    again = reopen(catalog)
    try:
        record = again.get(photos[0])
        assert record is not None and record.edits == edits
        assert record.culling == Culling(4, PICK, "Green")
        assert edits.face(0.31, 0.41, 0.1) == faces[0] and edits.face(0.5, 0.5, 0.1) is None
    finally:
        again.close()


def test_a_file_is_exported_only_for_the_faces_and_strokes_it_was_written_with(
    open_catalog, photos
) -> None:
    from smartskin_gui.core.state.records import FaceSetting

    catalog = open_catalog()
    catalog.open_photos([photo_key(photos[0])])
    edits = PhotoEdits(Params(0.5, 0.5), True)
    catalog.set_edits(photos[0], edits)
    written = ExportRecord("/o/a.jpg", edits.params, "local", "save", None, 1.0, edits.digest())
    catalog.mark_exported(photos[0], written)
    assert catalog.get(photos[0]).exported  # type: ignore[union-attr]
    excluded = PhotoEdits(edits.params, True, (FaceSetting(0.5, 0.5, 0.2, excluded=True),))
    catalog.set_edits(photos[0], excluded)  # same strengths, one face left out since
    assert not catalog.get(photos[0]).exported  # type: ignore[union-attr]
    assert catalog.unexported_edits() == [photo_key(photos[0])]


def test_a_catalog_of_the_first_version_is_brought_up_to_date(tmp_path: Path, photos) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    with sqlite3.connect(cfg / CATALOG_FILE) as db:  # as the first catalog wrote it
        db.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema', '1'), ('imported_json', '1');
            CREATE TABLE photos (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                retouch REAL NOT NULL, whitening REAL NOT NULL,
                edited INTEGER NOT NULL DEFAULT 0, failure TEXT, broken TEXT);
            CREATE TABLE exports (path TEXT NOT NULL, output TEXT NOT NULL,
                retouch REAL NOT NULL, whitening REAL NOT NULL, engine TEXT NOT NULL,
                options TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, at REAL NOT NULL,
                PRIMARY KEY (path, output));
            """
        )
        stamp = FileStamp.of(photos[0])
        assert stamp is not None
        db.execute(
            "INSERT INTO photos VALUES (?, ?, ?, 0.3, 0.9, 1, NULL, NULL)",
            (photo_key(photos[0]), stamp.size, stamp.mtime_ns),
        )
        db.execute(
            "INSERT INTO exports VALUES (?, '/o/a.jpg', 0.3, 0.9, 'local', 'save', ?, ?, 1.0)",
            (photo_key(photos[0]), stamp.size, stamp.mtime_ns),
        )
    catalog = Catalog(cfg)
    try:
        record = catalog.record(photos[0])
        assert record.params == Params(0.3, 0.9) and record.exported and not catalog.warnings
        catalog.set_edits(photos[0], PhotoEdits(Params(0.3, 0.9), True, (), ()))
    finally:
        catalog.close()
    assert rows(catalog, "SELECT value FROM meta WHERE key = 'schema'") == [("3",)]


def test_a_catalog_of_the_second_version_is_brought_up_to_date(tmp_path: Path, photos) -> None:
    """Version 2 kept no culling per written file: its files count as up to date."""
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    catalog = Catalog(cfg)
    edits = PhotoEdits(Params(0.4, 0.6), True)
    catalog.set_edits(photos[0], edits)
    catalog.close()
    with sqlite3.connect(cfg / CATALOG_FILE) as db:  # as the second version left it
        db.executescript(
            """
            UPDATE meta SET value = '2' WHERE key = 'schema';
            DROP TABLE exports;
            CREATE TABLE exports (path TEXT NOT NULL, output TEXT NOT NULL,
                retouch REAL NOT NULL, whitening REAL NOT NULL, engine TEXT NOT NULL,
                options TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, at REAL NOT NULL,
                edits TEXT NOT NULL DEFAULT '', PRIMARY KEY (path, output));
            """
        )
        stamp = FileStamp.of(photos[0])
        assert stamp is not None
        db.execute(
            "INSERT INTO exports VALUES (?, '/o/a.jpg', 0.4, 0.6, 'local', 'jpg', ?, ?, 1.0, ?)",
            (photo_key(photos[0]), stamp.size, stamp.mtime_ns, edits.digest()),
        )
    catalog = Catalog(cfg)
    try:
        record = catalog.record(photos[0])
        assert not catalog.warnings and record.exported
        assert record.exported_as("local", "jpg", stamp)
        assert record.exports[0].culling == ""
    finally:
        catalog.close()
    assert rows(catalog, "SELECT value FROM meta WHERE key = 'schema'") == [("3",)]


def test_a_rating_changed_after_export_makes_the_written_file_out_of_date_for_export(
    open_catalog, photos
) -> None:
    """Export skips photos already exported with their settings, unless the rating, flag
    or label in their XMP changed since; the edits themselves still count as exported."""
    catalog = open_catalog()
    edits = PhotoEdits(Params(0.5, 0.5), True)
    catalog.set_edits(photos[0], edits)
    catalog.set_culling(photos[0], Culling(rating=2))
    stamp = FileStamp.of(photos[0])
    written = ExportRecord(
        "/o/a.jpg", edits.params, "local", "jpg", stamp, 1.0, edits.digest(), "2|0|"
    )
    catalog.mark_exported(photos[0], written)
    record = catalog.get(photos[0])
    assert record is not None and record.exported_as("local", "jpg", stamp)
    catalog.set_culling(photos[0], Culling(rating=4))
    record = catalog.get(photos[0])
    assert record is not None and not record.exported_as("local", "jpg", stamp)
    assert record.exported  # nothing to nag about at quit: the retouch is in a file
    catalog.set_culling(photos[0], Culling(rating=2))
    assert catalog.get(photos[0]).exported_as("local", "jpg", stamp)  # type: ignore[union-attr]
