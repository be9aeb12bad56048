"""The dfe_cla readers (looked after children's National Indicators, 2006/07-2011/12): real slices read as
the sources list of the historical recipes reads them, every negative fixture, the definitions, and the whole
real folder when ../shared is present."""

from __future__ import annotations

import polars as pl
import pytest
import yaml

from csrating.enums import EcmOutcome, Polarity
from csrating.findings import FindingCode
from csrating.profile.indicators import select_definitions
from csrating.sources import canonical
from csrating.sources.dfe_cla import DEFINITIONS, NOT_DERIVED, period_label
from csrating.sources.la_codes import LaReference
from tests.conftest import BAD, RAW, ROOT, run_reader

SOURCES = yaml.safe_load(
    (ROOT / "data" / "recipes" / "cla-2008-2012.sources.yaml").read_text(encoding="utf-8")
)
FOLDER = "bengoodair-csc-la-2008-2012"
NIS = ["NI58", "NI61", "NI62", "NI71", "NI99", "NI100", "NI101", "NI147", "NI148"]


def _read_all(root):
    values, definitions = [], []
    for s in SOURCES:
        tables, findings = run_reader(
            s["reader"], root / s["path"], label=s["path"], **(s.get("options") or {})
        )
        assert not len(findings), [str(f) for f in findings]
        values.append(tables["indicator_values"])
        definitions.append(tables["indicator_definitions"])
    return pl.concat(values), pl.concat(definitions).unique("code")


@pytest.fixture(scope="module")
def sliced():
    return _read_all(RAW)


def _one(values: pl.DataFrame, code: str, area: str, period: str) -> dict:
    (row,) = values.filter(code=code, area_code=area, period=period).to_dicts()
    return row


def test_slices_read_clean_and_validate(sliced):
    values, definitions = sliced
    from csrating.findings import Findings

    f = Findings()
    canonical.validate("indicator_values", values, f)
    canonical.validate("indicator_definitions", definitions, f)
    assert not f.has_errors, [str(x) for x in f]
    assert sorted(definitions["code"]) == sorted(NIS)
    # one value per indicator, area and period across the whole sources list
    assert not values.select(pl.struct("code", "area_code", "period").is_duplicated().any()).item()


def test_values_numerators_and_denominators(sliced):
    values, _ = sliced
    e = _one(values, "NI62", "E92000001", "2010/11")
    assert (e["numerator"], e["denominator"], e["year"], e["area_type"]) == (7000.0, 65520.0, 2011, "england")
    assert e["value"] == pytest.approx(100 * 7000 / 65520)
    k = _one(values, "NI62", "886", "2011/12")
    assert (k["numerator"], k["denominator"]) == (277.0, 1798.0)
    assert _one(values, "NI61", "886", "2010/11")["value"] == pytest.approx(100 * 43 / 59)
    assert _one(values, "NI147", "886", "2010/11")["value"] == pytest.approx(100 * 148 / 181)
    # NI 148 sums three activity counts: Kent 2011/12 has all three
    assert _one(values, "NI148", "886", "2011/12")["numerator"] == 106.0
    # thousand separators: the OC2 table writes "331,648"
    sdq = _one(values, "NI58", "E92000001", "2010/11")
    assert (sdq["numerator"], sdq["denominator"]) == (331648.0, 23867.0)
    assert sdq["value"] == pytest.approx(331648 / 23867)
    # a school year: KS2 tests of summer 2011 -> 2010/11
    assert _one(values, "NI99", "E92000001", "2010/11")["value"] == pytest.approx(100 * 1116 / 2244)
    assert _one(values, "NI101", "886", "2011/12")["value"] == pytest.approx(100 * 16 / 111)
    # NI 71 is the published score of the January-March return
    assert _one(values, "NI71", "E92000001", "2008/09")["value"] == 8.0
    assert _one(values, "NI71", "E92000001", "2009/10")["value"] == 10.5


def test_markers_are_kept_never_zero(sliced):
    values, _ = sliced
    # 'x' (1-5 children) -> suppressed, with the published denominator kept
    s = _one(values, "NI99", "314", "2011/12")
    assert (s["value"], s["marker"], s["denominator"]) == (None, "c", 7.0)
    # a sum with a suppressed part is suppressed
    assert _one(values, "NI148", "886", "2010/11")["marker"] == "c"
    # '.' (Bedford did not exist before April 2009) -> not applicable
    b = _one(values, "NI99", "822", "2006/07")
    assert (b["value"], b["marker"]) == (None, "z")
    # a published 0 is a 0
    assert _one(values, "NI101", "314", "2006/07")["value"] == 0.0
    assert values.filter(pl.col("value").is_null() & pl.col("marker").is_null()).height == 0


