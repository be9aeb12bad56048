"""Gaps between vulnerable groups and their peers, from the indicator results.

Each gap of the methodology's ``gaps`` list may give:

* ``gap_indicator``: a published gap (lower is better): the LA's gap against similar areas and England
  ("narrower" / "in_line" / "wider"), and whether it is closing over the trend periods;
* ``group_indicator`` (with an optional ``breakdown``): the group's own result against the same group
  nationally and in similar areas ("the group does better than the same group nationally");
* ``peer_indicator`` (or ``all_indicator``) beside ``group_indicator``: a gap computed as peers minus
  group (non-FSM minus FSM pupils; all pupils minus looked after children), for the LA, similar areas and
  England, with its trend;
* ``breakdowns: all_groups``: every published group of ``group_indicator`` (minority ethnic groups).
"""

from __future__ import annotations

from typing import Any


def _trend(
    years: list[int] | None,
    values: list[float | None] | None,
    min_change: float,
    higher_is_better: bool = False,
) -> dict[str, Any]:
    """Closing or widening over the trend periods. A gap is normally lower-is-better; a published gap
    measure of higher polarity (e.g. the share of FSM pupils reaching a level) closes as it rises."""
    pairs = [(y, v) for y, v in zip(years or [], values or [], strict=False) if v is not None]
    if len(pairs) < 2:
        return {
            "direction": "no_data",
            "change": None,
            "years": [y for y, _ in pairs],
            "values": [v for _, v in pairs],
        }
    change = pairs[-1][1] - pairs[0][1]
    improving = change > 0 if higher_is_better else change < 0
    direction = "stable" if abs(change) <= min_change else "closing" if improving else "widening"
    return {
        "direction": direction,
        "change": change,
        "years": [y for y, _ in pairs],
        "values": [v for _, v in pairs],
    }


def _gap_verdict(gap: float | None, comparator: float | None, tolerance: float) -> str:
    if gap is None or comparator is None:
        return "no_data"
    if abs(gap - comparator) <= tolerance:
        return "in_line"
    return "narrower" if gap < comparator else "wider"


_GAP_WORDS = {"better": "narrower", "worse": "wider", "in_line": "in_line", "no_data": "no_data"}


def _view(row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {
            "value": None,
            "marker": None,
            "similar": None,
            "england": None,
            "vs_similar": "no_data",
            "vs_england": "no_data",
            "period": None,
        }
    return {
        "code": row["code"],
        "breakdown": row["breakdown"],
        "period": row["period"],
        "value": row["value"],
        "marker": row["marker"],
        "similar": row["similar_value"],
        "similar_used": row["similar_used"] or [],
        "england": row["england_value"],
        "vs_similar": row["similar_verdict"],
        "vs_england": row["england_verdict"],
        "trend_years": row["trend_years"] or [],
        "trend_values": row["trend_values"] or [],
    }


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _computed_gap(
    peer: dict[str, Any] | None, group: dict[str, Any] | None, tolerance: float, min_change: float
) -> dict[str, Any]:
    if not peer or not group:
        return {
            "value": None,
            "similar": None,
            "england": None,
            "vs_similar": "no_data",
            "vs_england": "no_data",
            "trend": _trend([], [], min_change),
        }
    gap = _minus(peer["value"], group["value"])
    similar = _minus(peer["similar_value"], group["similar_value"])
    england = _minus(peer["england_value"], group["england_value"])
    by_year = dict(zip(peer["trend_years"] or [], peer["trend_values"] or [], strict=False))
    years, values = [], []
    for y, v in zip(group["trend_years"] or [], group["trend_values"] or [], strict=False):
        if y in by_year:
            years.append(y)
            values.append(_minus(by_year[y], v))
    return {
        "value": gap,
        "similar": similar,
        "england": england,
        "vs_similar": _gap_verdict(gap, similar, tolerance),
        "vs_england": _gap_verdict(gap, england, tolerance),
        "period": group["period"],
        "trend": _trend(years, values, min_change),
        "inputs": {
            "peer": {
                "code": peer["code"],
                "breakdown": peer["breakdown"],
                "value": peer["value"],
                "similar": peer["similar_value"],
                "england": peer["england_value"],
            },
            "group": {
                "code": group["code"],
                "breakdown": group["breakdown"],
                "value": group["value"],
                "similar": group["similar_value"],
                "england": group["england_value"],
            },
        },
    }


def gaps_for_la(
    rows: dict[tuple[str, str], dict[str, Any]],
    gap_defs: list[dict[str, Any]],
    min_change: float,
    tolerance_pp: float,
) -> list[dict[str, Any]]:
    """The gaps of one LA. ``rows`` maps (profile item or code, breakdown) to indicator result rows."""
    out = []
    for g in gap_defs:
        item: dict[str, Any] = {"id": g["id"], "group": g["group"], "age": g.get("age")}
        if gi := g.get("gap_indicator"):
            row = rows.get((gi, "all"))
            view = _view(row)
            view["vs_similar"] = _GAP_WORDS.get(view["vs_similar"], view["vs_similar"])
            view["vs_england"] = _GAP_WORDS.get(view["vs_england"], view["vs_england"])
            higher = row is not None and row["polarity"] == "high"
            view["trend"] = _trend(view.get("trend_years"), view.get("trend_values"), min_change, higher)
            item["gap"] = view
        grp = g.get("group_indicator")
        group_row = rows.get((grp, g.get("breakdown") or "all")) if grp else None
        if grp and g.get("breakdowns") != "all_groups":
            item["group_result"] = _view(group_row)
        peer = g.get("peer_indicator") or g.get("all_indicator")
        if grp and peer:
            item["computed_gap"] = _computed_gap(
                rows.get((peer, g.get("peer_breakdown") or "all")), group_row, tolerance_pp, min_change
            )
        if grp and g.get("breakdowns") == "all_groups":
            item["groups"] = [
                _view(r)
                for (code, bd), r in sorted(rows.items())
                if code == grp and bd != "all" and (r["value"] is not None or r["marker"] is not None)
            ]
        parts = [item.get("gap"), item.get("computed_gap"), item.get("group_result"), *item.get("groups", [])]
        item["has_data"] = any(p is not None and p.get("value") is not None for p in parts)
        out.append(item)
    return out


def rows_by_item(results: list[dict[str, Any]]) -> dict[str, dict[tuple[str, str], dict[str, Any]]]:
    """Index indicator results per LA by (profile item, breakdown) and (code, breakdown)."""
    out: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for r in results:
        d = out.setdefault(r["la_code"], {})
        d[(r["code"], r["breakdown"])] = r
        if r.get("profile_item"):
            d.setdefault((r["profile_item"], r["breakdown"]), r)
    return out
