from datetime import date

from csrating.findings import FindingCode
from tests.conftest import RAW, run_reader


def test_2009_structure_has_the_152_rated_authorities():
    tables, findings = run_reader(
        "dfe_la_list", RAW / "derived-la-reference" / "la_list_2009_structure_152.csv"
    )
    assert not findings.has_errors
    las = tables["local_authorities"]
    assert las.height == 152
    assert las.filter(la_code="314")["gss_code"].item() == "E09000021"
    assert las.filter(la_code="886")["la_type"].item() == "SC"


def test_code_history_gives_valid_dates_of_reorganised_authorities():
    tables, findings = run_reader(
        "dfe_la_list", RAW / "derived-la-reference" / "la_code_history_2012_2025.csv"
    )
    assert not findings.has_errors
    las = tables["local_authorities"]
    assert las.filter(la_code="928")["valid_to"].item() == date(2021, 3, 31)
    assert las.filter(la_code="940")["valid_from"].item() == date(2021, 4, 1)
    # Buckinghamshire changed GSS code in 2020 but existed throughout: latest code, no start date
    bucks = las.filter(la_code="825")
    assert bucks["gss_code"].item() == "E06000060"
    assert bucks["valid_from"].item() is None


def test_lait_code_list_leaves_out_england_and_regions():
    tables, findings = run_reader("dfe_la_list", RAW / "dfe-lait" / "la_code_list.xlsx")
    assert not findings.has_errors
    codes = tables["local_authorities"]["la_code"].to_list()
    assert "970" not in codes and "1000" not in codes and "420" in codes


def test_unknown_layout_is_reported(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("code,name\n314,Kingston\n")
    _, findings = run_reader("dfe_la_list", f)
    assert [x.code for x in findings.errors] == [FindingCode.MISSING_COLUMN]
