"""The evidence a rating rests on: each block's coverage against what the methodology year expects, the
dates that bound it (settings census, cut-off for inspections of the LA) and the as-at date of every
source. Every rating output states it, whether the LA is rated or not."""

from __future__ import annotations

from typing import Any

from csrating.profile.profile import Profile


def evidence_of(p: Profile) -> dict[str, Any]:
    """The evidence statement of a profile (plain values, JSON-ready)."""
    c = p.completeness
    keep = ("expected", "present", "share", "missing")
    settings = {k: v for k, v in c.get("settings", {}).items()}
    return {
        "settings": settings,
        "indicators": {k: c.get("indicators", {}).get(k) for k in keep},
        "la_inspections": {k: c.get("la_inspections", {}).get(k) for k in keep},
        "dates": dict(c.get("dates") or {"census_date": str(p.census_date)}),
        "sources": [dict(s) for s in p.sources],
        "notes": dict(p.source_notes),
    }


def _pct(v: float | None) -> str:
    return "unknown" if v is None else f"{100 * v:.0f}%"


def coverage_line(e: dict[str, Any]) -> str:
    """One line: each block's coverage."""
    s, i, c = e.get("settings", {}), e.get("indicators", {}), e.get("la_inspections", {})
    real = s.get("coverage_vs_real")
    real_txt = (
        f"{_pct(real)} of the {s['expected_settings']} settings then (as at {s['expected_settings_as_at']})"
        if real is not None
        else "coverage against the real number of settings then unknown"
    )
    parts = []
    if s:
        parts.append(
            f"settings: {s.get('settings_inspected', 0)} of {s.get('settings_counted', 0)} counted open "
            f"inspected ({_pct(s.get('inspected_share'))}), {real_txt}; setting types "
            f"{s.get('present')}/{s.get('expected')}"
        )
    if i:
        parts.append(
            f"indicators: {i.get('present')}/{i.get('expected')} expected items ({_pct(i.get('share'))})"
        )
    if c:
        parts.append(f"inspections of the LA: {c.get('present')}/{c.get('expected')} expected judgements")
    return "Evidence - " + "; ".join(parts) if parts else "Evidence - not recorded"


def dates_line(e: dict[str, Any]) -> str:
    d = e.get("dates", {})
    out = f"Settings census {d.get('census_date')}"
    if d.get("la_inspections_cutoff"):
        out += (
            f"; inspections of the LA counted to {d['la_inspections_cutoff']} "
            f"({d.get('la_inspections_cutoff_basis', 'inspection')} date)"
        )
    return out


BLOCK_WORDS = {"la_inspections": "LA inspections"}


def source_lines(e: dict[str, Any]) -> list[str]:
    """A line per source: blocks (in words: 'LA inspections', not the table name), title and as-at date."""
    return [
        f"{', '.join(BLOCK_WORDS.get(b, b.replace('_', ' ')) for b in s['blocks'])}: {s['title']} - "
        f"as at {s['as_at'] or 'not recorded'}"
        for s in e.get("sources", [])
    ]


def sources_text(e: dict[str, Any]) -> str:
    """All sources on one line (for a table cell)."""
    return "; ".join(f"{s['title']} ({s['as_at'] or 'as-at not recorded'})" for s in e.get("sources", []))


def short_line(e: dict[str, Any]) -> str:
    """Indicators with a value and settings inspected, as shares of what the year expects (a table cell)."""
    ind = e.get("indicators", {}).get("share")
    st = e.get("settings", {})
    inspected, real = st.get("inspected_share"), st.get("coverage_vs_real")
    out = "indicators " + ("-" if ind is None else f"{100 * ind:.0f}%")
    out += ", settings inspected " + ("-" if inspected is None else f"{100 * inspected:.0f}%")
    return out + (
        f" (of the real number {100 * real:.0f}%)" if real is not None else " (real number unknown)"
    )
