"""Issue 12, point 2: no export holds a live formula. Every text cell beginning with =, +, -, @, a tab or a
carriage return is written with a leading single quote (the OWASP rule), and no workbook cell is a formula.

The list of exports is derived from the source: every place that writes CSV or a workbook is found by
pattern, and must be either the shared guard (csrating.safe) or a call through it; a new writer that does
not go through the guard fails `test_every_writer_in_the_source_goes_through_the_guard`. Each export the
project has is then run with formula text injected into its cells."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from csrating import safe
from csrating.cli import app
from csrating.findings import FindingCode, Findings

SRC = Path(__file__).resolve().parents[1] / "src" / "csrating"
runner = CliRunner()

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=1+1"]
# A writer primitive: CSV (polars, csv module), a workbook (openpyxl cells, rows, sheets, polars).
RAW_WRITER = re.compile(
    r"\.write_csv\(|csv\.(?:writer|DictWriter)\(|\.write_excel\(|\.to_csv\(|\bws\.append\(|\.cell\(|Workbook\("
)
# The guarded wrappers: calls to them are exports through the guard (each is exercised below).
GUARDED_CALLS = re.compile(
    r"\bsafe\.(?:write_csv|put|append)\(|\b(?:findings|exc\.findings)\.write_csv\(|\b(?:rating_)?export\.write_csv\("
)
# A raw writer allowed where its rows pass through safe.row / safe.append / safe.put (file: primitive).
RAW_ALLOWED = {
    ("findings.py", "csv.DictWriter("),  # rows: safe.row(f.as_dict())
    ("rating/export.py", "Workbook("),  # every cell through safe.put / safe.append
}


def _writer_sites() -> list[tuple[str, int, str]]:
    sites = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if RAW_WRITER.search(code) and not code.lstrip().startswith(("def ", '"', "'")):
                sites.append((rel, n, code.strip()))
    return sites


def test_every_writer_in_the_source_goes_through_the_guard():
    sites = _writer_sites()
    assert len(sites) >= 8, sites  # the derivation finds the exports (a broken pattern would find none)
    unguarded = []
    for rel, n, code in sites:
        if rel == "safe.py" or GUARDED_CALLS.search(code):
            continue
        if any(rel == f and prim in code for f, prim in RAW_ALLOWED):
            continue
        unguarded.append(f"{rel}:{n}: {code}")
    assert not unguarded, "writers that bypass csrating.safe:\n" + "\n".join(unguarded)
    # the allowed raw writers really do route their cells through the guard
    assert "safe.row(" in (SRC / "findings.py").read_text()
    export = (SRC / "rating" / "export.py").read_text()
    assert not re.search(r"\bws\.append\(|\.cell\(", export), "a workbook cell set without the guard"


def _live_csv(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row if c.startswith(safe.FORMULA_START)]


def _live_xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    bad = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (
                    isinstance(c.value, str) and c.value.startswith(safe.FORMULA_START)
                ):
                    bad.append(f"{ws.title}!{c.coordinate}={c.value!r}")
    return bad


def test_the_guard_follows_the_owasp_rule():
    for v in EVIL:
        assert safe.cell(v) == "'" + v
    assert safe.cell("Kingston") == "Kingston" and safe.cell(-2) == -2 and safe.cell(None) is None
    df = pl.DataFrame({"t": [*EVIL, "ok", None], "n": list(range(len(EVIL) + 2))})
    out = safe.frame(df)
    assert out["t"].to_list() == ["'" + v for v in EVIL] + ["ok", None] and out["n"].equals(df["n"])
    assert _live_csv(safe.write_csv(df) or "") == []


@pytest.fixture
def evil_ratings(monkeypatch):
    """Every text column of the ratings table (CLI and web alike) starts with formula text."""
    from csrating.rating import export

    table, trace = export.table, export.trace_table

    def poison(df: pl.DataFrame) -> pl.DataFrame:
        text = [c for c, t in df.schema.items() if t == pl.String]
        return df.with_columns(pl.lit(EVIL[i % len(EVIL)]).alias(c) for i, c in enumerate(text))

    monkeypatch.setattr(export, "table", lambda ratings: poison(table(ratings)))
    monkeypatch.setattr(export, "trace_table", lambda ratings: poison(trace(ratings)))


@pytest.fixture
def evil_profiles(monkeypatch):
    from csrating.profile import export as profile_export
    from csrating.web import views

    flatten = profile_export.flatten

    def poisoned(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        df = flatten(*args, **kwargs)
        return df.with_columns(pl.lit(EVIL[0]).alias("la_name"), pl.lit(EVIL[3]).alias("block"))

    monkeypatch.setattr(profile_export, "flatten", poisoned)
    monkeypatch.setattr(views, "flatten", poisoned)


def test_rate_csv_and_xlsx_hold_no_live_formula(tmp_path, evil_ratings):
    c, x = tmp_path / "r.csv", tmp_path / "r.xlsx"
    args = ["rate", "--all", "--dataset", "seeds-2009", "--no-judgements", "--csv", str(c), "--xlsx", str(x)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    text = c.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and _live_csv(text) == []
    assert _live_xlsx(x) == []


def test_run_ratings_csv_holds_no_live_formula(tmp_path, evil_ratings):
    r = runner.invoke(app, ["run", "--dataset", "seeds-2009", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    text = (tmp_path / "ratings.csv").read_text(encoding="utf-8")
    assert "'@SUM" in text and _live_csv(text) == []


def test_profile_csv_holds_no_live_formula(tmp_path, evil_profiles):
    out = tmp_path / "p.csv"
    r = runner.invoke(
        app, ["profile", "--all", "--dataset", "seeds-2009", "--year", "2009", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and _live_csv(text) == []


def test_findings_csv_holds_no_live_formula(tmp_path):
    f = Findings()
    for v in EVIL:
        f.error(v, FindingCode.BAD_NUMBER, v, row=1, column=v)
    f.write_csv(tmp_path / "f.csv")
    text = (tmp_path / "f.csv").read_text(encoding="utf-8")
    assert "'+1+1" in text and _live_csv(text) == []


def test_web_downloads_hold_no_live_formula(tmp_path, monkeypatch, evil_ratings, evil_profiles):
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    from csrating.web import state, views

    monkeypatch.setenv("CSRATING_WEB_DATASET", "seeds-2009")
    monkeypatch.setenv("CSRATING_WEB_YEAR", "2009")
    state.choose("seeds-2009", "2009")
    req = RequestFactory().get("/")
    req.session = SessionStore()
    text = views.ratings_file(req, "csv").content.decode("utf-8")
    assert "'=HYPERLINK" in text and _live_csv(text) == []
    (tmp_path / "w.xlsx").write_bytes(views.ratings_file(req, "xlsx").content)
    assert _live_xlsx(tmp_path / "w.xlsx") == []
    text = views.profile_file(req, "314", "csv").content.decode("utf-8")
    assert "'=HYPERLINK" in text and _live_csv(text) == []
