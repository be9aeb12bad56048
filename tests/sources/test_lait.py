"""The lait reader: real slices of LAIT's bds_long_0.parquet and dictionary, negative fixtures, and the full
file when ../shared is present."""

from __future__ import annotations

import polars as pl
import pytest

from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.indicator_common import OutcomeMap, year_from_label
from tests.conftest import BAD, RAW, run_reader

SLICE = RAW / "dfe-lait" / "bds_long_0.parquet"
BADL = BAD / "lait"


def _read(path=SLICE, **options):
    return run_reader("lait", path, label=f"dfe-lait/{path.name}", **options)


def _value(values: pl.DataFrame, code: str, area: str, period: str):
    row = values.filter(code=code, area_code=area, period=period)
    assert row.height == 1, row
    return row["value"].item(), row["marker"].item()


def test_real_slice_reads_without_errors_and_conforms():
    tables, findings = _read()
    assert not findings.has_errors, [str(f) for f in findings.errors]
    check = Findings()
    for name, df in tables.items():
        canonical.validate(name, df, check)
    assert len(check) == 0, [str(f) for f in check]
    assert tables["indicator_definitions"].height == 17


def test_la_and_england_values_for_a_named_indicator():
    values = _read()[0]["indicator_values"]
    # KS2 reading, writing and maths at the expected standard, 2019 (published as "2019")
    assert _value(values, "lait:KS2RWM_Expected_STD", "314", "2019") == (70.0, None)
    assert _value(values, "lait:KS2RWM_Expected_STD", "E92000001", "2019") == (65.0, None)
    assert _value(values, "lait:KS2RWM_Expected_STD", "886", "2019")[0] is not None
    row = values.filter(code="lait:KS2RWM_Expected_STD", area_code="314", period="2019")
    assert row["area_type"].item() == "la" and row["year"].item() == 2019 and row["breakdown"].item() == "all"


def test_regions_get_ons_codes():
    values = _read()[0]["indicator_values"]
    regions = set(values.filter(area_type="region")["area_code"].unique().to_list())
    assert regions == {"E12000007", "E13000001", "E12000008"}  # 986 London, 987 Inner London, 989 South East
    assert _value(values, "lait:KS2RWM_Expected_STD", "E13000001", "2019") == (71.0, None)


def test_dash_becomes_marker_x_with_no_value():
    values = _read()[0]["indicator_values"]
    # no KS2 tests in 2020 (COVID): LAIT publishes '-'
    assert _value(values, "lait:KS2RWM_Expected_STD", "314", "2020") == (None, "x")
    marked = values.filter(pl.col("marker").is_not_null())
    assert marked.height > 0 and marked["value"].null_count() == marked.height  # never 0 in place of a marker


def test_definitions_polarity_outcome_and_ni():
    defs = _read()[0]["indicator_definitions"]
    ks2 = defs.filter(code="lait:KS2RWM_Expected_STD").row(0, named=True)
    assert (ks2["polarity"], ks2["ecm_outcome"], ks2["ni_code"], ks2["topic"]) == (
        "high",
        "EA",
        "73",
        "Key Stage 2",
    )
    assert ks2["unit"] == "% achieving expected level"
    perm = defs.filter(code="lait:TotPermEx").row(0, named=True)
    assert (perm["polarity"], perm["decimal_places"], perm["ni_code"]) == ("low", 2, "114")
    assert defs.filter(code="lait:CIN")["polarity"].item() == "none"  # dictionary polarity '-'
    assert defs.filter(code="lait:LACStable_2016on")["ni_code"].item() == "62"
    assert defs.filter(code="lait:CareLeaverEET")["ecm_outcome"].item() == "AEW"
    assert defs.filter(code="lait:FirstYJS")["ecm_outcome"].item() == "MPC"
    assert defs.filter(code="lait:Under18concep")["ecm_outcome"].item() == "BH"
    # an id with a space, listed twice in the dictionary: the first entry (Children Looked After) is used
    fixed = defs.filter(code="lait:LAC_Fixed_ Ex").row(0, named=True)
    assert fixed["topic"] == "Children Looked After" and fixed["ecm_outcome"] == "EA"


def test_period_zero_rows_are_left_out_with_a_warning():
    tables, findings = _read()
    assert tables["indicator_values"].filter(period="0").is_empty()
    w = [f for f in findings.warnings if f.code is FindingCode.OUT_OF_SCOPE]
    assert len(w) == 1 and "'0'" in w[0].message and w[0].column == "Years"
    assert any(f.code is FindingCode.DUPLICATE_KEY for f in findings.warnings)  # dictionary repeats an id


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("2018/19", 2019),
        ("2016-18", 2018),
        ("2019-20 (OT)", 2020),
        ("2013/14-15/16", 2016),
        ("2018 (Rev)", 2018),
        ("2025 (prov)", 2025),
        ("1999/00", 2000),
        ("2025-26", 2026),
        ("0", None),
        ("n/a", None),
    ],
)
def test_year_from_label(label, year):
    assert year_from_label(label) == year


# ------------------------------------------------------------------------------------------- negative


def _one(findings: Findings, code: FindingCode):
    hits = [f for f in findings if f.code is code]
    assert hits, [str(f) for f in findings]
    return hits[0]


def test_missing_column():
    tables, findings = _read(BADL / "missing_column.parquet")
    f = _one(findings, FindingCode.MISSING_COLUMN)
    assert (f.row, f.column) == (1, "Values")
    assert tables["indicator_values"].is_empty()


