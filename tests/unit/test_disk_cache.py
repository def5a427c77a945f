"""The paid-result disk cache: kept across restarts, LRU within a size cap, keyed by the
service's address too, damage and things that are not files ignored, "already paid" receipts."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from smartskin_gui.core.cloud.paid_cache import CACHE_ENV, DiskCache, cache_dir, content_hash
from smartskin_gui.core.params import Params
from smartskin_gui.core.state.result_cache import ResultCache

SERVICE = "https://www.ailabapi.com"


def ckey(content: str, engine: str, params: Params, service: str = SERVICE) -> tuple:
    return DiskCache.key(content, engine, params, service)


def blob(n: int, seed: int = 0) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def test_a_paid_result_survives_a_restart(tmp_path: Path) -> None:
    key = ckey("abc", "cloud", Params(0.5, 0.3))
    DiskCache(tmp_path).put(key, blob(1000))
    again = DiskCache(tmp_path)
    assert again.get(key) == blob(1000)
    assert again.get(ckey("abc", "cloud", Params(0.5, 0.31))) is None
    assert again.get(ckey("abc", "local", Params(0.5, 0.3))) is None
    assert again.get(ckey("abd", "cloud", Params(0.5, 0.3))) is None
    assert key in again and len(again) == 1


def test_equal_looking_params_are_one_key(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put(ckey("h", "cloud", Params(0.5, 1.0)), b"x")
    assert cache.get(ckey("h", "cloud", Params.parse("0.50", "1"))) == b"x"


def put_at(cache: DiskCache, key: tuple, data: bytes, second: int) -> None:
    """Put, then date the entry (the file clock may not tick between two puts)."""
    cache.put(key, data)
    entry = cache.directory / DiskCache._name(key)
    os.utime(entry, ns=(second * 10**9, second * 10**9))


def test_least_recently_used_goes_first_also_after_a_restart(tmp_path: Path) -> None:
    keys = [ckey(f"photo{i}", "cloud", Params()) for i in range(4)]
    cache = DiskCache(tmp_path, max_bytes=3 * 1100)
    for i, k in enumerate(keys[:3]):
        put_at(cache, k, blob(1000, i), i + 1)
    restarted = DiskCache(tmp_path, max_bytes=3 * 1100)
    assert restarted.get(keys[0]) == blob(1000, 0)  # used: photo1 is now the oldest
    restarted.put(keys[3], blob(1000, 3))
    # (asked without a read: a read is a use, and would change the order being tested)
    assert [k in restarted for k in keys] == [True, False, True, True]
    assert restarted.total_bytes <= 3 * 1100
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) == restarted.total_bytes
    # the use of photo0 was written to disk: a second restart keeps that order
    again = DiskCache(tmp_path, max_bytes=3 * 1100)
    again.put(ckey("photo4", "cloud", Params()), blob(1000, 4))
    assert again.get(keys[0]) is not None and again.get(keys[2]) is None


def test_a_smaller_cap_at_start_trims_the_oldest(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    keys = [ckey(f"p{i}", "cloud", Params()) for i in range(5)]
    for i, k in enumerate(keys):
        put_at(cache, k, blob(1000, i), i + 1)
    small = DiskCache(tmp_path, max_bytes=2 * 1100)
    assert len(small) == 2 and len(list(tmp_path.iterdir())) == 2
    assert [small.get(k) is not None for k in keys] == [False, False, False, True, True]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_damaged_entries_are_ignored_and_removed(tmp_path: Path, damage: str) -> None:
    key = ckey("h", "cloud", Params())
    DiskCache(tmp_path).put(key, blob(5000))
    (entry,) = tmp_path.iterdir()
    data = bytearray(entry.read_bytes())
    if damage == "truncate":
        data = data[:-10]
    elif damage == "flip":
        data[-1] ^= 0xFF
    else:
        data = bytearray(b"not a cache entry at all")
    entry.write_bytes(bytes(data))
    cache = DiskCache(tmp_path)
    assert cache.get(key) is None
    assert not entry.exists() and len(cache) == 0
    cache.put(key, blob(5000))  # and the result can be kept again
    assert DiskCache(tmp_path).get(key) == blob(5000)


def test_an_unusable_cache_dir_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = DiskCache(blocker / "results")
    key = ckey("h", "cloud", Params())
    cache.put(key, b"data")
    assert cache.get(key) is None and len(cache) == 0


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    assert DiskCache().directory == tmp_path / "c"
    monkeypatch.delenv(CACHE_ENV)
    assert "SmartSkin" in str(cache_dir())


def test_content_hash_follows_the_bytes_not_the_name(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.jpg", tmp_path / "b.jpg", tmp_path / "c.jpg"
    a.write_bytes(blob(3_000_000))
    b.write_bytes(blob(3_000_000))
    c.write_bytes(blob(3_000_000, seed=1))
    assert content_hash(a) == content_hash(b) != content_hash(c)


def test_the_memory_cache_still_works() -> None:
    cache: ResultCache[np.ndarray] = ResultCache(max_bytes=250)
    one, two = np.zeros(100, np.uint8), np.ones(100, np.uint8)
    cache.put(ResultCache.key("a", "local", Params()), one)
    cache.put(ResultCache.key("b", "local", Params()), two)
    assert cache.get(ResultCache.key("a", "local", Params())) is one
    cache.put(ResultCache.key("c", "local", Params()), one)
    assert cache.get(ResultCache.key("b", "local", Params())) is None
    assert len(cache) == 2


def test_many_threads_share_one_cache(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, max_bytes=20 * 1100)
    keys = [ckey(f"p{i}", "cloud", Params()) for i in range(60)]

    def work(i: int) -> bool:
        cache.put(keys[i], blob(1000, i))
        got = cache.get(keys[i])
        return got is None or got == blob(1000, i)  # evicted meanwhile, or exactly right

    with ThreadPoolExecutor(6) as pool:
        assert all(pool.map(work, range(60)))
    assert cache.total_bytes <= 20 * 1100
    on_disk = sorted(p.name for p in tmp_path.iterdir())
    assert len(on_disk) == len(cache) and not [n for n in on_disk if n.startswith(".")]
    again = DiskCache(tmp_path)
    assert sum(again.get(k) is not None for k in keys) == len(on_disk)


# --- keyed by the service's address ---------------------------------------------------------


def test_a_result_of_one_service_never_answers_for_another(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put(ckey("h", "cloud", Params(), "http://127.0.0.1:8765"), b"from the emulator")
    assert DiskCache(tmp_path).get(ckey("h", "cloud", Params(), SERVICE)) is None
    assert DiskCache(tmp_path).get(ckey("h", "cloud", Params(), "http://127.0.0.1:8766")) is None
    again = ckey("h", "cloud", Params(), "http://127.0.0.1:8765/")  # the same address
    assert DiskCache(tmp_path).get(again) == b"from the emulator"


def test_entries_kept_before_the_service_was_in_the_key_are_dropped(tmp_path: Path) -> None:
    """They could have come from any address: no key matches them, and they take no room."""
    import hashlib

    payload = b"paid somewhere"
    old_name = hashlib.sha256(b"h|cloud|1.00|1.00").hexdigest() + ".bin"
    (tmp_path / old_name).write_bytes(b"SSKC1\n" + hashlib.sha256(payload).digest() + payload)
    cache = DiskCache(tmp_path)
    assert not (tmp_path / old_name).exists() and len(cache) == 0
    assert cache.get(ckey("h", "cloud", Params())) is None


# --- only regular files of a sane size are read ----------------------------------------------


def entry_path(cache: DiskCache, key: tuple) -> Path:
    return cache.directory / DiskCache._name(key)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.timeout(60)
def test_a_fifo_in_place_of_an_entry_is_dropped_without_blocking(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = ckey("h", "cloud", Params())
    cache = DiskCache(tmp_path)
    os.mkfifo(entry_path(cache, key))  # appears while the cache is in use
    assert cache.get(key) is None  # a plain read would block here for good
    assert not entry_path(cache, key).exists()
    assert "pipe (FIFO)" in caplog.text
    cache.put(key, b"paid once")
    assert cache.get(key) == b"paid once"  # kept: never paid for twice
    os.unlink(entry_path(cache, key))
    os.mkfifo(entry_path(cache, key))  # and one found at start
    assert len(DiskCache(tmp_path)) == 0 and not entry_path(cache, key).exists()


def test_a_folder_in_place_of_an_entry_is_cleared_so_the_result_is_kept(tmp_path: Path) -> None:
    key = ckey("h", "cloud", Params())
    cache = DiskCache(tmp_path)
    folder = entry_path(cache, key)
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    assert cache.get(key) is None and not folder.exists()
    folder.mkdir()  # again, then the result arrives: it takes the folder's place
    cache.put(key, b"paid once")
    assert folder.is_file() and DiskCache(tmp_path).get(key) == b"paid once"


def test_a_link_in_place_of_an_entry_goes_but_not_what_it_points_to(tmp_path: Path) -> None:
    key = ckey("h", "cloud", Params())
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    cache = DiskCache(tmp_path / "cache")
    cache.directory.mkdir()
    entry_path(cache, key).symlink_to(target, target_is_directory=True)
    cache.put(key, b"paid once")
    assert cache.get(key) == b"paid once" and (target / "keep.txt").read_text() == "mine"


def test_an_entry_far_larger_than_the_cache_is_dropped_unread(tmp_path: Path) -> None:
    key = ckey("h", "cloud", Params())
    cache = DiskCache(tmp_path, max_bytes=10_000)
    with open(entry_path(cache, key), "wb") as fh:
        fh.truncate(5 * 1024**3)  # sparse: 5 GB that take no room
    assert cache.get(key) is None and not entry_path(cache, key).exists()
    with open(entry_path(cache, key), "wb") as fh:
        fh.truncate(5 * 1024**3)
    assert len(DiskCache(tmp_path, max_bytes=10_000)) == 0
    assert not entry_path(cache, key).exists()


# --- "is this paid for?" ---------------------------------------------------------------------


def test_receipts_say_what_was_paid_by_file_settings_and_service(tmp_path: Path) -> None:
    photo = tmp_path / "IMG_1.jpg"
    photo.write_bytes(blob(2000))
    st = photo.stat()
    stamp = (st.st_size, st.st_mtime_ns)
    cache = DiskCache(tmp_path / "cache")
    key = ckey("h", "cloud", Params(0.5, 0.3))
    assert not cache.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE)
    cache.remember_paid(photo, stamp, key)  # nothing kept under that key: no receipt
    assert not cache.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE)
    cache.put(key, b"result")
    cache.remember_paid(photo, stamp, key)
    for c in (cache, DiskCache(tmp_path / "cache")):  # also after a restart
        assert c.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE)
        assert c.paid_for(str(photo), "cloud", Params.parse("0.50", "0.3"), SERVICE + "/")
        assert c.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE, stamp)
        assert not c.paid_for(photo, "cloud", Params(0.5, 0.4), SERVICE)
        assert not c.paid_for(photo, "cloud", Params(0.5, 0.3), "http://127.0.0.1:8765")
        assert not c.paid_for(tmp_path / "IMG_2.jpg", "cloud", Params(0.5, 0.3), SERVICE)
    photo.write_bytes(blob(2001))  # replaced under the same name: another photo
    assert not cache.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE)
    assert cache.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE, stamp)  # the old one
    cache.clear()
    assert not cache.paid_for(photo, "cloud", Params(0.5, 0.3), SERVICE, stamp)


def test_an_evicted_result_is_no_longer_paid_for(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache", max_bytes=2 * 1100)
    photos = []
    for i in range(3):
        photo = tmp_path / f"IMG_{i}.jpg"
        photo.write_bytes(blob(100, i))
        key = ckey(f"p{i}", "cloud", Params())
        put_at(cache, key, blob(1000, i), i + 1)
        cache.remember_paid(photo, (100, photo.stat().st_mtime_ns), key)
        photos.append(photo)
    paid = [cache.paid_for(p, "cloud", Params(), SERVICE) for p in photos]
    assert paid == [False, True, True]
    restarted = DiskCache(tmp_path / "cache", max_bytes=2 * 1100)
    assert [restarted.paid_for(p, "cloud", Params(), SERVICE) for p in photos] == paid


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.timeout(60)
def test_a_fifo_in_place_of_the_receipts_blocks_nothing(tmp_path: Path) -> None:
    photo = tmp_path / "IMG_1.jpg"
    photo.write_bytes(blob(100))
    stamp = (100, photo.stat().st_mtime_ns)
    (tmp_path / "cache").mkdir()
    os.mkfifo(tmp_path / "cache" / "receipts.txt")
    cache = DiskCache(tmp_path / "cache")
    key = ckey("h", "cloud", Params())
    cache.put(key, b"result")
    cache.remember_paid(photo, stamp, key)
    assert (tmp_path / "cache" / "receipts.txt").is_file()
    assert DiskCache(tmp_path / "cache").paid_for(photo, "cloud", Params(), SERVICE)
    os.unlink(tmp_path / "cache" / "receipts.txt")
    os.mkfifo(tmp_path / "cache" / "receipts.txt")  # appears while the cache is in use
    cache.remember_paid(photo, (100, 1), key)
    assert not (tmp_path / "cache" / "receipts.txt").exists()
