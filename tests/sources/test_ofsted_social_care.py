"""The social care provider readers on slices of Ofsted's real files (2018 and 2023) and on bad files.

Slices (tests/fixtures/raw/, cut by scripts/fixtures/ofsted_social_care.py) hold every provider in Kingston
upon Thames, Camden, Kensington and Chelsea and Kent, a few in the reorganised Dorset / Poole / Bournemouth
/ Northamptonshire areas, and one row of every provision type, sector, event type and outcome.
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

MI2018 = RAW / "ofsted-social-care-mi-2018"
CSC2023 = RAW / "dfe-csc-outcomes-enablers" / "extracted_csv"
PROVIDERS_2018 = MI2018 / "providers-as-at-2018-03-31.csv"
INSPECTIONS_2018 = MI2018 / "inspections-in-year-2017-18.csv"
PROVIDERS_2023 = CSC2023 / "csc2023_provider_level_at_31_Mar_2023.csv"
INSPECTIONS_2023 = CSC2023 / "csc2023_provider_level_in_year_2022-23.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"


@pytest.fixture(scope="module")
def p2018():
    return run_reader("ofsted_social_care_providers", PROVIDERS_2018, as_at=date(2018, 3, 31))


@pytest.fixture(scope="module")
def i2018():
    return run_reader("ofsted_social_care_inspections", INSPECTIONS_2018)


@pytest.fixture(scope="module")
def p2023():
    return run_reader("ofsted_social_care_providers", PROVIDERS_2023, as_at=date(2023, 3, 31))


@pytest.fixture(scope="module")
def i2023():
    return run_reader("ofsted_social_care_inspections", INSPECTIONS_2023)


def one(df: pl.DataFrame, **where: object) -> dict[str, object]:
    for k, v in where.items():
        df = df.filter(pl.col(k) == v)
    rows = df.to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def valid(out: dict[str, pl.DataFrame]) -> None:
    for name, df in out.items():
        check = Findings()
        canonical.validate(name, df, check)
        assert len(check) == 0, list(check)


def test_registered_with_documentation() -> None:
    readers = load_readers()
    assert readers["ofsted_social_care_providers"].tables == ("settings", "setting_inspections")
    assert readers["ofsted_social_care_inspections"].tables == ("setting_inspections", "settings")
    for name in ("ofsted_social_care_providers", "ofsted_social_care_inspections"):
        assert "in year" in readers[name].description or "31 March" in readers[name].description


# ---- 2018 provider file: two header rows, Windows-1252 ----------------------------------------------------


def test_2018_providers_slice(p2018) -> None:
    out, findings = p2018
    assert not findings.has_errors
    valid(out)
    settings = out["settings"]
    assert settings.height == 161  # 162 rows less Cafcass
    assert settings["urn"].is_unique().all()
    assert settings.filter(pl.col("la_code") == "886").height == 120  # every Kent provider
    assert settings.filter(pl.col("la_code") == "314")["urn"].sort().to_list() == ["SC013402", "SC423606"]
    assert settings.filter(pl.col("la_code") == "202").height == 9
    assert settings.filter(pl.col("la_code") == "207")["urn"].sort().to_list() == [
        "SC441470",
        "SC477205",
        "SC482934",
    ]
    assert not settings["synthetic"].any()
    assert settings["source"][0] == "ofsted_social_care_providers:providers-as-at-2018-03-31.csv"


def test_2018_provider_values(p2018) -> None:
    out, _ = p2018
    s = one(out["settings"], urn="SC482934")
    assert (s["name"], s["setting_type"], s["la_code"], s["sector"], s["places"], s["status"]) == (
        "Kensington Park School",
        "boarding_school",
        "207",
        "private",
        133,
        "Active",
    )
    i = one(out["setting_inspections"], urn="SC482934")
    assert (i["inspection_id"], i["inspection_date"], i["published_date"], i["known_at"], i["overall"]) == (
        "10026923",
        date(2017, 9, 28),
        date(2017, 12, 7),
        date(2017, 12, 7),
        4,  # Inadequate
    )
    assert all(i[c] is None for c in ("BH", "SS", "EA", "MPC", "AEW"))
    # Kingston: a voluntary children's home, requires improvement to be good -> 3; redacted name -> null
    s = one(out["settings"], urn="SC013402")
    assert (s["name"], s["setting_type"], s["la_code"], s["sector"], s["places"]) == (
        None,
        "childrens_home",
        "314",
        "voluntary",
        11,
    )
    assert one(out["setting_inspections"], urn="SC013402")["overall"] == 3
    # a secure training centre in Medway, inspected in 2016
    i = one(out["setting_inspections"], urn="1027076")
    assert (i["inspection_date"], i["published_date"], i["overall"]) == (
        date(2016, 6, 24),
        date(2016, 8, 8),
        4,
    )
    assert one(out["settings"], urn="1027076")["setting_type"] == "secure_training_centre"
    # legacy grade: a Kent home last fully inspected in 2011, "Satisfactory" -> 3
    i = one(out["setting_inspections"], urn="SC023644")
    assert (i["inspection_date"], i["overall"]) == (date(2011, 2, 25), 3)


def test_2018_provision_types_and_sectors(p2018) -> None:
    out, _ = p2018
    types = set(out["settings"]["setting_type"])
    assert types == {
        "adoption_support_agency",
        "boarding_school",
        "childrens_home",
        "fe_college_residential",
        "independent_fostering_agency",
        "other",
        "residential_family_centre",
        "residential_special_school",
        "secure_childrens_home",
        "secure_training_centre",
        "voluntary_adoption_agency",
    }
    assert set(out["settings"]["sector"]) == {
        "private",
        "voluntary",
        "local_authority",
        "state_funded",
        "health",
    }
    # a residential special school registered as a children's home counts as a children's home
    raw = PROVIDERS_2018.read_text(encoding="cp1252")
    line = next(x for x in raw.splitlines() if "(registered as a children's home)" in x)
    assert one(out["settings"], urn=line.split(",")[1])["setting_type"] == "childrens_home"
    # a residential holiday scheme for disabled children -> other
    assert one(out["settings"], urn="1159390")["setting_type"] == "other"


def test_2018_cafcass_is_out_of_scope(p2018) -> None:
    out, findings = p2018
    assert "1027080" not in out["settings"]["urn"].to_list()
    (w,) = [f for f in findings if f.code is FindingCode.OUT_OF_SCOPE]
    assert (w.severity, w.row, w.column) == (Severity.WARNING, 164, "Local authority")
    assert "Camden" in w.message


def test_dorset_is_the_county_in_2018_and_the_unitary_in_2023(p2018, p2023) -> None:
    assert one(p2018[0]["settings"], urn="SC026910")["la_code"] == "835"
    assert one(p2023[0]["settings"], urn="SC026910")["la_code"] == "838"


# ---- 2018 in-year file: interim and monitoring inspections are not graded ---------------------------------


def test_2018_inspections_in_year(i2018) -> None:
    out, findings = i2018
    assert not findings.has_errors
    valid(out)
    si = out["setting_inspections"]
    assert si.height == 131
    assert si["overall"].is_not_null().all()
    # Kingston home: the full inspection is kept, the interim "Improved effectiveness" is not
    assert si.filter(pl.col("urn") == "SC013402").select("inspection_id", "overall").rows() == [
        ("10026979", 3)
    ]
    # Kent home: two interim "Not judged" only -> no graded row, but a settings row
    assert si.filter(pl.col("urn") == "SC023644").height == 0
    assert one(out["settings"], urn="SC023644")["la_code"] == "886"
    messages = [f.message for f in findings if f.code is FindingCode.OUT_OF_SCOPE and f.row is None]
    assert any(
        "9 rows of event type 'Interim inspection' with outcome 'Improved effectiveness'" in m
        for m in messages
    )
    assert any("12 rows of event type 'Monitoring inspection' with a blank outcome" in m for m in messages)
    assert all(f.severity is Severity.WARNING for f in findings)


def test_in_year_settings_one_row_per_urn_with_status(i2018) -> None:
    out, _ = i2018
    settings = out["settings"]
    assert settings["urn"].is_unique().all()
    assert one(settings, urn="SC069221")["status"] == "Resigned"
    assert one(settings, urn="SC367737")["status"] == "Cancelled"


def test_in_year_settings_option() -> None:
    out, findings = run_reader("ofsted_social_care_inspections", INSPECTIONS_2018, settings="no")
    assert set(out) == {"setting_inspections"}
    assert not findings.has_errors


# ---- 2023 files: one header row, other column names --------------------------------------------------------


def test_2023_providers_slice(p2023) -> None:
    out, findings = p2023
    assert not findings.has_errors
    valid(out)
    assert out["settings"].height == 169
    assert out["settings"].filter(pl.col("la_code") == "886").height == 128
    s = one(out["settings"], urn="SC009423")
    assert (s["name"], s["setting_type"], s["la_code"], s["sector"], s["places"], s["registration_date"]) == (
        "Al Jamiah Al Islamiyyah",
        "boarding_school",
        "350",  # Bolton
        "voluntary",
        149,
        date(2002, 2, 13),
    )
    i = one(out["setting_inspections"], urn="SC009423")
    assert (i["inspection_id"], i["inspection_date"], i["published_date"], i["overall"]) == (
        "10033496",
        date(2019, 6, 26),
        date(2019, 9, 16),
        4,
    )
    # reorganised areas by name: BCP, North and West Northamptonshire
    assert one(out["settings"], urn="2679463")["la_code"] == "839"
    assert one(out["settings"], urn="2656736")["la_code"] == "940"
    assert one(out["settings"], urn="2611190")["la_code"] == "941"
    assert one(out["settings"], urn="SC042320")["sector"] == "state_funded"  # Academy
    i = one(out["setting_inspections"], urn="SC423606")  # Kingston
    assert (i["inspection_date"], i["published_date"], i["overall"]) == (
        date(2023, 2, 22),
        date(2023, 4, 6),
        1,
    )


def test_2023_inspections_in_year(i2023) -> None:
    out, findings = i2023
    assert not findings.has_errors
    valid(out)
    assert out["setting_inspections"].height == 118
    messages = [f.message for f in findings if f.code is FindingCode.OUT_OF_SCOPE]
    assert any("'Assurance visit'" in m for m in messages)
    assert any("'Emergency inspection'" in m for m in messages)
    urns = out["setting_inspections"].group_by("urn").len().filter(pl.col("len") > 1)
    assert urns.height >= 1  # providers inspected twice in the year keep both inspections


# ---- bad files -------------------------------------------------------------------------------------------

P = "ofsted_social_care_providers"


@pytest.mark.parametrize(
    ("reader", "name", "code", "row", "column"),
    [
        (P, "missing_column.csv", FindingCode.MISSING_COLUMN, 1, "Sector"),
        (
            P,
            "unknown_grade.csv",
            FindingCode.UNKNOWN_GRADE,
            3,
            "Overall experiences and progress of children and young people",
        ),
        (P, "unmatched_la.csv", FindingCode.UNMATCHED_LA_NAME, 2, "Local authority"),
        (P, "duplicate_urn.csv", FindingCode.DUPLICATE_KEY, 3, "URN"),
        (P, "bad_date.csv", FindingCode.BAD_DATE, 2, "Latest full inspection date"),
        (P, "places_marker.csv", FindingCode.VALUE_EXPECTED, 2, "Places"),
        (P, "places_text.csv", FindingCode.MARKER_EXPECTED, 2, "Places"),
        (P, "unknown_type.csv", FindingCode.UNKNOWN_CATEGORY, 3, "Provision type"),
        (P, "unknown_sector.csv", FindingCode.UNKNOWN_CATEGORY, 2, "Sector"),
        (P, "blank_la.csv", FindingCode.MISSING_VALUE, 2, "Local authority"),
        (P, "utf16.csv", FindingCode.WRONG_ENCODING, 1, None),
        (P, "empty.csv", FindingCode.EMPTY_FILE, None, None),
        (P, "truncated.csv", FindingCode.TRUNCATED_FILE, 3, None),
        (
            "ofsted_social_care_inspections",
            "duplicate_event.csv",
            FindingCode.DUPLICATE_KEY,
            4,
            "Inspection event number",
        ),
        (
            "ofsted_social_care_inspections",
            "unknown_outcome.csv",
            FindingCode.UNKNOWN_GRADE,
            3,
            "Overall experiences and progress of children and young people",
        ),
        (
            "ofsted_social_care_inspections",
            "missing_column.csv",
            FindingCode.MISSING_COLUMN,
            1,
            "Event number",
        ),
        ("ofsted_social_care_inspections", "utf16.csv", FindingCode.WRONG_ENCODING, 1, None),
        ("ofsted_social_care_inspections", "empty.csv", FindingCode.EMPTY_FILE, None, None),
        ("ofsted_social_care_inspections", "truncated.csv", FindingCode.TRUNCATED_FILE, 3, None),
    ],
)
def test_bad_file(reader: str, name: str, code: FindingCode, row: int | None, column: str | None) -> None:
    out, findings = run_reader(reader, BAD / reader / name)
    errors = findings.errors
    assert [(f.code, f.row, f.column) for f in errors] == [(code, row, column)], [str(f) for f in findings]
    # the rows with an error are left out; the good rows are still read
    if out and code not in (FindingCode.MISSING_COLUMN,):
        table = "settings" if reader == P else "setting_inspections"
        assert out[table].height == 1


def test_two_problems_both_reported_under_a_banner_header() -> None:
    """2018 layout (a banner above the header, Windows-1252): header found on row 2, both rows reported."""
    out, findings = run_reader(P, BAD / P / "two_problems.csv")
    assert [(f.code, f.row, f.column) for f in findings.errors] == [
        (FindingCode.UNKNOWN_GRADE, 3, "Overall effectiveness"),
        (FindingCode.UNMATCHED_LA_NAME, 4, "Local authority"),
    ]
    assert out["settings"]["urn"].to_list() == ["SC000003"]
    assert one(out["setting_inspections"], urn="SC000003")["overall"] == 3


def test_national_service_with_blank_la_is_a_warning() -> None:
    _, findings = run_reader(P, BAD / P / "blank_la.csv")
    (w,) = [f for f in findings.warnings if f.code != FindingCode.MISSING_COLUMN]
    assert (w.code, w.row, w.column) == (FindingCode.OUT_OF_SCOPE, 3, "Local authority")


# ---- the full real files (developers' machines only) -------------------------------------------------------

FULL = [
    (
        "ofsted_social_care_providers",
        "ofsted-social-care-mi-2018/providers-as-at-2018-03-31.csv",
        2796,
        2796,
        152,
    ),
    (
        "ofsted_social_care_inspections",
        "ofsted-social-care-mi-2018/inspections-in-year-2017-18.csv",
        2547,
        2601,
        151,
    ),
    (
        "ofsted_social_care_providers",
        "dfe-csc-outcomes-enablers/extracted_csv/csc2023_provider_level_at_31_Mar_2023.csv",
        3546,
        3546,
        151,
    ),
    (
        "ofsted_social_care_inspections",
        "dfe-csc-outcomes-enablers/extracted_csv/csc2023_provider_level_in_year_2022-23.csv",
        2903,
        3036,
        149,
    ),
]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/raw is not present")
@pytest.mark.parametrize(("reader", "rel", "n_settings", "n_inspections", "n_las"), FULL)
def test_full_real_file(reader: str, rel: str, n_settings: int, n_inspections: int, n_las: int) -> None:
    out, findings = run_reader(reader, SHARED / rel, as_at=date(2018 if "2018" in rel else 2023, 3, 31))
    assert not findings.has_errors, [str(f) for f in findings.errors[:5]]
    valid(out)
    assert out["settings"].height == n_settings
    assert out["setting_inspections"].height == n_inspections
    assert out["settings"]["la_code"].n_unique() == n_las
    # every provision type maps: the whole file has no unknown category
    assert FindingCode.UNKNOWN_CATEGORY not in findings.codes()
