"""A hostile disk: read-only folders, a full tmpfs, racing savers, left-over temp files."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartskin_gui import cli
from smartskin_gui.core.batch import runner as batch
from smartskin_gui.core.errors import SaveError
from smartskin_gui.core.io import atomic
from smartskin_gui.core.io.save import save_image

SETPRIV = shutil.which("setpriv")


def _save_colour(args: tuple[str, int]) -> str:
    folder, value = args
    rgb = np.full((160, 160, 3), value, np.uint8)
    return str(save_image(rgb, Path(folder) / "same.png"))


def test_racing_savers_never_overwrite_each_other(tmp_path: Path):
    values = [10 * i for i in range(8)]
    with ProcessPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(_save_colour, [(str(tmp_path), v) for v in values]))
    assert len(set(names)) == 8
    for name, value in zip(names, values, strict=True):
        with Image.open(name) as im:
            assert int(np.asarray(im)[0, 0, 0]) == value  # each save kept what it wrote
    assert not list(tmp_path.glob(".smartskin-*"))


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_left_over_temp_files_are_swept_however_young_and_held_ones_kept(
    tmp_path: Path, astronaut_rgb
):
    import fcntl

    stale = tmp_path / ".smartskin-abc123.jpg"
    fresh = tmp_path / ".smartskin-def456.jpg"
    held = tmp_path / ".smartskin-ghi789.jpg"
    for p in (stale, fresh, held):
        p.write_bytes(b"x" * 1000)
    old = time.time() - 2 * atomic.STALE_AFTER
    os.utime(stale, (old, old))
    with open(held, "rb") as writer:  # as a save in progress holds its temp file
        fcntl.flock(writer, fcntl.LOCK_EX)
        save_image(astronaut_rgb, tmp_path / "out.jpg")
        assert not stale.exists() and not fresh.exists()  # nobody holds them: left-overs
        assert held.exists()  # a save in progress elsewhere is left alone
    assert atomic.sweep_leftovers([tmp_path]) == [held]  # once it is let go


@pytest.mark.skipif(os.name != "posix", reason="umask is POSIX")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_results_honour_the_umask(tmp_path: Path, astronaut_rgb, umask: int):
    old = os.umask(umask)
    try:
        out = save_image(astronaut_rgb, tmp_path / "out.png")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def _as_unprivileged(cmd: list[str]) -> list[str]:
    """``cmd`` so that file permissions apply even when the tests run as root."""
    if os.geteuid() != 0:
        return cmd
    return [SETPRIV, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *cmd]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.skipif(os.geteuid() == 0 and SETPRIV is None, reason="root without setpriv")
def test_read_only_output_folder_fails_each_photo_and_the_batch_goes_on(tmp_path, portrait):
    second = tmp_path / "second.jpg"
    shutil.copyfile(portrait, second)
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    cmd = [sys.executable, "-m", "smartskin_gui.cli", "enhance", str(portrait), str(second)]
    cmd += ["-o", str(out), "--engine", "local", "--json", "--retouch", "0", "--whitening", "0"]
    r = subprocess.run(_as_unprivileged(cmd), capture_output=True, text=True, timeout=300)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == cli.EXIT_FAILED, r.stderr
    assert [x["code"] for x in lines] == ["SAVE_FAILED", "SAVE_FAILED"]
    assert "choose another folder" in lines[0]["message"] and "Traceback" not in r.stderr
    assert not list(out.iterdir())


def test_full_disk_is_a_sentence_and_leaves_nothing(tiny_tmpfs: Path, astronaut_rgb):
    noise = np.random.default_rng(1).integers(0, 255, (512, 512, 3), np.uint8)
    with pytest.raises(SaveError) as err:
        save_image(noise, tiny_tmpfs / "big.png")
    assert "Nothing was overwritten" in err.value.message
    assert not list(tiny_tmpfs.iterdir())


def test_full_inode_table_is_a_sentence(tiny_tmpfs: Path, astronaut_rgb):
    n = 0
    while True:  # bounded by nr_inodes=16
        try:
            (tiny_tmpfs / f"f{n}").touch()
        except OSError:
            break
        n += 1
        assert n < 1000
    with pytest.raises(SaveError) as err:
        save_image(astronaut_rgb[:200, :200], tiny_tmpfs / "x.jpg")
    assert "space" in err.value.message


def test_an_unexpected_failure_on_one_photo_is_a_json_line(tmp_path, portrait, capsys, monkeypatch):
    second = tmp_path / "second.jpg"
    shutil.copyfile(portrait, second)
    real = batch.load_photo

    def flaky(path, *args, **kwargs):
        if path == portrait:
            raise RuntimeError("a bug we did not foresee")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "load_photo", flaky)
    argv = ["enhance", str(portrait), str(second), "--engine", "local", "--json"]
    code = cli.main([*argv, "--retouch", "0", "--whitening", "0"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == cli.EXIT_FAILED
    assert [(x["ok"], x["code"]) for x in lines] == [(False, "UNEXPECTED_ERROR"), (True, "OK")]
    assert "other photos" in lines[0]["message"]


def test_paths_starting_with_a_dash(tmp_path, portrait, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(portrait, tmp_path / "-odd.jpg")
    argv = ["enhance", "-odd.jpg", "--engine", "local", "--json"]
    assert cli.main([*argv, "--retouch", "0", "--whitening", "0"]) == cli.EXIT_OK
    line = json.loads(capsys.readouterr().out)
    assert line["ok"] and Path(line["output"]).name == "-odd_smartskin.jpg"
    assert cli.main(["enhance", "-missing.jpg"]) == cli.EXIT_USAGE
    assert "./-name.jpg" in capsys.readouterr().err
