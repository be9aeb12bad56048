"""Time to rate every LA of england-latest once their profiles are built (target issue 4: under 0.5 s),
and the time of a sensitivity run (every assumed cut-off moved down and up: 16 national re-ratings).

Run: .venv/bin/python benchmarks/bench_rating.py [--dataset england-latest] [--year 2025] [--repeat 5]
        [--replicate 2,5,10]

--replicate also times ``rate_all`` and ``csrating rate --all --format json`` (whole process, median of
3) on the dataset replicated 2, 5 and 10 times with new LA codes (replicate.py); the target is linear
growth, 10x the data in at most 12x the time of 1x.
"""

from __future__ import annotations

import argparse
import time

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.rating import sensitivity
from csrating.rating.engine import RatingEngine, distribution


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default="2025")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--replicate", default="", help="factors, e.g. 2,5,10")
    args = ap.parse_args()
    if args.replicate:
        replicated(args)
        return
    engine = RatingEngine(Dataset(args.dataset), load(args.year))
    profiles = engine.profiles.build_all()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ratings = engine.rate_all(profiles)
        times.append(time.perf_counter() - t0)
    print(f"rate {len(ratings)} LAs (methodology {args.year}): {min(times):.3f} s (target < 0.5 s)")
    print(f"distribution: {distribution(ratings)}")
    t0 = time.perf_counter()
    rows = sensitivity.run(engine, profiles, 5.0)
    print(
        f"sensitivity ({len(rows)} cut-offs, each moved 5 points down and up): "
        f"{time.perf_counter() - t0:.2f} s"
    )


def replicated(args: argparse.Namespace) -> None:
    from replicate import process_seconds, scaling

    m = load(args.year)

    def in_process(folder: object) -> float:
        engine = RatingEngine(Dataset(folder), m)  # type: ignore[arg-type]
        profiles = engine.profiles.build_all()
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            engine.rate_all(profiles)
            times.append(time.perf_counter() - t0)
        return min(times)

    def whole(folder: object) -> float:
        return process_seconds(
            ["rate", "--all", "--dataset", str(folder), "--year", args.year, "--format", "json"], 3
        )

    factors = [int(f) for f in args.replicate.split(",")]
    scaling(args.dataset, factors, in_process, "rate_all (in-process, profiles built)")
    scaling(args.dataset, factors, whole, "csrating rate --all --format json (whole process)")


if __name__ == "__main__":
    main()
