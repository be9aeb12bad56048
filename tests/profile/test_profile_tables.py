"""The profile computed for every LA at once: the tables, the arrays behind block B, and the objects laid
out from them. Small tables here are synthetic (made up for the test) and say so."""

import json
import shutil
import statistics
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile import indicators as ind_mod
from csrating.profile import la_inspections, settings
from csrating.profile.profile import ProfileBuilder


@pytest.fixture(scope="module")
def latest() -> ProfileBuilder:
    return ProfileBuilder(Dataset("england-latest"), load(2025))


def test_one_la_and_all_las_give_the_same_profile(latest):
    """``build(la)`` reads one LA's rows from the tables; ``build_all`` converts every LA's rows at once."""
    some = latest.las()[::25]
    one_by_one = [latest.build(la, inputs=False).to_dict() for la in some]
    fresh = ProfileBuilder(latest.ds, latest.m)
    everyone = {p.la_code: p.to_dict() for p in fresh.build_all()}
    assert one_by_one == [everyone[la] for la in some]


def test_tables_hold_every_figure_of_the_objects(latest):
    tables = latest.tables.frames()
    assert set(tables) == {
        "las", "settings", "indicators", "indicator_shares", "gaps", "la_inspections",
        "serious_case_reviews", "completeness",
    }  # fmt: skip
    for name, df in tables.items():
        assert df["la_code"].is_in(latest.subjects).all(), name
    la = latest.las()[0]
    p = latest.build(la, inputs=False)
    row = latest.tables.settings.filter(pl.col("la_code") == la, pl.col("setting_type") == "all").row(
        0, named=True
    )
    s = p.setting("all")
    assert (row["inspected"], row["england_verdict"], row["similar_verdict"]) == (
        s.inspected,
        s.england.verdict,
        s.similar_areas.verdict,
    )
    done = latest.tables.completeness.filter(pl.col("la_code") == la).row(0, named=True)
    assert done["indicators_missing"] == p.completeness["indicators"]["missing"]
    assert latest.tables.gaps.filter(pl.col("la_code") == la).height == len(latest.m["gaps"])


def test_the_latest_grade_does_not_depend_on_the_order_rows_are_stored_in():
    ds = Dataset("england-latest")
    assert ds.sorted_by("setting_inspections") == settings.INSPECTION_ORDER
    census = date(2025, 3, 31)
    stored = ds.table("setting_inspections")
    fast = settings.current_grades(
        ds.table("settings"), stored, census, sorted_by=ds.sorted_by("setting_inspections")
    )
    shuffled = stored.sample(fraction=1.0, shuffle=True, seed=7)
    slow = settings.current_grades(ds.table("settings"), shuffled, census)
    key = ["remit", "urn"]
    assert_frame_equal(fast.sort(key), slow.sort(key))


@pytest.mark.parametrize(
    "name, year",
    [("england-latest", 2025), ("england-2009", 2009), ("england-2010", 2010), ("england-2011", 2011),
     ("seeds-2009", 2009)],
)  # fmt: skip
def test_each_setting_found_by_its_stored_row_has_the_inspection_a_join_finds(name, year):
    ds = Dataset(name)
    assert ds.derived("setting_inspections", "setting_row")
    census = load(year)["census_date"]
    args = (ds.table("settings"), ds.table("setting_inspections"), census)
    order = ds.sorted_by("setting_inspections")
    by_row = settings.current_grades(*args, sorted_by=order, indexed=True)
    assert_frame_equal(by_row, settings.current_grades(*args, sorted_by=order))
    assert by_row["overall"].is_not_null().sum() > 0


