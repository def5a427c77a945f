"""Saving without overwriting where the file system has no hard links (memory cards)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from smartskin_gui.core.io import atomic


@pytest.mark.parametrize(
    "code",
    [
        errno.EINVAL,  # Windows, exFAT/FAT32 card or USB drive: "[WinError 1] Incorrect function"
        errno.ENOSYS,  # exFAT through FUSE on Linux
        errno.EPERM,  # vfat on Linux
    ],
)
def test_a_save_to_a_card_without_hard_links_claims_a_free_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def no_links(src: str, dst: Path) -> None:
        raise OSError(code, os.strerror(code), str(src), None, str(dst))

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "portrait-retouched.jpg"
    first = atomic.write_atomic(target, lambda fh: fh.write(b"one"), overwrite=False)
    second = atomic.write_atomic(target, lambda fh: fh.write(b"two"), overwrite=False)
    assert (first, second) == (target, tmp_path / "portrait-retouched-2.jpg")
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_other_link_errors_are_not_taken_for_a_missing_feature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: str, dst: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "link", full_disk)
    with pytest.raises(OSError) as raised:
        atomic.write_atomic(tmp_path / "a.jpg", lambda fh: fh.write(b"x"), overwrite=False)
    assert raised.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []  # no temp file left behind
