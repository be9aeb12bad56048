"""Every comparison the 2009 seed letters state comes out of the profile engine as stated.

The statements are listed, one per claim id, in data/sources/seeds-2009/spec.yaml (`claims`): each says
what the letter states, in the project's words, and how to check it. This test checks each against the
PROFILE (the engine's verdicts, shares, ranks and trends), not against the raw tables: one test per
statement. Claims about the 2007 APA letter and about addressees are checked in tests/test_seeds_spec.py.
"""

from __future__ import annotations

from pathlib import Path
from statistics import median

import pytest
import yaml

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import Profile, ProfileBuilder

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "data" / "sources" / "seeds-2009" / "spec.yaml").read_text(encoding="utf-8"))
BANDS = SPEC["bands"]
GRADE_NAMES = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
PROFILE_KINDS = {
    "overall", "share", "grades", "grades_each", "median_grade", "weak_outcomes", "share_vs_all",
    "later_grade", "indicator", "indicator_share", "indicator_set", "trend", "groups", "scr",
    "la_inspection", "no_limiting",
}  # fmt: skip


def _claims():
    for la_code, la in SPEC["las"].items():
        for block in la.get("claims", []):
            if block["letter"] == "003":  # the 2007 APA letter: not a 2009 profile
                continue
            for item in block["items"]:
                if item["check"]["kind"] in PROFILE_KINDS:
                    yield pytest.param(str(la_code), item, id=item["id"])


@pytest.fixture(scope="module")
def builder() -> ProfileBuilder:
    return ProfileBuilder(Dataset("seeds-2009"), load(2009))


@pytest.fixture(scope="module")
def profiles(builder) -> dict[str, Profile]:
    return {code: builder.build(code) for code in builder.las()}


def in_band(pct: float, band: str) -> bool:
    lo, hi = BANDS[band]
    return lo - 1e-9 <= pct <= hi + 1e-9


def _share_check(p: Profile, c: dict) -> None:
    if c.get("combined"):
        sts = [p.setting(t) for t in c["types"]]
        n = sum(s.inspected for s in sts)
        good = sum(s.counts.get("outstanding", 0) + s.counts.get("good", 0) for s in sts)
        assert in_band(100 * good / n, c["band"]), (good, n)
        return
    for t in c["types"]:
        s = p.setting(t)
        assert s.status == "ok", t
        if "england" in c:
            assert s.england.verdict == c["england"], (t, s.england)
        if "sn" in c:
            assert s.similar_areas.verdict == c["sn"], (t, s.similar_areas)
        if "band" in c:
            assert in_band(s.good_or_better_pct, c["band"]), (t, s.good_or_better_pct)


def _grades_check(p: Profile, c: dict) -> None:
    for t in c["types"]:
        s = p.setting(t)
        if "n" in c:
            assert s.inspected == c["n"], (t, s.inspected)
        if "all_grade" in c:
            assert s.counts[GRADE_NAMES[c["all_grade"]]] == s.inspected > 0, (t, s.counts)
        for name in ("outstanding", "good", "satisfactory", "inadequate"):
            if name in c:
                assert s.counts[name] == c[name], (t, name, s.counts)
        if "gob" in c:
            assert s.counts["outstanding"] + s.counts["good"] == c["gob"], (t, s.counts)
        if "gob_min" in c:
            assert s.counts["outstanding"] + s.counts["good"] >= c["gob_min"], (t, s.counts)
        if "gob_band" in c:
            assert in_band(s.good_or_better_pct, c["gob_band"]), (t, s.good_or_better_pct)


def _indicator_rows(p: Profile, c: dict):
    for code in c["codes"]:
        yield code, p.indicator(code, c.get("breakdown", "all"))


