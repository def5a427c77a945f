"""Hostile service and hostile files: how long until the sentence, and at what peak memory.

Each case runs in a fresh interpreter so its peak RSS is its own. The issue's figures before
the fix: an endless answer reached 3.4 GB in 5.6 s, a 4 MB gzip answer 4.3 GB, a trickled
answer never ended, a 3 GB non-image was read whole (3.2 GB RSS).
"""

from __future__ import annotations

from _util import CHILD_RSS, run_child

SETUP = (
    CHILD_RSS
    + """
import gzip, io, json, sys, time
from PIL import Image
import numpy as np
from smartskin_gui.core import errors as e
from smartskin_gui.core.cloud.client import SmartSkinClient, RetryPolicy
from smartskin_gui.core.cloud.fitting import prepare_upload
from smartskin_gui.core.io import decode
from smartskin_gui.core.params import Params
from tests.integration.hostile import Hostile, answer, endless, send, trickle

buf = io.BytesIO()
Image.new("RGB", (512, 512), (200, 150, 120)).save(buf, "JPEG")
upload = prepare_upload(decode(buf.getvalue()))
fast = RetryPolicy(delays=(0.01,) * 4, download_delays=(0.01,) * 3)

def bomb(size):
    out = io.BytesIO()
    block = b"{" * (64 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        for _ in range(size // len(block)):
            gz.write(block)
    return out.getvalue()

def attack(script, deadline):
    with Hostile("127.0.0.1", script) as srv:
        c = SmartSkinClient("k", srv.url, retry=fast, deadline=deadline, timeout=(5, 30))
        t = time.perf_counter()
        try:
            c.enhance(upload, Params())
            code = "OK"
        except e.SmartSkinError as err:
            code = err.code
        return code, time.perf_counter() - t
"""
)

CASES = {
    "endless answer": (
        "attack(endless(b'HTTP/1.1 200 OK\\r\\nConnection: close\\r\\n\\r\\n', 4 << 30), 60)"
    ),
    "gzip bomb (1 MB -> 1 GB)": (
        "attack(send(answer(200, bomb(1 << 30), {'Content-Encoding': 'gzip'})), 60)"
    ),
    "answer trickled 1 byte / 0.1 s, deadline 2 s": (
        "attack(trickle(b'HTTP/1.1 200 OK\\r\\nX-Slow: ', 0.1, 600), 2.0)"
    ),
}

FILE_CASE = """
import os, tempfile, time
from smartskin_gui.core import errors as e
from smartskin_gui.core.io import load_photo
d = tempfile.mkdtemp()
p = os.path.join(d, "fake.jpg")
with open(p, "wb") as fh:
    fh.write(os.urandom(1 << 20))  # 1 MB of noise, then a sparse tail
    fh.truncate(int(1.9 * 1024**3))
t = time.perf_counter()
try:
    load_photo(p)
    code = "OK"
except e.SmartSkinError as err:
    code = err.code
dt = time.perf_counter() - t
os.unlink(p)
"""

if __name__ == "__main__":
    for name, expr in CASES.items():
        code = SETUP + f"\ncode, dt = {expr}\nprint(json.dumps([code, dt, peak_mb()]))"
        result, seconds, peak = run_child(code)
        print(f"{name:48s} -> {result:18s} {seconds:6.2f} s  peak RSS {peak:6.0f} MB")
    code = CHILD_RSS + FILE_CASE + "\nprint(json.dumps([code, dt, peak_mb()]))"
    result, seconds, peak = run_child(code)
    name = "1.9 GB non-image .jpg"
    print(f"{name:48s} -> {result:18s} {seconds:6.2f} s  peak RSS {peak:6.0f} MB")
