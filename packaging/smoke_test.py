"""Smoke test of a frozen build: it must start, load JPEG and PNG, retouch them, and quit.

Usage: python packaging/smoke_test.py dist/SmartSkin   (the one-folder build)
"""

import subprocess
import sys
from pathlib import Path

folder = Path(sys.argv[1])
exe = next(p for p in (folder / "SmartSkin.exe", folder / "SmartSkin") if p.exists())
result = subprocess.run(
    [str(exe), "--self-test"],
    capture_output=True,
    text=True,
    timeout=300,
    env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ},
)
print(result.stdout, result.stderr)
sys.exit(0 if result.returncode == 0 and "self-test OK" in result.stdout else 1)
