"""Gaps between vulnerable groups and their peers, from the indicator results.

Each gap of the methodology's ``gaps`` list may give:

* ``gap_indicator``: a published gap (lower is better): the LA's gap against similar areas and England
  ("narrower"/"in line"/"wider"), and whether it is closing over the trend periods;
* ``group_indicator`` with ``breakdown``: the group's own result against the same group nationally and in
  similar areas ("the group does better than the same group nationally");
* ``group_indicator`` with ``all_indicator``: a gap computed as all pupils minus the group (looked after
  children), against the same gap in England;
* ``breakdowns: all_groups``: every published group of ``group_indicator`` (minority ethnic groups).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from csrating.profile.compare import Verdict


def _trend(values: list[float | None] | None, min_change: float, lower_is_better: bool) -> dict[str, Any]:
    vals = [v for v in (values or []) if v is not None]
    if len(vals) < 2:
        return {"direction": "no_data", "change": None}
    change = vals[-1] - vals[0]
    if abs(change) <= min_change:
        direction = "stable"
    elif (change < 0) == lower_is_better:
        direction = "closing" if lower_is_better else "improving"
    else:
        direction = "widening" if lower_is_better else "declining"
    return {"direction": direction, "change": change}


_GAP_WORDS = {
    Verdict.BETTER.value: "narrower",
    Verdict.WORSE.value: "wider",
    Verdict.IN_LINE.value: "in_line",
    Verdict.NO_DATA.value: "no_data",
}


def _row_view(row: dict[str, Any] | None) -> dict[str, Any]:
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
        "similar_used": row["similar_used"],
        "england": row["england_value"],
        "vs_similar": row["similar_verdict"],
        "vs_england": row["england_verdict"],
        "trend_years": row["trend_years"],
        "trend_values": row["trend_values"],
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
            r = rows.get((gi, "all"))
            view = _row_view(r)
            view["vs_similar"] = _GAP_WORDS.get(view["vs_similar"], view["vs_similar"])
            view["vs_england"] = _GAP_WORDS.get(view["vs_england"], view["vs_england"])
            view["trend"] = _trend(view.get("trend_values"), min_change, lower_is_better=True)
            item["gap"] = view
        if (grp := g.get("group_indicator")) and g.get("breakdown"):
            item["group_result"] = _row_view(rows.get((grp, g["breakdown"])))
        if grp and g.get("all_indicator"):
            item["computed_gap"] = _computed_gap(
                rows.get((g["all_indicator"], "all")), rows.get((grp, "all")), tolerance_pp
            )
        if grp and g.get("breakdowns") == "all_groups":
            item["groups"] = [
                _row_view(r) for (code, bd), r in sorted(rows.items()) if code == grp and bd != "all"
            ]
        present = any(
            (isinstance(v, dict) and v.get("value") is not None)
            or (isinstance(v, list) and any(x.get("value") is not None for x in v))
            for k, v in item.items()
            if k in ("gap", "group_result", "computed_gap", "groups")
        )
        item["has_data"] = present
        out.append(item)
    return out


def _computed_gap(
    all_row: dict[str, Any] | None, group_row: dict[str, Any] | None, tolerance_pp: float
) -> dict[str, Any]:
    if not all_row or not group_row or all_row["value"] is None or group_row["value"] is None:
        return {"value": None, "england": None, "vs_england": "no_data"}
    la_gap = all_row["value"] - group_row["value"]
    eng = (
        all_row["england_value"] - group_row["england_value"]
        if all_row["england_value"] is not None and group_row["england_value"] is not None
        else None
    )
    verdict = (
        "no_data"
        if eng is None
        else "in_line"
        if abs(la_gap - eng) <= tolerance_pp
        else ("narrower" if la_gap < eng else "wider")
    )
    return {
        "value": la_gap,
        "england": eng,
        "vs_england": verdict,
        "inputs": {"all": all_row["value"], "group": group_row["value"], "period": all_row["period"]},
    }


def rows_by_item(results: pl.DataFrame) -> dict[str, dict[tuple[str, str], dict[str, Any]]]:
    """Index indicator results per LA by (profile item, breakdown) and (code, breakdown)."""
    out: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for r in results.iter_rows(named=True):
        d = out.setdefault(r["la_code"], {})
        d[(r["code"], r["breakdown"])] = r
        if r.get("profile_item"):
            d.setdefault((r["profile_item"], r["breakdown"]), r)
    return out
