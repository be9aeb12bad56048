"""The dfe_ees and dfe_exclusions_2007 readers: real slices configured as in the recipe, negative fixtures,
and every full file of the recipe when ../shared is present."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest
import yaml

from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.registry import load_readers
from tests.conftest import BAD, RAW, ROOT, run_reader

RECIPE = ROOT / "data" / "recipes" / "england-latest.indicators.yaml"
SOURCES = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
BADE = BAD / "dfe_ees"


def _source(fragment: str) -> dict:
    (entry,) = [s for s in SOURCES if fragment in s["path"]]
    return entry


def _read_slice(fragment: str):
    s = _source(fragment)
    return run_reader(s["reader"], RAW / s["path"], label=s["path"], **(s.get("options") or {}))


def _value(values: pl.DataFrame, code: str, area: str, period: str, breakdown: str = "all"):
    row = values.filter(code=code, area_code=area, period=period, breakdown=breakdown)
    assert row.height == 1, row
    return row.row(0, named=True)


# ------------------------------------------------------------------------------------------- real slices


@pytest.mark.parametrize("entry", [s for s in SOURCES if s["reader"] != "lait"], ids=lambda s: s["path"])
def test_every_recipe_source_reads_its_slice_without_errors(entry):
    tables, findings = run_reader(
        entry["reader"], RAW / entry["path"], label=entry["path"], **entry["options"]
    )
    assert not findings.has_errors, [str(f) for f in findings.errors]
    check = Findings()
    for name, df in tables.items():
        canonical.validate(name, df, check)
    assert len(check) == 0, [str(f) for f in check]
    values = tables["indicator_values"]
    assert values.height > 0
    assert set(values["area_type"]) == {"la", "region", "england"}
    assert set(values["code"]) == set(tables["indicator_definitions"]["code"])


def test_rereferrals_kingston_and_england_with_numerator_and_denominator():
    values = _read_slice("c1_children")[0]["indicator_values"]
    k = _value(values, "ees:cin_rereferrals_12_months", "314", "2025")
    assert (k["value"], k["numerator"], k["denominator"], k["marker"], k["year"]) == (
        15.0,
        246.0,
        1640.0,
        None,
        2025,
    )
    e = _value(values, "ees:cin_rereferrals_12_months", "E92000001", "2025")
    assert (e["area_type"], e["value"]) == ("england", 22.6)


def test_polarity_outcome_and_ni_code_come_from_the_recipe():
    defs = _read_slice("placement_stability")[0]["indicator_definitions"]
    three = defs.filter(code="ees:cla_3plus_placements").row(0, named=True)
    assert (three["polarity"], three["ecm_outcome"], three["ni_code"]) == ("low", "SS", "62")
    assert defs.filter(code="ees:cla_long_term_stability")["polarity"].item() == "high"


def test_suppressed_cell_becomes_marker_c_never_zero():
    values = _read_slice("ks2_la")[0]["indicator_values"]
    k = _value(values, "ees:ks2_rwm_expected", "314", "2024/25", breakdown="cla")
    assert (k["value"], k["marker"]) == (None, "c")
    e = _value(values, "ees:ks2_rwm_expected", "E92000001", "2024/25", breakdown="cla")
    assert (e["value"], e["numerator"], e["denominator"]) == (35.0, 1070.0, 3090.0)
    assert set(values["breakdown"]) == {
        "cin",
        "cla",
        "cpp",
    }  # these files cover children's social care groups only
    assert values.filter(marker="c")["value"].null_count() == values.filter(marker="c").height


def test_academic_year_period_label_and_year():
    values = _read_slice("absence_la")[0]["indicator_values"]
    assert set(values["period"]) >= {"2018/19", "2024/25"}
    assert values.filter(period="2018/19")["year"].unique().to_list() == [2019]
    k = _value(values, "ees:absence_overall", "314", "2024/25", breakdown="cin")
    assert k["value"] == 19.2


def test_neet_folder_of_yearly_files_with_sen_breakdowns():
    tables, findings = _read_slice("dfe-neet-nccis-la")
    values = tables["indicator_values"]
    assert sorted(values["period"].unique()) == ["2021", "2022", "2023", "2025"]
    assert _value(values, "ees:neet_16_17", "314", "2025")["value"] == 1.0
    assert _value(values, "ees:neet_16_17", "E92000001", "2025")["value"] == 3.4
    assert set(values.filter(code="ees:neet_or_not_known_16_17")["breakdown"]) == {
        "all",
        "no_sen",
        "sen_support",
        "ehcp",
    }
    # 2021 published no SEN split: blank cells read as 'x' (recipe option blank_marker)
    assert _value(values, "ees:neet_or_not_known_16_17", "314", "2021", "ehcp")["marker"] == "x"
    # the dashboard's demo rows are excluded by the recipe, with a warning
    assert any(f.code is FindingCode.OUT_OF_SCOPE and "Region demo" in f.message for f in findings.warnings)
    assert tables["indicator_definitions"].height == 5


def test_exclusions_by_la_name_2008_09():
    tables, findings = _read_slice("dfe-exclusions")
    values = tables["indicator_values"]
    k = _value(values, "excl:perm_rate", "314", "2008/09")
    assert (k["value"], k["numerator"], k["denominator"], k["year"]) == (0.03, 7.0, 21904.0, 2009)
    assert _value(values, "excl:perm_rate", "E92000001", "2016/17")["value"] == 0.1
    assert _value(values, "excl:perm_rate", "E13000001", "2016/17")["area_type"] == "region"
    # Bedford's first year: '.' (no pupils to divide by) -> not applicable
    b = _value(values, "excl:fixed_rate", "822", "2008/09")
    assert (b["value"], b["marker"], b["denominator"]) == (None, "z", 0.0)
    # 'x' (suppressed) -> marker x
    assert values.filter(code="excl:perm_rate", marker="x").height > 0
    out = [f.message for f in findings.warnings if f.code is FindingCode.OUT_OF_SCOPE]
    assert any("Bedfordshire (Pre LGR 2009)" in m for m in out)
    assert any("'NULL'" in m for m in out)
    ni = tables["indicator_definitions"].filter(code="excl:perm_rate")["ni_code"].item()
    assert ni == "114"


def test_exclusions_defaults_match_the_recipe():
    s = _source("dfe-exclusions")
    a, _ = run_reader(s["reader"], RAW / s["path"], label=s["path"], **s["options"])
    b, _ = run_reader(s["reader"], RAW / s["path"], label=s["path"])
    assert a["indicator_values"].equals(b["indicator_values"])
    assert a["indicator_definitions"].equals(b["indicator_definitions"])


def test_recipe_codes_are_unique_and_readers_exist():
    readers = load_readers()
    codes: Counter[str] = Counter()
    for s in SOURCES:
        assert s["reader"] in readers
        assert s["licence"] == "OGL-3.0" and s["publisher"]
        for code in {ind["code"] for ind in (s.get("options") or {}).get("indicators", [])}:
            codes[code] += 1
    assert [c for c, n in codes.items() if n > 1] == []
    assert all(c.startswith(("ees:", "excl:")) for c in codes)


# ------------------------------------------------------------------------------------------- negative

OPTS = {
    "filters": {"characteristic": "Total"},
    "require_figures": ["t_pupils"],
    "indicators": [
        {
            "column": "pt_met",
            "code": "test:met",
            "polarity": "high",
            "ecm_outcome": "EA",
            "numerator": "t_met",
            "denominator": "t_pupils",
        }
    ],
}


def _bad(name: str, **extra):
    return run_reader("dfe_ees", BADE / name, **{**OPTS, **extra})


def _one(findings: Findings, code: FindingCode):
    hits = [f for f in findings if f.code is code]
    assert hits, [str(f) for f in findings]
    return hits[0]


def test_missing_column():
    tables, findings = _bad("missing_column.csv")
    f = _one(findings, FindingCode.MISSING_COLUMN)
    assert (f.row, f.column) == (1, "pt_met")
    assert tables["indicator_values"].is_empty()


def test_unknown_la_code():
    tables, findings = _bad("unknown_la_code.csv")
    f = _one(findings, FindingCode.UNKNOWN_LA_CODE)
    assert (f.row, f.column) == (4, "old_la_code") and "'999'" in f.message
    assert tables["indicator_values"].height == 2  # England and the region stay


def test_duplicate_key():
    tables, findings = _bad("duplicate_key.csv")
    rows = sorted(f.row for f in findings.errors if f.code is FindingCode.DUPLICATE_KEY)
    assert rows == [3, 5]  # row 4 is another characteristic, filtered out
    assert tables["indicator_values"].filter(area_code="314").is_empty()


def test_text_that_is_neither_number_nor_marker():
    _, findings = _bad("marker_expected.csv")
    f = _one(findings, FindingCode.MARKER_EXPECTED)
    assert (f.row, f.column) == (4, "pt_met") and "'n/a'" in f.message


def test_marker_where_a_figure_is_required():
    tables, findings = _bad("value_expected.csv")
    f = _one(findings, FindingCode.VALUE_EXPECTED)
    assert (f.row, f.column) == (4, "t_pupils") and "'c'" in f.message
    assert tables["indicator_values"].filter(area_code="314").is_empty()


def test_bad_period():
    _, findings = _bad("bad_period.csv")
    f = _one(findings, FindingCode.BAD_DATE)
    assert (f.row, f.column) == (4, "time_period")


def test_two_problems_are_both_reported():
    tables, findings = _bad("two_problems.csv")
    got = {(f.code, f.row, f.column) for f in findings.errors}
    assert (FindingCode.MARKER_EXPECTED, 3, "pt_met") in got
    assert (FindingCode.UNKNOWN_LA_CODE, 4, "old_la_code") in got
    assert tables["indicator_values"]["area_code"].to_list() == ["E92000001"]


@pytest.mark.parametrize(
    ("name", "code", "row"),
    [
        ("utf16.csv", FindingCode.WRONG_ENCODING, 1),
        ("empty.csv", FindingCode.EMPTY_FILE, None),
        ("truncated.csv", FindingCode.TRUNCATED_FILE, 4),
    ],
)
def test_unusable_files(name, code, row):
    tables, findings = _bad(name)
    assert _one(findings, code).row == row
    assert tables["indicator_values"].is_empty()


def test_unmatched_la_name_in_exclusions():
    tables, findings = run_reader("dfe_exclusions_2007", BAD / "dfe_exclusions_2007" / "unmatched_name.csv")
    f = _one(findings, FindingCode.UNMATCHED_LA_NAME)
    assert (f.row, f.column) == (4, "la_name") and "Kingston upon Thamez" in f.message
    assert tables["indicator_values"].filter(area_type="la")["area_code"].unique().to_list() == ["314"]


@pytest.mark.parametrize(
    "options",
    [
        {"indicators": []},
        {"indicators": [{"column": "pt_met", "code": "x"}]},  # no polarity
        {"indicators": [{"column": "pt_met", "code": "x", "polarity": "up"}]},
        {"indicators": [{"column": "pt_met", "code": "x", "polarity": "high", "ecm_outcome": "XX"}]},
        {"indicators": [{"column": "pt_met", "code": "x", "polarity": "high", "colour": "red"}]},
        {"indicators": OPTS["indicators"], "markers": {"?": "q"}},
    ],
)
def test_bad_recipe_options(options):
    _, findings = run_reader("dfe_ees", BADE / "marker_expected.csv", **options)
    assert _one(findings, FindingCode.BAD_RECIPE)


def test_unmapped_breakdown_value_and_absent_filter_value_are_warnings():
    opts = {**OPTS, "filters": {"characteristic": ["Total", "Girls"]}}
    opts["breakdown"] = {"column": "characteristic", "map": {"Boys": "boys"}}
    tables, findings = run_reader("dfe_ees", BADE / "duplicate_key.csv", **opts)
    w = [f for f in findings.warnings if f.code is FindingCode.UNKNOWN_CATEGORY]
    assert any("'Girls'" in f.message for f in w)  # filter value that never occurs
    assert any("'Total'" in f.message for f in w)  # breakdown value missing from the map
    assert tables["indicator_values"].is_empty()


# ------------------------------------------------------------------------------------------- full files


@pytest.mark.parametrize("entry", [s for s in SOURCES if s["reader"] != "lait"], ids=lambda s: s["path"])
def test_full_files(shared_raw, entry):
    tables, findings = run_reader(
        entry["reader"], shared_raw / entry["path"], label=entry["path"], **entry["options"]
    )
    assert not findings.has_errors, [str(f) for f in findings.errors[:20]]
    values = tables["indicator_values"]
    n_codes = tables["indicator_definitions"].height
    check = Findings()
    canonical.validate("indicator_values", values, check)
    assert len(check) == 0
    # about 150 LAs + regions + England per period and indicator
    per = values.group_by("code", "breakdown", "period").len()["len"]
    assert 140 <= per.min() and per.max() <= 175, per.describe()
    assert values.filter(area_type="england").height == per.len()
    assert n_codes >= 1
