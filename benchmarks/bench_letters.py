"""Time to write every letter of england-latest as HTML (target issue 5: under 5 s) and as PDF (target:
under 90 s on 2 cores), each with its claims.json; letters are planned once, then rendered.

Run: .venv/bin/python benchmarks/bench_letters.py [--dataset england-latest] [--year 2025] [--jobs 2]
     [--no-pdf]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from csrating.dataset import Dataset
from csrating.letters import render
from csrating.letters.letter import build
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default="2025")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    ds = Dataset(args.dataset)
    t0 = time.perf_counter()
    engine = RatingEngine(ds, load(args.year))
    letters = [build(p, engine.rate_profile(p), ds) for p in engine.profiles.build_all()]
    t_plan = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t1 = time.perf_counter()
        render.write_many(letters, Path(tmp) / "html", ("html",))
        t_html = time.perf_counter() - t1
        print(f"plan {len(letters)} letters (profiles, ratings, claims): {t_plan:.2f} s")
        print(
            f"HTML + claims.json for {len(letters)} letters: {t_html:.2f} s; "
            f"with planning {t_plan + t_html:.2f} s (target < 5 s)"
        )
        if not args.no_pdf:
            t2 = time.perf_counter()
            render.write_many(letters, Path(tmp) / "pdf", ("pdf",), jobs=args.jobs)
            t_pdf = time.perf_counter() - t2
            print(
                f"PDF + claims.json for {len(letters)} letters on {args.jobs} processes: {t_pdf:.1f} s; "
                f"with planning {t_plan + t_pdf:.1f} s (target < 90 s)"
            )


if __name__ == "__main__":
    main()
