"""The school typing table and the readers ``ofsted_school_history``, ``dfe_school_spine``,
``gias_establishments`` (and ``gias_schools`` typed by a GIAS phase file) on slices of the real files.

Slices (cut by scripts/fixtures/school_registers.py): the DfE 2017/18 spine's schools of Kingston upon
Thames (314) and Camden (202) with one of every NFTYPE; their inspections 2005-2020 from the scraped
history; GIAS November 2023 establishments of those LAs and of the gias_schools slice. Tests that read a
whole real file skip when ../shared is absent.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
import yaml

from csrating.dataset import build, load_recipe, sha256
from csrating.enums import Sector, SettingType, setting_grade_word
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.school_types import ESTABLISHMENT_TYPES, SPINE_TYPES, SchoolType, type_school
from tests.conftest import BAD, RAW, run_reader

ST = SettingType
HISTORY = RAW / "waiky8-ofsted-school-inspection-history" / "ofsted_ratings_2018.csv"
SPINE = RAW / "waiky8-ofsted-school-inspection-history" / "2017-2018_england_spine.xlsx"
GIAS23 = RAW / "gias-nov2023-with-phase-npq" / "gias_establishments_2023-11_key_columns.csv"
GIAS24 = RAW / "gias-primary-ofsted-2024" / "school_ofsted_rating.csv"
PHASES = "../gias-nov2023-with-phase-npq/gias_establishments_2023-11_key_columns.csv"


def clean(reader: str, path, table: str, rows: int):  # type: ignore[no-untyped-def]
    """Read a slice that must give no error: the table (of ``rows`` rows, valid) and the findings."""
    out, findings = run_reader(reader, path)
    assert not findings.errors, findings.errors
    check = Findings()
    canonical.validate(table, out[table], check)
    assert not len(check), list(check)
    assert out[table].height == rows
    return out[table], findings


def one(df: pl.DataFrame, urn: str) -> dict[str, object]:
    rows = df.filter(pl.col("urn") == urn).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------------------------------- typing
@pytest.mark.parametrize(
    ("code", "evidence", "expected"),
    [
        ("15", {}, ST.NURSERY_SCHOOL),
        ("1", {"phase": "Primary"}, ST.PRIMARY_SCHOOL),
        ("34", {"phase": "Middle deemed primary"}, ST.PRIMARY_SCHOOL),
        ("28", {"phase": "Secondary"}, ST.SECONDARY_SCHOOL),
        ("2", {"phase": "Middle deemed secondary"}, ST.SECONDARY_SCHOOL),
        ("35", {"phase": "All-through"}, ST.ALL_THROUGH_SCHOOL),
        ("1", {"phase": "16 plus"}, ST.SCHOOL_SIXTH_FORM),
        ("7", {}, ST.SPECIAL_SCHOOL),
        ("8", {}, ST.SPECIAL_SCHOOL),
        ("44", {}, ST.SPECIAL_SCHOOL),
        ("14", {}, ST.PUPIL_REFERRAL_UNIT),
        ("42", {}, ST.PUPIL_REFERRAL_UNIT),
        ("45", {}, ST.SIXTH_FORM_COLLEGE),
        ("sixth_form_college", {}, ST.SIXTH_FORM_COLLEGE),
        ("18", {}, ST.GENERAL_FE_COLLEGE),
        ("11", {}, ST.INDEPENDENT_SCHOOL),
        ("40", {}, ST.SECONDARY_SCHOOL),
        ("30", {}, ST.OTHER),
        # spine evidence: flags, then ages
        ("1", {"primary": True, "secondary": False, "age_low": 4, "age_high": 11}, ST.PRIMARY_SCHOOL),
        ("1", {"primary": True, "secondary": False, "age_low": 8, "age_high": 12}, ST.PRIMARY_SCHOOL),
        ("5", {"primary": False, "secondary": True, "age_low": 11, "age_high": 18}, ST.SECONDARY_SCHOOL),
        ("1", {"primary": True, "secondary": True, "age_low": 9, "age_high": 13}, ST.SECONDARY_SCHOOL),
        ("1", {"primary": True, "secondary": True, "age_low": 10, "age_high": 13}, ST.SECONDARY_SCHOOL),
        ("34", {"primary": True, "secondary": True, "age_low": 3, "age_high": 13}, ST.PRIMARY_SCHOOL),
        ("34", {"primary": True, "secondary": True, "age_low": 4, "age_high": 19}, ST.ALL_THROUGH_SCHOOL),
        ("28", {"primary": False, "secondary": False, "age_low": 16, "age_high": 19}, ST.SCHOOL_SIXTH_FORM),
        ("1", {"primary": True, "secondary": False, "age_low": 2, "age_high": 5}, ST.NURSERY_SCHOOL),
    ],
)
def test_typing_table(code, evidence, expected) -> None:
    typed = type_school(code, **evidence)
    assert typed is not None and typed.setting_type is expected and typed.untyped is None


@pytest.mark.parametrize(
    "evidence",
    [
        {},
        {"phase": "Not applicable"},
        {"primary": True, "secondary": True, "age_low": 0, "age_high": 0},
        {"primary": False, "secondary": False, "age_low": 5, "age_high": 11},
    ],
)
def test_a_mainstream_school_without_evidence_is_other_with_a_reason(evidence) -> None:
    typed = type_school("34", **evidence)
    assert typed is not None and typed.setting_type is ST.OTHER and typed.untyped


def test_sectors_and_unknown_codes() -> None:
    assert type_school("8").sector is Sector.VOLUNTARY  # type: ignore[union-attr]
    assert type_school("10").sector is Sector.INDEPENDENT  # type: ignore[union-attr]
    assert type_school("32").sector is Sector.UNKNOWN  # type: ignore[union-attr]
    assert type_school("1", phase="Primary").sector is Sector.STATE_FUNDED  # type: ignore[union-attr]
    # a pupil referral unit is the LA's own; an alternative provision academy or free school is its trust's
    assert type_school("14") == SchoolType(ST.PUPIL_REFERRAL_UNIT, Sector.LOCAL_AUTHORITY)
    for code in ("38", "42", "43"):
        assert type_school(code) == SchoolType(ST.PUPIL_REFERRAL_UNIT, Sector.STATE_FUNDED), code
    assert type_school("99") is None
    assert set(SPINE_TYPES.values()) <= set(ESTABLISHMENT_TYPES)


def test_grade_words_follow_the_date() -> None:
    assert setting_grade_word(3, date(2012, 8, 31)) == "satisfactory"
    assert setting_grade_word(3, date(2012, 9, 1)) == "requires improvement"
    assert setting_grade_word(2, date(2015, 1, 1)) == "good"


# ------------------------------------------------------------------------------------------ history
def test_history_slice() -> None:
    insp, findings = clean("ofsted_school_history", HISTORY, "setting_inspections", 392)
    assert set(insp["remit"]) == {"schools"}
    first = one(insp.filter(pl.col("inspection_id") == "2008-09-26"), "100000")
    assert (first["inspection_date"], first["known_at"], first["overall"], first["overall_word"]) == (
        date(2008, 9, 26),
        date(2008, 9, 26),
        1,
        "outstanding",
    )
    codes = sorted((f.code, f.row) for f in findings.warnings)
    assert codes == [
        (FindingCode.DUPLICATE_KEY, 319),
        (FindingCode.DUPLICATE_KEY, 340),
        (FindingCode.DUPLICATE_KEY, 364),
        (FindingCode.WORD_NOT_OF_DATE, 187),
        (FindingCode.WORD_NOT_OF_DATE, 188),
        (FindingCode.WORD_NOT_OF_DATE, 189),
    ]
    # a "Satisfactory" after 1 Sep 2012 keeps grade 3 and the word of its date
    late = insp.filter(pl.col("inspection_date") >= date(2012, 9, 1), pl.col("overall") == 3)
    assert set(late["overall_word"]) == {"requires improvement"}
    early = insp.filter(pl.col("inspection_date") < date(2012, 9, 1), pl.col("overall") == 3)
    assert set(early["overall_word"]) == {"satisfactory"}
    # the repeat whose words differ is read once
    assert insp.filter(pl.col("urn") == "137699", pl.col("inspection_id") == "2013-12-04").height == 1


def test_history_conflicting_repeat_is_an_error() -> None:
    path = BAD / "ofsted_school_history" / "conflicting_repeat.csv"
    _, findings = run_reader("ofsted_school_history", path)
    assert [(f.code, f.row, f.column) for f in findings.errors] == [(FindingCode.DUPLICATE_KEY, 5, "Rating")]


# -------------------------------------------------------------------------------------------- spine
def test_spine_slice() -> None:
    s, findings = clean("dfe_school_spine", SPINE, "settings", 194)
    academy = one(s, "146127")
    assert {k: academy[k] for k in ("setting_type", "la_code", "registration_date", "predecessor_urn")} == {
        "setting_type": "primary_school",
        "la_code": "314",
        "registration_date": date(2018, 9, 1),
        "predecessor_urn": "102569",
    }
    assert one(s, "102569")["closed_date"] == date(2018, 8, 31)
    assert one(s, "102569")["status"] == "Closed"
    secondary = s.filter(pl.col("la_code") == "314", pl.col("setting_type") == "secondary_school")
    assert secondary.height == 11 and secondary["has_sixth_form"].any()
    untyped = [f for f in findings.warnings if f.code is FindingCode.UNKNOWN_CATEGORY and f.row]
    assert len(untyped) == 9
    assert s.filter(pl.col("setting_type") == "other", pl.col("sector") == "state_funded").height >= 9
    outside = [f for f in findings.warnings if f.code is FindingCode.OUT_OF_SCOPE]
    assert len(outside) == 1 and "702 (2)" in outside[0].message


def test_spine_successor_link_names_the_closed_school_as_predecessor(tmp_path) -> None:
    """A closed school's OTHERURN is its successor: the successor (which names none) gets it."""
    header, *rows = (BAD / "dfe_school_spine" / "duplicate_urn.csv").read_text().splitlines()
    cols = header.split(",")
    first, second = rows[0].split(","), rows[1].split(",")
    first[cols.index("CLOSEDATE")], first[cols.index("OTHERURN")] = "2017-12-31", second[0]
    path = tmp_path / "spine.csv"
    path.write_text("\n".join([header, ",".join(first), ",".join(second)]) + "\n")
    out, findings = run_reader("dfe_school_spine", path)
    assert not findings.errors
    assert one(out["settings"], second[0])["predecessor_urn"] == first[0]


