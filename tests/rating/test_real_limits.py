"""On the real LA inspection outcomes (england-latest), with the 2010 and 2011 methodologies: every LA whose
latest safeguarding judgement by the cut-off for inspections of the LA is inadequate is rated performs
poorly, and a recorded judgement cannot lift it."""

import polars as pl
import pytest

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


@pytest.fixture(scope="module")
def ds():
    return Dataset("england-latest")


def latest_safeguarding_inadequate(ds, year: str) -> set[str]:
    """Computed here straight from the table, independently of the profile code."""
    census = load(year)["la_inspections_cutoff"]
    li = ds.table("la_inspections").filter(
        pl.col("inspection_type").is_in(["slac", "slac_reinspection"])
        & (pl.col("aspect") == "safeguarding")
        & (pl.coalesce("end_date", "published_date", "start_date") <= census)
    )
    latest = li.sort(pl.coalesce("end_date", "published_date", "start_date")).group_by("la_code").last()
    return set(latest.filter(pl.col("grade") == 1)["la_code"])


@pytest.mark.parametrize("year", ["2010", "2011"])
def test_inadequate_safeguarding_means_performs_poorly_on_real_data(ds, year):
    expected = latest_safeguarding_inadequate(ds, year)
    assert len(expected) >= 5  # the real outcomes hold several such LAs at each census date
    engine = RatingEngine(ds, load(year))
    profiles = {p.la_code: p for p in engine.profiles.build_all()}
    assert expected <= set(profiles)
    for la in sorted(expected):
        r = engine.rate_profile(profiles[la])
        assert r.computed_grade == 1, (la, r.fired())
        assert "LIM-SAFEGUARDING" in r.limited_by
        # a recorded judgement, even one the methodology allows, cannot lift it
        if r.before_judgement is not None and r.before_judgement < 4:
            j = {
                "id": 99,
                "from_grade": r.before_judgement,
                "to_grade": r.before_judgement + 1,
                "author": "test",
                "recorded_at": "2010-11-01",
                "reason": "test",
                "evidence": [],
            }
            lifted = engine.rate_profile(profiles[la], j)
            assert lifted.judgement is not None and lifted.computed_grade == 1
    others = [engine.rate_profile(p) for code, p in profiles.items() if code not in expected]
    assert not any("LIM-SAFEGUARDING" in r.limited_by for r in others)


def test_distribution_is_printed_for_the_present_day_run(ds):
    from csrating.rating.engine import distribution

    ratings = RatingEngine(ds, load(2025)).rate_all()
    d = distribution(ratings)
    assert sum(d.values()) == 153
    assert d["performs poorly"] > 0 and d["performs excellently"] > 0
