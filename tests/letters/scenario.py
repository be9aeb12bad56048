"""Letter-rule scenarios in YAML (tests/letters/scenarios/<rule module>.yaml), run like the rating
scenarios: each case names a ``dataset``, a methodology ``year`` and an ``la`` whose real profile is built
and rated, optional ``parameters`` that override the year's values, optional ``settings`` changes to the
profile's setting types (``{all: {status: no_data}}``: as if the LA had no settings figures), and what to
``expect``: the wording rules that make claims (``fired``), those that run and make none (``not_fired``),
and text the rule's claims must contain (``says``) or must not (``not_says``). The claims come from the
real ``plan_letter``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

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


def methodology(year: str, overrides: dict[str, Any] | None) -> Methodology:
    m = load(year)
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
