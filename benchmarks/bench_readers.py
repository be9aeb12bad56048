"""Time of the readers on the largest real files (GIAS schools, Ofsted childcare, LAIT), in process.

Run: .venv/bin/python benchmarks/bench_readers.py [--raw ../shared/data/raw] [--repeat 3]
Targets (once asserted by the unit tests of the full real files, which now check only the rows read):
GIAS under 5 s, childcare under 10 s, LAIT under 10 s. Prints the median of the runs of each reader.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from csrating.findings import Findings
from csrating.sources.registry import ReadContext, load_readers

ROOT = Path(__file__).resolve().parents[1]

# reader, file under the raw folder, as-at date, target in seconds
CASES = [
    ("gias_schools", "gias-primary-ofsted-2024/school_ofsted_rating.csv", date(2024, 4, 28), 5.0),
    (
        "ofsted_childcare",
        "ofsted-childcare-mi-2021/childcare_providers_most_recent_inspections_2021-08-31.csv",
        date(2021, 8, 31),
        10.0,
    ),
    ("lait", "dfe-lait/bds_long_0.parquet", None, 10.0),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", default=str(ROOT.parent / "shared" / "data" / "raw"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    raw = Path(args.raw)
    if not raw.exists():
        print(f"raw data folder {raw} not found: nothing to measure")
        return 1
    readers = load_readers()
    for name, rel, as_at, target in CASES:
        path = raw / rel
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        times = []
        for _ in range(args.repeat):
            findings = Findings()
            ctx = ReadContext(findings=findings, label=rel, as_at=as_at)
            t0 = time.perf_counter()
            readers[name].fn(path, ctx)
            times.append(time.perf_counter() - t0)
            if findings.has_errors:
                print(f"{name}: {len(findings.errors)} errors reading {rel}: {findings.errors[0]}")
                return 1
        median = statistics.median(times)
        over = "" if median < target else "  OVER TARGET"
        print(f"read {name}: median of {len(times)}: {median:.2f} s (target < {target:.0f} s){over}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
