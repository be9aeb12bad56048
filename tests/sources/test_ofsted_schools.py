"""The ``gias_schools`` and ``ofsted_schools_mi`` readers on slices of real files and on bad files.

Slices (cut by scripts/fixtures/ofsted_schools.py): 222 schools of the April 2024 GIAS/Ofsted rating table
(every school of Kingston upon Thames, Camden, Kensington and Chelsea; some of Kent; one of every
establishment type) and the whole 228-school Warwickshire extract of Ofsted's schools MI (31 August 2020).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csrating.enums import Severity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.ofsted_schools import read_gias, read_mi
from csrating.sources.registry import READERS, ReadContext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RAW = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"
GIAS_PATH = Path("gias-primary-ofsted-2024") / "school_ofsted_rating.csv"
MI_PATH = Path("ofsted-schools-warwickshire-2020") / "warwickshire_school_inspections_mi_aug2020_extract.csv"
GIAS_SLICE = FIXTURES / "raw" / GIAS_PATH
MI_SLICE = FIXTURES / "raw" / MI_PATH
BAD_GIAS = FIXTURES / "bad" / "gias_schools"
BAD_MI = FIXTURES / "bad" / "ofsted_schools_mi"
GIAS_AS_AT = date(2024, 4, 28)
MI_AS_AT = date(2020, 8, 31)


def run(fn, path: Path, as_at: date | None, **options: object) -> tuple[dict[str, pl.DataFrame], Findings]:
    findings = Findings()
    out = fn(path, ReadContext(findings, label=path.name, as_at=as_at, options=dict(options)))
    return out, findings


def only(findings: Findings) -> list[tuple[FindingCode, int | None, str | None]]:
    return [(f.code, f.row, f.column) for f in findings.errors]


def one(df: pl.DataFrame, urn: str) -> dict[str, object]:
    rows = df.filter(pl.col("urn") == urn).to_dicts()
    assert len(rows) == 1
    return rows[0]


def assert_valid(out: dict[str, pl.DataFrame]) -> None:
    for name, df in out.items():
        check = Findings()
        canonical.validate(name, df, check)
        assert len(check) == 0, list(check)


def test_registered_with_documentation() -> None:
    assert READERS["gias_schools"].tables == ("settings", "setting_inspections")
    assert "``pupils`` = pupils on roll" in READERS["gias_schools"].description
    assert "mainstream_type" in READERS["gias_schools"].options
    assert "publication date" in READERS["ofsted_schools_mi"].description


# ------------------------------------------------------------------------------------------------ GIAS
@pytest.fixture(scope="module")
def gias() -> tuple[dict[str, pl.DataFrame], Findings]:
    return run(read_gias, GIAS_SLICE, GIAS_AS_AT)


def test_gias_slice_reads_without_errors(gias) -> None:
    out, findings = gias
    assert not findings.has_errors
    assert out["settings"].height == 222
    assert out["setting_inspections"].height == 222
    assert_valid(out)
    counts = dict(out["settings"]["la_code"].value_counts().rows())
    assert (counts["314"], counts["202"], counts["207"], counts["886"]) == (50, 59, 46, 41)
    # the one warning: mainstream schools read as primary although some are evidently secondary
    [warning] = findings.warnings
    assert warning.code is FindingCode.UNKNOWN_CATEGORY and "24 of them have more than 1,000 pupils" in (
        warning.message
    )


def test_gias_school_values(gias) -> None:
    out, _ = gias
    assert one(out["settings"], "100008") == {
        "remit": "schools",
        "urn": "100008",
        "name": None,
        "setting_type": "primary_school",  # type 1, community school, Camden
        "la_code": "202",
        "sector": "state_funded",
        "registration_date": None,
        "closed_date": None,
        "status": None,
        "places": None,
        "pupils": 350,  # pupils on roll
        "predecessor_urn": None,
        "has_sixth_form": None,
        "source": "gias_schools:school_ofsted_rating.csv",
        "synthetic": False,
    }
    inspection = one(out["setting_inspections"], "100008")
    assert (inspection["inspection_id"], inspection["inspection_date"], inspection["known_at"]) == (
        "gias-2024",
        None,
        GIAS_AS_AT,
    )
    assert inspection["overall"] == 2  # Good
    expected = {
        "102560": ("nursery_school", "state_funded", "314", 127, 1),  # type 15, Kingston
        "141164": ("pupil_referral_unit", "state_funded", "202", 36, 2),  # type 38 AP free school, Camden
        "119026": ("special_school", "state_funded", "886", 351, 2),  # type 12, Kent
        "140987": ("secondary_school", "state_funded", "886", 730, 2),  # type 40 UTC, Kent
        "148062": ("independent_school", "independent", "886", 44, 1),  # type 10, Kent
        "100547": ("independent_school", "independent", "207", 3440, 4),  # type 11, Inadequate
    }
    for urn, (kind, sector, la, pupils, grade) in expected.items():
        s = one(out["settings"], urn)
        assert (s["setting_type"], s["sector"], s["la_code"], s["pupils"]) == (kind, sector, la, pupils), urn
        assert one(out["setting_inspections"], urn)["overall"] == grade, urn


def test_gias_types_and_grades(gias) -> None:
    out, _ = gias
    by_type = {(k, s): n for k, s, n in out["settings"].group_by("setting_type", "sector").len().rows()}
    assert by_type == {
        ("primary_school", "state_funded"): 150,
        ("special_school", "state_funded"): 21,
        ("special_school", "voluntary"): 3,  # type 8, non-maintained special
        ("independent_school", "independent"): 29,
        ("nursery_school", "state_funded"): 6,
        ("pupil_referral_unit", "state_funded"): 6,
        ("secondary_school", "state_funded"): 4,
        ("sixth_form_college", "state_funded"): 3,
    }
    assert dict(out["setting_inspections"]["overall"].value_counts().rows()) == {1: 66, 2: 135, 3: 13, 4: 8}


def test_gias_as_at_fallback_and_option() -> None:
    out, findings = run(read_gias, GIAS_SLICE, None, mainstream_type="other")
    assert not findings.has_errors
    assert [f.code for f in findings.warnings] == [FindingCode.BAD_RECIPE, FindingCode.UNKNOWN_CATEGORY]
    assert set(out["setting_inspections"]["known_at"]) == {date(2024, 4, 28)}
    assert one(out["settings"], "100008")["setting_type"] == "other"
    _, findings = run(read_gias, GIAS_SLICE, GIAS_AS_AT, mainstream_type="primary")
    assert [(f.code, f.severity) for f in findings] == [(FindingCode.BAD_RECIPE, Severity.ERROR)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing_column.csv", [(FindingCode.MISSING_COLUMN, 1, "rating")]),
        ("unknown_grade.csv", [(FindingCode.UNKNOWN_GRADE, 3, "rating")]),
        ("unknown_la_code.csv", [(FindingCode.UNKNOWN_LA_CODE, 4, "authority_code")]),
        ("duplicate_urn.csv", [(FindingCode.DUPLICATE_KEY, 4, "unique_reference_number")]),
        ("unknown_type.csv", [(FindingCode.UNKNOWN_CATEGORY, 3, "establishment_type_code")]),
        ("pupils_marker.csv", [(FindingCode.VALUE_EXPECTED, 2, "pupil_number")]),
        ("pupils_text.csv", [(FindingCode.MARKER_EXPECTED, 3, "pupil_number")]),
        ("utf16.csv", [(FindingCode.WRONG_ENCODING, 1, None)]),
        ("empty.csv", [(FindingCode.EMPTY_FILE, None, None)]),
        ("truncated.csv", [(FindingCode.TRUNCATED_FILE, 4, None)]),
        (
            "two_problems.csv",
            [(FindingCode.UNKNOWN_LA_CODE, 2, "authority_code"), (FindingCode.UNKNOWN_GRADE, 4, "rating")],
        ),
    ],
)
def test_gias_bad_files(name: str, expected: list[tuple[FindingCode, int | None, str | None]]) -> None:
    out, findings = run(read_gias, BAD_GIAS / name, GIAS_AS_AT)
    assert only(findings) == expected
    if out:  # rows with errors are left out; the others are read
        assert out["settings"].height == 3 - len({row for _, row, _ in expected})
        assert findings.errors[0].file == name


def test_gias_duplicate_names_first_row() -> None:
    _, findings = run(read_gias, BAD_GIAS / "duplicate_urn.csv", GIAS_AS_AT)
    assert "already on row 2" in findings.errors[0].message


def test_gias_full_real_file() -> None:
    path = RAW / GIAS_PATH
    if not path.exists():
        pytest.skip("the real file is only in the project's shared data folder (../shared/data/raw)")
    out, findings = run(read_gias, path, GIAS_AS_AT)
    assert not findings.has_errors, [str(f) for f in findings.errors[:10]]
    assert [f.code for f in findings] == [FindingCode.UNKNOWN_CATEGORY]  # the phase warning
    assert out["settings"].height == 20_571
    assert out["settings"]["la_code"].n_unique() == 153
    assert dict(out["setting_inspections"]["overall"].value_counts().rows()) == {
        1: 2_835,
        2: 16_035,
        3: 1_611,
        4: 90,
    }


# --------------------------------------------------------------------------------------- Ofsted MI
@pytest.fixture(scope="module")
def mi() -> tuple[dict[str, pl.DataFrame], Findings]:
    return run(read_mi, MI_SLICE, MI_AS_AT)


def test_mi_extract_reads_without_errors(mi) -> None:
    out, findings = mi
    assert not findings.errors and {f.code for f in findings.warnings} <= {
        FindingCode.MISSING_COLUMN
    }  # optional columns absent, said
    assert out["settings"].height == 228
    assert out["setting_inspections"].height == 456  # latest and previous for every school
    assert_valid(out)
    assert set(out["settings"]["la_code"]) == {"937"}
    assert dict(out["settings"]["setting_type"].value_counts().rows()) == {
        "primary_school": 186,
        "secondary_school": 33,
        "special_school": 9,
    }
    insp = out["setting_inspections"]
    assert insp["inspection_date"].is_null().all()
    assert (insp["known_at"] == insp["published_date"]).all()
    assert insp["published_date"].min() == date(2006, 3, 2)


def test_mi_school_values(mi) -> None:
    out, _ = mi
    s = one(out["settings"], "125756")
    assert (s["name"], s["setting_type"], s["la_code"], s["sector"], s["pupils"]) == (
        "Trinity Catholic School",
        "secondary_school",
        "937",
        "state_funded",
        558,
    )
    rows = out["setting_inspections"].filter(pl.col("urn") == "125756").sort("known_at")
    assert rows.select("inspection_id", "published_date", "overall").rows() == [
        ("published-2009-12-31", date(2009, 12, 31), 3),
        ("published-2013-07-11", date(2013, 7, 11), 2),
    ]


def test_mi_grades_in_force_at_31_august_2009(mi) -> None:
    """Rebuild the 2009 picture for Warwickshire: the grade most recently published by 31 August 2009.

    Only schools whose previous (or latest) inspection was published by then have one: 57 of 228.
    """
    out, _ = mi
    in_force = (
        out["setting_inspections"]
        .filter(pl.col("known_at") <= date(2009, 8, 31))
        .sort("known_at")
        .group_by("urn")
        .last()
        .join(out["settings"], on="urn")
    )
    counts = {(t, g): n for t, g, n in in_force.group_by("setting_type", "overall").len().rows()}
    assert counts == {
        ("primary_school", 1): 6,
        ("primary_school", 2): 34,
        ("primary_school", 3): 7,
        ("secondary_school", 1): 6,
        ("secondary_school", 2): 2,
        ("secondary_school", 3): 1,
    }


def test_mi_ofsted_column_names_and_optional_columns() -> None:
    out, findings = run(read_mi, FIXTURES / "good" / "ofsted_schools_mi" / "ofsted_layout.csv", MI_AS_AT)
    assert not findings.errors
    # a column read but blank in every row is a warning (issue 12: a blanked column is never silent)
    assert [f.column for f in findings.warnings] == ["Previous inspection start date"]
    assert out["settings"]["la_code"].to_list() == ["937"] * 4  # from LAESTAB
    assert out["settings"]["pupils"].to_list() == [120, 202, 213, 101]  # Total number of pupils
    insp = out["setting_inspections"]
    assert insp.height == 7  # the fourth school was inspected once: "NULL" previous inspection
    first = insp.filter(pl.col("inspection_id") == "100000").to_dicts()[0]
    assert (first["inspection_date"], first["published_date"], first["overall"]) == (
        date(2019, 11, 12),
        date(2019, 12, 12),
        3,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing_column.csv", [(FindingCode.MISSING_COLUMN, 1, "Previous publication date")]),
        ("unknown_grade.csv", [(FindingCode.UNKNOWN_GRADE, 3, "Overalleffectiveness")]),
        ("unknown_la_code.csv", [(FindingCode.UNKNOWN_LA_CODE, 4, "LACode")]),
        ("duplicate_urn.csv", [(FindingCode.DUPLICATE_KEY, 4, "URN")]),
        ("bad_date.csv", [(FindingCode.BAD_DATE, 3, "Publicationdate")]),
        ("unknown_phase.csv", [(FindingCode.UNKNOWN_CATEGORY, 3, "Ofstedphase")]),
        ("grade_without_date.csv", [(FindingCode.MISSING_VALUE, 2, "Previouspublicationdate")]),
        ("pupils_marker.csv", [(FindingCode.VALUE_EXPECTED, 2, "num_pupils")]),
        ("pupils_text.csv", [(FindingCode.MARKER_EXPECTED, 3, "num_pupils")]),
        ("utf16.csv", [(FindingCode.WRONG_ENCODING, 1, None)]),
        ("empty.csv", [(FindingCode.EMPTY_FILE, None, None)]),
        ("truncated.csv", [(FindingCode.TRUNCATED_FILE, 4, None)]),
        (
            "two_problems.csv",
            [
                (FindingCode.UNKNOWN_GRADE, 2, "Previousfullinspectionoveralleffectiveness"),
                (FindingCode.UNKNOWN_LA_CODE, 4, "LACode"),
            ],
        ),
    ],
)
def test_mi_bad_files(name: str, expected: list[tuple[FindingCode, int | None, str | None]]) -> None:
    out, findings = run(read_mi, BAD_MI / name, MI_AS_AT)
    assert only(findings) == expected
    if out:
        assert out["settings"].height == 3 - len({row for _, row, _ in expected})
        assert out["setting_inspections"].height == 2 * out["settings"].height


def test_mi_full_real_file() -> None:
    path = RAW / MI_PATH
    if not path.exists():
        pytest.skip("the real file is only in the project's shared data folder (../shared/data/raw)")
    out, findings = run(read_mi, path, MI_AS_AT)
    assert not findings.errors and {f.code for f in findings.warnings} <= {
        FindingCode.MISSING_COLUMN
    }  # optional columns absent, said
    assert out["settings"].height == 228
    assert out["setting_inspections"].height == 456
