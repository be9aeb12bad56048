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
from csrating.dataset import Dataset
from csrating.methodology.loader import MethodologyError, ParameterReads, available, available_apa, load
from csrating.profile.profile import ProfileBuilder
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
# the rating's parameters: the profile never reads them
RATING_ONLY = {"settings_band_cutoffs", "indicator_band_cutoffs", "key_group_threshold_pct"}


@pytest.fixture(scope="module")
def builders():
    """A profile builder per methodology year on seeds-2009, and 2025's on england-latest (the only
    dataset with several series of an item: the cross-check's tolerance is read only there), each after
    building its profiles."""
    out = [ProfileBuilder(Dataset("seeds-2009"), load(y)) for y in available()]
    out.append(ProfileBuilder(Dataset("england-latest"), load(2025)))
    for b in out:
        b.build(b.build_all()[0].la_code, inputs=True)
    return out


def test_the_profile_records_exactly_the_parameters_it_reads(builders):
    for b in builders:
        defined = load(b.m.year).parameters
        recorded = b.build(b.las()[0]).methodology["parameters"]
        assert list(recorded) == sorted(n for n in b.m.read if n in defined), b.m.year  # by name
        # not vacuous: the record holds what the builder reads, each with its provenance, and nothing of
        # the rating's
        assert {"census_date", "profile_indicators", "profile_setting_types", "gaps"} <= set(recorded)
        assert not RATING_ONLY & set(recorded)
        for name, p in recorded.items():
            assert p["value"] == defined[name].as_dict()["value"] and p["type"] and p["unit"], name
            assert p["provenance"] in ("sourced", "calibrated", "assumed"), name


def named_but_not_read(sources: dict[str, str], read: set[str]) -> list[str]:
    """Parameters the profile's modules name (``m["x"]``, ``m.get("x")``, ``m.param("x")``,
    ``methodology["x"]``) that no profile build read through the recording view."""
    named = {n for text in sources.values() for n in PROFILE_READ.findall(text)}
    return sorted(named - {"parameters"} - read)  # "parameters": the record itself, read by the printout


def test_every_parameter_the_profile_code_names_is_read_through_the_record(builders):
    """Each parameter the profile's code names is read through the recording view on some year or
    dataset: a read around the view (of the methodology itself) would not be."""
    folder = TESTS.parent / "src" / "csrating" / "profile"
    sources = {f.name: f.read_text(encoding="utf-8") for f in folder.glob("*.py")}
    read = {n for b in builders for n in b.m.read}
    assert len(read) > 20 and named_but_not_read(sources, read) == []


def test_a_parameter_read_around_the_record_fails(builders):
    read = {n for b in builders for n in b.m.read}
    around = {"new.py": 'x = self.m.methodology["a_new_parameter"]; y = m.get("trend_periods")'}
    assert named_but_not_read(around, read) == ["a_new_parameter"]


def test_a_parameter_read_after_the_record_is_made_fails(builders):
    b = builders[0]
    assert b.m["census_date"]  # read before: fine
    with pytest.raises(MethodologyError, match="read after the record"):
        b.m["settings_band_cutoffs"]
    view = ParameterReads(load(2009))
    view.get("trend_periods")
    assert list(view.record()) == ["trend_periods"]
    with pytest.raises(MethodologyError):
        view.param("gaps")
