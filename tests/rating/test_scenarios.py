"""Every rule has YAML scenarios (tests/rating/scenarios/<rule>.yaml): a case where it fires and one where
it does not, run through the real engine."""

import pytest

from csrating.rating.rule import load_rules
from tests.rating.scenario import SCENARIOS, load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize(("name", "case"), CASES, ids=[n for n, _ in CASES])
def test_scenario(name, case):
    r = run_case(case)
    exp = case["expect"]
    fired = set(r.fired())
    ran = {t.code for t in r.trace}
    for code in exp.get("fired", []):
        assert code in fired, (code, [(t.code, t.message) for t in r.trace])
    for code in exp.get("not_fired", []):
        assert code in ran and code not in fired, (code, [(t.code, t.message) for t in r.trace])
    for code in exp.get("absent", []):
        assert code not in ran
    for key in ("grade", "provisional", "label", "computed_grade"):
        if key in exp:
            assert getattr(r, key) == exp[key], (key, getattr(r, key), [(t.code, t.message) for t in r.trace])
    for block, band in exp.get("bands", {}).items():
        assert r.bands.get(block) == band


def test_every_rule_has_a_scenario_where_it_fires_and_one_where_it_does_not():
    fires, quiet = set(), set()
    for _, case in CASES:
        fires |= set(case["expect"].get("fired", []))
        quiet |= set(case["expect"].get("not_fired", []))
    rules = set(load_rules())
    assert rules <= fires, rules - fires
    assert rules <= quiet, rules - quiet
    assert {p.stem for p in SCENARIOS.glob("*.yaml")} >= {
        r.module.rsplit(".", 1)[1] for r in load_rules().values()
    }


def test_the_trace_holds_the_rows_behind_a_figure():
    case = next(
        c
        for n, c in CASES
        if n.startswith("withhold_pending:") and "WITHHOLD-PENDING" in c["expect"].get("fired", [])
    )
    run = next(t for t in run_case(case).trace if t.code == "WITHHOLD-PENDING")
    figure = next(f for f in run.figures if f.name == "la_inspections.pending")
    assert figure.rows and figure.rows[0]["inspection_type"] == "slac"
    assert run.params and all(p.source or p.assumed for p in run.params)
