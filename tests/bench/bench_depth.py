"""16-bit round trip on a 24 MP photo (6000x4000 RGB, 16 bits): decode, carry a change
back, encode each TIFF compression and PNG with metadata; and peak RSS of the carry-back
on 45 MP (8192x5464) in a fresh process; ProPhoto -> sRGB display conversion."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from _util import CHILD_RSS, ROOT, run_child

from smartskin_gui.core.io.colour import to_display_srgb
from smartskin_gui.core.io.decoding import load_photo
from smartskin_gui.core.io.depth import apply_change_deep, decode_deep, encode_deep, to_8bit
from smartskin_gui.core.io.metadata.carry import FileMetadata, output_metadata, settings_for
from smartskin_gui.core.io.save import OutputChoices, save_result
from smartskin_gui.core.params import Params


def photo16(width: int, height: int) -> np.ndarray:
    x = np.linspace(3000, 62000, width, dtype=np.float32)
    y = np.linspace(0.9, 1.0, height, dtype=np.float32)[:, None]
    base = x[None, :] * y
    rng = np.random.default_rng(0)
    grain = rng.normal(0, 120, (height, width)).astype(np.float32)
    return np.clip(np.dstack([base, base * 0.8, base * 0.6]) + grain[..., None], 0, 65535).astype(
        np.uint16
    )


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


CHILD_45 = (
    CHILD_RSS
    + """
import numpy as np, time
from smartskin_gui.core.colorspace import to_display_srgb
from smartskin_gui.core.depth import apply_change_deep
h, w = 5464, 8192
orig = np.full((h, w, 3), 30000, np.uint16)
orig[:, :, 1] = np.linspace(0, 65535, w).astype(np.uint16)
small = np.full((3330, 4992, 3), 117, np.uint8)
after = small + 5
base = peak_mb()
t = time.perf_counter()
out = apply_change_deep(orig, small, after)
print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": peak_mb(), "before_mb": base}))
"""
)


def save_whole(data: bytes) -> None:
    """The real path of a GUI/CLI save: load the file, change it, ``save_result``."""
    with tempfile.TemporaryDirectory(prefix="smartskin-bench-") as folder:
        src = Path(folder) / "portrait-Edit.tif"
        src.write_bytes(data)
        photo, t_load = timed(lambda: load_photo(src))
        print(
            f"load_photo 24 MP 16-bit LZW TIFF (16-bit kept, 8-bit copy, metadata): {t_load:.2f} s"
        )
        after = np.clip(photo.rgb.astype(np.int16) + 4, 0, 255).astype(np.uint8)
        params = Params(0.8, 0.4)
        for name, fmt, in_place in (
            ("portrait-Edit.tif", "TIFF LZW, in place", True),
            ("out.tif", "TIFF LZW, new file", False),
            ("out.png", "PNG", False),
        ):
            choices = OutputChoices(in_place=in_place)
            target = Path(folder) / name
            saved, took = timed(
                lambda t=target, c=choices: save_result(
                    after, t, like=photo, engine="local", params=params, choices=c
                )
            )
            size = saved.path.stat().st_size / 1e6
            print(f"save_result 24 MP 16-bit {fmt}: {took:.2f} s, {size:.0f} MB")


def main() -> None:
    # First, while this process is small: Linux children inherit the parent's peak RSS.
    r = run_child(CHILD_45)
    print(
        f"45 MP carry-back from upload size: {r['seconds']:.2f} s, peak RSS {r['peak_mb']:.0f} MB "
        f"({r['before_mb']:.0f} MB holding the inputs)"
    )
    orig = photo16(6000, 4000)
    meta = output_metadata(FileMetadata(), settings_for("local", Params()), "TIFF")
    data = encode_deep(orig, "TIFF", meta, "lzw")
    deep, t_decode = timed(lambda: decode_deep(data))
    print(f"decode 24 MP 16-bit LZW TIFF: {t_decode:.2f} s")
    before = to_8bit(deep.pixels)
    after = np.clip(before.astype(np.int16) + 4, 0, 255).astype(np.uint8)
    _, t_same = timed(lambda: apply_change_deep(deep.pixels, before, after))
    print(f"apply_change_deep 24 MP, same size: {t_same:.2f} s")
    small = cv2.resize(before, (4992, 3328), interpolation=cv2.INTER_AREA)
    small_after = np.clip(small.astype(np.int16) + 4, 0, 255).astype(np.uint8)
    result, t_up = timed(lambda: apply_change_deep(deep.pixels, small, small_after))
    print(f"apply_change_deep 24 MP from 4992 px upload size: {t_up:.2f} s")
    for fmt, compression in (("TIFF", "none"), ("TIFF", "lzw"), ("TIFF", "zip"), ("PNG", "-")):
        out, took = timed(lambda f=fmt, c=compression: encode_deep(result, f, meta, c))
        print(f"encode 24 MP 16-bit {fmt} {compression}: {took:.2f} s, {len(out) / 1e6:.0f} MB")
    save_whole(data)
    sys.path.insert(0, str(ROOT))  # the test fixtures' generated ProPhoto profile
    from tests.filefixtures import PROPHOTO

    preview = cv2.resize(before, (1800, 1200), interpolation=cv2.INTER_AREA)
    to_display_srgb(preview, PROPHOTO)  # builds and caches the transform
    _, t_view = timed(lambda: to_display_srgb(preview, PROPHOTO))
    _, t_full = timed(lambda: to_display_srgb(before, PROPHOTO))
    print(f"ProPhoto -> sRGB for display: 2 MP {t_view * 1000:.0f} ms, 24 MP {t_full:.2f} s")


if __name__ == "__main__":
    main()