def test_regions_including_inner_london(sliced):
    values, _ = sliced
    regions = set(values.filter(area_type="region")["area_code"])
    assert {"E12000007", "E13000001", "E12000008", "E12000003"} <= regions
    # SFR21 gives Inner London London's E12 code: read by name
    assert _one(values, "NI62", "E13000001", "2010/11")["denominator"] == 4600.0


def test_2010_layouts_need_a_year():
    path = RAW / FOLDER / "cla_outcomes/2010_underlying/KS2_Final_V2.csv"
    tables, findings = run_reader("dfe_cla_outcomes", path)
    assert [f.code for f in findings.errors] == [FindingCode.BAD_RECIPE, FindingCode.BAD_RECIPE]
    tables, findings = run_reader("dfe_cla_outcomes", path, year=2010)
    assert not len(findings)
    e = _one(tables["indicator_values"], "NI99", "E92000001", "2009/10")
    assert (e["numerator"], e["denominator"]) == (810.0, 1790.0)


def test_year_option_checked_against_the_header():
    path = RAW / FOLDER / "cla_characteristics/2011/SFR21_CLA.csv"
    _, findings = run_reader("dfe_cla_903", path, year=2012)
    assert [f.code for f in findings.errors] == [FindingCode.BAD_RECIPE]
    _, findings = run_reader("dfe_cla_903", path, colour="red")
    assert [f.code for f in findings.errors] == [FindingCode.BAD_RECIPE]


def test_years_option_keeps_some_years():
    path = RAW / FOLDER / "cla_outcomes/2011_underlying/KS2_Attainment_2007-2011_LA.csv"
    tables, findings = run_reader("dfe_cla_outcomes", path, years=[2009, 2010])
    assert not len(findings)
    assert sorted(set(tables["indicator_values"]["period"])) == ["2008/09", "2009/10"]


def test_definitions_written_down():
    assert period_label(2011) == "2010/11" and period_label(2000) == "1999/00"
    for code, d in DEFINITIONS.items():
        assert code == f"NI{d.ni}"
        assert d.numerator and d.denominator and d.columns and d.unit
        assert isinstance(d.ecm_outcome, EcmOutcome) and isinstance(d.polarity, Polarity)
    assert DEFINITIONS["NI62"].polarity is Polarity.LOW and DEFINITIONS["NI58"].polarity is Polarity.LOW
    assert DEFINITIONS["NI101"].ecm_outcome is EcmOutcome.ENJOYING_AND_ACHIEVING
    assert "NI63" in NOT_DERIVED and "NI63" not in DEFINITIONS


def test_profile_picks_the_codes_up(sliced):
    _, definitions = sliced
    picked = select_definitions(definitions, NIS + ["NI63"])
    assert dict(zip(picked["code"], picked["profile_item"], strict=True)) == {c: c for c in NIS}


# ------------------------------------------------------------------------------------------- negative

EXPECTED = {
    ("dfe_cla_903", "missing_column.csv"): [(FindingCode.MISSING_COLUMN, 1, "CLA_MarYYYY")],
    ("dfe_cla_903", "bad_number.csv"): [(FindingCode.MARKER_EXPECTED, 11, "CLA_3Pla")],
    ("dfe_cla_903", "bad_la_code.csv"): [(FindingCode.UNKNOWN_LA_CODE, 11, "geog_c")],
    ("dfe_cla_903", "not_in_2009_structure.csv"): [(FindingCode.UNKNOWN_LA_CODE, 10, "geog_c")],
    ("dfe_cla_903", "unknown_marker.csv"): [(FindingCode.MARKER_EXPECTED, 9, "CLA_Mar2011")],
    ("dfe_cla_903", "blank_cell.csv"): [(FindingCode.MISSING_VALUE, 7, "CLA_3Pla")],
    ("dfe_cla_903", "bad_level.csv"): [(FindingCode.UNKNOWN_CATEGORY, 8, "geog_l")],
    ("dfe_cla_903", "wrong_header.csv"): [(FindingCode.MISSING_COLUMN, 1, None)],
    ("dfe_cla_outcomes", "missing_year_column.csv"): [
        (FindingCode.MISSING_COLUMN, 1, "Total eligible for KS2 tests 2009"),
        (FindingCode.MISSING_COLUMN, 1, "Total eligible for KS2 tests 2009"),
    ],
    ("dfe_cla_outcomes", "name_code_mismatch.csv"): [(FindingCode.UNMATCHED_LA_NAME, 10, "column B")],
    ("dfe_cla_outcomes", "unknown_region.csv"): [(FindingCode.UNKNOWN_LA_CODE, 6, "LA Number")],
    ("dfe_cla_outcomes", "bad_number.csv"): [
        (FindingCode.MARKER_EXPECTED, 12, "Number achieving Level 4 in English 2011")
    ],
    ("dfe_cla_outcomes", "duplicate_row.csv"): [(FindingCode.DUPLICATE_KEY, 13, "LA Number")],
    ("dfe_cla_outcomes", "wrong_header.csv"): [(FindingCode.MISSING_COLUMN, 1, None)],
    ("dfe_cla_ni71", "unknown_marker.csv"): [(FindingCode.MARKER_EXPECTED, 10, "Overall_2")],
    ("dfe_cla_ni71", "truncated.csv"): [(FindingCode.TRUNCATED_FILE, 10, None)],
}


