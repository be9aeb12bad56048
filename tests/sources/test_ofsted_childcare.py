"""The ``ofsted_childcare`` reader on a slice of the real Ofsted childcare MI (31 Aug 2021) and on bad files.

The slice (tests/fixtures/raw/ofsted-childcare-mi-2021/, cut by scripts/fixtures/ofsted_childcare.py) holds
152 real providers: Kingston upon Thames, Camden, Kensington and Chelsea and Kent, four with the LA "Not
Recorded", two each under Ofsted's spellings of BCP, Southend-on-Sea and Bristol. Grades before 2012 come
from providers still registered in 2021 only (survivorship bias, see the module docstring).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csrating.enums import Severity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.ofsted_childcare import read
from csrating.sources.registry import READERS, ReadContext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILE = "childcare_providers_most_recent_inspections_2021-08-31.csv"
SLICE = FIXTURES / "raw" / "ofsted-childcare-mi-2021" / FILE
BAD = FIXTURES / "bad" / "ofsted_childcare"
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw" / "ofsted-childcare-mi-2021" / FILE
AS_AT = date(2021, 8, 31)


def run(path: Path) -> tuple[dict[str, pl.DataFrame], Findings]:
    findings = Findings()
    out = read(path, ReadContext(findings, label=path.name, as_at=AS_AT))
    return out, findings


@pytest.fixture(scope="module")
def sliced() -> tuple[dict[str, pl.DataFrame], Findings]:
    return run(SLICE)


def setting(out: dict[str, pl.DataFrame], urn: str) -> dict[str, object]:
    rows = out["settings"].filter(pl.col("urn") == urn).to_dicts()
    assert len(rows) == 1
    return rows[0]


def inspections(out: dict[str, pl.DataFrame], urn: str) -> list[tuple[str, date, int]]:
    df = out["setting_inspections"].filter(pl.col("urn") == urn).sort("inspection_date", descending=True)
    return list(zip(df["inspection_id"], df["inspection_date"], df["overall"], strict=True))


def test_registered_with_documentation() -> None:
    info = READERS["ofsted_childcare"]
    assert info.tables == ("settings", "setting_inspections")
    assert "survivorship" in info.description


def test_slice_reads_without_errors(sliced) -> None:
    out, findings = sliced
    assert not findings.has_errors
    assert out["settings"].height == 148  # 152 rows less 4 "Not Recorded"
    assert out["setting_inspections"].height == 226
    assert out["settings"]["la_code"].value_counts().sort("la_code").rows() == [
        ("202", 37),  # Camden
        ("207", 33),  # Kensington and Chelsea
        ("314", 31),  # Kingston upon Thames
        ("801", 2),  # "Bristol"
        ("839", 2),  # "Bournemouth, Christchurch & Poole"
        ("882", 2),  # "Southend on Sea"
        ("886", 41),  # Kent
    ]
    for name, df in out.items():
        check = Findings()
        canonical.validate(name, df, check)
        assert len(check) == 0, list(check)
    assert set(out["settings"]["sector"]) == {"unknown"}
    assert not out["settings"]["synthetic"].any()


def test_not_recorded_la_is_out_of_scope_warning(sliced) -> None:
    out, findings = sliced
    found = [f for f in findings if f.code is FindingCode.OUT_OF_SCOPE]
    assert [(f.row, f.severity, f.column) for f in found] == [
        (76, Severity.WARNING, "Local authority"),
        (100, Severity.WARNING, "Local authority"),
        (104, Severity.WARNING, "Local authority"),
        (119, Severity.WARNING, "Local authority"),
    ]
    assert "EY289402" in found[0].message
    urns = set(out["settings"]["urn"]) | set(out["setting_inspections"]["urn"])
    assert not urns & {"EY289402", "EY542561", "EY243486", "EY251447"}


def test_three_inspections_back_to_2009(sliced) -> None:
    out, _ = sliced
    assert setting(out, "EY387396") == {
        "remit": "early_years",
        "urn": "EY387396",
        "name": "Victoria Road Montessori",
        "setting_type": "childcare_non_domestic",
        "la_code": "207",
        "sector": "unknown",
        "registration_date": date(2009, 1, 20),
        "closed_date": None,
        "status": "Active",
        "places": 15,
        "pupils": None,
        "predecessor_urn": None,
        "has_sixth_form": None,
        "source": f"ofsted_childcare:{FILE}",
        "synthetic": False,
    }
    assert inspections(out, "EY387396") == [
        ("10100973", date(2019, 4, 29), 1),
        ("830063", date(2015, 6, 29), 1),
        ("513520", date(2009, 9, 23), 2),
    ]
    df = out["setting_inspections"]
    assert (df["known_at"] == df["inspection_date"]).all()
    assert df["published_date"].is_null().all()


def test_kingston_inadequate_after_requires_improvement(sliced) -> None:
    out, _ = sliced
    assert setting(out, "EY475454")["la_code"] == "314"
    assert inspections(out, "EY475454") == [
        ("1099369", date(2018, 5, 8), 4),
        ("1052797", date(2017, 5, 15), 3),
        ("978539", date(2016, 5, 4), 3),
    ]


def test_ungraded_provider_has_no_inspection_and_redacted_name_is_null(sliced) -> None:
    out, _ = sliced
    s = setting(out, "2560346")
    assert (s["setting_type"], s["la_code"], s["name"], s["places"]) == ("childminder", "886", None, 5)
    assert inspections(out, "2560346") == []
    assert setting(out, "2642280")["setting_type"] == "home_childcarer"


def test_non_ascii_name_and_counts_by_type(sliced) -> None:
    out, _ = sliced
    assert setting(out, "2623038")["name"] == "La Petite école Parkway"
    assert setting(out, "2623038")["la_code"] == "202"
    assert dict(out["settings"]["setting_type"].value_counts().rows()) == {
        "childminder": 65,
        "childcare_non_domestic": 56,
        "childcare_domestic": 15,
        "home_childcarer": 12,
    }
    years = out["setting_inspections"]["inspection_date"].dt.year()
    assert (years == 2009).sum() > 0


# ------------------------------------------------------------------------------------------ bad files
def only(findings: Findings) -> list[tuple[FindingCode, int | None, str | None]]:
    return [(f.code, f.row, f.column) for f in findings.errors]


def test_missing_column() -> None:
    out, findings = run(BAD / "missing_column.csv")
    assert out == {}
    assert only(findings) == [(FindingCode.MISSING_COLUMN, 1, "Provider type")]


def test_unknown_grade() -> None:
    out, findings = run(BAD / "unknown_grade.csv")
    assert only(findings) == [(FindingCode.UNKNOWN_GRADE, 3, "Most recent full: Overall effectiveness")]
    assert "'Excellent'" in findings.errors[0].message
    assert out["settings"].height == 2  # the bad row is left out


def test_unmatched_la_name() -> None:
    _, findings = run(BAD / "unmatched_la.csv")
    assert only(findings) == [(FindingCode.UNMATCHED_LA_NAME, 4, "Local authority")]
    assert "'Atlantis'" in findings.errors[0].message


def test_duplicate_urn_names_first_row() -> None:
    out, findings = run(BAD / "duplicate_urn.csv")
    assert only(findings) == [(FindingCode.DUPLICATE_KEY, 4, "Provider URN")]
    assert "row 2" in findings.errors[0].message
    assert out["settings"].height == 2


def test_bad_date() -> None:
    _, findings = run(BAD / "bad_date.csv")
    assert only(findings) == [(FindingCode.BAD_DATE, 3, "Registration date")]
    assert "DD/MM/YYYY" in findings.errors[0].message


def test_unknown_provider_type() -> None:
    _, findings = run(BAD / "unknown_type.csv")
    assert only(findings) == [(FindingCode.UNKNOWN_CATEGORY, 3, "Provider type")]


def test_marker_in_places_is_value_expected() -> None:
    _, findings = run(BAD / "places_marker.csv")
    assert only(findings) == [(FindingCode.VALUE_EXPECTED, 2, "Places")]


def test_text_in_places_is_marker_expected() -> None:
    _, findings = run(BAD / "places_text.csv")
    assert only(findings) == [(FindingCode.MARKER_EXPECTED, 3, "Places")]


def test_wrong_encoding() -> None:
    out, findings = run(BAD / "utf16.csv")
    assert out == {}
    assert only(findings) == [(FindingCode.WRONG_ENCODING, 1, None)]


def test_empty_file() -> None:
    out, findings = run(BAD / "empty.csv")
    assert out == {}
    assert [f.code for f in findings.errors] == [FindingCode.EMPTY_FILE]


def test_truncated_file() -> None:
    out, findings = run(BAD / "truncated.csv")
    assert out == {}
    assert only(findings) == [(FindingCode.TRUNCATED_FILE, 4, None)]


def test_two_problems_both_reported() -> None:
    out, findings = run(BAD / "two_problems.csv")
    assert only(findings) == [
        (FindingCode.BAD_DATE, 3, "Most recent full: Inspection date"),
        (FindingCode.UNKNOWN_CATEGORY, 4, "Provider type"),
    ]
    assert out["settings"].height == 1


# ------------------------------------------------------------------------------------ the whole real file
def test_full_real_file() -> None:
    if not REAL.exists():
        pytest.skip("the real file is only in the project's shared data folder (../shared/data/raw)")
    out, findings = run(REAL)
    assert not findings.has_errors, [str(f) for f in findings.errors[:10]]
    assert {f.code for f in findings} == {FindingCode.OUT_OF_SCOPE}
    assert len(findings) == 36  # providers with the LA "Not Recorded"
    assert out["settings"].height == 70_980 - 36
    assert out["settings"]["la_code"].n_unique() == 152
    assert 90_000 < out["setting_inspections"].height < 100_000  # 94,753 in the 2021 file
