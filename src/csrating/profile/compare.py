"""Comparisons of an LA's figure with a comparator (England, similar areas), ranks and quartile bands.

Plain functions with no data access, so each rule of comparison can be read and tested on its own.

* Shares of settings: "in line" within a tolerance (percentage points); from a minimum number of settings
  "above"/"below" also needs the comparator outside the Wilson score interval of the LA's share; below a
  smaller minimum no comparison is made at all ("too few").
* Indicator values: polarity-aware "better" / "in line" / "worse", the tolerance in percentage points for
  percentages and relative for other units; no polarity gives "higher" / "in line" / "lower".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

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


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion, in percent."""
    if n <= 0:
        return (0.0, 100.0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


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
    """Compare an LA's share good or better (good of n) with a comparator share in percent."""
    if n == 0 or comparator_pct is None:
        return ShareComparison(
            Verdict.NO_DATA, None, None, "no LA figure" if n == 0 else "no comparator figure"
        )
    if n < min_n:
        return ShareComparison(
            Verdict.TOO_FEW, None, None, f"{n} inspected, fewer than {min_n}: not compared"
        )
    share = 100 * good / n
    diff = round(share - comparator_pct, 6)
    if abs(diff) <= tolerance_pp:
        return ShareComparison(Verdict.IN_LINE, diff, None, f"within {tolerance_pp:g} points")
    verdict = Verdict.ABOVE if diff > 0 else Verdict.BELOW
    if n >= wilson_min_n:
        lo, hi = wilson_interval(good, n, confidence)
        if lo <= comparator_pct <= hi:
            return ShareComparison(
                Verdict.IN_LINE,
                diff,
                (lo, hi),
                f"{abs(diff):.1f} points apart but the comparator lies inside the "
                f"{confidence:.0%} Wilson interval of the LA's share",
            )
        return ShareComparison(
            verdict, diff, (lo, hi), f"beyond {tolerance_pp:g} points and the Wilson interval"
        )
    return ShareComparison(verdict, diff, None, f"beyond {tolerance_pp:g} points ({n} settings: no interval)")


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
