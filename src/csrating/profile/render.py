"""A profile printed as readable tables (the `csrating profile LA` view)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from csrating.enums import EcmOutcome, Marker, ResultStatus, Sector
from csrating.letters.indicator_names import named_item
from csrating.profile.evidence import coverage_line, dates_line, evidence_of, source_lines
from csrating.profile.profile import IndicatorResult, Profile

VERDICT_STYLE = {
    "above": "green",
    "better": "green",
    "below": "red",
    "worse": "red",
    "in_line": "",
    "no_data": "dim",
    "too_few": "dim",
    "narrower": "green",
    "wider": "red",
}


def _num(x: float | None, dp: int = 1) -> str:
    return "" if x is None else f"{x:.{dp}f}"


def _v(verdict: str | None) -> str:
    if not verdict:
        return ""
    style = VERDICT_STYLE.get(verdict, "")
    text = verdict.replace("_", " ")
    return f"[{style}]{text}[/{style}]" if style else text


def print_profile(p: Profile, console: Console) -> None:
    console.print(
        f"[bold]Performance profile: {p.la_name} ({p.la_code})[/bold] - methodology {p.year}, "
        f"census date {p.census_date}, dataset {p.dataset}"
    )
    if p.synthetic:
        console.print("[yellow]SYNTHETIC:[/yellow] some figures in this profile are made up (fixture data).")
    nb = ", ".join(f"{n['name']} ({n['code']})" for n in p.neighbours) or "none"
    stat = p.methodology["parameters"]["similar_area_statistic"]["value"]
    console.print(f"Similar areas: {stat} of the neighbours with data, model {p.neighbour_model}: {nb}")

    t = Table(title="Block A - inspected services and settings (share good or better)", title_justify="left")
    for col in (
        "setting type",
        "open",
        "inspected",
        "run by LA",
        "outst.",
        "good",
        "satisf.",
        "inadeq.",
        "% good+",
        "England %",
        "vs England",
        "similar %",
        "vs similar",
        "weak in",
    ):
        t.add_column(
            col, justify="left" if col in ("setting type", "vs England", "vs similar", "weak in") else "right"
        )
    for s in p.settings:
        if s.status == ResultStatus.NO_DATA:
            t.add_row(s.label, str(s.settings), "0", *[""] * 5, "[dim]no data[/dim]", *[""] * 5)
            continue
        pct = f"{s.grade}" if s.single and s.grade else _num(s.good_or_better_pct, 0)
        t.add_row(
            s.label,
            str(s.settings),
            str(s.inspected),
            str(s.sectors.get(Sector.LOCAL_AUTHORITY.value, 0)) if s.sectors else "",
            *(str(s.counts.get(k, 0)) for k in ("outstanding", "good", "satisfactory", "inadequate")),
            pct,
            _num(s.england.figure, 0),
            _v(s.england.verdict),
            _num(s.similar_areas.figure, 0),
            _v(s.similar_areas.verdict),
            ", ".join(EcmOutcome(o).label for o in s.weak_outcomes),
        )
    console.print(t)

    t = Table(title="Block B - indicators (latest period; verdicts are polarity-aware)", title_justify="left")
    for col in (
        "item",
        "name",
        "ECM",
        "period",
        "value",
        "similar",
        "vs similar",
        "England",
        "vs England",
        "rank",
        "band",
        "trend",
        "other series (cross-check)",
    ):
        t.add_column(col)
    for r in p.indicators:
        if r.breakdown != "all":
            continue
        if r.marker:
            value = f"[dim]{Marker(r.marker).label}[/dim]"
        elif r.value is None:
            value = "[dim]no data[/dim]"
        else:
            value = _num(r.value)
        t.add_row(
            r.item,
            r.display_name,
            r.ecm_outcome or "",
            r.period or "",
            value,
            _num(r.similar_areas.figure),
            _v(r.similar_areas.verdict),
            _england(r),
            _v(r.england.verdict),
            f"{r.rank}/{r.rank_of}" if r.rank else "",
            r.band or "",
            r.trend.get("direction", ""),
            _other_series(r.cross_check),
        )
    console.print(t)

    t = Table(title="Indicators better than or in line with comparators", title_justify="left")
    for col in ("outcome", "indicators", "vs similar", "vs England"):
        t.add_column(col)
    for sh in sorted(p.indicator_shares, key=lambda s: (s["ecm_outcome"] == "all", s["ecm_outcome"])):
        t.add_row(
            sh["ecm_outcome"],
            str(sh["indicators"]),
            f"{sh['ok_similar']}/{sh['compared_similar']} ({_num(sh['ok_similar_pct'], 0)}%)",
            f"{sh['ok_england']}/{sh['compared_england']} ({_num(sh['ok_england_pct'], 0)}%)",
        )
    console.print(t)

    t = Table(title="Gaps for vulnerable groups", title_justify="left")
    for col in (
        "gap",
        "age",
        "LA gap",
        "similar",
        "vs similar",
        "England",
        "vs England",
        "trend",
        "group vs same group nationally",
    ):
        t.add_column(col)
    for g in p.gaps:
        gap = g.get("gap") or g.get("computed_gap") or {}
        grp = g.get("group_result") or {}
        groups = [x for x in g.get("groups", []) if x.get("value") is not None]
        vs_group = _v(grp.get("vs_england")) if grp else ""
        if groups:  # several published groups (minority ethnic groups): how many beat the same group
            better = sum(x["vs_england"] == "better" for x in groups)
            vs_group = f"{better} of {len(groups)} groups better"
        t.add_row(
            g["group"],
            str(g.get("age") or ""),
            _num(gap.get("value")),
            _num(gap.get("similar")),
            _v(gap.get("vs_similar")),
            _num(gap.get("england")),
            _v(gap.get("vs_england")),
            (gap.get("trend") or {}).get("direction", ""),
            vs_group,
        )
    console.print(t)

    t = Table(title="Block C - inspections of the LA in force", title_justify="left")
    for col in ("inspection", "aspect", "grade", "date", "priority actions"):
        t.add_column(col)
    grades = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}
    for i in p.la_inspections:
        t.add_row(
            i["inspection_type"],
            i["aspect"],
            grades.get(i["grade"], "not graded"),
            str(i["date"]),
            "" if i["priority_actions"] is None else str(i["priority_actions"]),
        )
    for scr in p.serious_case_reviews:
        t.add_row(
            "serious case review",
            scr["reference"],
            grades.get(scr["grade"], ""),
            str(scr["evaluation_date"]),
            "",
        )
    console.print(t)

    c = p.completeness
    blocks = ("settings", "indicators", "la_inspections", "overall")
    console.print("Completeness: " + "; ".join(f"{k} {c[k]['present']}/{c[k]['expected']}" for k in blocks))
    e = evidence_of(p)
    console.print(escape(coverage_line(e)))
    console.print(escape(dates_line(e)))
    levels = {
        k: v["value"] for k, v in p.methodology.get("parameters", {}).items() if k.startswith("evidence_")
    }
    if levels:
        console.print(
            f"Evidence levels of {p.year}: indicators {levels['evidence_min_indicator_share']:.0%}, settings "
            f"{levels['evidence_min_settings_share']:.0%}; below either the LA is not rated (EVIDENCE-GATE)"
        )
    console.print("Sources (as at):")
    for line in source_lines(e):
        console.print(escape(f"  {line}"))
    for k in ("settings", "indicators", "la_inspections"):
        if c[k]["missing"]:
            missing = [named_item(i) for i in c[k]["missing"]] if k == "indicators" else c[k]["missing"]
            console.print(escape(f"  missing {k}: {'; '.join(missing)}"))


def _england(r: IndicatorResult) -> str:
    marker = r.england.detail.get("marker")
    return f"[dim]{Marker(marker).label}[/dim]" if marker else _num(r.england.figure)


def _other_series(c: dict[str, Any] | None) -> str:
    """The other published series of the item: its code, period, figure and whether it agrees."""
    if not c:
        return ""
    figure = _num(c["value"]) if c["value"] is not None else "no figure"
    return f"{c['code']} {c['period'] or ''} {figure}: {c['verdict'].replace('_', ' ')}".replace("  ", " ")
