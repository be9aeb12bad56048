"""Issue 12 point 3: the shared table reader never drops data silently."""

import zipfile
from pathlib import Path

import polars as pl

from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.tabular import read_table


def _read(tmp_path: Path, data: bytes, name: str = "t.csv"):
    f = tmp_path / name
    f.write_bytes(data)
    findings = Findings()
    return read_table(f, findings, required=("a", "b")), findings


def test_an_extra_field_is_a_finding(tmp_path):
    table, findings = _read(tmp_path, b"a,b\n1,2\n3,4,5\n6,7\n")
    assert table is None
    [f] = findings.errors
    assert f.row == 3 and "3 fields; the header has 2" in f.message


def test_an_unquoted_comma_does_not_make_a_row_vanish(tmp_path):
    table, findings = _read(tmp_path, b"a,b\nYork, City of,2\n3,4\n")
    assert table is None and findings.errors[0].row == 2


def test_a_trailing_empty_field_is_still_accepted(tmp_path):
    table, findings = _read(tmp_path, b"a,b\n1,2,\n3,4\n")
    assert table is not None and not findings.errors
    assert [c for _, c in table.rows] == [["1", "2"], ["3", "4"]]


def test_a_stray_windows_1252_byte_in_a_utf8_file_is_refused_with_its_row(tmp_path):
    table, findings = _read(tmp_path, "a,b\nCafé,1\n".encode() + b"x\x92y,2\n")
    assert table is None
    [f] = findings.errors
    assert f.code == FindingCode.WRONG_ENCODING and f.row == 3


def test_a_windows_1252_file_is_still_read(tmp_path):
    table, findings = _read(tmp_path, b"a,b\nCaf\xe9,1\n")
    assert table is not None and table.rows[0][1][0] == "Café"


def test_a_huge_cell_is_a_clear_finding_not_a_truncated_file(tmp_path):
    table, findings = _read(tmp_path, b"a,b\n" + b"x" * (128 * 1024) + b",1\n2,3\n")
    assert table is None
    [f] = findings.errors
    assert f.code == FindingCode.UNREADABLE_FILE and "characters; the limit is" in f.message and f.row == 2


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(tmp_path):
    f = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (50 * 1024 * 1024))
    findings = Findings()
    assert read_table(f, findings) is None
    assert "zip bomb" in findings.errors[0].message


def test_dates_and_figures_outside_a_plausible_range_are_findings(tmp_path):
    table, findings = _read(tmp_path, b"a,b\n2099-01-01,1e23\n1800-06-30,-inf\n2020-01-01,5\n")
    assert table is not None
    got = [(r.date("a"), r.number("b")[0]) for r in table]
    assert got == [(None, None), (None, None), (got[2][0], 5.0)]
    assert len(findings.errors) == 4


def test_canonical_validation_checks_ranges():
    df = canonical.frame(
        "indicator_values",
        [
            {
                "code": "x",
                "area_type": "la",
                "area_code": "201",
                "breakdown": "all",
                "period": "2020",
                "year": 2020,
                "value": 1e23,
                "source": "s",
                "synthetic": False,
            },
        ],
    )
    findings = Findings()
    canonical.validate("indicator_values", df, findings)
    assert any("magnitude" in f.message for f in findings.errors)
    defs = pl.DataFrame({"code": ["x"], "unit": ["%"]})
    findings = Findings()
    canonical.check_rates(df.with_columns(pl.lit(-3.0).alias("value")), defs, findings)
    assert "negative" in findings.errors[0].message
    # a score can be below zero, whatever its unit says per pupil (Progress 8, real LAIT data)
    for unit in ("score per pupil", "percentage points change", "gap (%)"):
        findings = Findings()
        scores = pl.DataFrame({"code": ["x"], "unit": [unit]})
        canonical.check_rates(df.with_columns(pl.lit(-0.2).alias("value")), scores, findings)
        assert not findings.errors, unit
