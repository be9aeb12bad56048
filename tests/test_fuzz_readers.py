"""Issue 12 point 6: a short fuzz run over every registered reader (the long run is
scripts/fuzz_readers.py --cases N --seed S): no traceback, no partial snapshot."""

import importlib.util
import sys

import pytest

from csrating.sources.registry import load_readers
from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "scripts" / "fuzz_readers.py")
assert spec is not None and spec.loader is not None
fuzz_readers = importlib.util.module_from_spec(spec)
sys.modules["fuzz_readers"] = fuzz_readers
spec.loader.exec_module(fuzz_readers)


def test_every_registered_reader_has_a_fuzz_seed():
    assert {s.reader for s in fuzz_readers.seeds()} == set(load_readers())


def test_a_short_fuzz_run_has_no_traceback_and_no_partial_snapshot():
    report = fuzz_readers.fuzz(cases=300, seed=12, seconds=20)
    assert report.cases >= 40
    assert report.ok, "\n".join(report.failures[:5])
    assert report.outcomes["refused with findings"] > 0


# silent changes still known (issue 12 point 3, left for the reader's owner): removing the first of
# OSR23's two return columns makes the reader read the file as another layout without a finding
KNOWN_SILENT: set[tuple[str, str, str]] = set()
SEEDS = fuzz_readers.seeds()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"{s.reader}/{s.path.name}")
def test_removing_or_blanking_any_column_a_reader_uses_is_a_finding(seed, tmp_path):
    """Every column of every reader's seed, removed then blanked: the output is unchanged (the column is
    not used) or there is a finding."""
    silent = set(fuzz_readers.column_audit(seed, tmp_path)) - KNOWN_SILENT
    assert not silent


def test_an_unknown_inspection_type_in_the_la_history_is_a_finding_not_a_traceback(tmp_path):
    """Found by the fuzzer (seed 3): a cell of an ILACS type column replaced by a figure."""
    import csv

    from csrating.sources.la_inspections import HISTORY_GROUPS
    from tests.conftest import RAW, run_reader

    src = RAW / "dfe-csc-outcomes-enablers" / "extracted_csv" / "csc2023_LA_inspections_2009-2023.csv"
    rows = list(csv.reader(src.open(encoding="utf-8-sig", newline="")))
    group = next(g for g in HISTORY_GROUPS if g.type_column and g.type_column in rows[0])
    t, d = rows[0].index(group.type_column), rows[0].index(group.date)
    r = next(i for i, row in enumerate(rows[1:], 1) if row[d])
    rows[r][t] = "1e23"
    f = tmp_path / src.name
    with f.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    _, findings = run_reader("ofsted_la_inspections_2009_2023", f)
    assert [(e.code.value, e.column) for e in findings.errors] == [("UNKNOWN-CATEGORY", group.type_column)]
