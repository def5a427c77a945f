"""What "already paid?" costs: the cloud render button asks it on every slider move, the
export's cost question for every photo of the batch. No photo is read or encoded: a hashed
look-up, plus one ``stat`` per photo when the caller has no stamp.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from smartskin_gui.core.cloud import DiskCache  # noqa: E402
from smartskin_gui.core.params import Params  # noqa: E402

PHOTOS = 3000
SERVICE = "https://www.ailabapi.com"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cache = DiskCache(root / "cache")
        photos = []
        for i in range(PHOTOS):
            photo = root / f"IMG_{i:04d}.jpg"
            photo.write_bytes(b"x" * 100)
            photos.append(photo)
            if i % 2 == 0:  # half of them paid
                key = DiskCache.key(f"h{i}", "cloud", Params(), SERVICE)
                cache.put(key, b"result")
                st = photo.stat()
                cache.remember_paid(photo, (st.st_size, st.st_mtime_ns), key)
        started = time.perf_counter()
        paid = [cache.paid_for(p, "cloud", Params(), SERVICE) for p in photos]
        batch = time.perf_counter() - started
        stamp = (100, photos[0].stat().st_mtime_ns)
        started = time.perf_counter()
        for _ in range(1000):
            cache.paid_for(photos[0], "cloud", Params(), SERVICE, stamp)
        one = (time.perf_counter() - started) / 1000
        started = time.perf_counter()
        DiskCache(root / "cache")
        load = time.perf_counter() - started
        assert sum(paid) == PHOTOS // 2
        print(f"already paid? {PHOTOS} photos (a stat each): {batch * 1000:.1f} ms")
        print(f"already paid? one photo with its stamp (a slider move): {one * 1e6:.1f} µs")
        print(
            f"paid-results cache with {PHOTOS // 2} entries and receipts: open {load * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
