"""Issue 12, point 5: clean failures. Every bad output path of every command that writes is a clear error
(exit 2, a message naming the path and the reason) before any work, never a traceback and never half an
output; no message shows a database password."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csrating.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
MINI = str(ROOT / "tests" / "fixtures" / "recipes" / "mini.yaml")
SEEDS = ["--dataset", "seeds-2009"]

# (command, its path option, file or folder)
WRITERS = {
    "rate --csv": (["rate", "--all", *SEEDS, "--no-judgements", "--csv"], "file"),
    "rate --xlsx": (["rate", "--all", *SEEDS, "--no-judgements", "--xlsx"], "file"),
    "profile --out": (["profile", "--all", *SEEDS, "--year", "2009", "--out"], "file"),
    "profile --tables": (["profile", "--all", *SEEDS, "--year", "2009", "--tables"], "folder"),
    "run --out": (["run", *SEEDS, "--out"], "folder"),
    "letter --out": (["letter", "314", *SEEDS, "--out"], "folder"),
    "apa letter --out": (["apa", "letter", "314", *SEEDS, "--out"], "folder"),
    "dataset build --report": (["dataset", "build", MINI, "--out", "{tmp}/snap", "--report"], "file"),
    "dataset build --out": (["dataset", "build", MINI, "--out"], "folder"),
}
# bad paths: {tmp} is a fresh folder holding a file "file"; /proc takes no new file, even from root
BAD = {
    "missing folder": ("{tmp}/missing/x.csv", "file"),
    "a file where a folder is expected": ("{tmp}/file/x.csv", None),
    "no permission": ("/proc/csrating-test/x.csv", None),
    "no permission here": ("/proc/x.csv", "file"),
    "a folder where a file is expected": ("{tmp}", "file"),
    "a file as the folder": ("{tmp}/file", "folder"),
}
CASES = [
    (cmd, bad) for cmd, (_, kind) in WRITERS.items() for bad, (_, only) in BAD.items() if only in (None, kind)
]


@pytest.mark.parametrize(("cmd", "bad"), CASES)
def test_a_bad_output_path_is_a_clear_error_before_any_work(tmp_path, cmd, bad):
    (tmp_path / "file").write_text("x")
    args, _ = WRITERS[cmd]
    path = BAD[bad][0].format(tmp=tmp_path)
    r = runner.invoke(app, [a.format(tmp=tmp_path) for a in args] + [path])
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert isinstance(r.exception, SystemExit) and "Traceback" not in r.output
    flat = re.sub(r"[\s│╭╮╰╯─]+", " ", r.output)  # the usage error's panel wraps the message
    assert "cannot write" in flat and ("does not exist" in flat or "folder" in flat or "permission" in flat)
    assert not (tmp_path / "snap").exists()  # no work done: no snapshot written before the failure
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_list_of_writers_covers_every_path_option():
    """Every Path option of the command line is checked by a callback (a new one without it fails)."""
    import inspect

    from typer.models import OptionInfo

    def commands(t):  # noqa: ANN001, ANN202
        yield from (c.callback for c in t.registered_commands)
        for g in t.registered_groups:
            yield from commands(g.typer_instance)

    unchecked, checked = [], 0
    for fn in commands(app):
        for name, p in inspect.signature(fn).parameters.items():
            if isinstance(p.default, OptionInfo) and "Path" in str(p.annotation) and name != "raw_root":
                checked += 1
                if p.default.callback is None:
                    unchecked.append(f"{fn.__name__} {name}")
    assert checked == 9  # the options of WRITERS, one each
    assert not unchecked


def test_no_database_password_in_any_message(tmp_path):
    url = "postgresql://someone:s3cret-pw@127.0.0.1:9/nowhere"
    r = runner.invoke(app, ["store", "verify", "--db", url])  # the store is set up already: refused
    assert r.exit_code == 1 and "s3cret" not in r.output and "someone:***@" in r.output, r.output
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSRATING_DATABASE")}
    p = subprocess.run(
        [sys.executable, "-m", "csrating.cli", "store", "verify", "--db", url],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert "s3cret" not in p.stdout + p.stderr and "someone:***@" in p.stderr, p.stderr


def test_masking():
    from csrating import store

    assert store.mask_url("postgresql://u:p@h:5/d") == "postgresql://u:***@h:5/d"
    assert store.mask_url("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"
    assert "pw" not in store.masked("connection failed: host=h password=pw user=u")
