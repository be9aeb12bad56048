"""The trace records, for each figure a band rule (and the key-group threshold) uses, the data rows the
figure rests on: the settings counted with the inspection that gave each its grade, and the indicator
values compared with their comparators' figures. The rows are the right ones: the figure follows from
them, and each indicator row is the dataset's published value."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
from rich.console import Console

from csrating import pipeline
from csrating.rating.render import explain
from csrating.rating.trace import Rows


@pytest.fixture(scope="module")
def run():
    ds = pipeline.open_dataset("seeds-2009")
    return pipeline.Run(ds, pipeline.methodology(2009, ds))


@pytest.fixture(scope="module")
def rating(run):
    return run.rate("314")


def figure(rating, code, name):
    t = next(t for t in rating.trace if t.code == code)
    return next(f for f in t.figures if f.name == name)


def test_the_settings_share_lists_every_setting_counted(run, rating):
    f = figure(rating, "BAND-SETTINGS", "settings.all.good_or_better_pct")
    p = run.profile("314")
    counted = {
        (str(s.setting_type), i["urn"], i["inspection_id"])
        for s in p.settings
        if s.setting_type != "all"
        for i in s.inputs
        if i["grade"]
    }
    rows = list(f.rows)
    assert len(rows) == p.setting("all").inspected == len(counted)
    assert {(r["setting_type"], r["urn"], r["inspection_id"]) for r in rows} == counted
    good = sum(r["grade"] in ("good", "outstanding") for r in rows)
    assert 100 * good / len(rows) == pytest.approx(f.value)
    # the other figure on the same rows points to them
    inspected = figure(rating, "BAND-SETTINGS", "settings.all.inspected")
    assert inspected.rows_of == f.name and not inspected.rows


def test_the_indicator_shares_list_each_indicator_compared_and_its_source_rows(run, rating):
    p = run.profile("314")
    rows = list(figure(rating, "BAND-INDICATORS", "indicators.all.compared_similar").rows)
    f = figure(rating, "BAND-INDICATORS", "indicators.all.ok_similar_pct")
    assert f.rows_of == "indicators.all.compared_similar"
    assert len(rows) == figure(rating, "BAND-INDICATORS", "indicators.all.compared_similar").value
    ok = sum(r["similar_verdict"] in ("better", "in_line") for r in rows)
    assert 100 * ok / len(rows) == pytest.approx(f.value)
    better = sum(r["similar_verdict"] == "better" for r in rows)
    assert 100 * better / len(rows) == pytest.approx(
        figure(rating, "BAND-INDICATORS", "indicators.all.better_similar_pct").value
    )
    # each row is the LA's published value for its code, breakdown and period, and names the neighbours
    # whose values for the same code and period make the similar-area figure
    values = run.ds.table("indicator_values")

    def published(area_type, area, r, period):
        return values.filter(
            (pl.col("area_type") == area_type)
            & (pl.col("area_code") == area)
            & (pl.col("code") == r["code"])
            & (pl.col("breakdown") == r["breakdown"])
            & (pl.col("period") == period)
        )["value"].to_list()

    for r in rows:
        assert r["area_code"] == "314" and published("la", "314", r, r["period"]) == [r["value"]], r
        assert published("england", "E92000001", r, r["england_period"]) == [r["england"]], r
        assert r["neighbours"] and set(r["neighbours"]) <= {n["code"] for n in p.neighbours}
        for n in r["neighbours"]:
            assert [v for v in published("la", n, r, r["period"]) if v is not None], (r, n)
        assert r["similar_areas"] == p.indicator(r["code"]).similar_areas.figure
    ss = figure(rating, "THR-KEY-GROUPS", "indicators.SS.ok_similar_pct")
    assert ss.rows and {r["code"] for r in ss.rows} < {r["code"] for r in rows}


def test_national_ratings_list_each_setting_type_counted(run):
    """Profiles of a national run leave out the settings counted: the rows are then the setting types."""
    r = next(r for r in run.ratings() if r.la_code == "314")
    rows = figure(r, "BAND-SETTINGS", "settings.all.good_or_better_pct").rows
    assert rows and all(x["urns"] is None for x in rows)
    assert sum(x["inspected"] for x in rows) == figure(r, "BAND-SETTINGS", "settings.all.inspected").value


def test_rows_are_made_when_read_and_serialised_as_rows(rating):
    f = figure(rating, "BAND-INDICATORS", "indicators.all.compared_similar")
    assert isinstance(f.rows, Rows)
    d = json.loads(rating.to_json())
    run_d = next(t for t in d["trace"] if t["code"] == "BAND-INDICATORS")
    assert run_d["figures"][0]["rows"][0]["code"] == f.rows[0]["code"]


def test_explain_shows_the_rows(rating):
    console = Console(record=True, width=200, file=io.StringIO())
    explain(rating, console)
    text = console.export_text()
    first = figure(rating, "BAND-SETTINGS", "settings.all.good_or_better_pct").rows[0]
    assert f"urn {first['urn']}; inspection_id {first['inspection_id']}" in text
    assert "row: code NI" in text and "rows: those of indicators.all.compared_similar" in text
