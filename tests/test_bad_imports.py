"""Every negative fixture of every reader, imported through `csrating dataset build` as a user would:
the build exits non-zero, the report lists every finding the reader raised (file, row, column, code),
and no snapshot is written."""

import csv
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from csrating.cli import app
from tests.conftest import BAD, run_reader
from tests.sources.test_dfe_ees import OPTS as EES_OPTS

runner = CliRunner()

# reader -> options its fixtures need (files a reader reads only through an option are left out)
READERS = {
    "ofsted_childcare": {},
    "gias_schools": {},
    "ofsted_schools_mi": {},
    "ofsted_school_history": {},
    "dfe_school_spine": {},
    "gias_establishments": {},
    "ofsted_social_care_providers": {},
    "ofsted_social_care_inspections": {},
    "ofsted_la_inspections_2009_2023": {},
    "ofsted_ilacs_outcomes": {},
    "d2i_ilacs_history": {},
    "dfe_ees": EES_OPTS,
    "dfe_exclusions_2007": {},
    "dfe_cla_903": {},
    "dfe_cla_outcomes": {},
    "dfe_cla_ni71": {},
    "lait": {"dictionary": "lait_data_dictionary.csv"},
    "dfe_neighbours": {"model": "test"},
}
FOLDER = {"dfe_neighbours": "neighbours"}


def _cases():
    for reader, options in READERS.items():
        folder = BAD / FOLDER.get(reader, reader)
        for f in sorted(folder.iterdir()):
            if f.suffix in (".csv", ".parquet") and not f.name.startswith(
                ("dictionary_", "lait_data_dictionary")
            ):
                yield pytest.param(reader, f, options, id=f"{reader}/{f.name}")


CASES = list(_cases())


@pytest.mark.parametrize(("reader", "path", "options"), CASES)
def test_bad_fixture_is_refused_whole(reader, path: Path, options, tmp_path):
    _, expected = run_reader(reader, path, label=path.name, **options)
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        yaml.safe_dump(
            {
                "name": "bad",
                "root": str(path.parent),
                "sources": [{"reader": reader, "path": path.name, "as_at": "2023-03-31", "options": options}],
            }
        )
    )
    out, report = tmp_path / "snapshot", tmp_path / "findings.csv"
    r = runner.invoke(app, ["dataset", "build", str(recipe), "--out", str(out), "--report", str(report)])
    rows = list(csv.DictReader(report.open()))
    got = {
        (row["file"], row["row"], row["column"], row["code"]) for row in rows if row["severity"] == "error"
    }
    want = {
        (f.file, "" if f.row is None else str(f.row), f.column or "", f.code.value) for f in expected.errors
    }
    if expected.errors:
        assert r.exit_code == 1, r.output
        assert "Import refused" in r.output
        assert not out.exists() and not any(p.name.startswith(".snapshot") for p in tmp_path.iterdir())
        assert want <= got  # every finding of the reader is reported (the build may add table-level ones)
    else:  # a fixture of warnings only (e.g. a provider with no LA) imports, with its warnings listed
        assert r.exit_code == 0, r.output
        assert {row["code"] for row in rows} >= {f.code.value for f in expected.warnings}


def test_every_reader_has_negative_fixtures():
    readers = {c.values[0] for c in CASES}
    assert readers == set(READERS)
    assert len(CASES) >= 100
