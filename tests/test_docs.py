"""A test fails when a command, option, reader, table or finding code is undocumented."""

import subprocess
import sys

import typer
import typer.main

from csrating.cli import app
from tests.conftest import ROOT


def _walk(cmd, path: tuple[str, ...] = ()):
    yield path, cmd
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        yield from _walk(sub, path + (name,))


def test_every_cli_command_and_option_is_in_docs_cli():
    text = (ROOT / "docs" / "cli.md").read_text()
    missing = []
    for path, cmd in _walk(typer.main.get_command(app)):
        if not path:
            continue
        if f"csrating {' '.join(path)}" not in text:
            missing.append("command: csrating " + " ".join(path))
        for p in cmd.params:
            if p.param_type_name == "option":
                for opt in p.opts:
                    if opt.startswith("--") and opt != "--help" and opt not in text:
                        missing.append(f"option {opt} of csrating {' '.join(path)}")
            elif p.param_type_name == "argument" and p.name.upper() not in text:
                missing.append(f"argument {p.name.upper()} of csrating {' '.join(path)}")
    assert not missing, missing


def test_generated_reference_pages_are_up_to_date():
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