def test_every_negative_fixture_is_listed():
    on_disk = {(d.name, f.name) for d in BAD.glob("dfe_cla_*") for f in d.glob("*.csv")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize(("reader", "name"), sorted(EXPECTED), ids=lambda x: x)
def test_negative_fixture(reader, name):
    tables, findings = run_reader(reader, BAD / reader / name)
    got = [(f.code, f.row, f.column) for f in findings]
    assert got == EXPECTED[(reader, name)], [str(f) for f in findings]
    assert all(f.file == name and f.message for f in findings)
    # the row with the problem is not read as anything
    values = tables["indicator_values"]
    assert values.filter(pl.col("value").is_null() & pl.col("marker").is_null()).height == 0


# ------------------------------------------------------------------------------------------- whole folder


def test_whole_folder(shared_raw):
    """Every file of the sources list, in full: 150-152 LAs per file, how many have a value per indicator
    and year, and England's values as the files give them."""
    values, definitions = _read_all(shared_raw)
    las = LaReference.default()
    la = values.filter(area_type="la")
    assert (
        la["area_code"].str.contains(r"^\d{3}$").all() and la["area_code"].is_in(list(las.authorities)).all()
    )
    rows = la.group_by("code", "period").agg(
        pl.len().alias("rows"), pl.col("value").is_not_null().sum().alias("n")
    )
    assert rows["rows"].min() >= 150 and rows["rows"].max() <= 152
    counts = {(c, p): n for c, p, _, n in rows.iter_rows()}
    expected_periods = {
        "NI58": ["2010/11"],
        "NI61": ["2010/11", "2011/12"],
        "NI62": ["2010/11", "2011/12"],
        "NI71": ["2008/09", "2009/10"],
        "NI99": ["2006/07", "2007/08", "2008/09", "2009/10", "2010/11", "2011/12"],
        "NI100": ["2006/07", "2007/08", "2008/09", "2009/10", "2010/11", "2011/12"],
        "NI101": ["2006/07", "2007/08", "2008/09", "2009/10", "2010/11", "2011/12"],
        "NI147": ["2010/11", "2011/12"],
        "NI148": ["2010/11", "2011/12"],
    }
    assert {c: sorted(p for cc, p in counts if cc == c) for c in NIS} == expected_periods
    # LAs with a value (the rest are suppressed small numbers): as read on 1 December 2026
    assert counts[("NI62", "2010/11")] == 148 and counts[("NI62", "2011/12")] == 150
    assert counts[("NI61", "2010/11")] == 125 and counts[("NI147", "2010/11")] == 149
    assert counts[("NI58", "2010/11")] == 147 and counts[("NI71", "2009/10")] == 142
    assert counts[("NI99", "2010/11")] == 80 and counts[("NI101", "2010/11")] == 44
    assert counts[("NI148", "2010/11")] == 24  # three summed counts: one suppressed part suppresses the sum
    # England, spot-checked against the files: SFR21_CLA.csv row 2 (CLA_3Pla 7,000 of CLA_Mar2011 65,520),
    # KS4_Attainment_2007-2011_LA.csv row 2 (643 of 5,041 in 2011), OSR23 row 2 (Overall_6 10.5)
    eng = values.filter(area_type="england")
    assert _one(eng, "NI62", "E92000001", "2010/11")["value"] == pytest.approx(10.6838, abs=1e-4)
    assert _one(eng, "NI101", "E92000001", "2010/11")["value"] == pytest.approx(12.7554, abs=1e-4)
    assert _one(eng, "NI71", "E92000001", "2009/10")["value"] == 10.5
    assert set(definitions["code"]) == set(NIS)
