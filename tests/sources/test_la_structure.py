"""LA codes of later structures mapped back to the 152 LAs of 2009 (sources/la_structure.py), and the
childcare reader's option that uses it on the real slice."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csrating.findings import FindingCode, Findings
from csrating.sources.la_structure import to_2009
from csrating.sources.ofsted_childcare import read
from csrating.sources.registry import ReadContext
from tests.sources.test_ofsted_childcare import SLICE


@pytest.mark.parametrize(
    ("code", "postcode", "constituency", "expected"),
    [
        ("940", None, None, ("928", False)),  # North Northamptonshire -> Northamptonshire
        ("941", None, None, ("928", False)),
        ("942", None, None, ("909", False)),  # Cumberland -> Cumbria
        ("838", None, None, ("835", False)),  # the new Dorset -> Dorset
        ("839", "BH7 6HT", "Bournemouth East", ("837", False)),
        ("839", "bh14 0aa", None, ("836", False)),
        ("839", "BH23 1AA", None, ("835", False)),  # Christchurch was in Dorset
        ("839", "REDACTED", "Christchurch", ("835", False)),  # childminders: by constituency
        ("839", "REDACTED", "Mid Dorset and North Poole", ("836", False)),
        ("839", "REDACTED", "Somewhere", ("837", True)),  # a guess, which the reader reports
        ("314", None, None, ("314", False)),
    ],
)
def test_later_codes_map_back_to_the_2009_structure(code, postcode, constituency, expected):
    assert to_2009(code, postcode, constituency) == expected


def test_childcare_reader_maps_bcp_back_to_bournemouth_and_poole_with_the_option():
    findings = Findings()
    ctx = ReadContext(findings, label="slice", as_at=date(2021, 8, 31), options={"la_structure": "2009"})
    out = read(SLICE, ctx)
    codes = set(out["settings"]["la_code"].to_list())
    assert "839" not in codes and "837" in codes
    plain = read(SLICE, ReadContext(Findings(), label="slice", as_at=date(2021, 8, 31)))
    assert "839" in set(plain["settings"]["la_code"].to_list())
    assert out["settings"].height == plain["settings"].height  # nothing dropped


def test_an_unknown_structure_is_a_recipe_error():
    findings = Findings()
    read(SLICE, ReadContext(findings, label="slice", options={"la_structure": "1974"}))
    assert [f.code for f in findings.errors] == [FindingCode.BAD_RECIPE]


def test_the_2021_neighbour_model_laid_on_the_2009_las():
    from csrating.sources.neighbours import read_dfe
    from tests.conftest import FIXTURES

    path = (
        FIXTURES / "raw" / "dfe-csc-outcomes-enablers" / "New_Statistical_Neighbour_Groupings_April_2021.csv"
    )
    if not path.exists():
        pytest.skip("the neighbour fixture is not there")
    findings = Findings()
    opts = {"model": "dfe-2021", "la_structure": "2009"}
    sn = read_dfe(path, ReadContext(findings, label="sn", options=opts))["statistical_neighbours"]
    codes = set(sn["la_code"].to_list()) | set(sn["neighbour_code"].to_list())
    assert not codes & {"838", "839", "940", "941", "942", "943"}
    per_la = sn.group_by("la_code").agg(
        pl.len().alias("n"), pl.col("rank").min().alias("lo"), pl.col("rank").max().alias("hi")
    )
    assert per_la.filter((pl.col("lo") != 1) | (pl.col("hi") != pl.col("n"))).height == 0
    assert per_la["n"].max() == 10 and per_la["n"].min() >= 9
