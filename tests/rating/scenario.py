"""Whole-LA scenarios in YAML: a compact description of a profile, rated by the real ``rate`` function.

A scenario file holds ``cases``; each names a methodology ``year``, the ``profile`` (share of settings good
or better, indicator counts per outcome, inspections of the LA, completeness), an optional recorded
``judgement``, optional ``later_inspections`` (for withholding), the ``evidence`` each block holds (by
default full for a block given and none for a block left out), and what to ``expect`` (the grade, the
rules that fire and those that do not).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from csrating.methodology.loader import load
from csrating.profile.profile import Comparison, IndicatorResult, Profile, SettingTypeResult
from csrating.rating.engine import Rating, rate

SCENARIOS = Path(__file__).parent / "scenarios"


def _settings(spec: dict[str, Any] | None) -> list[SettingTypeResult]:
    if not spec:
        return [
            SettingTypeResult(
                "all",
                "all",
                0,
                0,
                {},
                None,
                False,
                None,
                Comparison(None, "no_data"),
                Comparison(None, "no_data"),
                [],
                [],
                status="no_data",
            )
        ]
    n = int(spec["inspected"])
    gob = round(n * float(spec["good_or_better_pct"]) / 100)
    counts = {"outstanding": 0, "good": gob, "satisfactory": n - gob, "inadequate": 0}
    return [
        SettingTypeResult(
            "all",
            "all",
            n,
            n,
            counts,
            100 * gob / n,
            False,
            None,
            Comparison(60.0, "above"),
            Comparison(60.0, "above"),
            [],
            [],
        )
    ]


def _indicators(spec: dict[str, Any] | None) -> tuple[list[IndicatorResult], list[dict[str, Any]]]:
    results: list[IndicatorResult] = []
    shares = []
    for outcome, s in (spec or {}).items():
        compared, ok, better = int(s["compared"]), int(s["ok"]), int(s.get("better", 0))
        for i in range(compared):
            verdict = "better" if i < better else "in_line" if i < ok else "worse"
            results.append(
                IndicatorResult(
                    f"{outcome}{i}",
                    f"{outcome}{i}",
                    f"{outcome} indicator {i}",
                    outcome,
                    "high",
                    "%",
                    "all",
                    "2008/09",
                    50.0,
                    None,
                    Comparison(50.0, verdict),
                    Comparison(50.0, verdict),
                    None,
                    None,
                    None,
                    None,
                    {},
                )
            )
    by: dict[str, list[int]] = {}
    for r in results:
        v = r.similar_areas.verdict
        for key in (r.ecm_outcome, "all"):
            c = by.setdefault(key, [0, 0])
            c[0] += 1
            c[1] += v in ("better", "in_line")
    for key, (compared, ok) in by.items():
        pct = 100 * ok / compared
        shares.append(
            {
                "ecm_outcome": key,
                "indicators": compared,
                "compared_similar": compared,
                "ok_similar": ok,
                "compared_england": compared,
                "ok_england": ok,
                "ok_similar_pct": pct,
                "ok_england_pct": pct,
            }
        )
    return results, shares


def build_profile(case: dict[str, Any]) -> Profile:
    spec = case.get("profile", {})
    m = load(str(case["year"]))
    indicators, shares = _indicators(spec.get("indicators"))
    inspections = [
        {
            "inspection_type": i["type"],
            "aspect": i.get("aspect", "overall"),
            "grade": i.get("grade"),
            "date": date.fromisoformat(str(i["date"])),
            "priority_actions": i.get("priority_actions"),
        }
        for i in spec.get("la_inspections", [])
    ]
    completeness = float(spec.get("completeness", 0.6))
    # the evidence each block holds: by default full where the block is given, none where it is not;
    # ``evidence`` overrides (indicators share, settings inspected share, coverage against the real number)
    ev = {
        "indicators": 1.0 if spec.get("indicators") else 0.0,
        "settings": 1.0 if spec.get("settings_all") else None,
        "settings_real": None,
        **(spec.get("evidence") or {}),
    }
    return Profile(
        la_code="SCN",
        la_name=case.get("name", "scenario"),
        year=m.year,
        census_date=m["census_date"],
        dataset="scenario",
        synthetic=True,
        methodology={},
        neighbour_model=None,
        neighbours=[],
        settings=_settings(spec.get("settings_all")),
        indicators=indicators,
        indicator_shares=shares,
        gaps=[],
        la_inspections=inspections,
        serious_case_reviews=[],
        completeness={
            "overall": {"share": completeness, "expected": 10, "present": round(10 * completeness)},
            "indicators": {
                "expected": 60,
                "present": round(60 * ev["indicators"]),
                "share": ev["indicators"],
            },
            "settings": {
                "expected": 15,
                "present": 15,
                "share": 1.0,
                "settings_counted": 400,
                "settings_inspected": None if ev["settings"] is None else round(400 * ev["settings"]),
                "inspected_share": ev["settings"],
                "expected_settings": None if ev["settings_real"] is None else 400,
                "expected_settings_as_at": None if ev["settings_real"] is None else "2009-08-31",
                "coverage_vs_real": ev["settings_real"],
            },
            "la_inspections": {"expected": 3, "present": len(inspections), "share": None},
        },
    )


def run_case(case: dict[str, Any]) -> Rating:
    later = [
        {
            "inspection_type": i["type"],
            "aspect": i.get("aspect", "overall"),
            "published_date": date.fromisoformat(str(i["published_date"])),
        }
        for i in case.get("later_inspections", [])
    ]
    j = case.get("judgement")
    if j:
        j = {
            "id": 1,
            "author": "scenario",
            "recorded_at": "2009-11-01T00:00:00",
            "reason": "scenario",
            "evidence": [],
            **j,
        }
    profile = replace(build_profile(case), later_la_inspections=later)
    return rate(profile, load(str(case["year"])), j)


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for f in sorted(SCENARIOS.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append((f"{f.stem}:{case['name']}", {**case, "rule": doc["rule"]}))
    return out
