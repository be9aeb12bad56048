"""Calibrate the band cut-offs of 2009, 2010 and 2011 to the published national distributions.

For each year, build every LA's profile from the historical dataset (``england-YEAR``) once, then search
the cut-offs of both blocks (``settings_band_cutoffs``, ``indicator_band_cutoffs``) and the better-share
needed for band 4 (``indicator_band4_better_min``) for the values whose national distribution of ratings
is nearest the one Ofsted published (METHODOLOGY.md section 8). Distance: the sum over the four grades of
|fitted - published|, halved (the number of LAs that would have to move). Ties are broken towards the
values the methodology file holds, so the fit moves parameters no further than it must. The search is
coordinate descent on a 5-point grid, then on a 1-point grid.

Every other rule runs as the methodology says (key-group thresholds, limiting judgements, withholding,
the evidence gate). Two distributions are printed for each set of values: the ratings as published (LAs
not rated for want of evidence and LAs withheld counted apart, never as a grade), and the grades the
rules reached before the evidence gate (withheld LAs apart). The fit is made on the second: where the
gate leaves too few LAs rated, the published distribution can only be compared with what the rules would
give, and the table says how many LAs the gate stopped. The seed LAs are not fitted to: their grades
from the real data are printed, whatever they are.

    .venv/bin/python scripts/calibrate.py                  # fit 2009, 2010, 2011 and print the tables
    .venv/bin/python scripts/calibrate.py --check          # the methodology files' values, no fitting
    .venv/bin/python scripts/calibrate.py --year 2010 --dataset path/to/england-2010

The fitted values go into the methodology files with ``calibrated: {target, script, fitted_on}``: they are
csrating's fit, never Ofsted's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any

from csrating.dataset import Dataset
from csrating.methodology.loader import Methodology, load
from csrating.profile.profile import Profile
from csrating.rating.engine import RatingEngine
from csrating.rating.sensitivity import with_values

PUBLISHED: dict[str, dict[Any, int]] = {
    "2009": {4: 10, 3: 93, 2: 40, 1: 9, "withheld": 0},
    "2010": {4: 20, 3: 77, 2: 37, 1: 12, "withheld": 6},
    "2011": {4: 28, 3: 71, 2: 33, 1: 15, "withheld": 5},
}
TARGET = "Ofsted's published national distribution of ratings (METHODOLOGY.md section 8)"
SEEDS = {"314": "Kingston upon Thames", "207": "Kensington and Chelsea", "886": "Kent", "202": "Camden"}
SEED_GRADES_2009 = {"314": 4, "207": 4, "886": 3, "202": 4}  # the 2009 letters (seeds/)
# (parameter, key within its mapping or None)
FITTED = [
    ("settings_band_cutoffs", 4), ("settings_band_cutoffs", 3), ("settings_band_cutoffs", 2),
    ("indicator_band_cutoffs", 4), ("indicator_band_cutoffs", 3), ("indicator_band_cutoffs", 2),
    ("indicator_band4_better_min", None),
]  # fmt: skip
# Not fitted: the key-group threshold (THR-KEY-GROUPS is a confirmed part of the design; a fit on profiles
# with one or two indicators per key group would switch it off), the limits and withholding.


def current_values(m: Methodology) -> dict[tuple[str, Any], float]:
    out = {}
    for name, key in FITTED:
        if name in m.parameters:
            v = m[name]
            out[(name, key)] = float(v if key is None else v[key])
    return out


def counts(engine: RatingEngine, profiles: list[Profile], m: Methodology) -> dict[Any, int]:
    """The ratings by outcome (4..1, withheld, not rated) and, under ('rules', g), the grades the rules
    reached before the evidence gate for the LAs not withheld."""
    out: dict[Any, int] = {4: 0, 3: 0, 2: 0, 1: 0, "withheld": 0, "not rated": 0}
    out.update({("rules", g): 0 for g in (4, 3, 2, 1)})
    for p in profiles:
        r = engine.rate_profile(p, None, m)
        if not r.withheld and r.computed_grade is not None:
            out[("rules", r.computed_grade)] += 1
        if r.not_rated:  # the published outcome: not rated wins over withheld, as in the engine
            out["not rated"] += 1
        elif r.withheld:
            out["withheld"] += 1
        elif r.grade is not None:
            out[r.grade] += 1
    return out


def distance(c: dict[Any, int], published: dict[Any, int], *, rules: bool = False) -> float:
    """Half the sum over the four grades of |fitted - published|: the ratings, or with ``rules`` the
    grades the rules reached before the evidence gate."""
    return sum(abs(c[("rules", g) if rules else g] - published[g]) for g in (4, 3, 2, 1)) / 2


def ordered(values: dict[tuple[str, Any], float]) -> bool:
    for name in ("settings_band_cutoffs", "indicator_band_cutoffs"):
        c = [values.get((name, k)) for k in (4, 3, 2)]
        if None not in c and not (c[0] > c[1] > c[2]):  # type: ignore[operator]
            return False
    return True


def fit(
    engine: RatingEngine,
    profiles: list[Profile],
    m: Methodology,
    published: dict[Any, int],
    samples: int = 1500,
    seed: int = 2009,
) -> tuple[dict[tuple[str, Any], float], int]:
    """Seeded random search over ordered cut-offs, then coordinate descent (5-point, then 1-point grid)
    from the start values and from the three best samples; the best result wins."""
    start = current_values(m)
    rng = random.Random(seed)
    evaluations = 0

    def score(values: dict[tuple[str, Any], float]) -> tuple[float, float]:
        nonlocal evaluations
        evaluations += 1
        d = distance(counts(engine, profiles, with_values(m, values)), published, rules=True)
        return d, sum(abs(values[k] - start[k]) for k in values)

    def sample() -> dict[tuple[str, Any], float]:
        out = dict(start)
        for name in ("settings_band_cutoffs", "indicator_band_cutoffs"):
            if (name, 4) in out:
                c = sorted(rng.sample(range(20, 100), 3), reverse=True)
                out.update({(name, 4): float(c[0]), (name, 3): float(c[1]), (name, 2): float(c[2])})
        if ("indicator_band4_better_min", None) in out:
            out[("indicator_band4_better_min", None)] = float(rng.randrange(0, 60))
        return out

    def descend(values: dict[tuple[str, Any], float]) -> tuple[dict[tuple[str, Any], float], tuple]:
        best, best_score = values, score(values)
        for step in (5.0, 1.0):
            for _round in range(20):
                moved = False
                for k in best:
                    for i in range(int(100 / step) + 1):
                        v = i * step
                        if v == best[k]:
                            continue
                        trial = {**best, k: v}
                        if not ordered(trial):
                            continue
                        s = score(trial)
                        if s < best_score:
                            best, best_score, moved = trial, s, True
                if not moved:
                    break
        return best, best_score

    scored = sorted(((score(v), i, v) for i, v in enumerate(sample() for _ in range(samples))))
    results = [descend(start)] + [descend(v) for _, _, v in scored[:3]]
    best, _ = min(results, key=lambda r: r[1])
    return best, evaluations


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", action="append", choices=sorted(PUBLISHED), help="year(s); default all")
    ap.add_argument("--dataset", help="dataset for a single --year (default england-YEAR)")
    ap.add_argument("--check", action="store_true", help="rate with the files' values; fit nothing")
    ap.add_argument("--max-distance", type=float, default=15.0, help="--check fails above this")
    args = ap.parse_args()
    years = args.year or sorted(PUBLISHED)
    worst = 0.0
    for year in years:
        t0 = time.perf_counter()
        ds = Dataset(args.dataset if args.dataset and len(years) == 1 else f"england-{year}")
        m = load(year)
        engine = RatingEngine(ds, m)
        profiles = engine.profiles.build_all()
        published = PUBLISHED[year]
        before = counts(engine, profiles, m)
        print(f"\n== {year} on {ds.name} ({len(profiles)} LAs profiled)")
        if args.check:
            fitted, after, evaluations = current_values(m), before, 0
        else:
            fitted, evaluations = fit(engine, profiles, m, published)
            after = counts(engine, profiles, with_values(m, fitted))
        rows = [("", "published", "methodology file", "" if args.check else "fitted")]
        labels = {4: "4 performs excellently", 3: "3 performs well", 2: "2 performs adequately",
                  1: "1 performs poorly", "not rated": "not rated: insufficient evidence"}  # fmt: skip
        for g in (4, 3, 2, 1, "withheld", "not rated"):
            rows.append(
                (
                    labels.get(g, str(g)),
                    str(published.get(g, "-")),
                    str(before[g]),
                    "" if args.check else str(after[g]),
                )
            )
        d_before, d_after = distance(before, published), distance(after, published)
        rows.append(
            ("distance of the ratings (LAs)", "", f"{d_before:g}", "" if args.check else f"{d_after:g}")
        )
        for g in (4, 3, 2, 1):
            rows.append(
                (
                    f"  rules before the gate: {g}",
                    str(published[g]),
                    str(before[("rules", g)]),
                    "" if args.check else str(after[("rules", g)]),
                )
            )
        r_before, r_after = (distance(c, published, rules=True) for c in (before, after))
        rows.append(("  distance before the gate", "", f"{r_before:g}", "" if args.check else f"{r_after:g}"))
        print(table(rows))
        if not args.check:
            print(f"fitted in {evaluations} evaluations, {time.perf_counter() - t0:.1f} s:")
            for (name, key), v in fitted.items():
                print(f"  {name}{'' if key is None else f'[{key}]'} = {v:g}")
        fm = with_values(m, fitted)
        seeds = [
            f"{SEEDS[c]} {rated.label}"
            + (f", the rules reached {rated.computed_grade}" if rated.not_rated else "")
            + (f" (letter: {SEED_GRADES_2009[c]})" if year == "2009" else "")
            for p in profiles
            if (c := p.la_code) in SEEDS
            for rated in [engine.rate_profile(p, None, fm)]
        ]
        print("seed LAs from the real data: " + "; ".join(seeds))
        worst = max(worst, d_after)
    if args.check and worst > args.max_distance:
        print(f"\ndistance {worst:g} is above {args.max_distance:g}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
