"""The same speed on every path: each command loads only what it needs, and a command that only reads
needs no application database."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from csrating.cli import app

runner = CliRunner()


def test_parsing_the_command_line_loads_no_heavy_library():
    code = (
        "import sys; from csrating.cli import app; "
        "print(sorted(m for m in ('polars', 'numpy', 'django', 'jinja2', 'weasyprint', 'docx', 'openpyxl',"
        " 'xlsxwriter') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_pipeline_loads_no_heavy_library():
    code = "import sys; import csrating.pipeline; print('polars' in sys.modules, 'django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_rate_without_a_database_rates_without_judgements_and_creates_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSRATING_DATABASE_URL", raising=False)
    r = runner.invoke(app, ["rate", "314", "--dataset", "seeds-2009", "--year", "2009"])
    assert r.exit_code == 0, r.output
    assert "Kingston upon Thames (314)" in r.output
    assert not (tmp_path / "csrating.sqlite3").exists()


def test_python_m_csrating_cli_is_the_command():
    out = subprocess.run([sys.executable, "-m", "csrating.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "csrating" in out.stdout
