"""Dates as the inspectorate worked: settings are taken at the census date, inspections of the LA up to a
later cut-off. On england-latest under the 2010 methodology (census 30 June 2010, reports published by
30 November 2010), an inadequate safeguarding judgement added for one LA limits its rating when it falls
after the census but by the cut-off, not when it falls after the cut-off, and a later re-inspection
supersedes it."""

from datetime import date

import polars as pl
import pytest

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile import la_inspections as lai_mod
from csrating.rating.engine import RatingEngine
from csrating.sources import canonical

YEAR = "2010"


def _row(la, kind, grade, end, published, aspect="safeguarding"):
    return {
        "la_code": la,
        "inspection_type": kind,
        "aspect": aspect,
        "grade": grade,
        "start_date": end.replace(day=1),
        "end_date": end,
        "published_date": published,
        "source": "test",
        "synthetic": True,
    }


@pytest.fixture(scope="module")
def base():
    """An LA with no safeguarding judgement in force under 2010 and a grade from its settings."""
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(YEAR))
    for p in engine.profiles.build_all():
        r = engine.rate_profile(p)
        if r.computed_grade and r.computed_grade > 1 and not r.limited_by:
            return p.la_code
    pytest.skip("no LA with a grade above 1 and no limit")


def _rate(la, rows):
    ds = Dataset("england-latest")
    real = ds.table("la_inspections").filter(pl.col("la_code") != la)
    ds._cache["la_inspections"] = pl.concat([real, canonical.frame("la_inspections", rows)])
    engine = RatingEngine(ds, load(YEAR))
    return engine.rate(la)


def test_the_dates_of_2010():
    m = load(YEAR)
    assert m["census_date"] == date(2010, 6, 30) and m["la_inspections_cutoff"] == date(2010, 11, 30)
    assert m["la_inspections_cutoff_basis"] == "publication"


def test_an_inadequate_safeguarding_judgement_after_the_census_but_by_the_cut_off_limits(base):
    r = _rate(base, [_row(base, "slac", 1, date(2010, 10, 22), date(2010, 11, 19))])
    assert "LIM-SAFEGUARDING" in r.limited_by and r.computed_grade == 1
    assert r.evidence["dates"]["la_inspections_cutoff"] == "2010-11-30"


def test_one_after_the_cut_off_does_not_limit(base):
    r = _rate(base, [_row(base, "slac", 1, date(2010, 11, 12), date(2010, 12, 3))])
    assert "LIM-SAFEGUARDING" not in r.limited_by and r.computed_grade > 1


def test_a_later_re_inspection_supersedes(base):
    rows = [
        _row(base, "slac", 1, date(2010, 1, 15), date(2010, 2, 26)),
        _row(base, "slac_reinspection", 3, date(2010, 9, 24), date(2010, 10, 15)),
    ]
    r = _rate(base, rows)
    assert "LIM-SAFEGUARDING" not in r.limited_by
    limited = _rate(base, rows[:1])
    assert "LIM-SAFEGUARDING" in limited.limited_by


def test_the_reported_2010_case_a_report_published_20_days_before_the_ratings_counted():
    """Kent's safeguarding inspection (report published 19 November 2010, safeguarding inadequate) set
    its 2010 rating, performs poorly (Public Finance, 9 December 2010)."""
    r = RatingEngine(Dataset("england-latest"), load(YEAR)).rate("886")
    assert "LIM-SAFEGUARDING" in r.limited_by and r.computed_grade == 1


def test_the_cut_off_basis_decides_which_date_is_held_against_it():
    df = canonical.frame("la_inspections", [_row("999", "slac", 1, date(2010, 10, 20), date(2010, 11, 30))])
    cutoff = date(2010, 10, 31)
    assert lai_mod.in_force(df, cutoff, {"slac": 3}, "inspection").height == 1
    assert lai_mod.in_force(df, cutoff, {"slac": 3}, "publication").height == 0
    with pytest.raises(ValueError, match="la_inspections_cutoff_basis"):
        lai_mod.in_force(df, cutoff, {"slac": 3}, "decision")


def test_coverage_against_the_real_number_of_settings_when_the_dataset_gives_it(base):
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(YEAR))
    unknown = engine.rate(base).evidence["settings"]
    assert unknown["coverage_vs_real"] is None and unknown["expected_settings"] is None
    real = canonical.frame(
        "expected_settings",
        [
            {
                "la_code": base,
                "setting_type": "primary_school",
                "census_date": date(2010, 3, 31),
                "settings": 400,
                "source": "test",
                "synthetic": True,
            }
        ],
    )
    ds2 = Dataset("england-latest")
    ds2._cache["expected_settings"] = real
    r = RatingEngine(ds2, load(YEAR)).rate(base)
    s = r.evidence["settings"]
    assert s["expected_settings"] == 400 and s["expected_settings_as_at"] == "2010-03-31"
    assert s["expected_settings_types"] == ["primary_school"]
    gate = next(t for t in r.trace if t.code == "EVIDENCE-GATE")
    assert any(
        f.name == "completeness.settings.coverage_vs_real" and f.value == s["coverage_vs_real"]
        for f in gate.figures
    )


def test_the_reported_2009_case_a_report_published_on_6_november_counted():
    """Warrington's safeguarding inspection (report published 6 November 2009, safeguarding inadequate)
    brought it to performs poorly in December 2009 (Ofsted's memorandum to the Children, Schools and
    Families Committee, March 2010)."""
    r = RatingEngine(Dataset("england-latest"), load("2009")).rate("877")
    assert "LIM-SAFEGUARDING" in r.limited_by and r.computed_grade == 1