def check(p: Profile, builder: ProfileBuilder, c: dict) -> None:  # noqa: C901 - one branch per kind
    kind = c["kind"]
    if kind == "overall":
        assert in_band(p.setting("all").good_or_better_pct, c["band"]), p.setting("all").good_or_better_pct
    elif kind == "share":
        _share_check(p, c)
    elif kind == "grades":
        _grades_check(p, c)
    elif kind == "grades_each":
        for t, grades in c.get("grades", {}).items():
            s = p.setting(t)
            assert sorted(g for g, name in GRADE_NAMES.items() for _ in range(s.counts[name])) == sorted(
                grades
            )
        for t, n in c.get("gob_all", {}).items():  # every setting of the type good or better
            s = p.setting(t)
            assert s.inspected == n and s.counts["outstanding"] + s.counts["good"] == n, (t, s.counts)
    elif kind == "median_grade":
        grades = sorted(
            {"outstanding": 1, "good": 2, "satisfactory": 3, "inadequate": 4}[i["grade"]]
            for i in builder.setting_inputs(p.la_code)[c["type"]]
            if i["grade"]
        )
        assert median(grades) == c["grade"]
    elif kind == "weak_outcomes":
        assert p.setting(c["type"]).weak_outcomes == c["weak"]
    elif kind == "share_vs_all":
        s = p.setting(c["type"])
        assert s.good_or_better_pct > p.setting("all").good_or_better_pct
        assert s.good_or_better_pct > p.setting("all").england.figure
    elif kind == "later_grade":
        s = p.setting(c["type"])
        assert s.counts[GRADE_NAMES[c["at_census"]]] >= 1
        later = ProfileBuilder(builder.ds, load(2010)).build(p.la_code).setting(c["type"])
        assert later.counts[GRADE_NAMES[c["at_census"]]] == s.counts[GRADE_NAMES[c["at_census"]]] - 1
        assert later.counts[GRADE_NAMES[c["later"]]] == s.counts[GRADE_NAMES[c["later"]]] + 1
    elif kind == "indicator":
        for code, r in _indicator_rows(p, c):
            if "equals" in c:
                assert r.value == c["equals"], code
            if "england" in c:
                assert r.england.verdict == c["england"], (code, r.value, r.england)
            if "sn" in c:
                assert r.similar_areas.verdict == c["sn"], (code, r.value, r.similar_areas)
            if "margin" in c:
                assert abs(r.value - r.england.figure) >= c["margin"], (code, r.value, r.england.figure)
    elif kind == "indicator_share":
        key = "ok_similar_pct" if c["vs"] == "sn" else "ok_england_pct"
        for outcome in c.get("outcomes", [c.get("outcome", "all")]):
            pct = p.share(outcome)[key]
            if "band" in c:
                assert in_band(pct, c["band"]), (outcome, pct)
            if "at_least" in c:
                assert pct >= c["at_least"], (outcome, pct)
    elif kind == "indicator_set":
        verdicts = [p.indicator(code).england.verdict for code in c["codes"]]
        pct = 100 * sum(v == c["relation"] for v in verdicts) / len(verdicts)
        assert in_band(pct, c["band"]), verdicts
    elif kind == "trend":
        rows = (
            [r for r in p.indicators if r.item in c["codes"] and r.breakdown != "all"]
            if c.get("breakdowns") == "all_groups"
            else [p.indicator(code) for code in c["codes"]]
        )
        assert rows
        for r in rows:
            assert r.trend["direction"] == c["direction"], (r.item, r.breakdown, r.trend)
            total = abs(r.trend["values"][-1] - r.trend["values"][0])
            if "min_total_change" in c:
                assert total >= c["min_total_change"], (r.item, total)
            if "max_total_change" in c:
                assert total <= c["max_total_change"], (r.item, total)
    elif kind == "groups":
        for code in c["codes"]:
            groups = [r for r in p.indicators if r.item == code and r.breakdown != "all"]
            assert groups, code
            for r in groups:
                assert r.england.verdict == c["england"], (code, r.breakdown, r.england)
                if "margin" in c:
                    assert r.value - r.england.figure >= c["margin"], (code, r.breakdown)
    elif kind == "scr":
        grades = sorted(s["grade"] for s in p.serious_case_reviews)
        assert len(grades) == c["n"]
        if "grades" in c:
            assert grades == sorted(c["grades"])
        if "min_grade" in c:
            assert min(grades) >= c["min_grade"]
    elif kind == "la_inspection":
        found = {i["aspect"]: i["grade"] for i in p.la_inspections if i["inspection_type"] == c["type"]}
        assert found == c["grades"], found
    elif kind == "no_limiting":
        for i in p.la_inspections:
            assert not i["priority_actions"], i
            assert not (i["aspect"] == "safeguarding" and i["grade"] == 1), i
    else:  # pragma: no cover
        raise AssertionError(f"unknown check kind {kind}")


@pytest.mark.parametrize(("la_code", "claim"), list(_claims()))
def test_statement(la_code, claim, profiles, builder):
    """The letter's statement (claim['says']) holds in the profile."""
    check(profiles[la_code], builder, claim["check"])


def test_every_2009_claim_is_checked_here_or_in_the_spec_test():
    kinds = {
        item["check"]["kind"]
        for la in SPEC["las"].values()
        for block in la.get("claims", [])
        for item in block["items"]
        if block["letter"] != "003"
    }
    assert kinds - PROFILE_KINDS <= {"contact"}
