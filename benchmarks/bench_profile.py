"""Time to build the performance profiles of every LA of england-latest, against the time to read it.

Run: .venv/bin/python benchmarks/bench_profile.py [--dataset england-latest] [--year 2025] [--repeat 15]
Targets: profiles of all LAs in under 1 s after loading (issue 3); profiles and ratings of all LAs in at
most 3 times the read (issue 10), printed three ways - see the end of this note.

* "read": opening the dataset and reading every table from Parquet.
* "profiles": ``ProfileBuilder(dataset, methodology)``, which computes every block of every LA's profile
  (settings, indicators, gaps, LA inspections, completeness) as tables - ``ProfileTables``, the form
  ``csrating profile --all`` and national analysis use. Block B is computed as arrays (the shares and
  completeness come from them); its table of every row, with the cross-checks of items answered by
  several series, and the gaps table are laid out when first asked for, and the time to lay them out is
  printed apart.
* "objects": laying those tables out as one ``Profile`` object per LA (``build_all``), which a rating or
  letter for every LA needs; each LA's indicator objects and gaps are made when first read (a rating
  reads neither; the first read converts every LA's rows in one pass), so the time with every LA's
  indicator objects made (as letters read them) is printed too.
* "rate": the rules over every LA's profile (``RatingEngine.rate_all``).
Printed beside each other, with the totals, so nothing is hidden.

--replicate 2,5,10 also times the dataset replicated 2, 5 and 10 times with new LA codes (replicate.py):
tables and objects in-process, and ``csrating profile --all --out X.parquet`` and ``csrating rate --all``
as whole processes (median of 3 each);
the target is linear growth, 10x the data in at most 12x the time of 1x.

Each step's figure is the best of --repeat runs (the median is printed too): the machine's other work only
ever adds time, so the best run is the cleanest measure of the code.

The ratio of profiles and ratings to the read is printed three ways, as they differ:
1. "steps timed apart": the best of each step, each repeated back to back. The read, repeated at once,
   runs with the memory and threads its last run left warm: the lowest read and the highest ratio. This is
   the strict figure, held against issue 10's target.
2. "one pass": in this process, the read and then the profiles and ratings, timed in the same pass (median
   of --repeat passes), so the machine's drift moves both together; each read follows the work of the
   pass before, so it runs less warm than in 1.
3. "new processes": in each of several new processes, the snapshot read once and then every LA profiled
   and rated once, as a run does (median of the processes). The read there carries the process's first use
   of Polars (its threads and Parquet reader started), about 0.01-0.03 s that no later read pays, so this
   ratio is the lowest and is not the one held against the target.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import ProfileBuilder
from csrating.rating.engine import RatingEngine


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default="2025")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--replicate", default="", help="factors, e.g. 2,5,10")
    args = ap.parse_args()
    if args.replicate:
        replicated(args)
        return
    m = load(args.year)

    def read() -> Dataset:
        ds = Dataset(args.dataset)
        ds.load_all()
        return ds

    read_best, read_median, ds = timed(read, args.repeat)
    assert isinstance(ds, Dataset)
    ProfileBuilder(ds, m)  # warm up (imports, first-call set-up)
    build_best, build_median, builder = timed(lambda: ProfileBuilder(ds, m), args.repeat)
    assert isinstance(builder, ProfileBuilder)

    def layout() -> float:
        b = ProfileBuilder(ds, m)
        t0 = time.perf_counter()
        b.tables.indicators  # noqa: B018 - laid out when first asked for
        b.tables.gaps  # noqa: B018
        return time.perf_counter() - t0

    layout_best = min(layout() for _ in range(max(3, args.repeat // 3)))
    tables = builder.tables.frames()
    rows = sum(df.height for df in tables.values())

    def objects(read_indicators: bool) -> float:
        b = ProfileBuilder(ds, m)
        t0 = time.perf_counter()
        out = b.build_all()
        if read_indicators:  # what a letter for every LA reads: each LA's indicator objects made
            for p in out:
                len(p.indicators)
        return time.perf_counter() - t0

    repeat = max(3, args.repeat // 3)
    obj_best = min(objects(False) for _ in range(repeat))
    obj_read_best = min(objects(True) for _ in range(repeat))
    engine = RatingEngine(ds, m)
    profiles = engine.profiles.build_all()
    rate_best, _, ratings = timed(lambda: engine.rate_all(profiles), args.repeat)

    print(f"read {args.dataset}: {read_best:.3f} s (median {read_median:.3f})")
    print(
        f"profiles of {len(builder.subjects)} LAs as tables (methodology {args.year}; {rows:,} rows in "
        f"{len(tables)} tables): {build_best:.3f} s (median {build_median:.3f}; target < 1 s)"
    )
    print(
        f"ratio profiles as tables / read: {build_best / read_best:.2f} "
        f"(median {build_median / read_median:.2f})"
    )
    print(
        f"  then block B's tables of every row and of the gaps laid out (profile --all, letters and exports "
        f"ask for them): "
        f"{layout_best:.3f} s"
    )
    print(f"then {len(profiles)} Profile objects from the tables, as a rating reads them: {obj_best:.3f} s")
    print(f"  the same with every LA's indicator objects made (as letters read them): {obj_read_best:.3f} s")
    print(f"rate {len(ratings)} LAs: {rate_best:.3f} s")  # type: ignore[arg-type]
    whole = build_best + obj_best + rate_best
    print(
        f"profiles and ratings of all LAs, steps timed apart: {whole:.3f} s = {whole / read_best:.1f}x the "
        f"read (best of each step; issue 10 target: at most 3x)"
    )
    print(f"total, tables and objects: {build_best + obj_best:.3f} s (target < 1 s)")
    print(f"read, profiles and ratings together (best of each step): {read_best + whole:.3f} s")
    # the same ratio with each step timed back to back in one pass, so that the machine's drift (its speed
    # varies by 15% from one quarter-hour to the next) moves the read and the work together
    ratios, reads, works = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        fresh = read()
        t1 = time.perf_counter()
        one_pass = RatingEngine(fresh, m)
        one_pass.rate_all(one_pass.profiles.build_all())
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        works.append(t2 - t1)
        ratios.append((t2 - t1) / (t1 - t0))
        del fresh, one_pass  # let go outside the timed steps
    print(
        f"read, then profiles and ratings, in one pass ({args.repeat} passes): "
        f"read {statistics.median(reads):.3f} s, profiles and ratings {statistics.median(works):.3f} s "
        f"(medians); {statistics.median(ratios):.1f}x the read (median; best {min(ratios):.1f}x)"
    )
    new_process(args)


# one new process: the modules imported, then the snapshot read once and every LA profiled and rated once,
# as a run does; prints the two times
_ONE_RUN = """
import sys, time
from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine
m = load(sys.argv[2])
t0 = time.perf_counter()
ds = Dataset(sys.argv[1])
ds.load_all()
t1 = time.perf_counter()
engine = RatingEngine(ds, m)
engine.rate_all(engine.profiles.build_all())
print(t1 - t0, time.perf_counter() - t1)
"""


def new_process(args: argparse.Namespace) -> None:
    """The ratio as a run meets it: in each of several new processes, the snapshot read once, then every
    LA profiled and rated once (first calls included on both sides)."""
    import subprocess
    import sys

    reads, works = [], []
    for _ in range(max(7, args.repeat - 4)):
        out = subprocess.run(
            [sys.executable, "-c", _ONE_RUN, args.dataset, args.year],
            capture_output=True,
            text=True,
            check=True,
        )
        r, w = (float(x) for x in out.stdout.split())
        reads.append(r)
        works.append(w)
    ratios = [w / r for r, w in zip(reads, works, strict=True)]
    print(
        f"in {len(reads)} new processes, the snapshot read once, then profiles and ratings once: "
        f"read {statistics.median(reads):.3f} s, profiles and ratings {statistics.median(works):.3f} s "
        f"(medians); {statistics.median(ratios):.1f}x the read (median; range {min(ratios):.1f}-"
        f"{max(ratios):.1f}x; the read includes the first use of Polars)"
    )


def replicated(args: argparse.Namespace) -> None:
    from replicate import process_seconds, scaling

    m = load(args.year)
    factors = [int(f) for f in args.replicate.split(",")]

    def in_process(folder: object) -> float:
        def run() -> int:
            ds = Dataset(folder)  # type: ignore[arg-type]
            ds.load_all()
            return len(ProfileBuilder(ds, m).build_all())

        return timed(run, max(1, args.repeat // 5))[0]

    def profile_all(folder: object) -> float:
        out = f"/tmp/csrating-bench-profiles-{time.monotonic_ns()}.parquet"
        args_ = ["profile", "--all", "--dataset", str(folder), "--year", args.year, "--out", out]
        return process_seconds(args_, 3)

    def rate_all(folder: object) -> float:
        return process_seconds(["rate", "--all", "--dataset", str(folder), "--year", args.year], 3)

    scaling(args.dataset, factors, in_process, "read, profiles as tables and objects (in-process)")
    scaling(args.dataset, factors, profile_all, "csrating profile --all --out X.parquet (whole process)")
    scaling(args.dataset, factors, rate_all, "csrating rate --all (whole process)")


if __name__ == "__main__":
    main()
