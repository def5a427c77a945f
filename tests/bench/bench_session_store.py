"""Session bookkeeping on the GUI thread for a 3,000-photo shoot: per-photo settings (add,
sync, snapshot, write) and the paid-result disk cache (put/get of a 2 MB result, content hash
of a 12 MB photo). Target (issue 10): GUI-thread steps under 50 ms (add is done in chunks as
the folder walk delivers photos; the JSON write runs off the GUI thread)."""

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from smartskin_gui.core.cloud.paid_cache import DiskCache, content_hash
from smartskin_gui.core.params import Params
from smartskin_gui.core.state.photo_settings import PhotoSettings

PHOTOS = 3000


def ms(step: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        step()
    return (time.perf_counter() - start) * 1000 / repeat


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for i in range(PHOTOS):
            p = root / f"IMG_{i:04d}.jpg"
            p.write_bytes(b"x" * 64)
            paths.append(p)
        store = PhotoSettings(root / "cfg")
        chunk = ms(lambda: store.add_all(paths[:100]))
        store.add_all(paths)
        store.set_params(paths[0], Params(0.4, 0.3))
        print(f"per-photo settings: add 100 photos {chunk:.1f} ms")
        print(f"per-photo settings: sync to all {PHOTOS} {ms(lambda: store.sync(paths[0])):.1f} ms")
        snapshot = store.snapshot()
        print(f"per-photo settings: snapshot of {PHOTOS} {ms(store.snapshot):.1f} ms")
        write = ms(lambda: store.write(store.path, snapshot))
        print(f"per-photo settings: write {PHOTOS} (worker thread) {write:.1f} ms")
        print(f"per-photo settings: load {PHOTOS} {ms(lambda: PhotoSettings(root / 'cfg')):.1f} ms")

        cache = DiskCache(root / "cache")
        data = os.urandom(2_000_000)
        keys = [DiskCache.key(str(i), "cloud", Params(), "https://x") for i in range(20)]
        put = ms(lambda: [cache.put(k, data) for k in keys]) / len(keys)
        get = ms(lambda: [cache.get(k) for k in keys]) / len(keys)
        print(f"disk cache: put 2 MB {put:.1f} ms, get 2 MB {get:.1f} ms")
        big = root / "big.jpg"
        big.write_bytes(os.urandom(12_000_000))
        print(f"content hash of a 12 MB photo: {ms(lambda: content_hash(big), 3):.1f} ms")


if __name__ == "__main__":
    main()
