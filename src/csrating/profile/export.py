"""Profiles as one tidy table: a row per LA and measure (setting type, indicator, gap, inspection); an
indicator's ``item`` is its code, ``label`` its definition's name and ``name`` its short plain-English
name (letters/indicator_names.yaml), as the letters and the web pages name it."""

from __future__ import annotations

import polars as pl

from csrating import jsonio
from csrating.profile.profile import Profile

SCHEMA = {
    "la_code": pl.String,
    "la_name": pl.String,
    "year": pl.String,
    "census_date": pl.Date,
    "block": pl.String,
    "item": pl.String,
    "breakdown": pl.String,
    "label": pl.String,
    "name": pl.String,  # the measure in plain words (an indicator's short name)
    "period": pl.String,
    "value": pl.Float64,
    "marker": pl.String,
    "count": pl.Int64,
    "similar_value": pl.Float64,
    "similar_verdict": pl.String,
    "england_value": pl.Float64,
    "england_verdict": pl.String,
    "rank": pl.Int64,
    "rank_of": pl.Int64,
    "band": pl.String,
    "status": pl.String,
    "synthetic": pl.Boolean,
    "detail": pl.String,
}


def _dumps(x: object) -> str:
    """A row's detail as compact JSON (dates and any other value as their text)."""
    return jsonio.dumps(x, default=str)


def flatten(profiles: list[Profile]) -> pl.DataFrame:
    rows = []
    for p in profiles:
        base = {
            "la_code": p.la_code,
            "la_name": p.la_name,
            "year": p.year,
            "census_date": p.census_date,
            "synthetic": p.synthetic,
        }
        for s in p.settings:
            rows.append(
                {
                    **base,
                    "block": "settings",
                    "item": s.setting_type,
                    "breakdown": "all",
                    "label": s.label,
                    "name": s.label,
                    "value": s.good_or_better_pct,
                    "count": s.inspected,
                    "similar_value": s.similar_areas.figure,
                    "similar_verdict": s.similar_areas.verdict,
                    "england_value": s.england.figure,
                    "england_verdict": s.england.verdict,
                    "status": s.status,
                    "detail": _dumps(
                        {
                            "counts": s.counts,
                            "single": s.single,
                            "grade": s.grade,
                            "weak_outcomes": s.weak_outcomes,
                            "sectors": s.sectors,
                        }
                    ),
                }
            )
        for r in p.indicators:
            rows.append(
                {
                    **base,
                    "block": "indicators",
                    "item": r.item,
                    "breakdown": r.breakdown,
                    "label": r.name,
                    "name": r.display_name,
                    "period": r.period,
                    "value": r.value,
                    "marker": r.marker,
                    "similar_value": r.similar_areas.figure,
                    "similar_verdict": r.similar_areas.verdict,
                    "england_value": r.england.figure,
                    "england_verdict": r.england.verdict,
                    "rank": r.rank,
                    "rank_of": r.rank_of,
                    "band": r.band,
                    "status": r.status,
                    "detail": _dumps(
                        {
                            "code": r.code,
                            "ecm_outcome": r.ecm_outcome,
                            "polarity": r.polarity,
                            "trend": r.trend,
                        }
                    ),
                }
            )
        for g in p.gaps:
            gap = g.get("gap") or {}
            rows.append(
                {
                    **base,
                    "block": "gaps",
                    "item": g["id"],
                    "breakdown": "all",
                    "label": g["group"],
                    "name": g["group"],
                    "period": gap.get("period"),
                    "value": gap.get("value"),
                    "similar_value": gap.get("similar"),
                    "similar_verdict": gap.get("vs_similar"),
                    "england_value": gap.get("england"),
                    "england_verdict": gap.get("vs_england"),
                    "status": "ok" if g["has_data"] else "no_data",
                    "detail": _dumps(g),
                }
            )
        for i in p.la_inspections:
            rows.append(
                {
                    **base,
                    "block": "la_inspections",
                    "item": f"{i['inspection_type']}:{i['aspect']}",
                    "breakdown": "all",
                    "label": i["inspection_type"],
                    "name": i["inspection_type"],
                    "period": str(i["date"]),
                    "value": i["grade"],
                    "count": i["priority_actions"],
                    "status": "ok",
                    "detail": _dumps(i),
                }
            )
    return pl.DataFrame(rows, schema=SCHEMA)