# --------------------------------------------------------------------------------------------- GIAS
def test_gias_establishments_slice() -> None:
    s, findings = clean("gias_establishments", GIAS23, "settings", 422)
    # no open dates, but academies and free schools cannot have opened before their legal first day
    assert set(s["registration_date"].drop_nulls()) <= {date(2010, 9, 1), date(2011, 9, 1)}
    closed = s.filter(pl.col("status") == "Closed")
    assert closed.height and closed["closed_date"].null_count() == 0
    assert {
        "nursery_school",
        "primary_school",
        "secondary_school",
        "special_school",
        "pupil_referral_unit",
    } <= set(s["setting_type"])
    codes = sorted({(f.code, f.column) for f in findings.warnings})
    assert codes == [
        (FindingCode.OUT_OF_SCOPE, "close_date"),
        (FindingCode.OUT_OF_SCOPE, "establishment_status_name"),
        (FindingCode.OUT_OF_SCOPE, "la_code"),
    ]


def test_gias_schools_typed_by_the_phase_file() -> None:
    out, findings = run_reader("gias_schools", GIAS24, as_at=date(2024, 4, 28), phases=PHASES)
    assert not findings.errors and not findings.warnings
    types = dict(out["settings"].group_by("setting_type").len().iter_rows())
    assert types["secondary_school"] > 20 and types["primary_school"] > 100
    assert "other" not in types


