"""The embedded historical datasets england-2009, -2010 and -2011: the 152 LAs of 2009 as later files let
csrating see them at each census, their coverage against the real number of settings then, settings in
force at the census, and no grade without evidence."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from csrating import summary
from csrating.cli import app
from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import ProfileBuilder
from csrating.rating.engine import RatingEngine
from csrating.sources.la_structure import MERGED_BACK
from tests.conftest import ROOT

runner = CliRunner()
LATER_LAS = {*MERGED_BACK, "839"}
YEARS = ["2009", "2010", "2011"]


@pytest.mark.parametrize("year", YEARS)
def test_the_152_las_of_2009_each_with_ten_or_nine_neighbours(year):
    b = ProfileBuilder(Dataset(f"england-{year}"), load(year))
    las = b.las()
    assert len(las) == 152 and not set(las) & LATER_LAS
    sn = Dataset(f"england-{year}").table("statistical_neighbours")
    per_la = sn.group_by("la_code").len()
    assert per_la.height == 152 and per_la["len"].min() >= 9


def test_a_2009_profile_counts_no_school_closed_before_the_census_and_no_inspection_after_it():
    # england-2011 holds the settings open in 2011 and their inspections to 2011: a 2009 profile built
    # from it must still count only what was open and known on 31 Aug 2009
    census = date(2009, 8, 31)
    ds = Dataset("england-2011")
    current = ProfileBuilder(ds, load(2009)).current
    assert current.height > 10_000
    assert current["known_at"].drop_nulls().max() <= census
    settings = ds.table("settings").select("remit", "urn", "registration_date", "closed_date")
    counted = current.join(settings, on=["remit", "urn"], how="left")
    assert counted.filter(pl.col("registration_date") > census).height == 0
    assert counted.filter(pl.col("closed_date") <= census).height == 0
    # schools that opened between the two censuses are there in the data but not in the 2009 profile
    later = settings.filter(pl.col("registration_date") > census)
    assert later.height > 0


def test_dataset_info_measures_coverage_against_the_real_number_then():
    r = runner.invoke(app, ["dataset", "info", "england-2009"], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert "real number then" in r.output and "Coverage" in r.output
    assert "values per la" in r.output
    by_type = {r["setting_type"]: r for r in summary.settings_by_type(Dataset("england-2009")).to_dicts()}
    primary = by_type["primary_school"]
    assert primary["real_number_then"] == 16971
    # survivorship: the inspection history holds the grade of about 70% of the primary schools then
    assert 60 < primary["graded_pct_of_real"] < 80
    childminders = by_type["childminder"]
    assert childminders["graded_pct_of_real"] < 10  # only providers still registered in 2021
    assert by_type["secondary_school"]["inspected"] < 0.35 * by_type["secondary_school"]["settings"]


@pytest.mark.parametrize("year", YEARS)
def test_no_grade_from_a_profile_that_holds_too_little_evidence(year):
    engine = RatingEngine(Dataset(f"england-{year}"), load(year))
    ratings = engine.rate_all()
    assert len(ratings) == 152
    for r in ratings:
        assert r.grade is None  # not one LA holds half the expected indicators
        assert r.withheld or r.not_rated
    # the trace still shows what the rules reached, for the analyst
    assert sum(r.computed_grade is not None for r in ratings) >= 140


def test_calibration_script_prints_the_published_and_fitted_distributions_side_by_side():
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "calibrate.py"), "--check", "--year", "2011",
         "--max-distance", "152"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "published" in out.stdout and "rules before the gate" in out.stdout
    assert "28" in out.stdout and "not rated: insufficient evidence" in out.stdout
