import csv

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
    assert "Kensington and Chelsea (207)" in r.output and "Wrote 4 profiles" in r.output
    assert (tmp_path / "profiles.parquet").exists()


def test_profile_command_json_and_errors(tmp_path):
    import json

    r = runner.invoke(app, ["profile", "Kingston upon Thames", "--dataset", "seeds-2009", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["la_code"] == "314" and d["synthetic"] is True
    r = runner.invoke(app, ["profile", "Atlantis", "--dataset", "seeds-2009"])
    assert r.exit_code == 2 and "no LA 'Atlantis'" in r.output
    r = runner.invoke(app, ["profile", "314", "--dataset", "seeds-2009", "--year", "1999"])
    assert r.exit_code == 2 and "no methodology for 1999" in r.output
