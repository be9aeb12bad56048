"""Settings in force at a census date: open settings only, inspections known by then, predecessors'
grades carried by their successors. Every frame here is synthetic (made up for the test)."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from csrating.dataset import stored_order
from csrating.profile import settings
from tests.conftest import run_reader

CENSUS_2009 = date(2009, 8, 31)


def _settings(rows: list[dict]) -> pl.DataFrame:
    """Synthetic settings: (urn, la, opened, closed, predecessor)."""
    return pl.DataFrame(
        [
            {
                "remit": "schools",
                "urn": r["urn"],
                "setting_type": r.get("type", "secondary_school"),
                "la_code": r.get("la", "314"),
                "registration_date": r.get("opened"),
                "closed_date": r.get("closed"),
                "predecessor_urn": r.get("predecessor"),
                "synthetic": True,
            }
            for r in rows
        ],
        schema_overrides={"registration_date": pl.Date, "closed_date": pl.Date, "predecessor_urn": pl.String},
    )


def _inspections(rows: list[tuple[str, date, int]]) -> pl.DataFrame:
    """Synthetic graded inspections: (urn, date, grade)."""
    return pl.DataFrame(
        [
            {
                "remit": "schools",
                "urn": urn,
                "inspection_id": day.isoformat(),
                "known_at": day,
                "overall": grade,
            }
            for urn, day, grade in rows
        ],
        schema={
            "remit": pl.String,
            "urn": pl.String,
            "inspection_id": pl.String,
            "known_at": pl.Date,
            "overall": pl.Int8,
        },
    ).with_columns([pl.lit(None, dtype=pl.Int8).alias(o) for o in settings.OUTCOMES])


def _by_urn(frame: pl.DataFrame) -> dict[str, tuple]:
    return {r["urn"]: (r["overall"], r["graded_urn"]) for r in frame.iter_rows(named=True)}


def _current(schools: pl.DataFrame, inspections: pl.DataFrame, census: date) -> pl.DataFrame:
    """The settings in force at ``census``, found both ways: by joining the inspections on remit and URN,
    and by the setting rows a snapshot stores (``stored_order``); the two must agree."""
    joined = settings.current_grades(schools, inspections, census)
    stored = stored_order({"settings": schools, "setting_inspections": inspections})
    by_row = settings.current_grades(
        stored["settings"],
        stored["setting_inspections"],
        census,
        sorted_by=settings.INSPECTION_ORDER,
        indexed=True,
    )
    key = ["remit", "urn"]
    assert_frame_equal(joined.sort(key), by_row.sort(key))
    return joined


def test_a_2009_profile_counts_no_school_closed_before_the_census_and_no_later_inspection():
    schools = _settings(
        [
            {"urn": "900001", "closed": date(2009, 7, 31)},  # closed before the census
            {"urn": "900002", "closed": date(2009, 8, 31)},  # closed on the census day: not open
            {"urn": "900003", "closed": date(2010, 3, 31)},  # closed after: counts
            {"urn": "900004", "opened": date(2009, 9, 1)},  # opened after: does not count
            {"urn": "900005"},  # no dates: counts
        ]
    )
    inspections = _inspections(
        [
            ("900001", date(2008, 5, 1), 1),
            ("900003", date(2008, 5, 1), 3),
            ("900003", date(2009, 9, 15), 1),  # after the census: not yet known
            ("900005", date(2009, 8, 31), 2),  # on the census day: known
            ("900005", date(2010, 1, 10), 4),
        ]
    )
    got = _by_urn(_current(schools, inspections, CENSUS_2009))
    assert got == {"900003": (3, "900003"), "900005": (2, "900005")}


def test_an_academy_with_no_inspection_of_its_own_carries_its_predecessors_along_the_chain():
    schools = _settings(
        [
            {"urn": "900010", "closed": date(2005, 8, 31)},  # first school
            {
                "urn": "900011",
                "opened": date(2005, 9, 1),
                "closed": date(2008, 8, 31),
                "predecessor": "900010",
            },
            {"urn": "900012", "opened": date(2008, 9, 1), "predecessor": "900011"},  # the academy
            {"urn": "900020", "closed": date(2008, 12, 31)},
            {"urn": "900021", "opened": date(2009, 1, 1), "predecessor": "900020"},  # inspected itself
        ]
    )
    inspections = _inspections(
        [
            ("900010", date(2004, 3, 1), 2),
            ("900020", date(2006, 3, 1), 4),
            ("900021", date(2009, 6, 1), 2),
            ("900012", date(2010, 6, 1), 1),  # after the census
        ]
    )
    got = _by_urn(_current(schools, inspections, CENSUS_2009))
    assert got == {"900012": (2, "900010"), "900021": (2, "900021")}
    # a year later the academy has a grade of its own
    later = _by_urn(_current(schools, inspections, date(2010, 8, 31)))
    assert later["900012"] == (1, "900012")


def test_a_predecessor_open_at_the_census_counts_itself_and_its_successor_does_not():
    schools = _settings(
        [
            {"urn": "900030", "closed": date(2011, 8, 31)},  # converts in 2011
            {"urn": "900031", "predecessor": "900030"},  # academy with no open date in its source
        ]
    )
    inspections = _inspections([("900030", date(2008, 1, 1), 3)])
    got = _by_urn(_current(schools, inspections, CENSUS_2009))
    assert got == {"900030": (3, "900030")}
    after = _by_urn(_current(schools, inspections, date(2011, 8, 31)))
    assert after == {"900031": (3, "900030")}


def test_a_cycle_of_predecessors_ends():
    schools = _settings(
        [
            {"urn": "900040", "predecessor": "900041"},
            {"urn": "900041", "closed": date(2001, 1, 1), "predecessor": "900040"},
        ]
    )
    got = _by_urn(_current(schools, _inspections([]), CENSUS_2009))
    assert got == {"900040": (None, None)}


def test_settings_without_a_predecessor_column_still_read():
    schools = _settings([{"urn": "900050"}]).drop("predecessor_urn")
    got = _by_urn(_current(schools, _inspections([("900050", date(2007, 1, 1), 1)]), CENSUS_2009))
    assert got == {"900050": (1, "900050")}


def test_schools_in_force_at_31_august_2009_from_the_real_files(shared_raw):
    """The spine, GIAS November 2023 and the inspection history (real files): at 31 Aug 2009 no school
    closed by then counts and no inspection after it is used; the count and share good or better are
    those the provenance note of the history reports (14,727 schools, 69.0%)."""
    folder = shared_raw / "waiky8-ofsted-school-inspection-history"
    gias, _ = run_reader(
        "gias_establishments",
        shared_raw / "gias-nov2023-with-phase-npq" / "gias_establishments_2023-11_key_columns.csv",
    )
    spine, _ = run_reader("dfe_school_spine", folder / "2017-2018_england_spine.xlsx")
    history, _ = run_reader("ofsted_school_history", folder / "ofsted_ratings_2018.csv")
    both = pl.concat([gias["settings"], spine["settings"]]).unique(["remit", "urn"], keep="last")
    got = _current(both, history["setting_inspections"], CENSUS_2009)
    closed = both.filter(pl.col("closed_date") <= CENSUS_2009)["urn"]
    assert not got.filter(pl.col("urn").is_in(closed.implode())).height
    assert got["known_at"].max() <= CENSUS_2009
    inspected = got.filter(pl.col("overall").is_not_null())
    assert inspected.height == 14_727
    assert round(100 * (inspected["overall"] <= 2).mean(), 1) == 69.0


def test_a_predecessor_known_only_by_its_inspections_still_passes_its_grade_on():
    """The predecessor is not in the settings table (closed before the source's extract), but its
    inspections are: its successor carries its grade, whether found by join or by setting row."""
    schools = _settings([{"urn": "900061", "opened": date(2008, 9, 1), "predecessor": "900060"}])
    inspections = _inspections([("900060", date(2007, 3, 1), 2)])
    assert _by_urn(_current(schools, inspections, CENSUS_2009)) == {"900061": (2, "900060")}
