"""Letter-rule scenarios in YAML (tests/letters/scenarios/<rule module>.yaml), run like the rating
scenarios: each case names a ``dataset``, a methodology ``year`` and an ``la`` whose real profile is built
and rated, optional ``parameters`` that override the year's values, optional ``settings`` changes to the
profile's setting types (``{all: {status: no_data}}``: as if the LA had no settings figures), and what to
``expect``: the wording rules that make claims (``fired``), those that run and make none (``not_fired``),
and text the rule's claims must contain (``says``) or must not (``not_says``). The claims come from the
real ``plan_letter``.

APA letter rules (APA-CLAIM-*) have the same kind of cases on a recorded annual performance assessment
(``la`` and APA ``year``), with optional changes to it: ``grades`` (aspect -> grade or null; an aspect
not recorded is added), ``progress`` (the progress of each recommendation in order; null: not
recorded), ``jar_year`` and ``evidence`` (null: none). The claims come from the real ``plan_apa_letter``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from csrating.apa.letter import apa_letter_rules, plan_apa_letter
from csrating.apa.model import ApaAssessment, Judgement, NarrativeItem, assess, methodology_for
from csrating.dataset import Dataset
from csrating.letters.claims import Claim, plan_letter
from csrating.letters.rule import letter_rules
from csrating.methodology.loader import Methodology, load
from csrating.profile.profile import Profile
from csrating.rating.engine import Rating, RatingEngine

SCENARIOS = Path(__file__).parent / "scenarios"


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for f in sorted(SCENARIOS.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        out += [(f"{f.stem}:{c['name']}", {**c, "rule": doc["rule"]}) for c in doc["cases"]]
    return out


@cache
def _engine(dataset: str, year: str) -> RatingEngine:
    return RatingEngine(Dataset(dataset), load(year))


@cache
def rated(dataset: str, year: str, la: str) -> tuple[Profile, Rating]:
    engine = _engine(dataset, year)
    p = engine.profiles.build(la, inputs=False)
    return p, engine.rate_profile(p)


def methodology(year: str, overrides: dict[str, Any] | None, m: Methodology | None = None) -> Methodology:
    """The year's methodology (or ``m``) with some parameters' values overridden."""
    m = m or load(year)
    if not overrides:
        return m
    params = dict(m.parameters)
    for name, value in overrides.items():
        params[name] = replace(params[name], value=value)
    return replace(m, parameters=params)


def changed(p: Profile, settings: dict[str, dict[str, Any]] | None) -> Profile:
    """The profile with some fields of some setting types changed."""
    if not settings:
        return p
    return replace(p, settings=[replace(s, **settings.get(s.setting_type, {})) for s in p.settings])


def run_case(case: dict[str, Any]) -> dict[str, list[Claim]]:
    """The claims of each wording rule for the case's LA (every rule runs; most make none)."""
    year = str(case["year"])
    p, r = rated(case["dataset"], year, str(case["la"]))
    p = changed(p, case.get("settings"))
    claims = plan_letter(p, r, methodology(year, case.get("parameters")))
    out: dict[str, list[Claim]] = {rule.code: [] for rule in letter_rules()}
    for c in claims:
        out[c.rule].append(c)
    return out


@cache
def _assessment(dataset: str, la: str, year: int) -> ApaAssessment:
    return assess(Dataset(dataset), la, year)


def changed_assessment(a: ApaAssessment, case: dict[str, Any]) -> ApaAssessment:
    """The assessment with the case's changes: grades, progress, joint area review year, evidence."""
    judgements = list(a.judgements)
    for aspect, grade in (case.get("grades") or {}).items():
        found = [i for i, j in enumerate(judgements) if j.aspect == aspect]
        if found:
            judgements[found[0]] = replace(judgements[found[0]], grade=grade)
        else:
            judgements.append(Judgement(aspect, aspect, grade, None))
    recs = list(a.recommendations)
    for i, progress in enumerate(case.get("progress") or []):
        recs[i] = replace(recs[i], progress=progress)
    out = replace(a, judgements=judgements, recommendations=recs)
    for key in ("jar_year", "evidence"):
        if key in case:
            out = replace(out, **{key: case[key]})
    if "narrative" in case:  # the APA narrative replaced: a list of apa_narrative rows (no la_code, year)
        out = replace(out, narrative=[NarrativeItem(**n) for n in case["narrative"] or []])
    return out


def run_apa_case(case: dict[str, Any]) -> dict[str, list[Claim]]:
    """The claims of each APA letter rule for the case's (changed) assessment."""
    year = int(case["year"])
    a = changed_assessment(_assessment(case["dataset"], str(case["la"]), year), case)
    m = methodology(str(year), case.get("parameters"), methodology_for(year))
    out: dict[str, list[Claim]] = {rule.code: [] for rule in apa_letter_rules()}
    for c in plan_apa_letter(a, m):
        out[c.rule].append(c)
    return out