def test_unknown_la_code():
    tables, findings = _read(BADL / "unknown_la_code.parquet")
    f = _one(findings, FindingCode.UNKNOWN_LA_CODE)
    assert (f.row, f.column) == (4, "LA Number") and "999" in f.message
    assert tables["indicator_values"].height == 2  # the good rows stay; the bad one is left out


def test_duplicate_key():
    tables, findings = _read(BADL / "duplicate_key.parquet")
    rows = sorted(f.row for f in findings.errors if f.code is FindingCode.DUPLICATE_KEY)
    assert rows == [2, 4]
    assert tables["indicator_values"].filter(area_code="314").is_empty()


def test_text_that_is_neither_number_nor_marker():
    tables, findings = _read(BADL / "marker_expected.parquet")
    f = _one(findings, FindingCode.MARKER_EXPECTED)
    assert (f.row, f.column) == (4, "Values") and "'n/a'" in f.message
    assert tables["indicator_values"].height == 2


def test_two_problems_are_both_reported():
    _, findings = _read(BADL / "two_problems.parquet")
    got = {(f.code, f.row, f.column) for f in findings.errors}
    assert (FindingCode.MARKER_EXPECTED, 4, "Values") in got
    assert (FindingCode.UNKNOWN_LA_CODE, 5, "LA Number") in got


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.parquet", FindingCode.EMPTY_FILE),
        ("no_rows.parquet", FindingCode.EMPTY_FILE),
        ("truncated.parquet", FindingCode.UNREADABLE_FILE),
    ],
)
def test_unusable_parquet(name, code):
    tables, findings = _read(BADL / name)
    assert _one(findings, code).severity.value == "error"
    assert tables["indicator_values"].is_empty()


def test_dictionary_in_utf16():
    _, findings = _read(SLICE, dictionary=str(BADL / "dictionary_utf16.csv"))
    f = _one(findings, FindingCode.WRONG_ENCODING)
    assert f.row == 1 and f.file.endswith("dictionary_utf16.csv")


def test_truncated_dictionary():
    _, findings = _read(SLICE, dictionary=str(BADL / "dictionary_truncated.csv"))
    f = _one(findings, FindingCode.TRUNCATED_FILE)
    assert f.row == 3


def test_ids_missing_from_the_dictionary_are_warnings():
    tables, findings = _read(SLICE, dictionary=str(BADL / "dictionary_without_ks2.csv"))
    assert not findings.has_errors
    w = [f for f in findings.warnings if f.code is FindingCode.UNKNOWN_CATEGORY]
    assert any("'KS2RWM_Expected_STD'" in f.message for f in w)
    assert any("'Sideways'" in f.message and f.column == "Polarity" for f in w)  # unknown polarity word
    ks2 = tables["indicator_definitions"].filter(code="lait:KS2RWM_Expected_STD")
    assert ks2["polarity"].item() == "none"
    assert ks2["ecm_outcome"].item() == "EA"  # the mapping file still knows the code


def test_dictionary_next_to_the_data_file_is_found_by_default():
    tables, findings = _read(BADL / "unknown_la_code.parquet")
    assert tables["indicator_definitions"]["polarity"].to_list() == ["high"]


# ------------------------------------------------------------------------------------------- outcomes file


def test_outcome_mapping_file_is_well_formed_and_covers_the_key_groups():
    m = OutcomeMap.load()
    assert m.problems() == []
    expect = {
        "lait:KS2RWM_Expected_STD": "EA",
        "lait:EngMaths9-4": "EA",
        "lait:FSM_NEW_KS2_RWM": "EA",
        "lait:FSM_AVG_Attain8_Score": "EA",
        "lait:NEW_KS2_RWM_Sen_W/Osta": "EA",
        "lait:SEN_Stat_AVG_Attain8_Score": "EA",
        "lait:TotPerAbNew": "EA",
        "lait:TotPermEx": "EA",
        "lait:CIN": "SS",
        "lait:RevCP": "SS",
        "lait:LACStable_2016on": "SS",
        "lait:LAC_LongStable%": "SS",
        "lait:CareLeaverEET": "AEW",
        "lait:CareLeaverAcc": "AEW",
        "lait:16-17 NEET": "AEW",
        "lait:FirstYJS": "MPC",
        "lait:Under18concep": "BH",
        "lait:ExcessYr6": "BH",
    }
    for code, outcome in expect.items():
        assert m.lookup(code).ecm_outcome == outcome, code
    # pattern and topic defaults
    assert m.lookup("lait:CIN_KS2_ExpStd_RWM", "Children in Need").ecm_outcome == "EA"
    assert m.lookup("lait:LACDental%", "Children Looked After").ecm_outcome == "BH"
    assert m.lookup("lait:CPP_rate", "Child Protection").rule == "topic Child Protection"
    assert m.lookup("lait:Unknown", None).ecm_outcome is None


# ------------------------------------------------------------------------------------------- full file


def test_full_lait_file(shared_raw):
    path = shared_raw / "dfe-lait" / "bds_long_0.parquet"
    tables, findings = run_reader("lait", path, label="dfe-lait/bds_long_0.parquet")
    assert not findings.has_errors, [str(f) for f in findings.errors[:20]]
    values, defs = tables["indicator_values"], tables["indicator_definitions"]
    assert defs.height == 434
    assert values.height == 641_070 - 170  # all rows but the 170 with period '0'
    assert values["area_code"].n_unique() == 170
    assert values.filter(area_type="england")["area_code"].unique().to_list() == ["E92000001"]
    assert values.filter(area_type="region")["area_code"].n_unique() == 11
    assert set(defs["polarity"].unique()) == {"high", "low", "none"}
    assert defs["ecm_outcome"].null_count() < 60
    check = Findings()
    canonical.validate("indicator_values", values, check)
    assert len(check) == 0
