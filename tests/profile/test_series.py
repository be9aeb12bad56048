"""One indicator result per item of the profile list when two published series answer it."""

from collections import Counter

import polars as pl
import pytest

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile import series
from csrating.profile.profile import ProfileBuilder

DOUBLE_ITEMS = {"NI62", "NI63", "NI65", "NI114", "NI117", "NI147", "NI148", "NI19"}


def _defs(*rows):
    return pl.DataFrame(
        [{"code": c, "profile_item": i, "in_profile": p} for c, i, p in rows],
        schema={"code": pl.String, "profile_item": pl.String, "in_profile": pl.Boolean},
    )


def _values(*rows):
    return pl.DataFrame(
        [
            {"code": c, "area_type": "la", "area_code": la, "breakdown": "all", "period": str(y), "year": y,
             "value": v}
            for c, la, y, v in rows
        ],
        schema={"code": pl.String, "area_type": pl.String, "area_code": pl.String, "breakdown": pl.String,
                "period": pl.String, "year": pl.Int16, "value": pl.Float64},
    )  # fmt: skip


def test_the_series_with_the_latest_period_wins_whatever_the_preference():
    defs = _defs(("a:old", "NI1", True), ("b:new", "NI1", True), ("c:alone", "NI2", True))
    vals = _values(("a:old", "1", 2017, 1.0), ("b:new", "1", 2024, 2.0), ("c:alone", "1", 2024, 3.0))
    kept, choices = series.choose(defs, vals, latest_year=2025, preference={"NI1": ["a:old", "b:new"]})
    assert set(kept["code"]) == {"b:new", "c:alone"}
    (row,) = choices.iter_rows(named=True)
    assert (row["code"], row["other_code"], row["basis"]) == ("b:new", "a:old", series.BASIS_LATEST)


def test_on_the_same_period_the_listed_preference_wins_else_code_order():
    defs = _defs(("a:x", "NI1", True), ("b:y", "NI1", True), ("a:p", "NI2", True), ("b:q", "NI2", True))
    vals = _values(*[(c, "1", 2024, 1.0) for c in ("a:x", "b:y", "a:p", "b:q")])
    kept, choices = series.choose(defs, vals, latest_year=2025, preference={"NI1": ["b:y", "a:x"]})
    by_item = {r["profile_item"]: r for r in choices.iter_rows(named=True)}
    assert by_item["NI1"]["code"] == "b:y" and by_item["NI1"]["basis"] == series.BASIS_PREFERENCE
    assert by_item["NI2"]["code"] == "a:p" and by_item["NI2"]["basis"] == series.BASIS_CODE_ORDER
    assert set(kept["code"]) == {"b:y", "a:p"}


def test_an_other_series_a_gap_reads_stays_out_of_the_profile_under_its_own_code():
    defs = _defs(("a:x", "NI1", True), ("b:y", "NI1", True))
    vals = _values(("a:x", "1", 2024, 1.0), ("b:y", "1", 2024, 1.0))
    kept, _ = series.choose(defs, vals, latest_year=2025, preference={}, keep_codes={"b:y"})
    rows = {r["code"]: r for r in kept.iter_rows(named=True)}
    assert rows["a:x"]["in_profile"] and rows["a:x"]["profile_item"] == "NI1"
    assert not rows["b:y"]["in_profile"] and rows["b:y"]["profile_item"] == "b:y"


def test_cross_check_verdicts():
    defs = _defs(("a:x", "NI1", True), ("b:y", "NI1", True))
    vals = _values(
        ("a:x", "1", 2024, 10.0), ("b:y", "1", 2024, 10.4),  # agrees within 0.5
        ("a:x", "2", 2024, 10.0), ("b:y", "2", 2024, 12.0),  # differs
        ("a:x", "3", 2024, 10.0), ("b:y", "3", 2023, 10.0),  # other period only
        ("a:x", "4", 2024, 10.0),  # no figure in the other series
        ("b:y", "5", 2024, 10.0),  # no figure in the chosen series
    )  # fmt: skip
    _, choices = series.choose(defs, vals, latest_year=2025, preference={"NI1": ["a:x"]})
    checks = series.cross_checks(choices, vals, {"a:x": 2024}, 0.5)
    verdict = dict(checks.select("la_code", "cross_check_verdict").iter_rows())
    assert verdict == {
        "1": series.AGREES,
        "2": series.DIFFERS,
        "3": series.OTHER_PERIOD,
        "4": series.OTHER_NO_VALUE,
        "5": series.NO_VALUE,
    }
    assert checks.filter(pl.col("la_code") == "3")["cross_check_diff"].item() is None


# ---------------------------------------------------------------------------------- england-latest
@pytest.fixture(scope="module")
def builder():
    return ProfileBuilder(Dataset("england-latest"), load(2025))


def test_each_item_is_one_result_per_la_and_breakdown(builder):
    rows = builder.indicators.filter(pl.col("in_profile"))
    dup = rows.group_by("la_code", "profile_item", "breakdown").len().filter(pl.col("len") > 1)
    assert dup.height == 0, dup.head()
    # the items read from two series have their other series beside them as a cross-check
    checked = set(rows.filter(pl.col("cross_check_code").is_not_null())["profile_item"].unique())
    assert checked == DOUBLE_ITEMS


def test_the_two_series_of_one_measure_agree_where_they_share_a_period(builder):
    """LAIT republishes DfE's releases: apart from NI 19 (two age groups) they must agree."""
    rows = builder.indicators.filter(
        pl.col("cross_check_verdict").is_not_null() & (pl.col("profile_item") != "NI19")
    )
    counts = Counter(rows["cross_check_verdict"].to_list())
    assert counts[series.DIFFERS] == 0 and counts[series.AGREES] > 900, counts


def test_an_item_is_counted_once_in_the_shares(builder):
    p = builder.build("202")
    counted = [r for r in p.indicators if r.in_profile and r.breakdown == "all" and r.polarity != "none"]
    items = Counter(r.item for r in counted)
    assert max(items.values()) == 1
    assert p.share("all")["indicators"] == len(counted)


def test_choices_are_recorded_with_their_basis(builder):
    by_item = {r["profile_item"]: r for r in builder.series_choices.iter_rows(named=True)}
    assert set(by_item) == DOUBLE_ITEMS
    assert by_item["NI114"]["code"] == "lait:TotPermEx" and by_item["NI114"]["basis"] == series.BASIS_LATEST
    assert by_item["NI62"]["code"] == "ees:cla_3plus_placements"
