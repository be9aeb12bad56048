"""The rule registry drives the meta-tests: every registered rule, of every kind, has YAML scenarios where
it fires and where it does not, reads only parameters that the methodology files define (each with a type,
unit and provenance), and is on the generated docs page. Each check is also shown to fail for a rule that
lacks what it needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import csrating.letters  # noqa: F401 - names the letter rules' package
from csrating.apa import overall
from csrating.methodology.loader import available, available_apa, load
from csrating.profile.profile import PARAMETERS_USED
from csrating.rules import KINDS, Rule, rules

TESTS = Path(__file__).parent
# where each kind's scenarios live (tests/<layer>/scenarios/*.yaml, each file naming its ``rule``)
SCENARIO_DIRS = {
    "rating": TESTS / "rating" / "scenarios",
    "apa": TESTS / "apa" / "scenarios",
    "letter": TESTS / "letters" / "scenarios",
}


def scenario_cases() -> list[tuple[str, str, dict]]:
    """(kind, file stem, case) of every scenario file of every kind."""
    out = []
    for kind, folder in SCENARIO_DIRS.items():
        for f in sorted(folder.glob("*.yaml")):
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            out += [(kind, f.stem, {**case, "rule": doc["rule"]}) for case in doc["cases"]]
    return out


def without_scenarios(registry: dict[str, Rule]) -> list[str]:
    """The rules lacking a scenario where they fire or one where they do not."""
    fires, quiet = set(), set()
    for _, _, case in scenario_cases():
        fires |= set(case["expect"].get("fired", []))
        quiet |= set(case["expect"].get("not_fired", []))
    return sorted(c for c in registry if c not in fires or c not in quiet)


def parameter_years(rule: Rule) -> list[str]:
    """The methodology years whose parameters a rule reads: the years that list a rating rule; the APA
    years that derive the overall grade from the outcomes; for a wording rule, every year of the letter
    it words (APA-CLAIM-*: the APA years; CLAIM-*: the rating years)."""
    if rule.kind == "letter":
        return available_apa() if rule.code.startswith("APA-") else available()
    if rule.kind == "apa":
        return [y for y in available_apa() if load(y).get("overall_from_outcomes")]
    return [y for y in available() if rule.code in load(y).rules]


def undefined_parameters(registry: dict[str, Rule]) -> list[str]:
    out = []
    for r in registry.values():
        years = parameter_years(r)
        if not years:
            out.append(f"{r.code}: in no methodology year")
        for y in years:
            m = load(y)
            out += [
                f"{r.code}: {name} not in {y}"
                for name in r.params
                if name not in m.parameters and name not in r.optional
            ]
    return out


def test_every_kind_has_a_scenario_folder():
    assert set(SCENARIO_DIRS) == set(KINDS)


def test_every_rule_has_scenarios_where_it_fires_and_where_it_does_not():
    assert without_scenarios(rules()) == []


def test_a_rule_without_scenarios_fails():
    new = Rule("NEW-RULE", "rating", "band", "new", lambda ctx: None, "doc", "x")
    assert without_scenarios({**rules(), "NEW-RULE": new}) == ["NEW-RULE"]


def test_every_rule_reads_only_defined_parameters():
    assert undefined_parameters(rules()) == []
    for r in rules().values():
        for y in parameter_years(r):
            for name in set(r.params) & set(load(y).parameters):
                p = load(y).param(name)
                assert p.type and p.unit and p.provenance, (r.code, name)


def test_a_rule_reading_an_undefined_parameter_fails():
    code = next(iter(rules("rating")))
    bad = Rule(code, "rating", "band", "x", lambda ctx: None, "doc", "x", ("no_such_parameter",))
    assert any("no_such_parameter" in m for m in undefined_parameters({code: bad}))


APA_CASES = [(stem, case) for kind, stem, case in scenario_cases() if kind == "apa"]


@pytest.mark.parametrize(("stem", "case"), APA_CASES, ids=[f"{s}:{c['name']}" for s, c in APA_CASES])
def test_apa_scenario(stem, case):
    m = load(case["year"])
    t = overall.derive(case["outcomes"], int(m["overall_min_outcomes_at_grade"]), int(m["overall_max_drop"]))
    exp = case["expect"]
    assert t.derived == exp["derived"], t.steps
    assert (t.derived is not None) == ("APA-OVERALL" in exp.get("fired", []))


def test_every_rule_and_parameter_is_on_the_docs_page():
    text = (TESTS.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [f"rule {c}" for c in rules() if f"### {c} " not in text]
    for y in available() + available_apa():
        missing += [f"{y} parameter {n}" for n in load(y).parameters if f"`{n}`" not in text]
    assert missing == [], missing


PROFILE_READ = re.compile(r"""\bm(?:ethodology)?(?:\[|\.get\(|\.param\()\s*["']([a-z0-9_]+)["']""")


def profile_parameters_unrecorded(sources: dict[str, str]) -> list[str]:
    """Parameters the profile's modules read (``m["x"]``, ``m.get("x")``) but do not record in the
    profile's methodology record (``PARAMETERS_USED``)."""
    read = {n for text in sources.values() for n in PROFILE_READ.findall(text)} - {"parameters"}
    return sorted(read - set(PARAMETERS_USED))


def test_every_parameter_the_profile_reads_is_recorded_and_defined():
    folder = TESTS.parent / "src" / "csrating" / "profile"
    sources = {f.name: f.read_text(encoding="utf-8") for f in folder.glob("*.py")}
    assert profile_parameters_unrecorded(sources) == []
    defined = {n for y in available() for n in load(y).parameters}
    assert set(PARAMETERS_USED) <= defined, set(PARAMETERS_USED) - defined


def test_a_profile_parameter_read_but_not_recorded_fails():
    assert profile_parameters_unrecorded({"new.py": 'x = m["a_new_parameter"]'}) == ["a_new_parameter"]
