from csrating.findings import FindingCode
from tests.conftest import BAD, RAW, run_reader

DIR = "dfe-csc-outcomes-enablers"


def test_2021_model_real_slice():
    tables, findings = run_reader(
        "dfe_neighbours", RAW / DIR / "New_Statistical_Neighbour_Groupings_April_2021.csv", model="dfe-2021"
    )
    assert not findings.has_errors, [str(f) for f in findings]
    sn = tables["statistical_neighbours"]
    kingston = sn.filter(la_code="314").sort("rank")
    assert kingston["neighbour_code"].to_list()[:3] == ["302", "319", "315"]
    assert kingston.height == 10
    assert kingston["closeness"][0] == "Close"
    # the 'Old SNs' section of the file is read too (pre-2019 Dorset)
    assert sn.filter(la_code="835").height == 10


def test_2025_model_in_workbook_with_header_on_row_3():
    tables, findings = run_reader(
        "dfe_neighbours", RAW / "dfe-lait" / "sn_may_2025.xlsx", model="dfe-2025", header_row=3
    )
    assert not findings.has_errors
    sn = tables["statistical_neighbours"]
    assert sn["la_code"].n_unique() >= 150
    assert sn.filter(la_code="886", rank=1)["neighbour_code"].item() == "881"


def test_d2i_lookup_matches_the_provenance_example():
    tables, findings = run_reader(
        "d2i_neighbours", RAW / "d2i-ilacs-scrape" / "Provider_data_lookup.csv", model="d2i-current"
    )
    assert not findings.has_errors
    kingston = tables["statistical_neighbours"].filter(la_code="314").sort("rank")["neighbour_code"].to_list()
    assert kingston == ["319", "315", "919", "305", "800", "868", "358", "318", "936", "825"]
    # defunct authorities (Cumbria 909) have no neighbours: a warning, not an error
    assert any(f.code is FindingCode.OUT_OF_SCOPE for f in findings.warnings)


def test_model_option_is_required():
    _, findings = run_reader("dfe_neighbours", RAW / DIR / "sn_model_2025_wide.csv")
    assert [f.code for f in findings.errors] == [FindingCode.BAD_RECIPE]


def test_missing_neighbour_column_is_reported():
    _, findings = run_reader("dfe_neighbours", BAD / "neighbours" / "missing_sn10.csv", model="m")
    assert [f.code for f in findings.errors] == [FindingCode.MISSING_COLUMN]
    assert "SN1..SN10" in findings.errors[0].message


def test_unknown_code_and_duplicate_la_both_reported():
    tables, findings = run_reader(
        "dfe_neighbours", BAD / "neighbours" / "unknown_code_and_duplicate.csv", model="m"
    )
    errs = {(f.code, f.row, f.column) for f in findings.errors}
    assert (FindingCode.UNKNOWN_LA_CODE, 3, "SN6") in errs
    assert (FindingCode.DUPLICATE_KEY, 4, "LA num") in errs
    # only the good LA's neighbours are returned
    assert tables["statistical_neighbours"]["la_code"].unique().to_list() == ["202"]


def test_full_real_files(shared_raw):
    for rel, opts in [
        (f"{DIR}/New_Statistical_Neighbour_Groupings_April_2021.csv", {"model": "dfe-2021"}),
        (f"{DIR}/sn_model_2025_wide.csv", {"model": "dfe-2025"}),
        ("dfe-lait/sn_april_2021.xlsx", {"model": "dfe-2021", "header_row": 3}),
    ]:
        tables, findings = run_reader("dfe_neighbours", shared_raw / rel, **opts)
        assert not findings.has_errors, (rel, [str(f) for f in findings.errors[:5]])
        assert tables["statistical_neighbours"]["la_code"].n_unique() >= 150
