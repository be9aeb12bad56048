"""Shared test helpers. Tests never need ../shared; those that read it skip when it is absent."""

from __future__ import annotations

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
