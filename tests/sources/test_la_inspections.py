"""Readers of inspections of the LA itself, on slices of the real files and on bad files.

Slices (tests/fixtures/raw/, cut by scripts/fixtures/la_inspections.py) keep Kingston upon Thames, Camden,
Kensington and Chelsea, Kent, LAs with an inadequate SLAC safeguarding judgement, the reorganised
Bournemouth/Christchurch/Poole, Dorset and Northamptonshire areas, Cumbria, the Isles of Scilly, and the
whole second table of Ofsted's 2009-2023 history.

The SLAC safeguarding judgement decides a limiting rule (inadequate safeguarding => performs poorly), so its
grades and publication dates are checked LA by LA against the published sheet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csrating.enums import Severity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.registry import load_readers
from tests.conftest import BAD, RAW, run_reader

CSC = RAW / "dfe-csc-outcomes-enablers" / "extracted_csv"
HISTORY = CSC / "csc2023_LA_inspections_2009-2023.csv"
ILACS_2025 = CSC / "la_outcomes_2025_ILACS_history_2018_2025.csv"
AS_AT_2025 = CSC / "la_outcomes_2025_inspections_as_at_31_March_2025.csv"
IN_YEAR_2025 = CSC / "la_outcomes_2025_in_year_2024-25.csv"
AS_AT_2023 = CSC / "csc2023_LA_level_at_31_Mar_2023.csv"
IN_YEAR_2023 = CSC / "csc2023_LA_level_in_year_2022-23.csv"
D2I = RAW / "d2i-ilacs-scrape" / "ofsted_csc_ilacs_history.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"


def read(reader: str, path: Path) -> pl.DataFrame:
    out, findings = run_reader(reader, path)
    assert not findings.has_errors, [str(f) for f in findings.errors]
    df = out["la_inspections"]
    check = Findings()
    canonical.validate("la_inspections", df, check)
    assert len(check) == 0, list(check)
    return df


@pytest.fixture(scope="module")
def history() -> pl.DataFrame:
    return read("ofsted_la_inspections_2009_2023", HISTORY)


def judgements(df: pl.DataFrame, la: str, itype: str) -> list[tuple[str, int | None, date | None]]:
    rows = df.filter((pl.col("la_code") == la) & (pl.col("inspection_type") == itype))
    return sorted(rows.select("aspect", "grade", "published_date").rows())


def test_registered_with_documentation() -> None:
    readers = load_readers()
    for name in ("ofsted_la_inspections_2009_2023", "ofsted_ilacs_outcomes", "d2i_ilacs_history"):
        assert readers[name].tables == ("la_inspections",)
    assert "Table 11" in readers["ofsted_la_inspections_2009_2023"].description
    assert "data_unreadable" in readers["d2i_ilacs_history"].description


# ---- Ofsted's history 2009-2023 ----------------------------------------------------------------------------

SLAC = [
    # LA, safeguarding, looked after children, publication date (judgement scale: 1 inadequate, 4 best)
    ("314", 1, 2, date(2012, 7, 10)),  # Kingston upon Thames: safeguarding inadequate
    ("202", 3, 3, date(2012, 4, 10)),  # Camden
    ("207", 3, 3, date(2012, 5, 29)),  # Kensington and Chelsea
    ("886", 1, 1, date(2010, 11, 19)),  # Kent: both inadequate
    ("330", 1, 2, date(2010, 7, 16)),  # Birmingham
    ("908", 1, 1, date(2009, 10, 23)),  # Cornwall
    ("874", 1, 3, date(2010, 5, 21)),  # Peterborough
    ("877", 1, 2, date(2009, 11, 6)),  # Warrington
    ("881", 1, 2, date(2010, 8, 6)),  # Essex
    ("383", 1, 2, date(2010, 1, 7)),  # Leeds
    ("909", 1, 2, date(2012, 5, 29)),  # Cumbria
    ("865", 1, 2, date(2012, 4, 24)),  # Wiltshire
    ("882", 3, 3, date(2012, 7, 27)),  # Southend-on-Sea
]


@pytest.mark.parametrize(("la", "safeguarding", "looked_after", "published"), SLAC)
def test_slac_grades_and_dates(
    history, la: str, safeguarding: int, looked_after: int, published: date
) -> None:
    assert judgements(history, la, "slac") == [
        ("looked_after", looked_after, published),
        ("safeguarding", safeguarding, published),
    ]
    row = history.filter((pl.col("la_code") == la) & (pl.col("inspection_type") == "slac")).row(0, named=True)
    assert row["start_date"] is None and row["end_date"] is None  # the sheet publishes no inspection dates


def test_slac_reinspections(history) -> None:
    # Cornwall: safeguarding still inadequate at the re-inspection; looked after children re-inspected too
    assert judgements(history, "908", "slac_reinspection") == [
        ("looked_after", 2, date(2011, 2, 25)),
        ("safeguarding", 1, date(2011, 2, 25)),
    ]
    assert judgements(history, "874", "slac_reinspection") == [("safeguarding", 1, date(2011, 9, 6))]
    assert judgements(history, "877", "slac_reinspection") == [
        ("looked_after", 2, date(2011, 2, 25)),
        ("safeguarding", 2, date(2011, 2, 25)),
    ]
    assert judgements(history, "881", "slac_reinspection") == [("safeguarding", 2, date(2011, 9, 29))]


def test_inadequate_slac_safeguarding_in_slice(history) -> None:
    inadequate = history.filter(
        (pl.col("inspection_type") == "slac") & (pl.col("aspect") == "safeguarding") & (pl.col("grade") == 1)
    )
    assert sorted(inadequate["la_code"]) == [
        "314",
        "330",
        "383",
        "865",
        "874",
        "877",
        "881",
        "886",
        "908",
        "909",
    ]


def test_isles_of_scilly_dash_means_not_judged(history) -> None:
    assert judgements(history, "420", "slac") == [("safeguarding", 3, date(2012, 7, 3))]


def test_other_frameworks(history) -> None:
    assert judgements(history, "886", "cpi") == [("overall", 2, date(2013, 1, 15))]
    assert judgements(history, "886", "tlac") == [("overall", 2, date(2013, 8, 23))]
    assert judgements(history, "886", "sif") == [
        ("adoption", 3, date(2017, 6, 13)),
        ("care_leavers", 3, date(2017, 6, 13)),
        ("help_and_protection", 2, date(2017, 6, 13)),
        ("leaders", 3, date(2017, 6, 13)),
        ("looked_after", 3, date(2017, 6, 13)),
        ("lscb", 2, date(2017, 6, 13)),
        ("overall", 3, date(2017, 6, 13)),
    ]
    assert judgements(history, "886", "ilacs_standard") == [
        ("help_and_protection", 3, date(2022, 7, 5)),
        ("in_care", 4, date(2022, 7, 5)),
        ("leaders", 4, date(2022, 7, 5)),
        ("overall", 4, date(2022, 7, 5)),
    ]
    assert judgements(history, "202", "ilacs_short")[0] == ("help_and_protection", 3, date(2022, 6, 21))


def test_second_table_predecessor_authorities(history) -> None:
    """The second table (after the banner and repeated header) holds the authorities before reorganisation."""
    assert judgements(history, "835", "slac") == [("looked_after", 3, date(2011, 10, 28))] + [
        ("safeguarding", 3, date(2011, 10, 28))
    ]  # Dorset, the county
    assert ("lscb", 1, date(2016, 5, 23)) in judgements(history, "835", "sif")
    assert judgements(history, "836", "slac")[1] == ("safeguarding", 3, date(2011, 12, 16))  # Poole
    assert judgements(history, "837", "slac")[1] == ("safeguarding", 3, date(2011, 4, 8))  # Bournemouth
    assert ("leaders", 1, date(2018, 8, 24)) in judgements(history, "837", "ilacs_standard")
    assert judgements(history, "928", "slac") == [  # Northamptonshire
        ("looked_after", 2, date(2011, 5, 6)),
        ("safeguarding", 2, date(2011, 5, 6)),
    ]
    assert judgements(history, "928", "cpi") == [("overall", 1, date(2013, 3, 20))]
    assert judgements(history, "928", "tlac") == [("overall", 1, date(2013, 8, 23))]
    assert ("overall", 1, date(2019, 7, 29)) in judgements(history, "928", "ilacs_standard")


def test_first_table_successor_authorities(history) -> None:
    assert ("overall", 3, date(2021, 11, 19)) in judgements(
        history, "838", "ilacs_standard"
    )  # Dorset unitary
    assert ("overall", 1, date(2022, 2, 11)) in judgements(history, "839", "ilacs_standard")  # BCP
    assert ("overall", 2, date(2022, 11, 25)) in judgements(history, "940", "ilacs_standard")
    assert ("overall", 2, date(2022, 11, 25)) in judgements(history, "941", "ilacs_standard")
    for la in ("838", "839", "940", "941"):
        assert judgements(history, la, "slac") == []


# ---- Ofsted's ILACS outcome tables -----------------------------------------------------------------------


def test_ilacs_history_2025() -> None:
    df = read("ofsted_ilacs_outcomes", ILACS_2025)
    kent = df.filter(pl.col("la_code") == "886").sort("aspect")
    assert kent.select("inspection_type", "aspect", "grade", "start_date", "published_date").rows() == [
        ("ilacs_standard", "help_and_protection", 3, date(2022, 5, 9), date(2022, 7, 5)),
        ("ilacs_standard", "in_care", 4, date(2022, 5, 9), date(2022, 7, 5)),
        ("ilacs_standard", "leaders", 4, date(2022, 5, 9), date(2022, 7, 5)),
        ("ilacs_standard", "overall", 4, date(2022, 5, 9), date(2022, 7, 5)),
    ]
    # former authorities keep their own GSS codes
    assert ("overall", 1, date(2019, 7, 29)) in judgements(df, "928", "ilacs_standard")
    assert ("leaders", 1, date(2018, 8, 24)) in judgements(df, "837", "ilacs_standard")
    assert ("overall", 2, date(2022, 11, 15)) in judgements(df, "909", "ilacs_standard")
    # care leavers: a judgement of its own from 2023
    assert ("care_leavers", 4, date(2025, 4, 15)) in judgements(df, "202", "ilacs_short")
    assert ("care_leavers", 4, date(2022, 6, 21)) not in judgements(df, "202", "ilacs_short")


def test_ilacs_as_at_has_no_type() -> None:
    df = read("ofsted_ilacs_outcomes", AS_AT_2025)
    assert set(df["inspection_type"]) == {"ilacs"}
    assert ("overall", 4, date(2025, 1, 29)) in judgements(df, "314", "ilacs")


def test_ilacs_visits_are_ungraded_rows() -> None:
    df = read("ofsted_ilacs_outcomes", IN_YEAR_2025)
    visits = df.filter(pl.col("inspection_type").is_in(["ilacs_focused_visit", "ilacs_monitoring_visit"]))
    assert visits.height == 9
    assert visits["grade"].is_null().all() and set(visits["aspect"]) == {"overall"}
    assert judgements(df, "892", "ilacs_monitoring_visit") == [
        ("overall", None, date(2024, 5, 15)),
        ("overall", None, date(2024, 9, 2)),
        ("overall", None, date(2024, 12, 12)),
    ]
    assert ("overall", 4, date(2025, 1, 29)) in judgements(df, "314", "ilacs_short")


def test_ilacs_2023_release_by_name_without_publication_date() -> None:
    df = read("ofsted_ilacs_outcomes", AS_AT_2023)
    assert df["published_date"].is_null().all()
    dorset = df.filter((pl.col("la_code") == "838") & (pl.col("aspect") == "leaders"))
    assert dorset.select("grade", "start_date").rows() == [(4, date(2021, 9, 27))]
    assert df.filter(pl.col("la_code") == "839").filter(pl.col("aspect") == "overall")["grade"].to_list() == [
        1
    ]
    df = read("ofsted_ilacs_outcomes", IN_YEAR_2023)
    assert df.filter(pl.col("la_code") == "314").select("inspection_type", "grade", "start_date").rows() == [
        ("ilacs_focused_visit", None, date(2022, 5, 17))
    ]


# ---- Data to Insight's scrape ----------------------------------------------------------------------------


def test_d2i_slice() -> None:
    out, findings = run_reader("d2i_ilacs_history", D2I)
    assert not findings.has_errors
    df = out["la_inspections"]
    camden = df.filter((pl.col("la_code") == "202") & (pl.col("published_date") == date(2022, 6, 21)))
    assert camden.sort("aspect").select(
        "inspection_type", "aspect", "grade", "start_date", "end_date"
    ).rows() == [
        ("ilacs_short", "help_and_protection", 3, date(2022, 4, 25), date(2022, 4, 29)),
        ("ilacs_short", "in_care", 4, date(2022, 4, 25), date(2022, 4, 29)),
        ("ilacs_short", "leaders", 4, date(2022, 4, 25), date(2022, 4, 29)),
        ("ilacs_short", "overall", 4, date(2022, 4, 25), date(2022, 4, 29)),  # care leavers: pre-dates
    ]
    # "london corporation" is the City of London
    assert ("overall", 4, date(2024, 11, 5)) in judgements(df, "201", "ilacs_short")
    # "inspection duration longer than standard framework": kind not stated
    assert ("overall", 3, date(2019, 7, 22)) in judgements(df, "865", "ilacs")
    # blank overall (scraper failed): other judgements kept; the "to requires improvement" artefact read as 2
    assert judgements(df, "892", "ilacs_standard") == [
        ("help_and_protection", 2, date(2019, 1, 7)),
        ("in_care", 2, date(2019, 1, 7)),
        ("leaders", 2, date(2019, 1, 7)),
    ]
    artefacts = [f for f in findings if f.code is FindingCode.UNKNOWN_GRADE]
    assert [(f.severity, f.row, f.column) for f in artefacts] == [
        (Severity.WARNING, 39, "help_and_protection_grade"),
        (Severity.WARNING, 51, "help_and_protection_grade"),
    ]
    assert any("18 reports with no readable judgement" in f.message for f in findings)


def test_d2i_scraper_codes_are_not_errors() -> None:
    out, findings = run_reader("d2i_ilacs_history", BAD / "d2i_ilacs_history" / "scraper_codes.csv")
    assert not findings.has_errors
    df = out["la_inspections"]
    assert df.filter(pl.col("la_code") == "202").height == 4  # care leavers: inspection_pre_dates_judgement
    assert df.filter(pl.col("la_code") == "886").height == 0  # all data_unreadable
    assert sorted(df.filter(pl.col("la_code") == "926")["aspect"]) == [  # overall: not_reported_post_reform
        "care_leavers",
        "help_and_protection",
        "in_care",
        "leaders",
    ]
    assert [f.code for f in findings.warnings] == [FindingCode.OUT_OF_SCOPE]


# ---- bad files ------------------------------------------------------------------------------------------

H = "ofsted_la_inspections_2009_2023"
IL = "ofsted_ilacs_outcomes"
D = "d2i_ilacs_history"
SLAC_DATE = "Safeguarding & Looked After Children (SLAC) Inspection publication date"
SLAC_LAC = "SLAC Looked After Children Overall Effectiveness (OE)"

BAD_CASES = [
    (H, "missing_column.csv", FindingCode.MISSING_COLUMN, 1, SLAC_LAC),
    (H, "unknown_grade.csv", FindingCode.UNKNOWN_GRADE, 3, SLAC_LAC),
    (H, "unmatched_la.csv", FindingCode.UNMATCHED_LA_NAME, 2, "Local authority name"),
    (H, "bad_date.csv", FindingCode.BAD_DATE, 3, SLAC_DATE),
    (H, "duplicate.csv", FindingCode.DUPLICATE_KEY, 4, "Local authority name"),
    (H, "missing_date.csv", FindingCode.MISSING_VALUE, 3, SLAC_DATE),
    (H, "utf16.csv", FindingCode.WRONG_ENCODING, 1, None),
    (H, "empty.csv", FindingCode.EMPTY_FILE, None, None),
    (H, "truncated.csv", FindingCode.TRUNCATED_FILE, 3, None),
    (IL, "unknown_gss.csv", FindingCode.UNKNOWN_LA_CODE, 2, "Local authority area code"),
    (IL, "unmatched_name.csv", FindingCode.UNMATCHED_LA_NAME, 2, "Local authority name"),
    (IL, "unknown_type.csv", FindingCode.UNKNOWN_CATEGORY, 2, "Inspection/Visit type"),
    (IL, "unknown_grade.csv", FindingCode.UNKNOWN_GRADE, 2, "The experiences and progress of care leavers"),
    (IL, "graded_visit.csv", FindingCode.UNKNOWN_GRADE, 3, "Overall effectiveness"),
    (IL, "missing_overall.csv", FindingCode.MISSING_VALUE, 2, "Overall effectiveness"),
    (IL, "bad_date.csv", FindingCode.BAD_DATE, 3, "Inspection/Visit date"),
    (IL, "duplicate.csv", FindingCode.DUPLICATE_KEY, 4, "Local authority area code"),
    (
        IL,
        "missing_column.csv",
        FindingCode.MISSING_COLUMN,
        1,
        "The impact of leaders on social work practice with children and families",
    ),
    (IL, "utf16.csv", FindingCode.WRONG_ENCODING, 1, None),
    (IL, "empty.csv", FindingCode.EMPTY_FILE, None, None),
    (IL, "truncated.csv", FindingCode.TRUNCATED_FILE, 3, None),
    (D, "unknown_grade.csv", FindingCode.UNKNOWN_GRADE, 3, "in_care_grade"),
    (D, "unmatched_la.csv", FindingCode.UNMATCHED_LA_NAME, 2, "local_authority"),
    (D, "bad_date.csv", FindingCode.BAD_DATE, 2, "publication_date"),
    (D, "unknown_framework.csv", FindingCode.UNKNOWN_CATEGORY, 2, "inspection_framework"),
    (D, "duplicate.csv", FindingCode.DUPLICATE_KEY, 4, "local_authority"),
    (D, "missing_column.csv", FindingCode.MISSING_COLUMN, 1, "inspection_framework"),
    (D, "utf16.csv", FindingCode.WRONG_ENCODING, 1, None),
    (D, "empty.csv", FindingCode.EMPTY_FILE, None, None),
    (D, "truncated.csv", FindingCode.TRUNCATED_FILE, 3, None),
]


@pytest.mark.parametrize(("reader", "name", "code", "row", "column"), BAD_CASES)
def test_bad_file(reader: str, name: str, code: FindingCode, row: int | None, column: str | None) -> None:
    out, findings = run_reader(reader, BAD / reader / name)
    assert [(f.code, f.row, f.column) for f in findings.errors] == [(code, row, column)], [
        str(f) for f in findings
    ]
    if out:  # the row with the error is left out, whole; the other rows are read
        assert out["la_inspections"].height > 0


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        (
            H,
            [
                (FindingCode.UNKNOWN_GRADE, 2, SLAC_LAC),
                (FindingCode.UNMATCHED_LA_NAME, 3, "Local authority name"),
            ],
        ),
        (
            IL,
            [
                (FindingCode.UNKNOWN_LA_CODE, 2, "Local authority area code"),
                (FindingCode.BAD_DATE, 3, "Publication date"),
            ],
        ),
        (
            D,
            [
                (FindingCode.BAD_DATE, 2, "inspection_start_date"),
                (FindingCode.UNKNOWN_GRADE, 3, "care_leavers_grade"),
            ],
        ),
    ],
)
def test_two_problems_are_both_reported(reader: str, expected: list[tuple[FindingCode, int, str]]) -> None:
    out, findings = run_reader(reader, BAD / reader / "two_problems.csv")
    assert [(f.code, f.row, f.column) for f in findings.errors] == expected
    assert out["la_inspections"].height == 0


def test_misaligned_second_table_is_refused() -> None:
    out, findings = run_reader(H, BAD / H / "misaligned_second_table.csv")
    assert {(f.code, f.row) for f in findings.errors} == {(FindingCode.MISSING_COLUMN, 4)}
    assert len(findings.errors) == 2
    assert set(out["la_inspections"]["la_code"]) == {"202"}  # rows below the misaligned header are left out


# ---- the full real files (developers' machines only) ---------------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/raw is not present")
X = "dfe-csc-outcomes-enablers/extracted_csv/"


@needs_shared
def test_full_history_2009_2023() -> None:
    out, findings = run_reader(H, SHARED / X / "csc2023_LA_inspections_2009-2023.csv")
    assert not findings.has_errors and len(findings) == 0
    df = out["la_inspections"]
    assert df.height == 2273
    # the 152 LAs of 2009 (148 still existing plus Bournemouth, Dorset, Poole and Northamptonshire) had a SLAC
    slac = df.filter((pl.col("inspection_type") == "slac") & (pl.col("aspect") == "safeguarding"))
    assert slac.height == 152 and slac["la_code"].is_unique().all()
    inadequate = sorted(slac.filter(pl.col("grade") == 1)["la_code"])
    assert inadequate == [
        "303", "314", "319", "330", "333", "335", "355", "370", "381", "383", "865", "871",
        "874", "877", "880", "881", "885", "886", "891", "896", "908", "909", "916", "938",
    ]  # fmt: skip
    # every authority of 2023 has a SLAC, SIF or ILACS judgement
    las = set(df["la_code"])
    assert len(las) == 156
    assert {"835", "836", "837", "928", "838", "839", "940", "941"} <= las


@needs_shared
@pytest.mark.parametrize(
    ("rel", "rows", "n_las"),
    [
        (X + "la_outcomes_2025_ILACS_history_2018_2025.csv", 1187, 156),
        (X + "la_outcomes_2025_inspections_as_at_31_March_2025.csv", 715, 153),
        (X + "la_outcomes_2025_in_year_2024-25.csv", 320, 99),
        (X + "csc2023_LA_level_at_31_Mar_2023.csv", 617, 152),
        (X + "csc2023_LA_level_in_year_2022-23.csv", 273, 95),
    ],
)
def test_full_ilacs_outcomes(rel: str, rows: int, n_las: int) -> None:
    out, findings = run_reader(IL, SHARED / rel)
    assert not findings.has_errors and {f.code for f in findings.warnings} <= {
        FindingCode.MISSING_COLUMN
    }  # optional columns absent, said
    assert out["la_inspections"].height == rows
    assert out["la_inspections"]["la_code"].n_unique() == n_las


@needs_shared
def test_full_d2i_scrape() -> None:
    out, findings = run_reader(D, SHARED / "d2i-ilacs-scrape" / "ofsted_csc_ilacs_history.csv")
    assert not findings.has_errors
    assert out["la_inspections"].height == 1429
    assert out["la_inspections"]["la_code"].n_unique() == 153
    assert sorted((f.code.value, f.severity.value) for f in findings) == [
        ("OUT-OF-SCOPE", "warning"),
        ("OUT-OF-SCOPE", "warning"),
        ("UNKNOWN-GRADE", "warning"),
        ("UNKNOWN-GRADE", "warning"),
    ]


@needs_shared
def test_every_la_has_an_inspection_of_its_own() -> None:
    """Across the three sources, every LA existing on 31 March 2023 has a SLAC, SIF or ILACS judgement."""
    from csrating.sources.la_codes import LaReference

    frames = [
        run_reader(H, SHARED / X / "csc2023_LA_inspections_2009-2023.csv")[0]["la_inspections"],
        run_reader(IL, SHARED / X / "la_outcomes_2025_ILACS_history_2018_2025.csv")[0]["la_inspections"],
        run_reader(D, SHARED / "d2i-ilacs-scrape" / "ofsted_csc_ilacs_history.csv")[0]["la_inspections"],
    ]
    covered = set(pl.concat(frames)["la_code"])
    existing = {a.la_code for a in LaReference.default().existing_on(date(2023, 3, 31))}
    assert len(existing) >= 150
    assert existing - covered == set()
