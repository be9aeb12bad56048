"""Every wording rule has YAML scenarios (tests/letters/scenarios/<rule module>.yaml; apa_<module>.yaml for
the APA letter's): an LA where it makes a claim and one where it makes none, run through the real
``plan_letter`` (``plan_apa_letter``)."""

import pytest

from csrating.apa.letter import apa_letter_rules
from csrating.letters.rule import letter_rules
from tests.letters.scenario import SCENARIOS, load_cases, run_apa_case, run_case

CASES = load_cases()


@pytest.mark.parametrize(("name", "case"), CASES, ids=[n for n, _ in CASES])
def test_scenario(name, case):
    by_rule = run_apa_case(case) if case["rule"].startswith("APA-") else run_case(case)
    exp = case["expect"]
    for code in exp.get("fired", []):
        assert by_rule[code], (code, {c: len(v) for c, v in by_rule.items()})
    for code in exp.get("not_fired", []):
        assert code in by_rule and not by_rule[code], (code, [c.text for c in by_rule.get(code, [])])
    text = " ".join(c.text for c in by_rule[case["rule"]])
    for words in exp.get("says", []):
        assert words in text, (words, text)
    for words in exp.get("not_says", []):
        assert words not in text, (words, text)


def test_every_letter_rule_has_a_scenario_file_where_it_fires_and_does_not():
    fires, quiet = set(), set()
    for _, case in CASES:
        fires |= set(case["expect"].get("fired", []))
        quiet |= set(case["expect"].get("not_fired", []))
    every = letter_rules() + apa_letter_rules()
    codes = {r.code for r in every}
    assert codes <= fires, codes - fires
    assert codes <= quiet, codes - quiet
    assert {p.stem for p in SCENARIOS.glob("*.yaml")} >= {
        ("apa_" if ".apa." in r.module else "") + r.module.rsplit(".", 1)[1] for r in every
    }


def test_methodology_show_lists_the_letter_rules_of_the_year():
    from typer.testing import CliRunner

    from csrating.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["methodology", "show", "2009"], terminal_width=200)
    assert r.exit_code == 0, r.output
    assert all(rule.code in r.output for rule in letter_rules())
    assert "APA-CLAIM-" not in r.output and "letter_weaknesses_most" in r.output
    r = runner.invoke(app, ["methodology", "show", "apa-2007"], terminal_width=200)
    assert all(rule.code in r.output for rule in apa_letter_rules())
    assert "CLAIM-SETTINGS-OVERALL" not in r.output
