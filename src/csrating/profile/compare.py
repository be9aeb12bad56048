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

import numpy as np

from csrating.enums import Polarity, Verdict


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_bounds(good: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportions good / n, in percent (NaN where n is 0)."""
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = n.astype(np.float64)
        p = good / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return 100 * np.maximum(0.0, centre - half), 100 * np.minimum(1.0, centre + half)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion, in percent."""
    if n <= 0:
        return (0.0, 100.0)
    lo, hi = wilson_bounds(np.array([successes]), np.array([n]), confidence)
    return (float(lo[0]), float(hi[0]))


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


SHARE_VERDICTS = [Verdict.NO_DATA, Verdict.TOO_FEW, Verdict.IN_LINE, Verdict.ABOVE, Verdict.BELOW]


def share_comparisons(
    good: np.ndarray,
    n: np.ndarray,
    comparator_pct: np.ndarray,
    *,
    tolerance_pp: float,
    min_n: int,
    wilson_min_n: int,
    confidence: float,
) -> dict[str, np.ndarray]:
    """Compare LA shares good or better (good of n) with comparator shares in percent (NaN: none), for
    every row at once: ``verdict`` (an index into ``SHARE_VERDICTS``), ``diff`` (points; NaN where not
    compared), ``lo`` / ``hi`` (the Wilson interval of the LA's share where one was used, else NaN)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = np.round(100 * good / n - comparator_pct, 6)
        lo, hi = wilson_bounds(good, n, confidence)
        no_data = (n == 0) | np.isnan(comparator_pct)
        too_few = ~no_data & (n < min_n)
        compared = ~no_data & ~too_few
        within = np.abs(diff) <= tolerance_pp
        with_interval = compared & ~within & (n >= wilson_min_n)
        inside = (lo <= comparator_pct) & (comparator_pct <= hi)
        verdict = np.select(
            [no_data, too_few, within | (with_interval & inside), diff > 0], [0, 1, 2, 3], default=4
        )
    return {
        "verdict": verdict,
        "diff": np.where(compared, diff, np.nan),
        "lo": np.where(with_interval, lo, np.nan),
        "hi": np.where(with_interval, hi, np.nan),
    }


class ShareMethod:
    """How a share comparison reached its verdict, in words (``share_method``), with the parameters fixed:
    the words that are the same on every row are made once, for the thousands of rows of a national
    profile."""

    def __init__(self, *, tolerance_pp: float, min_n: int, confidence: float):
        self.min_n = min_n
        self.tolerance_pp = tolerance_pp
        self.apart = (
            f" points apart but the comparator lies inside the {confidence:.0%} Wilson interval of the "
            "LA's share"
        )
        self.within = f"within {tolerance_pp:g} points"
        self.beyond_interval = f"beyond {tolerance_pp:g} points and the Wilson interval"
        self.beyond = f"beyond {tolerance_pp:g} points ("

    def __call__(self, verdict: str, diff: float | None, n: int, interval: bool) -> str:
        if verdict == Verdict.NO_DATA:
            return "no LA figure" if n == 0 else "no comparator figure"
        if verdict == Verdict.TOO_FEW:
            return f"{n} inspected, fewer than {self.min_n}: not compared"
        if diff is not None and abs(diff) <= self.tolerance_pp:
            return self.within
        if interval and verdict == Verdict.IN_LINE:
            return f"{abs(diff or 0):.1f}{self.apart}"
        if interval:
            return self.beyond_interval
        return f"{self.beyond}{n} settings: no interval)"


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
    return ShareMethod(tolerance_pp=tolerance_pp, min_n=min_n, confidence=confidence)(
        verdict, diff, n, interval
    )


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
    rule as the profile of every LA, on one row)."""
    comp = np.array([np.nan if comparator_pct is None else comparator_pct])
    c = share_comparisons(
        np.array([good]),
        np.array([n]),
        comp,
        tolerance_pp=tolerance_pp,
        min_n=min_n,
        wilson_min_n=wilson_min_n,
        confidence=confidence,
    )
    verdict = SHARE_VERDICTS[int(c["verdict"][0])]
    diff = None if np.isnan(c["diff"][0]) else float(c["diff"][0])
    interval = None if np.isnan(c["lo"][0]) else (float(c["lo"][0]), float(c["hi"][0]))
    method = share_method(
        verdict, diff, n, interval is not None, tolerance_pp=tolerance_pp, min_n=min_n, confidence=confidence
    )
    return ShareComparison(verdict, diff, interval, method)


POLARITY_CODES = {"none": 0, "high": 1, "low": 2}  # anything else: never "better"
VALUE_VERDICTS = [
    Verdict.NO_DATA, Verdict.IN_LINE, Verdict.HIGHER, Verdict.LOWER, Verdict.BETTER, Verdict.WORSE,
]  # fmt: skip


def value_verdicts(
    value: np.ndarray,
    comp: np.ndarray,
    polarity: np.ndarray,
    percent: np.ndarray,
    tol_pp: float,
    tol_rel: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Polarity-aware verdicts of indicator values against comparators (NaN: none), row by row: value -
    comparator, and an index into ``VALUE_VERDICTS``. ``polarity`` holds ``POLARITY_CODES``; ``percent``
    whether the tolerance is in percentage points (else relative to the comparator)."""
    diff = value - comp
    tol = np.where(percent, tol_pp, np.abs(comp) * tol_rel)
    with np.errstate(invalid="ignore"):
        higher = diff > 0
        code = np.where(
            np.isnan(diff),
            0,
            np.where(
                np.abs(diff) <= tol,
                1,
                np.where(
                    polarity == 0,
                    np.where(higher, 2, 3),
                    np.where((polarity != 3) & ((polarity == 1) == higher), 4, 5),
                ),
            ),
        )
    return diff, code


def compare_value(
    value: float | None,
    comparator: float | None,
    polarity: Polarity | str,
    unit: str | None,
    *,
    tolerance_pp: float,
    tolerance_relative: float,
) -> tuple[Verdict, float | None]:
    """Polarity-aware comparison of one indicator value (the rule of the profile, on one row); returns the
    verdict and value - comparator."""
    if value is None or comparator is None:
        return Verdict.NO_DATA, None
    diff, code = value_verdicts(
        np.array([value], dtype=np.float64),
        np.array([comparator], dtype=np.float64),
        np.array([POLARITY_CODES[Polarity(polarity).value]]),
        np.array([is_percent(unit)]),
        tolerance_pp,
        tolerance_relative,
    )
    return VALUE_VERDICTS[int(code[0])], float(diff[0])


def is_percent(unit: str | None) -> bool:
    """Whether an indicator's unit is a percentage: '%', 'percent...', 'pp' or 'ppt'."""
    u = (unit or "").strip()
    return "%" in u or "percent" in u or u in ("pp", "ppt")
