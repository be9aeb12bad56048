"""Comparisons of an LA's figure with a comparator (England, similar areas), ranks and quartile bands.

Plain functions with no data access, so each rule of comparison can be read and tested on its own.

* Shares of settings: "in line" within a tolerance (percentage points); from a minimum number of settings
  "above"/"below" also needs the comparator outside the Wilson score interval of the LA's share; below a
  smaller minimum no comparison is made at all ("too few").
* Indicator values: polarity-aware "better" / "in line" / "worse", the tolerance in percentage points for
  percentages and relative for other units; no polarity gives "higher" / "in line" / "lower".
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import polars as pl

from csrating.enums import Polarity, StrEnum


class Verdict(StrEnum):
    ABOVE = "above"  # shares of settings: higher share good or better
    BELOW = "below"
    BETTER = "better"  # indicators, polarity-aware
    WORSE = "worse"
    HIGHER = "higher"  # indicators without polarity
    LOWER = "lower"
    IN_LINE = "in_line"
    TOO_FEW = "too_few"  # too few settings to compare
    NO_DATA = "no_data"  # LA or comparator figure missing

    @property
    def favourable(self) -> bool:
        return self in (Verdict.ABOVE, Verdict.BETTER)

    @property
    def at_least_in_line(self) -> bool:
        return self in (Verdict.ABOVE, Verdict.BETTER, Verdict.IN_LINE, Verdict.HIGHER, Verdict.LOWER)


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_exprs(good: pl.Expr, n: pl.Expr, confidence: float) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval of the proportion good / n, in percent, as (low, high) expressions."""
    z = _z(confidence)
    p = good / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)).sqrt() / denom
    return (100 * (centre - half).clip(lower_bound=0.0), 100 * (centre + half).clip(upper_bound=1.0))


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion, in percent."""
    if n <= 0:
        return (0.0, 100.0)
    lo, hi = wilson_exprs(pl.lit(float(successes)), pl.lit(float(n)), confidence)
    row = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    return (row[0], row[1])


@dataclass(frozen=True)
class ShareComparison:
    verdict: Verdict
    difference_pp: float | None
    interval: tuple[float, float] | None
    method: str  # how the verdict was reached, in words

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "difference_pp": self.difference_pp,
            "interval": list(self.interval) if self.interval else None,
            "method": self.method,
        }


def share_comparison_exprs(
    good: pl.Expr,
    n: pl.Expr,
    comparator_pct: pl.Expr,
    prefix: str,
    *,
    tolerance_pp: float,
    min_n: int,
    wilson_min_n: int,
    confidence: float,
) -> list[pl.Expr]:
    """Compare LA shares good or better (good of n) with comparator shares in percent, for every row at
    once: ``{prefix}_verdict``, ``{prefix}_diff`` (points), ``{prefix}_lo`` / ``{prefix}_hi`` (the
    Wilson interval of the LA's share, where one was used)."""
    diff = (100 * good / n - comparator_pct).round(6)
    lo, hi = wilson_exprs(good, n, confidence)
    no_data = (n == 0) | n.is_null() | comparator_pct.is_null()
    too_few = n < min_n
    within = diff.abs() <= tolerance_pp
    use_interval = n >= wilson_min_n
    inside = (lo <= comparator_pct) & (comparator_pct <= hi)
    verdict = (
        pl.when(no_data)
        .then(pl.lit(Verdict.NO_DATA.value))
        .when(too_few)
        .then(pl.lit(Verdict.TOO_FEW.value))
        .when(within | (use_interval & inside))
        .then(pl.lit(Verdict.IN_LINE.value))
        .when(diff > 0)
        .then(pl.lit(Verdict.ABOVE.value))
        .otherwise(pl.lit(Verdict.BELOW.value))
    )
    compared = ~no_data & ~too_few
    with_interval = compared & ~within & use_interval
    return [
        verdict.alias(f"{prefix}_verdict"),
        pl.when(compared).then(diff).alias(f"{prefix}_diff"),
        pl.when(with_interval).then(lo).alias(f"{prefix}_lo"),
        pl.when(with_interval).then(hi).alias(f"{prefix}_hi"),
    ]


def share_method(
    verdict: str,
    diff: float | None,
    n: int,
    interval: bool,
    *,
    tolerance_pp: float,
    min_n: int,
    confidence: float,
) -> str:
    """How a share comparison reached its verdict, in words."""
    if verdict == Verdict.NO_DATA:
        return "no LA figure" if n == 0 else "no comparator figure"
    if verdict == Verdict.TOO_FEW:
        return f"{n} inspected, fewer than {min_n}: not compared"
    if diff is not None and abs(diff) <= tolerance_pp:
        return f"within {tolerance_pp:g} points"
    if interval and verdict == Verdict.IN_LINE:
        return (
            f"{abs(diff or 0):.1f} points apart but the comparator lies inside the "
            f"{confidence:.0%} Wilson interval of the LA's share"
        )
    if interval:
        return f"beyond {tolerance_pp:g} points and the Wilson interval"
    return f"beyond {tolerance_pp:g} points ({n} settings: no interval)"


def compare_share(
    good: int,
    n: int,
    comparator_pct: float | None,
    *,
    tolerance_pp: float,
    min_n: int,
    wilson_min_n: int,
    confidence: float,
) -> ShareComparison:
    """Compare one LA's share good or better (good of n) with a comparator share in percent (the same
    expressions as the vectorised profile, on one row)."""
    frame = pl.DataFrame(
        {"good": [good], "n": [n], "comp": [comparator_pct]},
        schema={"good": pl.Int64, "n": pl.Int64, "comp": pl.Float64},
    )
    exprs = share_comparison_exprs(
        pl.col("good"),
        pl.col("n"),
        pl.col("comp"),
        "c",
        tolerance_pp=tolerance_pp,
        min_n=min_n,
        wilson_min_n=wilson_min_n,
        confidence=confidence,
    )
    verdict, diff, lo, hi = frame.select(exprs).row(0)
    interval = (lo, hi) if lo is not None else None
    method = share_method(
        verdict, diff, n, interval is not None, tolerance_pp=tolerance_pp, min_n=min_n, confidence=confidence
    )
    return ShareComparison(Verdict(verdict), diff, interval, method)


def compare_value(
    value: float | None,
    comparator: float | None,
    polarity: Polarity | str,
    unit: str | None,
    *,
    tolerance_pp: float,
    tolerance_relative: float,
) -> tuple[Verdict, float | None]:
    """Polarity-aware comparison of an indicator value; returns the verdict and value - comparator."""
    if value is None or comparator is None:
        return Verdict.NO_DATA, None
    diff = value - comparator
    tol = tolerance_pp if is_percent(unit) else abs(comparator) * tolerance_relative
    if abs(diff) <= tol:
        return Verdict.IN_LINE, diff
    pol = Polarity(polarity)
    if pol is Polarity.NONE:
        return (Verdict.HIGHER if diff > 0 else Verdict.LOWER), diff
    better = diff > 0 if pol is Polarity.HIGH else diff < 0
    return (Verdict.BETTER if better else Verdict.WORSE), diff


def is_percent(unit: str | None) -> bool:
    """The same test as the vectorised one in indicators.py: '%', 'percent...', 'pp' or 'ppt'."""
    u = (unit or "").strip()
    return "%" in u or "percent" in u or u in ("pp", "ppt")


def better_direction_sign(polarity: Polarity | str) -> int:
    """+1 when higher is better, -1 when lower is better, 0 without polarity."""
    pol = Polarity(polarity)
    return 1 if pol is Polarity.HIGH else -1 if pol is Polarity.LOW else 0
