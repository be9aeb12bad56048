"""Issue 12, point 4: a judgement log that cannot be rewritten, and stays linear.

- SQLite: triggers refuse UPDATE, DELETE and INSERT OR REPLACE, even from raw sqlite3.
- `csrating store verify` detects an entry rewritten by someone with file access (trigger dropped first).
- Concurrent first uses of a fresh database (10 processes) all succeed, and their judgements on the same LA
  and year form one linear history (each supersedes the one before; no fork), on SQLite and PostgreSQL.
- PostgreSQL: the application's role may SELECT and INSERT, but UPDATE, DELETE, TRUNCATE and disabling
  the triggers are each refused (tests/store/test_pg_roles.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import throwaway_database

ROOT = Path(__file__).resolve().parents[2]
CSRATING = [sys.executable, "-m", "csrating.cli"]
RECORD = """
import sys
from csrating import store
store.setup(sys.argv[1], owner=sys.argv[2] or None)
j = store.record_judgement(la_code="314", year="2009", dataset="seeds-2009", from_grade=4, to_grade=3,
                           reason="r" + sys.argv[3], author="a")
print(j["id"], j["supersedes"])
"""


def record(url: str, n: int, owner: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSRATING_DATABASE")}
    return subprocess.run(
        [sys.executable, "-c", RECORD, url, owner, str(n)], capture_output=True, text=True, env=env, cwd=ROOT
    )


def verify(url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSRATING_DATABASE")}
    return subprocess.run(
        [*CSRATING, "store", "verify", "--db", url], capture_output=True, text=True, env=env, cwd=ROOT
    )


def concurrent_first_uses(url: str, owner: str = "", n: int = 10) -> list[tuple[int, int | None]]:
    with ThreadPoolExecutor(n) as pool:
        done = list(pool.map(lambda i: record(url, i, owner), range(n)))
    failed = [d.stderr[-2000:] for d in done if d.returncode != 0]
    assert not failed, failed
    rows = [tuple(d.stdout.split()) for d in done]
    return [(int(i), None if s == "None" else int(s)) for i, s in rows]


def assert_linear(rows: list[tuple[int, int | None]]) -> None:
    ids = sorted(i for i, _ in rows)
    sup = {i: s for i, s in rows}
    assert [sup[i] for i in ids] == [None, *ids[:-1]], rows  # each supersedes the one before: no fork


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'log.sqlite3'}"


def test_ten_concurrent_first_uses_of_a_fresh_sqlite_file_succeed_and_stay_linear(sqlite_url):
    assert_linear(concurrent_first_uses(sqlite_url))
    v = verify(sqlite_url)
    assert v.returncode == 0 and "10 entries" in v.stdout, v.stdout + v.stderr


def test_sqlite_triggers_refuse_update_delete_and_replace(sqlite_url):
    assert record(sqlite_url, 1).returncode == 0 and record(sqlite_url, 2).returncode == 0
    db = sqlite_url.removeprefix("sqlite:///")
    con = sqlite3.connect(db)
    attacks = [
        "UPDATE csrating_store_judgement SET to_grade = 1 WHERE id = 1",
        "DELETE FROM csrating_store_judgement WHERE id = 1",
        "INSERT OR REPLACE INTO csrating_store_judgement SELECT * FROM csrating_store_judgement WHERE id = 1",
        "REPLACE INTO csrating_store_judgement SELECT * FROM csrating_store_judgement WHERE id = 2",
    ]
    cols = [r[1] for r in con.execute("PRAGMA table_info(csrating_store_judgement)")]
    row = dict(
        zip(cols, con.execute("SELECT * FROM csrating_store_judgement WHERE id = 1").fetchone(), strict=True)
    )
    row.update(reason="rewritten", to_grade=1)
    marks = ", ".join("?" for _ in cols)
    refused = 0
    for sql in attacks:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
        refused += 1
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute(f"INSERT OR REPLACE INTO csrating_store_judgement VALUES ({marks})", list(row.values()))
    con.commit()
    assert con.execute("SELECT reason FROM csrating_store_judgement ORDER BY id").fetchall() == [
        ("r1",),
        ("r2",),
    ]
    assert verify(sqlite_url).returncode == 0


def test_store_verify_detects_a_rewritten_sqlite_entry(sqlite_url):
    for i in range(3):
        assert record(sqlite_url, i).returncode == 0
    assert verify(sqlite_url).returncode == 0
    con = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    con.execute("DROP TRIGGER csrating_store_judgement_no_update")  # an attacker with the file
    con.execute("UPDATE csrating_store_judgement SET to_grade = 1, reason = 'nothing to see' WHERE id = 2")
    con.commit()
    v = verify(sqlite_url)
    assert v.returncode == 1 and "judgement 2" in v.stderr and "rewritten" in v.stderr, v.stdout + v.stderr
    assert "Traceback" not in v.stderr


def test_store_verify_detects_a_removed_entry(sqlite_url):
    for i in range(3):
        assert record(sqlite_url, i).returncode == 0
    con = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    con.execute("DROP TRIGGER csrating_store_judgement_no_delete")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DELETE FROM csrating_store_judgement WHERE id = 2")
    con.commit()
    v = verify(sqlite_url)
    assert v.returncode == 1 and "does not verify" in v.stderr, v.stdout + v.stderr


PG = os.environ.get("CSRATING_TEST_POSTGRES_URL")


@pytest.fixture
def fresh_pg() -> str:
    if not PG:
        pytest.skip("no PostgreSQL server: run the tests with scripts/test.sh")
    with throwaway_database(PG, "csrating_log") as name:
        yield PG.rsplit("/", 1)[0] + "/" + name


def test_ten_concurrent_first_uses_of_a_fresh_postgresql_database_succeed_and_stay_linear(fresh_pg):
    assert_linear(concurrent_first_uses(fresh_pg))
    v = verify(fresh_pg)
    assert v.returncode == 0 and "10 entries" in v.stdout, v.stdout + v.stderr
