"""The embedded seeds-2009 dataset: built deterministically from its spec, every claim of the seed letters
holds, and every CSV reads back through the canonical_csv reader and matches its canonical schema."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from csrating.findings import Findings
from csrating.sources import canonical
from tests.conftest import ROOT, run_reader

FOLDER = ROOT / "data" / "sources" / "seeds-2009"
SCRIPT = ROOT / "scripts" / "build_seeds_2009.py"
TABLES = [
    "local_authorities",
    "statistical_neighbours",
    "la_contacts",
    "settings",
    "setting_inspections",
    "setting_benchmarks",
    "indicator_definitions",
    "indicator_values",
    "la_inspections",
    "serious_case_reviews",
    "apa_judgements",
    "jar_recommendations",
    "apa_narrative",
]


def _script():
    spec = importlib.util.spec_from_file_location("build_seeds_2009", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tables():
    tables, findings = run_reader("canonical_csv", FOLDER, label="seeds-2009")
    assert not findings.has_errors, [str(f) for f in findings.errors]
    return tables


def test_build_is_deterministic_and_the_committed_files_are_current(tmp_path: Path):
    mod = _script()
    assert mod.main(["--out", str(tmp_path / "a")]) == 0  # every claim checked, none failing
    assert mod.main(["--out", str(tmp_path / "b")]) == 0
    for name in [*(f"{t}.csv" for t in TABLES), "README.md"]:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes(), name
        assert a == (FOLDER / name).read_bytes(), f"{name} is stale: run scripts/build_seeds_2009.py"


def test_every_table_is_present_and_matches_its_schema(tables):
    assert set(tables) == set(TABLES)
    for name, df in tables.items():
        findings = Findings()
        canonical.validate(name, df, findings)
        assert not findings.has_errors, (name, [str(f) for f in findings.errors])
        assert df.height > 0, name
        assert df["source"].str.starts_with("seeds-2009:").all(), name


def test_small_enough_to_embed():
    size = sum(p.stat().st_size for p in FOLDER.glob("*.csv"))
    assert size < 2_000_000


def test_comparators_and_neighbours_are_synthetic_and_facts_are_not(tables):
    assert tables["local_authorities"]["synthetic"].all()
    assert tables["local_authorities"]["la_code"].str.starts_with("S").all()
    assert tables["setting_benchmarks"]["synthetic"].all()
    vals = tables["indicator_values"]
    assert vals.filter(pl.col("area_type") == "england")["synthetic"].all()
    assert vals.filter(pl.col("area_code").str.starts_with("S"))["synthetic"].all()
    stated = vals.filter(~pl.col("synthetic"))
    assert sorted(zip(stated["code"], stated["value"], strict=True)) == [
        ("NI45", 90.0),
        ("NI66", 91.0),
        ("NI67", 100.0),
    ]
    assert not tables["la_contacts"]["synthetic"].any()
    assert not tables["apa_judgements"]["synthetic"].any()
    settings = tables["settings"]
    invented = settings.filter(pl.col("synthetic"))["urn"]
    assert invented.str.starts_with("SYN").all()


def test_each_seed_la_has_ten_synthetic_neighbours(tables):
    nb = tables["statistical_neighbours"]
    assert set(nb["model"]) == {"seeds-2009-synthetic"}
    counts = nb.group_by("la_code").len()
    assert dict(zip(counts["la_code"], counts["len"], strict=True)) == {
        "202": 10,
        "207": 10,
        "314": 10,
        "886": 10,
    }


def test_no_limiting_judgement_and_the_stated_la_judgements(tables):
    lai = tables["la_inspections"]
    assert lai.filter(pl.col("inspection_type") == "unannounced").height == 0
    assert lai.filter((pl.col("aspect") == "safeguarding") & (pl.col("grade") == 1)).height == 0
    apa = tables["apa_judgements"]
    assert dict(zip(apa["aspect"], apa["grade"], strict=True)) == {
        "overall": 4,
        "BH": 3,
        "SS": 4,
        "EA": 4,
        "MPC": 4,
        "AEW": 4,
        "capacity": 4,
    }
