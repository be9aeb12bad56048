"""Time and peak memory of building england-latest from the raw public files.

Run: .venv/bin/python benchmarks/bench_build.py [--raw ../shared/data/raw] [--repeat 1]
Targets (issue 2): under 60 s and under 2 GB. Each build runs in a fresh process, so the peak resident
memory reported is that of the build alone (ru_maxrss of the child).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", default=str(ROOT.parent / "shared" / "data" / "raw"))
    ap.add_argument("--recipe", default=str(ROOT / "data" / "recipes" / "england-latest.yaml"))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    if not Path(args.raw).exists():
        print(f"raw data folder {args.raw} not found: nothing to measure")
        return 1
    times = []
    peak = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            r = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "csrating.cli",
                    "dataset",
                    "build",
                    args.recipe,
                    "--raw-root",
                    args.raw,
                    "--out",
                    str(Path(tmp) / "england-latest"),
                ],
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - t0)
            if r.returncode != 0:
                print(r.stdout[-3000:], r.stderr[-3000:])
                return 1
            peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    best = min(times)
    print(f"build england-latest: best of {len(times)}: {best:.1f} s (target < 60 s)")
    print(f"peak resident memory of the build process: {peak / 1024:.0f} MB (target < 2048 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
