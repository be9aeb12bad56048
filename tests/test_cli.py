import csv
import json
import re

import polars as pl
from typer.testing import CliRunner

from csrating.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
RECIPES = FIXTURES / "recipes"


def test_build_then_info(tmp_path):
    out = tmp_path / "mini"
    r = runner.invoke(app, ["dataset", "build", str(RECIPES / "mini.yaml"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "Wrote mini" in r.output
    r = runner.invoke(app, ["dataset", "info", str(out)])
    assert r.exit_code == 0, r.output
    assert "SYNTHETIC" in r.output
    assert "primary_school" in r.output
    r = runner.invoke(app, ["dataset", "verify", str(out)])
    assert r.exit_code == 0 and "intact" in r.output


def test_refused_build_exits_non_zero_with_a_report(tmp_path):
    report = tmp_path / "findings.csv"
    r = runner.invoke(
        app,
        [
            "dataset",
            "build",
            str(RECIPES / "bad.yaml"),
            "--out",
            str(tmp_path / "x"),
            "--report",
            str(report),
        ],
    )
    assert r.exit_code == 1
    assert "Import refused" in r.output
    assert not (tmp_path / "x").exists()
    rows = list(csv.DictReader(report.open()))
    assert {row["code"] for row in rows} >= {"DUPLICATE-KEY", "UNKNOWN-LA-CODE"}
    assert set(rows[0]) == {"file", "row", "column", "code", "severity", "message"}


def test_build_refuses_dot_dot_and_a_foreign_folder_leaving_everything_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("the user's file")
    recipe = (RECIPES / "mini.yaml").read_text().replace("name: mini", "name: ..")
    (tmp_path / "r.yaml").write_text(recipe.replace("root: ", f"root: {RECIPES}/"))
    r = runner.invoke(app, ["dataset", "build", "r.yaml"])
    assert r.exit_code == 1 and "plain folder name" in r.output
    assert (tmp_path / "keep.txt").read_text() == "the user's file"
    foreign = tmp_path / "results"
    foreign.mkdir()
    (foreign / "table.xlsx").write_text("x")
    r = runner.invoke(app, ["dataset", "build", str(RECIPES / "mini.yaml"), "--out", str(foreign)])
    assert r.exit_code == 2 and "not a csrating snapshot" in r.output and "Traceback" not in r.output
    assert [p.name for p in foreign.iterdir()] == ["table.xlsx"]
    r = runner.invoke(
        app,
        ["dataset", "build", str(RECIPES / "mini.yaml"), "--out", str(tmp_path / "new"),
         "--report", str(tmp_path / "missing" / "f.csv")],
    )  # fmt: skip
    flat = re.sub(r"[\s│╭╮╰╯─]+", " ", r.output)  # the usage error's panel wraps the message
    assert r.exit_code == 2 and "does not exist" in flat and not (tmp_path / "new").exists()


def test_unknown_dataset_is_a_clear_error():
    r = runner.invoke(app, ["dataset", "info", "nope"])
    assert r.exit_code == 2
    assert "no dataset 'nope'" in r.output


def test_readers_are_listed():
    r = runner.invoke(app, ["dataset", "readers"])
    assert r.exit_code == 0
    assert "dfe_neighbours" in r.output and "canonical_csv" in r.output


def test_run_builds_every_profile_of_a_dataset(tmp_path):
    r = runner.invoke(app, ["run", "--dataset", "seeds-2009", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "(207)" in r.output and "Wrote 4 profiles" in r.output and "4 ratings" in r.output
    assert "SYNTHETIC" in r.output
    assert (tmp_path / "profiles.parquet").exists()
    assert (
        tmp_path / "apa" / "314-apa-2007.html"
    ).exists() and "Wrote 1 annual performance assessment letter " in r.output
    rows = {row["la_code"]: row for row in csv.DictReader((tmp_path / "ratings.csv").open())}
    assert rows["886"]["rating"] == "performs well"


def test_profile_command_json_and_errors(tmp_path):
    r = runner.invoke(app, ["profile", "Kingston upon Thames", "--dataset", "seeds-2009", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["la_code"] == "314" and d["synthetic"] is True
    r = runner.invoke(app, ["profile", "Atlantis", "--dataset", "seeds-2009"])
    assert r.exit_code == 2 and "no LA 'Atlantis'" in r.output
    r = runner.invoke(app, ["profile", "314", "--dataset", "seeds-2009", "--year", "1999"])
    assert r.exit_code == 2 and "no methodology for 1999" in r.output


def test_profile_tables_are_written_with_a_manifest_that_flags_synthetic_figures(tmp_path):
    out = tmp_path / "tables"
    args = ["profile", "--all", "--dataset", "seeds-2009", "--year", "2009", "--tables", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["synthetic"] is True and "SYNTHETIC" in manifest["note"]
    assert manifest["las"] == 4 and manifest["census_date"] == "2009-08-31"
    for name, rec in manifest["tables"].items():
        df = pl.read_parquet(out / rec["file"])
        assert df.height == rec["rows"] and df.columns == rec["columns"] and rec["description"], name
    assert sorted(pl.read_parquet(out / "las.parquet")["la_code"].to_list()) == ["202", "207", "314", "886"]
    r = runner.invoke(app, ["profile", "314", "--dataset", "seeds-2009", "--tables", str(out)])
    assert r.exit_code == 2 and "--tables goes with --all" in r.output


def test_rate_all_exports_csv_and_workbook_with_sensitivity(tmp_path):
    from openpyxl import load_workbook

    csv_path, xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    r = runner.invoke(
        app,
        [
            "rate",
            "--all",
            "--dataset",
            "seeds-2009",
            "--csv",
            str(csv_path),
            "--xlsx",
            str(xlsx),
            "--sensitivity",
            "--no-judgements",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "performs excellently" in r.output and "Distribution" in r.output
    assert "settings_band_cutoffs[4]" in r.output  # the sensitivity table
    rows = list(csv.DictReader(csv_path.open()))
    assert {row["la_code"]: row["grade"] for row in rows} == {"202": "4", "207": "4", "314": "4", "886": "3"}
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Cover", "Notes", "Ratings", "Distribution", "Sources", "Trace"]
    assert "SYNTHETIC" in " ".join(str(c.value) for c in wb["Cover"]["A"])
    assert [c.value for c in wb["Ratings"][1]][:4] == ["la_code", "la_name", "year", "grade"]
    # every rating states its evidence and the as-at date of its sources
    assert {row["indicators_share"] for row in rows} and all(row["sources_as_at"] for row in rows)
    assert [c.value for c in wb["Sources"][1]] == ["blocks", "title", "publisher", "as_at"]
    assert "not rated: insufficient evidence" in [c.value for c in wb["Distribution"]["A"]]


def test_rate_says_not_rated_with_the_evidence_and_the_sources_as_at():
    # england-latest holds no indicator for 2009: under the 2009 methodology no LA has a grade
    r = runner.invoke(app, ["rate", "886", "--year", "2009", "--no-judgements"])
    assert r.exit_code == 0, r.output
    assert "not rated: insufficient evidence" in r.output and "Evidence - settings:" in r.output
    assert "inspections of the LA counted to 2009-11-30" in r.output and "as at 2021-08-31" in r.output
    r = runner.invoke(app, ["rate", "886", "--year", "2009", "--no-judgements", "--format", "json"])
    d = json.loads(r.output)
    assert d["grade"] is None and d["not_rated"] and "insufficient evidence" in d["not_rated_reason"]
    assert d["evidence"]["indicators"]["share"] == 0 and d["evidence"]["settings"]["coverage_vs_real"] is None
    assert all(src["as_at"] for src in d["evidence"]["sources"])
    r = runner.invoke(app, ["profile", "886", "--year", "2009", "--format", "json"])
    p = json.loads(r.output)
    assert p["completeness"]["dates"] == {
        "census_date": "2009-08-31",
        "la_inspections_cutoff": "2009-11-30",
        "la_inspections_cutoff_basis": "publication",
    }
    assert p["completeness"]["settings"]["settings_counted"] > 0 and p["sources"]


def test_rate_explain_shows_rules_parameters_and_figures():
    r = runner.invoke(app, ["rate", "886", "--dataset", "seeds-2009", "--explain", "--no-judgements"])
    assert r.exit_code == 0, r.output
    assert "BAND-INDICATORS" in r.output and "indicator_band4_better_min = 20" in r.output
    assert "assumed; set in 2009" in r.output and "figure settings.all.good_or_better_pct" in r.output


def test_judge_records_refuses_and_lists(tmp_path):
    r = runner.invoke(
        app, ["judge", "207", "--dataset", "seeds-2009", "--to", "2", "--reason", "x", "--author", "y"]
    )
    assert r.exit_code == 1 and r.output.startswith("refused")
    r = runner.invoke(app, ["judge", "207", "--dataset", "seeds-2009", "--to", "3"])
    assert r.exit_code == 2 and "needs --to GRADE, --reason and --author" in r.output
    r = runner.invoke(
        app,
        [
            "judge",
            "207",
            "--dataset",
            "seeds-2009",
            "--to",
            "3",
            "--reason",
            "late evidence",
            "--author",
            "C. Lead",
            "--evidence",
            "doc-7",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["judge", "207", "--dataset", "seeds-2009", "--history"])
    assert "4 -> 3: late evidence (evidence: doc-7)" in r.output
    r = runner.invoke(app, ["rate", "207", "--dataset", "seeds-2009", "--format", "json"])
    assert json_loads(r.output)["grade"] == 3
    r = runner.invoke(app, ["rate", "207", "--dataset", "seeds-2009", "--format", "json", "--no-judgements"])
    assert json_loads(r.output)["grade"] == 4


def json_loads(text):
    import json

    return json.loads(text)


def test_methodology_show_and_list():
    r = runner.invoke(app, ["methodology", "show", "2010"])
    assert r.exit_code == 0, r.output
    assert "LIM-PRIORITY-ACTION" in r.output and "WITHHOLD-PENDING" in r.output
    assert "LIM-UNANNOUNCED-2009" not in r.output and "ASSUMED" in r.output
    r = runner.invoke(app, ["methodology", "list"])
    assert "2011" in r.output and "deleted" in r.output
    r = runner.invoke(app, ["methodology", "show", "1990"])
    assert r.exit_code == 2


def test_methodology_show_lists_the_letter_claim_rules_with_their_codes():
    """Issue 11: the catalogue of a year names the wording rules of its letter, code by code."""
    from csrating.apa.letter import apa_letter_rules
    from csrating.letters.rule import letter_rules

    wording = {"2009": letter_rules(), "apa-2007": apa_letter_rules()}
    for year, claims in wording.items():
        r = runner.invoke(app, ["methodology", "show", year])
        assert r.exit_code == 0, r.output
        assert "Letter rules" in r.output and len(claims) > 10, year
        missing = [c.code for c in claims if f"{c.code} ({c.stage})" not in r.output]
        assert missing == [], (year, missing)
    assert "APA-CLAIM-" not in runner.invoke(app, ["methodology", "show", "2009"]).output


def test_letter_command_writes_every_format_and_claims(tmp_path):
    r = runner.invoke(
        app,
        [
            "letter",
            "314",
            "--dataset",
            "seeds-2009",
            "--format",
            "md,html,pdf,docx",
            "--out",
            str(tmp_path),
            "--no-judgements",
            "--signatory",
            "A. Person",
        ],
    )
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["314-2009.claims.json", "314-2009.docx", "314-2009.html", "314-2009.md", "314-2009.pdf"]
    assert "A. Person" in (tmp_path / "314-2009.md").read_text()
    r = runner.invoke(app, ["letter", "314", "--dataset", "seeds-2009", "--format", "rtf"])
    assert r.exit_code == 2 and "--format takes md, html, pdf, docx" in r.output


def test_letter_all_writes_one_letter_per_la(tmp_path):
    r = runner.invoke(
        app, ["letter", "--all", "--dataset", "seeds-2009", "--out", str(tmp_path), "--no-judgements"]
    )
    assert r.exit_code == 0, r.output
    assert len(list(tmp_path.glob("*.html"))) == 4 and len(list(tmp_path.glob("*.claims.json"))) == 4


def test_web_commands_refuse_bad_input():
    """(The test database is the one conftest sets up; the browser tests are in tests/web.)"""
    add = ["web", "adduser", "cli-analyst", "--password-stdin"]
    r = runner.invoke(app, add, input="short\n")
    assert r.exit_code == 2 and "at least 8 characters" in r.output
    r = runner.invoke(app, add, input="long enough pw\n")
    assert r.exit_code == 0 and "Added user cli-analyst" in r.output
    r = runner.invoke(app, add, input="another pw 2\n")
    assert r.exit_code == 0 and "Updated user cli-analyst" in r.output
    r = runner.invoke(app, ["web", "serve", "--dataset", "nope"])
    assert r.exit_code == 2 and "no dataset 'nope'" in r.output
    r = runner.invoke(app, ["web", "serve", "--dataset", "seeds-2009", "--year", "1999"])
    assert r.exit_code == 2 and "no methodology for 1999" in r.output


def test_rate_all_into_a_pipe_prints_a_line_per_la_with_nothing_cut_or_wrapped():
    r = runner.invoke(app, ["rate", "--all", "--dataset", "seeds-2009", "--no-judgements"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("LA "))
    assert lines[header].split()[:2] == ["LA", "rating"]
    rows = lines[header + 2 : header + 6]
    # one line each, the name, the rating and the whole evidence line on it
    assert sorted(row.split(" (")[0] for row in rows) == [
        "Camden",
        "Kensington and Chelsea",
        "Kent",
        "Kingston upon Thames",
    ]
    assert all("performs" in row and "indicators" in row and "settings" in row for row in rows)
    assert "\u2502" not in r.output  # no box drawing in a pipe