def test_gias_schools_phase_file_missing_is_an_error() -> None:
    _, findings = run_reader("gias_schools", GIAS24, as_at=date(2024, 4, 28), phases="nowhere.csv")
    assert [f.code for f in findings.errors] == [FindingCode.FILE_NOT_FOUND]


# ---------------------------------------------------------------------------------- whole real files
def test_whole_files(shared_raw) -> None:
    folder = shared_raw / "waiky8-ofsted-school-inspection-history"
    out, findings = run_reader("ofsted_school_history", folder / "ofsted_ratings_2018.csv")
    assert not findings.errors
    assert out["setting_inspections"].height == 60_131  # 60,134 rows less 3 repeats
    assert len([f for f in findings.warnings if f.code is FindingCode.DUPLICATE_KEY]) == 3
    spine, findings = run_reader("dfe_school_spine", folder / "2017-2018_england_spine.xlsx")
    assert not findings.errors
    s = spine["settings"]
    assert s.height == 26_044  # 26,078 less 34 outside England
    assert s.filter(pl.col("setting_type") == "secondary_school").height > 3_000
    assert s["predecessor_urn"].is_not_null().sum() > 1_700
    gias, findings = run_reader(
        "gias_establishments", shared_raw / "gias-nov2023-with-phase-npq" / GIAS23.name
    )
    assert not findings.errors
    assert gias["settings"].filter(pl.col("setting_type") == "secondary_school").height > 7_000


