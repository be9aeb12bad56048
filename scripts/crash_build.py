"""Crash test of `csrating dataset build`: kill -9 the build at random moments, N times, and check after
each kill that the target still holds a whole, readable snapshot (the previous one or the new one) and
that the next build's clean-up leaves no work folder behind.

Run: .venv/bin/python scripts/crash_build.py [--kills 50] [--seed 1]
Prints the number of kills, how many landed before / during / after the swap, and every failure.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from csrating import dataset

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "tests" / "fixtures" / "recipes" / "mini.yaml"
CLI = [sys.executable, "-m", "csrating.cli"]


def build(target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "dataset", "build", str(RECIPE), "--out", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "snap"
        t0 = time.perf_counter()
        if build(target).wait() != 0:
            print("the first build failed; nothing to test")
            return 1
        full = time.perf_counter() - t0
        outcomes = {"old snapshot kept": 0, "new snapshot in place": 0}
        for i in range(args.kills):
            before = json.loads((target / "manifest.json").read_text())["built_at"]
            proc = build(target)
            time.sleep(rng.uniform(0.0, full * 1.1))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            try:
                ds = dataset.Dataset(target)
                bad = ds.verify()
                ds.load_all()
            except Exception as exc:  # noqa: BLE001 - any failure to read is what we look for
                failures.append(f"kill {i + 1}: snapshot unreadable: {exc}")
                continue
            if bad:
                failures.append(f"kill {i + 1}: {bad}")
            after = json.loads((target / "manifest.json").read_text())["built_at"]
            outcomes["old snapshot kept" if after == before else "new snapshot in place"] += 1
            dataset.clean_stale(target)
            left = [p.name for p in Path(tmp).iterdir() if p.name != "snap"]
            if left:
                failures.append(f"kill {i + 1}: work folders left after clean-up: {left}")
            time.sleep(1.0)  # built_at has one-second resolution
    print(f"kills: {args.kills} (a whole build takes {full:.2f} s)")
    for what, n in outcomes.items():
        print(f"  {what}: {n}")
    print(f"failures: {len(failures)}")
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
