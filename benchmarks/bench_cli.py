"""Whole-process times of the `csrating` command (issue 10: the same speed on every path): each command
runs as a new process several times, in a fresh folder with no application database, and the median is
printed against its target.

    csrating --help                                          target < 0.25 s
    csrating rate --all                                      target < 0.8 s
    csrating profile --all --dataset england-latest --out X  target < 0.8 s
    csrating run (the main job, HTML letters)                target < 3 s
    csrating dataset info                                    (no target; read-only, no database)

Each command runs once untimed first, with Python allowed to write its bytecode cache (as an ordinary
install does), so the figures do not include compiling csrating's modules where $PYTHONDONTWRITEBYTECODE
is set.

Run: .venv/bin/python benchmarks/bench_cli.py [--repeat 5] [--only rate]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CSRATING = Path(sys.executable).parent / "csrating"

# name, arguments, target in seconds (None: recorded only)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("--help", ["--help"], 0.25),
    ("dataset info", ["dataset", "info"], None),
    ("rate --all", ["rate", "--all"], 0.8),
    (
        "profile --all --out",
        ["profile", "--all", "--dataset", "england-latest", "--out", "profiles.parquet"],
        0.8,
    ),
    ("run", ["run", "--out", "out"], 3.0),
]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_once(args: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        done = subprocess.run([str(CSRATING), *args], cwd=tmp, capture_output=True, text=True, env=ENV)
        took = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"csrating {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="Runs of each command (the median is shown).")
    ap.add_argument("--only", default=None, help="Run only the commands whose name contains this.")
    args = ap.parse_args()
    if not CSRATING.exists() and shutil.which("csrating") is None:
        sys.exit("csrating is not installed (bash scripts/install.sh)")
    print(f"whole processes, median of {args.repeat} runs each")
    for name, argv, target in COMMANDS:
        if args.only and args.only not in name:
            continue
        time_once(argv)  # warm-up: bytecode cache, file system cache
        times = [time_once(argv) for _ in range(args.repeat)]
        med = statistics.median(times)
        verdict = "" if target is None else (" ok" if med < target else " OVER TARGET")
        aim = "no target" if target is None else f"target < {target:g} s"
        print(f"csrating {name:<22} {med:6.3f} s  (min {min(times):.3f}, {aim}){verdict}")


if __name__ == "__main__":
    main()
