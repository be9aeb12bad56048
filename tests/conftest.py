"""Shared test helpers. Tests never need ../shared; those that read it skip when it is absent."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from csrating.findings import Findings
from csrating.sources.registry import ReadContext, load_readers

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW = FIXTURES / "raw"
BAD = FIXTURES / "bad"
SHARED_RAW = ROOT.parent / "shared" / "data" / "raw"


def run_reader(name: str, path: Path, *, label: str | None = None, as_at=None, **options):
    """Run a registered reader on a file; returns (tables, findings)."""
    findings = Findings()
    ctx = ReadContext(findings=findings, label=label or path.name, as_at=as_at, options=options)
    tables = load_readers()[name].fn(path, ctx)
    return tables, findings


@pytest.fixture
def shared_raw() -> Path:
    if not SHARED_RAW.exists():
        pytest.skip("../shared/data/raw is not present (only developers' machines have it)")
    return SHARED_RAW


# The application database of the test session: a fresh SQLite file (and, when the test script started
# one, a real PostgreSQL server under the alias "postgres"). Set before anything opens the store.
os.environ["CSRATING_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='csrating-test-')}/store.sqlite3"
POSTGRES_URL = os.environ.get("CSRATING_TEST_POSTGRES_URL")


def pytest_configure(config):
    from csrating import store
    from csrating.web.settings import web_settings

    store.setup(None, extra={"postgres": POSTGRES_URL} if POSTGRES_URL else None, settings=web_settings())


@contextmanager
def throwaway_database(server_url: str, prefix: str, owner: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``server_url`` (owned by ``owner`` where given):
    its name while the block runs; dropped after, with any connections still open to it."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f" OWNER {owner}" if owner else ""))
    try:
        yield name
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_alias() -> str:
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server: run the tests with `make test` (scripts/test.sh starts one)")
    return "postgres"
