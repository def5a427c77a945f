"""The paid-result disk cache: kept across restarts, LRU within a size cap, damage ignored."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from smartskin_gui.core.cloud.paid_cache import CACHE_ENV, DiskCache, cache_dir, content_hash
from smartskin_gui.core.params import Params
from smartskin_gui.core.state.result_cache import ResultCache


def blob(n: int, seed: int = 0) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def test_a_paid_result_survives_a_restart(tmp_path: Path) -> None:
    key = DiskCache.key("abc", "cloud", Params(0.5, 0.3))
    DiskCache(tmp_path).put(key, blob(1000))
    again = DiskCache(tmp_path)
    assert again.get(key) == blob(1000)
    assert again.get(DiskCache.key("abc", "cloud", Params(0.5, 0.31))) is None
    assert again.get(DiskCache.key("abc", "local", Params(0.5, 0.3))) is None
    assert again.get(DiskCache.key("abd", "cloud", Params(0.5, 0.3))) is None
    assert key in again and len(again) == 1


def test_equal_looking_params_are_one_key(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put(DiskCache.key("h", "cloud", Params(0.5, 1.0)), b"x")
    assert cache.get(DiskCache.key("h", "cloud", Params.parse("0.50", "1"))) == b"x"


def put_at(cache: DiskCache, key: tuple, data: bytes, second: int) -> None:
    """Put, then date the entry (the file clock may not tick between two puts)."""
    cache.put(key, data)
    entry = max(cache.directory.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    os.utime(entry, ns=(second * 10**9, second * 10**9))


def test_least_recently_used_goes_first_also_after_a_restart(tmp_path: Path) -> None:
    keys = [DiskCache.key(f"photo{i}", "cloud", Params()) for i in range(4)]
    cache = DiskCache(tmp_path, max_bytes=3 * 1100)
    for i, k in enumerate(keys[:3]):
        put_at(cache, k, blob(1000, i), i + 1)
    restarted = DiskCache(tmp_path, max_bytes=3 * 1100)
    assert restarted.get(keys[0]) == blob(1000, 0)  # used: photo1 is now the oldest
    restarted.put(keys[3], blob(1000, 3))
    assert [restarted.get(k) is not None for k in keys] == [True, False, True, True]
    assert restarted.total_bytes <= 3 * 1100
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) == restarted.total_bytes
    # the use of photo0 was written to disk: a second restart keeps that order
    again = DiskCache(tmp_path, max_bytes=3 * 1100)
    again.put(DiskCache.key("photo4", "cloud", Params()), blob(1000, 4))
    assert again.get(keys[0]) is not None and again.get(keys[2]) is None


def test_a_smaller_cap_at_start_trims_the_oldest(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    keys = [DiskCache.key(f"p{i}", "cloud", Params()) for i in range(5)]
    for i, k in enumerate(keys):
        put_at(cache, k, blob(1000, i), i + 1)
    small = DiskCache(tmp_path, max_bytes=2 * 1100)
    assert len(small) == 2 and len(list(tmp_path.iterdir())) == 2
    assert [small.get(k) is not None for k in keys] == [False, False, False, True, True]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_damaged_entries_are_ignored_and_removed(tmp_path: Path, damage: str) -> None:
    key = DiskCache.key("h", "cloud", Params())
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
    key = DiskCache.key("h", "cloud", Params())
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
    keys = [DiskCache.key(f"p{i}", "cloud", Params()) for i in range(60)]

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
