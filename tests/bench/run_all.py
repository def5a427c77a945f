"""`make bench`: run every benchmark script in this folder and print their figures."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("bench_*.py")):
    print(f"== {script.name}", flush=True)
    failed += subprocess.call([sys.executable, str(script)], cwd=here) != 0
sys.exit(1 if failed else 0)
