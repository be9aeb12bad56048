"""Time to build the performance profiles of every LA of england-latest, against the time to read it.

Run: .venv/bin/python benchmarks/bench_profile.py [--dataset england-latest] [--year 2025] [--repeat 5]
Targets (issue 3): profiles of all LAs in under 1 s after loading; profiles / read under 3.
"read" = opening the dataset and reading every table from Parquet. "profiles" = the vectorised blocks for
all LAs (ProfileBuilder) plus one Profile object per LA (build_all). Best of --repeat runs each.
"""

from __future__ import annotations

import argparse
import time

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import ProfileBuilder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default="2025")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    m = load(args.year)
    reads, builds = [], []
    n = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ds = Dataset(args.dataset)
        ds.load_all()
        t1 = time.perf_counter()
        profiles = ProfileBuilder(ds, m).build_all()
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        builds.append(t2 - t1)
        n = len(profiles)
    read, build = min(reads), min(builds)
    print(f"read {args.dataset}: {read:.3f} s")
    print(f"profiles of {n} LAs (methodology {args.year}): {build:.3f} s (target < 1 s)")
    print(f"ratio profiles / read: {build / read:.1f} (target < 3)")


if __name__ == "__main__":
    main()