def test_a_snapshot_written_before_setting_rows_existed_gives_the_same_profile(tmp_path):
    """A snapshot of an earlier version has no setting rows: the profile joins on remit and URN instead."""
    new = Dataset("seeds-2009")
    folder = tmp_path / "seeds-2009"
    shutil.copytree(new.path, folder)
    file = folder / "setting_inspections.parquet"
    pl.read_parquet(file).drop("setting_row_step").write_parquet(file)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["tables"]["setting_inspections"]["derived"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    old = Dataset(folder)
    assert not old.derived("setting_inspections", "setting_row")
    stored = old.table("setting_inspections")
    assert stored["setting_row"].null_count() == stored.height
    m = load(2009)
    want = ProfileBuilder(new, m).tables.frames()
    for table, got in ProfileBuilder(old, m).tables.frames().items():
        assert_frame_equal(got, want[table])


def test_a_setting_inspected_twice_on_one_day_takes_the_higher_inspection_id():
    base = {"remit": "childcare", "urn": "EY1", "setting_type": "childminder", "la_code": "314"}
    setting = pl.DataFrame(
        [{**base, "registration_date": None, "closed_date": None, "synthetic": True}],
        schema_overrides={"registration_date": pl.Date, "closed_date": pl.Date},
    )
    day = date(2020, 5, 1)
    rows = [
        {"remit": "childcare", "urn": "EY1", "inspection_id": i, "known_at": day, "overall": g}
        for i, g in (("A1", 4), ("A2", 1))
    ]
    inspections = pl.DataFrame(rows).with_columns(
        [pl.lit(None, dtype=pl.Int8).alias(o) for o in settings.OUTCOMES]
    )
    for stored in (inspections, inspections.reverse()):
        got = settings.current_grades(setting, stored, date(2021, 1, 1))
        assert got["inspection_id"].to_list() == ["A2"] and got["overall"].to_list() == [1]


def test_two_records_of_one_la_inspection_the_one_with_more_dates_wins():
    day = date(2022, 5, 6)
    common = {
        "la_code": "314", "inspection_type": "ilacs", "aspect": "overall", "end_date": day,
        "priority_actions": None, "strengths": None, "areas_for_development": None, "synthetic": True,
    }  # fmt: skip
    rows = [
        {**common, "grade": 3, "start_date": None, "published_date": None, "source": "a"},
        {
            **common,
            "grade": 3,
            "start_date": date(2022, 4, 25),
            "published_date": date(2022, 6, 1),
            "source": "b",
        },
    ]
    for order in (rows, rows[::-1]):
        df = pl.DataFrame(order, schema_overrides={"start_date": pl.Date, "published_date": pl.Date})
        got = la_inspections.in_force(df, date(2023, 3, 31), {"ilacs": 4})
        assert got["source"].to_list() == ["b"]


def _values(rows: list[tuple]) -> pl.DataFrame:
    cols = ["code", "area_type", "area_code", "breakdown", "period", "year", "value", "marker"]
    df = pl.DataFrame(rows, schema=cols, orient="row")
    return df.with_columns(
        pl.col("year").cast(pl.Int16),
        pl.col("value").cast(pl.Float64),
        pl.lit(None, dtype=pl.Float64).alias("numerator"),
        pl.lit(None, dtype=pl.Float64).alias("denominator"),
        pl.lit("synthetic test figures").alias("source"),
        pl.lit(True).alias("synthetic"),
    )


DEFS = pl.DataFrame(
    {
        "code": ["T1"],
        "name": ["synthetic test indicator"],
        "ecm_outcome": ["EA"],
        "polarity": ["high"],
        "unit": ["%"],
        "decimal_places": [1],
        "profile_item": ["T1"],
    },
    schema_overrides={"decimal_places": pl.Int8},
)


def _compute(values: pl.DataFrame, neighbours: pl.DataFrame, statistic: str = "mean") -> pl.DataFrame:
    return ind_mod.compute(
        values, DEFS, neighbours, latest_year=2024, trend_periods=3, statistic=statistic, min_neighbours=2,
        tolerance_pp=1.0, tolerance_relative=0.05, la_codes=["A", "B", "C", "D", "E"],
    ).frame  # fmt: skip


def test_block_b_arrays_give_ranks_with_ties_quartiles_neighbours_and_trend():
    latest = {"A": 70.0, "B": 80.0, "C": 80.0, "D": 60.0, "E": None}
    rows = [
        ("T1", "la", la, "all", "2024", 2024, v, None if v is not None else "c") for la, v in latest.items()
    ]
    rows += [
        ("T1", "la", "A", "all", "2022", 2022, 66.0, None),
        ("T1", "la", "A", "all", "2021", 2021, 50.0, None),
    ]
    rows += [
        ("T1", "la", "A", "all", "2020", 2020, 40.0, None),
        ("T1", "england", "E92000001", "all", "2024", 2024, 72.0, None),
    ]
    nb = pl.DataFrame(
        {"la_code": ["A"] * 4, "neighbour_code": ["B", "C", "D", "E"], "rank": [1, 2, 3, 4]},
        schema_overrides={"rank": pl.Int8},
    )
    out = _compute(_values(rows), nb)
    by = {r["la_code"]: r for r in out.iter_rows(named=True)}
    # ties share the best rank; no value, no rank (and never a zero)
    assert [by[la]["rank"] for la in "ABCDE"] == [3, 1, 1, 4, None]
    assert by["E"]["value"] is None and by["E"]["marker"] == "c" and by["E"]["band"] is None
    assert by["A"]["rank_of"] == 4
    q = statistics.quantiles([70.0, 80.0, 80.0, 60.0], n=4, method="inclusive")
    assert [by["A"]["q1"], by["A"]["q2"], by["A"]["q3"]] == pytest.approx(q)
    assert by["B"]["band"] == "A" and by["D"]["band"] == "D"
    # similar areas: mean of the neighbours with a value, which are listed
    assert by["A"]["similar_value"] == pytest.approx((80 + 80 + 60) / 3)
    assert by["A"]["similar_used"] == ["B", "C", "D"] and by["A"]["similar_n"] == 3
    assert by["A"]["similar_verdict"] == "worse" and by["A"]["england_verdict"] == "worse"
    # trend: the last three periods with a row, and the change from the previous one
    assert by["A"]["trend_years"] == [2021, 2022, 2024] and by["A"]["trend_values"] == [50.0, 66.0, 70.0]
    assert by["A"]["previous_value"] == 66.0 and by["A"]["change_verdict"] == "better"
    assert by["B"]["similar_used"] is None and by["B"]["similar_value"] is None
    median = _compute(_values(rows), nb, statistic="median")
    assert median.filter(pl.col("la_code") == "A")["similar_value"].item() == 80.0


def test_block_a_for_every_la_at_once_on_a_small_synthetic_table():
    """Settings counted per LA and type; England summed over every LA (no benchmark); similar areas the
    mean or median share of the neighbours with an inspected setting of the type, neighbours listed."""
    grades = {"A": [1, 2, 3, None], "B": [1, 1], "C": [3, 4], "D": [2, 2, 2]}
    rows = [
        {"remit": "childcare", "urn": f"{la}{n}", "setting_type": "childminder", "la_code": la,
         "synthetic": True, "overall": g, **{o: None for o in settings.OUTCOMES}}
        for la, gs in grades.items() for n, g in enumerate(gs)
    ]  # fmt: skip
    current = pl.DataFrame(
        rows, schema_overrides={"overall": pl.Int8, **dict.fromkeys(settings.OUTCOMES, pl.Int8)}
    )
    nb = pl.DataFrame(
        {"la_code": ["A"] * 3, "neighbour_code": ["D", "B", "C"], "rank": [1, 2, 3]},
        schema_overrides={"rank": pl.Int8},
    )
    bench = Dataset("england-latest").table("setting_benchmarks").clear()
    kw = dict(
        min_neighbours=2, single_agency_types=[], weak_outcome_share=0.5,
        tolerance_pp=5.0, min_n=2, wilson_min_n=20, confidence=0.95,
    )  # fmt: skip
    for statistic, expected in (("mean", (100 + 0 + 100) / 3), ("median", 100.0)):
        table, with_settings = settings.block_a(
            current, bench, nb, ["A", "E"], ["childminder", "childrens_home"], date(2025, 3, 31),
            statistic=statistic, **kw,
        )  # fmt: skip
        assert with_settings == ["A", "B", "C", "D"]
        a = table.filter(pl.col("la_code") == "A", pl.col("setting_type") == "childminder").row(0, named=True)
        assert (a["settings"], a["inspected"], a["outstanding"], a["good"], a["satisfactory"]) == (
            4,
            3,
            1,
            1,
            1,
        )
        assert a["good_or_better_pct"] == pytest.approx(200 / 3)
        assert (
            a["england_pct"] == pytest.approx(100 * 7 / 10)
            and a["england_source"] == "all LAs in the dataset"
        )
        assert a["similar_pct"] == pytest.approx(expected) and a["similar_used"] == ["B", "C", "D"]
        assert a["england_verdict"] == "in_line" and a["synthetic"] is True
        home = table.filter(pl.col("la_code") == "A", pl.col("setting_type") == "childrens_home").row(
            0, named=True
        )
        assert home["status"] == "no_data" and home["good_or_better_pct"] is None
        assert home["england_verdict"] == "no_data" and home["similar_used"] is None
        e = table.filter(pl.col("la_code") == "E")
        assert e["status"].to_list() == ["no_data"] * 3 and e["settings"].to_list() == [0, 0, 0]


def test_block_a_counts_the_inspected_settings_by_who_runs_them():
    """``run_by_<sector>``: the inspected settings of a type by the sector of their provider (a setting
    not inspected is not counted; one with no sector is unknown), summed over the types for 'all'."""
    rows = [
        ("H1", "childrens_home", "local_authority", 2),
        ("H2", "childrens_home", "private", 1),
        ("H3", "childrens_home", "private", None),  # not inspected
        ("H4", "childrens_home", None, 3),
        ("P1", "pupil_referral_unit", "local_authority", 2),
    ]
    current = pl.DataFrame(
        [
            {"remit": "social_care", "urn": u, "setting_type": t, "la_code": "A", "sector": s,
             "synthetic": True, "overall": g, **dict.fromkeys(settings.OUTCOMES)}
            for u, t, s, g in rows
        ],
        schema_overrides={
            "overall": pl.Int8, "sector": pl.String, **dict.fromkeys(settings.OUTCOMES, pl.Int8)
        },
    )  # fmt: skip
    bench = Dataset("england-latest").table("setting_benchmarks").clear()
    nb = pl.DataFrame(schema={"la_code": pl.String, "neighbour_code": pl.String, "rank": pl.Int8})
    table, _ = settings.block_a(
        current, bench, nb, ["A"], ["childrens_home", "pupil_referral_unit"], date(2025, 3, 31),
        statistic="mean", min_neighbours=2, single_agency_types=[], weak_outcome_share=0.5,
        tolerance_pp=5.0, min_n=2, wilson_min_n=20, confidence=0.95,
    )  # fmt: skip
    by_type = {r["setting_type"]: r for r in table.iter_rows(named=True)}
    home, all_ = by_type["childrens_home"], by_type["all"]
    assert (home["run_by_local_authority"], home["run_by_private"], home["run_by_unknown"]) == (1, 1, 1)
    assert (all_["run_by_local_authority"], all_["run_by_private"], all_["inspected"]) == (2, 1, 4)
    assert sum(home[c] for c in settings.RUN_BY.values()) == home["inspected"]


def test_who_runs_the_settings_reaches_the_profile_and_its_output():
    """Kent's (seeds-2009) children's homes: six of its own and six private; its eighteen pupil referral
    units all its own. The profile keeps the counts through JSON, and the table and CSV show them."""
    import json

    from rich.console import Console

    from csrating.methodology.loader import load
    from csrating.profile.export import flatten
    from csrating.profile.model import Profile
    from csrating.profile.render import print_profile
    from csrating.rating.engine import RatingEngine

    builder = RatingEngine(Dataset("seeds-2009"), load(2009)).profiles
    p = builder.build("886", inputs=False)
    assert p.setting("childrens_home").sectors == {"local_authority": 6, "private": 6}
    assert p.setting("pupil_referral_unit").sectors == {"local_authority": 18}
    assert Profile.from_dict(json.loads(p.to_json())).setting("childrens_home").sectors == {
        "local_authority": 6,
        "private": 6,
    }
    detail = flatten(builder, ["886"]).filter(pl.col("item") == "childrens_home")["detail"][0]
    assert json.loads(detail)["sectors"] == {"local_authority": 6, "private": 6}
    console = Console(record=True, width=400)
    print_profile(p, console)
    text = console.export_text()
    assert "run by LA" in text
    homes = next(ln for ln in text.splitlines() if ln.lstrip("│ ").startswith("children's homes"))
    assert [c.strip() for c in homes.split("│")][2:5] == ["12", "12", "6"]  # open, inspected, run by LA
