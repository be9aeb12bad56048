"""The profile on the embedded real dataset england-latest (every LA in England)."""

import polars as pl
import pytest

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import ProfileBuilder
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def ds():
    return Dataset("england-latest")


@pytest.fixture(scope="module")
def profiles(ds):
    return ProfileBuilder(ds, load(2025)).build_all()


def test_every_current_la_gets_a_profile(ds, profiles):
    current = ds.table("local_authorities").filter(pl.col("valid_to").is_null())
    assert {p.la_code for p in profiles} == set(current["la_code"])
    assert len(profiles) == 153


def test_real_profiles_are_not_synthetic_and_compare_with_neighbours(profiles):
    p = next(p for p in profiles if p.la_code == "886")  # Kent
    assert not p.synthetic
    primary = p.setting("primary_school")
    assert primary.inspected > 300 and primary.england.figure is not None
    assert primary.similar_areas.detail["n"] == 10
    assert p.share("all")["compared_similar"] > 20


# Cross-check of block A with another DfE publication. The school places scorecards (2023/24) give, per
# LA, the primary places that existed in schools of each Ofsted grade. Against them: the share of pupils in
# good or outstanding primary schools computed from the GIAS schools file of the dataset. The two measure
# slightly different things (places = capacity, not pupils on roll; the scorecard's grades date from
# 2023, GIAS's from April 2024), and the GIAS file has no phase column: mainstream schools are read as
# primary, so schools of more than 800 pupils (almost all secondary or all-through) are left out here.
# Tolerance: 5 percentage points. Measured: 146 of 153 LAs agree within it (121 within 3 points); the
# rest are LAs with large all-through or middle schools, or grades that changed between the two dates.
TOLERANCE_PP = 5.0
MAX_PUPILS = 800


def test_primary_share_agrees_with_the_school_places_scorecards(ds):
    sc = pl.read_csv(
        FIXTURES / "derived" / "scorecards_primary_places_2023_24.csv",
        schema_overrides={"la_code": pl.String},
    )
    sc = sc.with_columns(
        (
            100
            * (pl.col("places_grade_1") + pl.col("places_grade_2"))
            / pl.sum_horizontal(*(pl.col(f"places_grade_{g}") for g in range(1, 5)))
        ).alias("scorecard_pct")
    )
    schools = ds.table("settings").filter(
        (pl.col("setting_type") == "primary_school")
        & pl.col("source").str.starts_with("gias")
        & (pl.col("pupils") <= MAX_PUPILS)
    )
    grades = ds.table("setting_inspections").filter(pl.col("remit") == "schools").select("urn", "overall")
    ours = (
        schools.join(grades, on="urn")
        .group_by("la_code")
        .agg(
            (
                100
                * pl.when(pl.col("overall") <= 2).then(pl.col("pupils")).otherwise(0).sum()
                / pl.col("pupils").sum()
            ).alias("gias_pct")
        )
    )
    both = ours.join(sc, on="la_code").drop_nulls(["gias_pct", "scorecard_pct"])
    both = both.with_columns((pl.col("gias_pct") - pl.col("scorecard_pct")).alias("diff"))
    agree = both.filter(pl.col("diff").abs() <= TOLERANCE_PP)
    print(
        f"{agree.height} of {both.height} LAs agree within {TOLERANCE_PP} points; "
        f"median absolute difference {both['diff'].abs().median():.2f}"
    )
    assert both.height >= 150
    assert agree.height >= 140  # measured 146
    assert abs(both["diff"].median()) < 2.0  # no systematic bias


def test_england_and_similar_areas_are_compared_for_the_las_period(profiles):
    """Every indicator result names its period, and England and the similar areas it is compared with are
    figures of that same period."""
    compared = 0
    for p in profiles:
        for r in p.indicators:
            assert r.period, (p.la_code, r.code)
            assert r.similar_areas.detail["period"] == r.period
            if r.england.figure is not None:
                assert r.england.detail["period"] == r.period, (p.la_code, r.code)
                compared += 1
    assert compared > 153 * 20


def test_first_time_entrants_are_never_compared_with_englands_figure_in_another_unit(profiles):
    """LAIT publishes LAs' first-time entrants per 100,000 but England's as 1,258 (not a rate of that
    unit): England is not comparable, so the verdict against England is no data."""
    for p in profiles:
        r = p.indicator("NI111")
        assert r.england.figure is None and r.england.detail["marker"] == "nc"
        assert r.england.verdict == "no_data"


def test_england_and_similar_area_figures_are_those_of_the_las_period(ds, profiles):
    """Recomputed from the dataset: England's figure is England's row for the LA's period, and the
    similar-area figure the mean of the neighbours' figures for that same period."""
    values = ds.table("indicator_values").filter(pl.col("breakdown") == "all")
    nb = ds.table("statistical_neighbours").filter(pl.col("model") == "dfe-2021")
    checked = 0
    for p in profiles[::15]:
        neighbours = nb.filter(pl.col("la_code") == p.la_code)["neighbour_code"].to_list()
        for r in p.indicators:
            if r.breakdown != "all" or r.value is None:
                continue
            rows = values.filter((pl.col("code") == r.code) & (pl.col("year") == r.year))
            eng = rows.filter(pl.col("area_type") == "england")["value"].to_list()
            assert r.england.figure == (eng[0] if eng else None), (p.la_code, r.code)
            if r.similar_areas.figure is not None:
                nbv = rows.filter(pl.col("area_code").is_in(neighbours))["value"].drop_nulls()
                assert r.similar_areas.figure == pytest.approx(nbv.mean()), (p.la_code, r.code)
                checked += 1
    assert checked > 200
