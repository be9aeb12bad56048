"""The methodology files: every rule and parameter documented, and what each year contains."""

import pytest

from csrating.methodology.loader import MethodologyError, _param, available, available_apa, load
from csrating.rating.engine import rules_for
from csrating.rating.rule import load_rules

YEARS = ["2009", "2010", "2011", "2025"]


def test_years_available():
    assert available() == YEARS


@pytest.mark.parametrize("year", YEARS)
def test_every_parameter_is_documented_with_a_source_or_flagged_assumed(year):
    m = load(year)
    for p in m.parameters.values():
        assert p.description.strip(), p.name
        assert [bool(p.source), p.assumed, bool(p.calibrated)].count(True) == 1, p.name
        assert p.provenance in {"sourced", "calibrated", "assumed"}


def test_every_rule_is_documented():
    for rule in load_rules().values():
        assert rule.code.isupper() and rule.title
        assert len(rule.doc) > 100, rule.code
        assert rule.code in rule.doc  # the docstring opens with the rule's code


def test_which_rules_each_year_contains():
    base = ["BAND-SETTINGS", "BAND-INDICATORS", "BAND-COMBINE", "THR-KEY-GROUPS", "JUDGEMENT-RECORDED"]
    assert [r.code for r in rules_for(load(2009))] == base + [
        "LIM-UNANNOUNCED-2009",
        "LIM-SAFEGUARDING",
        "EVIDENCE-GATE",
    ]
    later = base + ["LIM-SAFEGUARDING", "LIM-PRIORITY-ACTION", "WITHHOLD-PENDING", "EVIDENCE-GATE"]
    for y in ("2010", "2011", "2025"):
        assert [r.code for r in rules_for(load(y))] == later


def test_a_year_overlays_the_one_before():
    m = load(2010)
    assert m.lineage == ["2009", "2010"]
    assert m.changes["2010"]["deleted"] == ["flexibility_completeness", "unannounced_limit_steps"]
    assert "decisive_inspections" in m.changes["2010"]["added"]
    assert m.param("census_date").set_in == "2010" and m.param("settings_band_cutoffs").set_in == "2009"
    assert "flexibility_completeness" not in m.parameters
    assert load(2011).param("census_date").value.year == 2011


def test_an_undocumented_parameter_is_refused():
    with pytest.raises(MethodologyError, match="no description"):
        _param("x", {**TYPED, "assumed": True}, "test")
    with pytest.raises(MethodologyError, match="a source, 'assumed: true' or 'calibrated"):
        _param("x", {**TYPED, "description": "d"}, "test")


TYPED = {"value": 1, "type": "integer", "unit": "days"}


def test_a_parameter_without_a_type_or_unit_or_of_the_wrong_type_is_refused():
    ok = {**TYPED, "description": "d", "assumed": True}
    assert _param("x", ok, "test").type == "integer"
    with pytest.raises(MethodologyError, match="needs a unit"):
        _param("x", {k: v for k, v in ok.items() if k != "unit"}, "test")
    with pytest.raises(MethodologyError, match="needs a type"):
        _param("x", {k: v for k, v in ok.items() if k != "type"}, "test")
    with pytest.raises(MethodologyError, match="needs a type"):
        _param("x", {**ok, "type": "whole number"}, "test")
    with pytest.raises(MethodologyError, match="of type integer but its value is str"):
        _param("x", {**ok, "value": "1"}, "test")
    with pytest.raises(MethodologyError, match="of type integer but its value is bool"):
        _param("x", {**ok, "value": True}, "test")
    with pytest.raises(MethodologyError, match="null but not 'nullable: true'"):
        _param("x", {**ok, "value": None}, "test")
    assert _param("x", {**ok, "value": None, "nullable": True}, "test").value is None


@pytest.mark.parametrize("year", available() + available_apa())
def test_every_parameter_has_a_type_a_unit_and_one_provenance(year):
    for p in load(year).parameters.values():
        assert p.type and p.unit, p.name
        assert p.provenance in ("sourced", "calibrated", "assumed")


def test_a_description_that_says_assumed_is_never_sourced():
    for year in available() + available_apa():
        for p in load(year).parameters.values():
            if p.provenance == "sourced":
                assert "assumed" not in f"{p.description} {p.source}".lower(), (year, p.name)


def test_a_calibrated_parameter_names_its_target_and_script_and_is_never_sourced():
    spec = {
        "value": 60,
        "type": "number",
        "unit": "percent",
        "description": "d",
        "calibrated": {"target": "T", "script": "scripts/c.py"},
    }
    p = _param("x", spec, "test")
    assert p.provenance == "calibrated" and p.source is None and not p.assumed
    assert p.reference.startswith("calibrated by csrating (not Ofsted's): fitted to T by scripts/c.py")
    with pytest.raises(MethodologyError, match="exactly one provenance"):
        _param("x", {**spec, "assumed": True}, "test")
    with pytest.raises(MethodologyError, match="'target' and 'script'"):
        _param("x", {**TYPED, "description": "d", "calibrated": {"target": "T"}}, "test")


def test_unknown_year_is_a_clear_error():
    with pytest.raises(MethodologyError, match="no methodology for 1999"):
        load(1999)


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_a_settings_census_and_a_later_cut_off_for_inspections_of_the_la(year):
    m = load(year)
    census, cutoff = m["census_date"], m["la_inspections_cutoff"]
    assert m.param("census_date").unit == m.param("la_inspections_cutoff").unit == "date"
    assert census <= cutoff
    if m.published:
        assert cutoff < m.published  # an inspection counts only when known before publication
    assert m["la_inspections_cutoff_basis"] in ("inspection", "publication")


@pytest.mark.parametrize("year", YEARS)
def test_the_evidence_gate_levels_are_shares(year):
    m = load(year)
    for name in ("evidence_min_indicator_share", "evidence_min_settings_share"):
        p = m.param(name)
        assert p.unit == "share (0-1)" and 0 <= p.value <= 1 and p.assumed


def test_a_parameter_whose_value_does_not_fit_its_unit_is_refused():
    with pytest.raises(MethodologyError, match="not in 0-1"):
        _param(
            "x",
            {"value": 5, "type": "number", "unit": "share (0-1)", "description": "d", "assumed": True},
            "test",
        )
    with pytest.raises(MethodologyError, match="not YYYY-MM-DD"):
        _param(
            "x",
            {"value": "soon", "type": "text", "unit": "date", "description": "d", "assumed": True},
            "test",
        )


def test_a_source_names_a_primary_document_or_says_none_is_identified():
    for year in available() + available_apa():
        for p in load(year).parameters.values():
            if p.provenance != "sourced":
                continue
            s = str(p.source)
            primary = "seeds/0" in s or "http" in s or "NFER/DfES" in s
            assert primary or "primary document not identified" in s, (year, p.name, s)
            if "METHODOLOGY.md" in s:
                assert "primary document not identified" in s, (year, p.name, s)
