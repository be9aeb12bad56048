"""England and region indicator figures in the same unit as the LAs' (or marked not comparable)."""

from __future__ import annotations

import polars as pl
import pytest

from csrating.dataset import Dataset
from csrating.enums import Marker
from csrating.findings import FindingCode, Findings
from csrating.sources.indicator_common import MIN_LAS_TO_CHECK_UNITS, check_aggregate_units, is_count


def _tables(unit: str, england: float, region: float, dp: int | None = 0):
    n = MIN_LAS_TO_CHECK_UNITS
    rows = [("la", f"{100 + k}", float(100 + k)) for k in range(n)]  # LAs 100 .. 119
    rows += [("england", "E92000001", england), ("region", "E12000001", region)]
    values = pl.DataFrame(
        {
            "code": "x:i",
            "area_type": [r[0] for r in rows],
            "area_code": [r[1] for r in rows],
            "breakdown": "all",
            "period": "2024",
            "year": pl.Series([2024] * len(rows), dtype=pl.Int16),
            "value": [r[2] for r in rows],
            "marker": pl.Series([None] * len(rows), dtype=pl.String),
        }
    )
    defs = pl.DataFrame({"code": ["x:i"], "unit": [unit], "decimal_places": pl.Series([dp], dtype=pl.Int8)})
    return values, defs


def _aggregates(values: pl.DataFrame) -> dict[str, tuple[float | None, str | None]]:
    rows = values.filter(pl.col("area_type") != "la").select("area_type", "value", "marker")
    return {t: (v, m) for t, v, m in rows.iter_rows()}


def test_an_england_count_beside_la_rates_is_marked_not_comparable():
    # like LAIT's first-time entrants: LAs a rate per 100,000, England 1,258
    values, defs = _tables("Rate per 100,000 of 10-17 population", england=1258, region=110)
    findings = Findings()
    out = _aggregates(check_aggregate_units(values, defs, findings))
    assert out["england"] == (None, Marker.NOT_COMPARABLE.value)
    assert out["region"] == (110, None)
    (w,) = findings.warnings
    assert w.code == FindingCode.UNIT_MISMATCH and "1258" in w.message


def test_a_region_count_beside_la_percentages_is_marked_and_rounding_is_allowed():
    values, defs = _tables("% of deaths", england=119.4, region=200, dp=0)  # 119.4 rounds to the top LA
    out = _aggregates(check_aggregate_units(values, defs, Findings()))
    assert out["england"] == (119.4, None)
    assert out["region"] == (None, Marker.NOT_COMPARABLE.value)


def test_a_count_total_must_be_at_least_the_largest_la():
    values, defs = _tables("Number of children", england=2500, region=300)
    findings = Findings()
    assert _aggregates(check_aggregate_units(values, defs, findings))["england"] == (2500, None)
    assert not findings.warnings
    values, defs = _tables("Number of children", england=25.0, region=300)  # a rate in a count's place
    assert _aggregates(check_aggregate_units(values, defs, Findings()))["england"][1] == "nc"


@pytest.mark.parametrize(
    ("unit", "count"),
    [
        ("Number of Children Looked After", True),
        ("Spend", True),
        ("Starters FTE", True),
        ("children", True),
        ("% of pupils", False),
        ("Rate per 10,000", False),
        ("Entries", False),  # LAIT's EBacc entries are percentages
        ("Average Score", False),
        (None, False),
    ],
)
def test_is_count(unit, count):
    assert is_count(unit) is count


def test_no_indicator_of_england_latest_compares_an_la_with_another_unit():
    """Every indicator of the embedded dataset: England and region figures within the LAs' range (a rate,
    percentage, score or average) or at least the largest LA (a count). Fails on any unit mismatch."""
    ds = Dataset("england-latest")
    findings = Findings()
    check_aggregate_units(ds.table("indicator_values"), ds.table("indicator_definitions"), findings)
    assert not findings.warnings, [str(w) for w in findings.warnings]
    # the two mismatches LAIT publishes are kept as not comparable
    nc = ds.table("indicator_values").filter(pl.col("marker") == Marker.NOT_COMPARABLE.value)
    assert set(nc["code"]) == {"lait:FirstYJS", "lait:PreChildDea"}
    assert set(nc["area_type"]) == {"england", "region"}
