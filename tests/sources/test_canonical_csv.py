from datetime import date

from csrating.findings import FindingCode
from tests.conftest import BAD, FIXTURES, run_reader


def test_reads_a_folder_of_canonical_tables():
    tables, findings = run_reader("canonical_csv", FIXTURES / "canonical" / "mini", label="mini")
    assert not findings.has_errors
    assert set(tables) == {
        "settings",
        "setting_inspections",
        "la_contacts",
        "indicator_definitions",
        "indicator_values",
    }
    s = tables["settings"]
    assert s.filter(urn="SYN-2")["registration_date"].item() is None
    assert s["synthetic"].all()
    i = tables["setting_inspections"]
    assert i.filter(inspection_id="d")[["overall", "BH", "SS"]].row(0) == (3, 3, 3)
    assert i.filter(inspection_id="a")["known_at"].item() == date(2008, 5, 1)
    assert s["source"][0].startswith("canonical_csv:mini/settings.csv")


def test_every_bad_cell_is_reported_with_row_and_column():
    _, findings = run_reader("canonical_csv", BAD / "canonical_csv" / "badcells", label="bad")
    got = {(f.code, f.row, f.column) for f in findings.errors}
    assert got == {
        (FindingCode.UNKNOWN_GRADE, 2, "overall"),
        (FindingCode.BAD_DATE, 3, "inspection_date"),
        (FindingCode.MISSING_VALUE, 4, "known_at"),
        (FindingCode.BAD_NUMBER, 4, "synthetic"),
    }


def test_unknown_column_is_refused(tmp_path):
    f = tmp_path / "settings.csv"
    f.write_text(
        "urn,setting_type,la_code,sector,synthetic,colour\nX,primary_school,314,state_funded,true,red\n"
    )
    _, findings = run_reader("canonical_csv", f)
    assert [(x.code, x.column) for x in findings.errors] == [(FindingCode.UNKNOWN_CATEGORY, "colour")]


def test_file_not_named_after_a_table(tmp_path):
    f = tmp_path / "schools.csv"
    f.write_text("urn\n1\n")
    _, findings = run_reader("canonical_csv", f)
    assert findings.errors[0].code is FindingCode.BAD_RECIPE


def test_bad_apa_judgements_and_jar_recommendations_are_reported_with_row_and_column():
    """Recorded APA grades and joint area review recommendations are checked like every other table."""
    _, findings = run_reader("canonical_csv", BAD / "canonical_csv" / "apa", label="bad")
    got = {(f.file, f.code, f.row, f.column) for f in findings.errors}
    assert got == {
        ("bad/apa_judgements.csv", FindingCode.UNKNOWN_CATEGORY, 3, "aspect"),
        ("bad/apa_judgements.csv", FindingCode.UNKNOWN_GRADE, 4, "grade"),
        ("bad/apa_judgements.csv", FindingCode.BAD_DATE, 5, "letter_date"),
        ("bad/jar_recommendations.csv", FindingCode.UNKNOWN_CATEGORY, 2, "timescale"),
        ("bad/jar_recommendations.csv", FindingCode.MISSING_VALUE, 3, "text"),
    }
