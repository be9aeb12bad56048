"""Every negative fixture of every reader, imported through `csrating dataset build` as a user would:
the build exits non-zero, the report lists every finding the reader raised (file, row, column, code),
and no snapshot is written."""

import csv
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from csrating.cli import app
from csrating.sources.registry import load_readers
from tests.conftest import BAD, run_reader
from tests.sources.test_dfe_ees import OPTS as EES_OPTS

runner = CliRunner()

# options the fixtures of a reader need (a reader not named needs none); the readers themselves come from
# the registry, so a reader registered without negative fixtures fails test_every_reader_has_negative_fixtures
OPTIONS = {
    "dfe_ees": EES_OPTS,
    "lait": {"dictionary": "lait_data_dictionary.csv"},
    "dfe_neighbours": {"model": "test"},
    "d2i_neighbours": {"model": "test"},
}
FOLDER = {"dfe_neighbours": "neighbours"}
READERS = sorted(load_readers())


def fixtures_of(reader: str) -> list[Path]:
    """The negative fixtures of a reader: the CSV and Parquet files of its folder under fixtures/bad
    (dictionaries a reader reads through an option left out), or its subfolders for a reader of folders
    (canonical_csv); none when it has no folder."""
    folder = BAD / FOLDER.get(reader, reader)
    if not folder.is_dir():
        return []
    return [
        f
        for f in sorted(folder.iterdir())
        if (f.is_dir() or f.suffix in (".csv", ".parquet"))
        and not f.name.startswith(("dictionary_", "lait_data_dictionary"))
    ]


def _cases():
    for reader in READERS:
        for f in fixtures_of(reader):
            yield pytest.param(reader, f, OPTIONS.get(reader, {}), id=f"{reader}/{f.name}")


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
    elif any(row["file"].startswith("table ") for row in rows if row["severity"] == "error"):
        # rows the reader accepts but the build's table checks refuse (keys, codes across tables)
        assert r.exit_code == 1, r.output
        assert not out.exists()
    else:  # a fixture of warnings only (e.g. a provider with no LA) imports, with its warnings listed
        assert r.exit_code == 0, r.output
        assert {row["code"] for row in rows} >= {f.code.value for f in expected.warnings}


def test_every_reader_has_negative_fixtures():
    without = [r for r in READERS if not fixtures_of(r)]
    assert without == [], f"registered readers without negative fixtures in fixtures/bad: {without}"
    assert set(OPTIONS) <= set(READERS), set(OPTIONS) - set(READERS)
    assert len(CASES) >= 100


def test_a_reader_without_fixtures_would_fail():
    # the check above reads the registry: a newly registered reader has no folder, so it is listed
    assert fixtures_of("a_reader_registered_tomorrow") == []
