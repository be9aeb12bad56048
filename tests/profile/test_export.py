"""The tidy profile table (``profile --all --out``, ``run``'s profiles.parquet, the web's CSV) is laid out
from the all-LA tables, not from the per-LA objects: it must say what the objects say, row for row."""

from __future__ import annotations

import json

import pytest

from csrating import jsonio
from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.export import SCHEMA, flatten
from csrating.profile.profile import ProfileBuilder


def _expected_rows(p) -> list[dict]:  # noqa: ANN001
    """The rows of one LA's profile object, as the table should hold them (block, item and the figures)."""
    rows = []
    for s in p.settings:
        detail = {"counts": s.counts, "single": s.single, "grade": s.grade}
        detail |= {"weak_outcomes": s.weak_outcomes, "sectors": s.sectors}
        rows.append(("settings", s.setting_type, "all", s.label, s.good_or_better_pct, s.inspected,
                     s.similar_areas.figure, s.similar_areas.verdict, s.england.figure, s.england.verdict,
                     s.status, detail))  # fmt: skip
    for r in p.indicators:
        detail = {"code": r.code, "ecm_outcome": r.ecm_outcome, "polarity": r.polarity, "trend": r.trend}
        rows.append(("indicators", r.item, r.breakdown, r.display_name, r.value, None,
                     r.similar_areas.figure, r.similar_areas.verdict, r.england.figure, r.england.verdict,
                     r.status, detail))  # fmt: skip
    for g in p.gaps:
        gap = g.get("gap") or {}
        rows.append(("gaps", g["id"], "all", g["group"], gap.get("value"), None, gap.get("similar"),
                     gap.get("vs_similar"), gap.get("england"), gap.get("vs_england"),
                     "ok" if g["has_data"] else "no_data", g))  # fmt: skip
    for i in p.la_inspections:
        rows.append(("la_inspections", f"{i['inspection_type']}:{i['aspect']}", "all", i["inspection_type"],
                     i["grade"], i["priority_actions"], None, None, None, None, "ok", i))  # fmt: skip
    return [jsonio.plain(r, default=str) for r in rows]


@pytest.mark.parametrize(("dataset", "year"), [("seeds-2009", "2009"), ("england-latest", "2025")])
def test_the_table_says_what_every_profile_object_says(dataset, year):
    builder = ProfileBuilder(Dataset(dataset), load(year))
    flat = flatten(builder)
    assert flat.schema == SCHEMA
    profiles = builder.build_all()
    assert flat["la_code"].unique(maintain_order=True).to_list() == [p.la_code for p in profiles]
    columns = ("block", "item", "breakdown", "name", "value", "count", "similar_value", "similar_verdict",
               "england_value", "england_verdict", "status", "detail")  # fmt: skip
    for p, part in zip(profiles, flat.partition_by("la_code", maintain_order=True), strict=True):
        got = [list(r) for r in part.select(columns).iter_rows()]
        for r in got:
            r[-1] = json.loads(r[-1])
        want = _expected_rows(p)
        assert len(got) == len(want), p.la_code
        for g, w in zip(got, want, strict=True):
            assert g == w, (p.la_code, g[:3])
        assert set(part["la_name"]) == {p.la_name} and set(part["synthetic"]) == {p.synthetic}
        assert set(part["year"]) == {p.year} and set(part["census_date"]) == {p.census_date}


def test_one_la_is_the_same_rows_as_in_the_table_of_all():
    builder = ProfileBuilder(Dataset("seeds-2009"), load("2009"))
    whole = flatten(builder)
    assert flatten(builder, ["886"]).equals(whole.filter(whole["la_code"] == "886"))
