"""Issue 12, point 1: every file name built from data is a plain name. An LA code is three digits where it
enters (canonical CSV refuses anything else, so `../../X` never reaches a dataset), and the letter writers
refuse a file name part that is not a plain name (so even a code that got in could not leave --out)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from csrating import safe
from csrating.findings import FindingCode
from tests.conftest import run_reader

BAD_CODES = ["../../X", "/etc/passwd", "a/b", "..", ".hidden", "-rf", "31 4", "3\n14", "", "x" * 65, "é"]


@pytest.mark.parametrize("code", ["../../X", "/tmp/x", "31", "3140", "abc", "31a", "S20A", "s202a"])
def test_canonical_csv_refuses_an_la_code_that_is_not_three_digits(tmp_path, code):
    f = tmp_path / "settings.csv"
    f.write_text(f'urn,setting_type,la_code,sector,synthetic\nX,primary_school,"{code}",state_funded,true\n')
    tables, findings = run_reader("canonical_csv", f)
    assert [(x.code, x.column) for x in findings.errors] == [(FindingCode.UNKNOWN_LA_CODE, "la_code")]


@pytest.mark.parametrize("code", ["314", "S202A"])  # DfE, and seeds-2009's synthetic neighbours
def test_canonical_csv_takes_a_three_digit_code_or_the_synthetic_form(tmp_path, code):
    f = tmp_path / "settings.csv"
    f.write_text(f"urn,setting_type,la_code,sector,synthetic\nX,primary_school,{code},state_funded,true\n")
    _, findings = run_reader("canonical_csv", f)
    assert not findings.has_errors


@pytest.mark.parametrize("part", BAD_CODES)
def test_a_file_name_part_from_data_must_be_a_plain_name(part):
    with pytest.raises(safe.UnsafeName):
        safe.file_part(part)


def test_safe_names_pass():
    for ok in ["314", "314-2009", "314-apa-2007", "886_x.y"]:
        assert safe.file_part(ok) == ok


def test_the_letter_writer_refuses_an_la_code_that_is_a_path(tmp_path):
    from csrating import pipeline
    from csrating.letters import render

    ds = pipeline.open_dataset("seeds-2009")
    run = pipeline.Run(ds, pipeline.methodology("2009", ds))
    p = run.profile("314")
    letter = run.letter(p, run.rate_profile(p, None))
    out = tmp_path / "out" / "letters"
    with pytest.raises(safe.UnsafeName):
        render.write(replace(letter, la_code="../../X"), out, ("html",))
    assert not (tmp_path / "X-2009.html").exists() and not list(tmp_path.rglob("*.html"))
    assert [p.name for p in render.write(letter, out, ("html",))] == ["314-2009.html", "314-2009.claims.json"]