def test_every_2024_school_is_phased_by_the_2023_file(shared_raw) -> None:
    out, findings = run_reader(
        "gias_schools",
        shared_raw / "gias-primary-ofsted-2024" / GIAS24.name,
        as_at=date(2024, 4, 28),
        phases=PHASES,
    )
    assert not findings.errors and not findings.warnings
    types = dict(out["settings"].group_by("setting_type").len().iter_rows())
    assert types["secondary_school"] == 2_925 and types["all_through_school"] == 142


def test_gias_schools_unknown_phase_in_the_phase_file_is_an_error(tmp_path) -> None:
    rows = GIAS23.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("phase_name")] = "Upper"
    (tmp_path / "phases.csv").write_text("\n".join([rows[0], ",".join(cells)]) + "\n", encoding="utf-8")
    _, findings = run_reader(
        "gias_schools", GIAS24, as_at=date(2024, 4, 28), phases=str(tmp_path / "phases.csv")
    )
    assert [(f.file, f.row, f.column, f.code) for f in findings.errors] == [
        (str(tmp_path / "phases.csv"), 2, "phase_name", FindingCode.UNKNOWN_CATEGORY)
    ]


def test_the_manifest_lists_the_phase_file_with_its_checksum(tmp_path) -> None:
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        yaml.safe_dump(
            {
                "name": "phased",
                "root": str(RAW),
                "sources": [
                    {
                        "reader": "gias_schools",
                        "path": str(GIAS24.relative_to(RAW)),
                        "as_at": "2024-04-28",
                        "options": {"phases": PHASES},
                    }
                ],
            }
        )
    )
    findings = Findings()
    result = build(load_recipe(recipe, findings), tmp_path / "out", findings)  # type: ignore[arg-type]
    (source,) = result.manifest["sources"]
    assert source["option_files"] == [
        {"path": PHASES, "sha256": sha256(GIAS23), "bytes": GIAS23.stat().st_size}
    ]


GIAS_HEADER = (
    "urn,la_code,la_name,establishment_number,name,establishment_status_code,establishment_status_name,"
    "close_date,establishment_type_code,establishment_type_name,phase_type,phase_name,number_of_pupils,ukprn,"
    "postcode,easting,northing,region,last_changed_date\n"
)


def test_gias_opening_bounds_and_the_2009_structure(tmp_path) -> None:
    rows = [
        "140001,839,BCP,2001,A converter,1,Open,,34,Academy converter,2,Primary,200,,BH8 9AA,,,,",
        "140002,839,BCP,2002,A free school,1,Open,,35,Free schools,2,Primary,200,,BH14 0AA,,,,",
        "140003,941,West Northamptonshire,2003,A community school,1,Open,,1,Community school,2,Primary,200,"
        ",NN1 1AA,,,,",
        "140004,839,BCP,2004,Somewhere,1,Open,,1,Community school,2,Primary,200,,,,,,",
    ]
    f = tmp_path / "gias.csv"
    f.write_text(GIAS_HEADER + "\n".join(rows) + "\n")
    out, findings = run_reader("gias_establishments", f, la_structure="2009")
    s = {r["urn"]: r for r in out["settings"].to_dicts()}
    assert s["140001"]["registration_date"] == date(2010, 9, 1) and s["140001"]["la_code"] == "837"
    assert s["140002"]["registration_date"] == date(2011, 9, 1) and s["140002"]["la_code"] == "836"
    assert s["140003"]["registration_date"] is None and s["140003"]["la_code"] == "928"
    assert s["140004"]["la_code"] == "837"  # no postcode: a guess, and said so
    assert [(w.code, w.column) for w in findings.warnings] == [
        (FindingCode.OUT_OF_SCOPE, "postcode"),
        (FindingCode.MISSING_VALUE, "close_date"),  # read but blank in every row of this small file
    ]
    plain, _ = run_reader("gias_establishments", f)
    assert plain["settings"].filter(pl.col("urn") == "140001")["la_code"].item() == "839"
