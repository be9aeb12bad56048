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

``compute`` derives the figures of every LA's gaps at once (the computed gaps, their verdicts and trends);
``gaps_for_la`` lays one LA's gaps out with the indicator rows they rest on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from csrating.profile.arrays import left_aligned, list_column
from csrating.profile.indicators import IndicatorArrays

_DIRECTIONS = pl.Series(["no_data", "stable", "closing", "widening"])
_VERDICTS = pl.Series(["no_data", "in_line", "narrower", "wider"])


def _resolver(items: pl.DataFrame) -> Any:
    """(code or profile item, breakdown) -> item index: a code first; else the first code (in code
    order) of that profile item."""
    by_code: dict[tuple[str, str], int] = {}
    by_item: dict[tuple[str, str], int] = {}
    for i, code, bd, item in items.select("i", "code", "breakdown", "profile_item").iter_rows():
        by_code[(code, bd)] = i
        if item:
            by_item.setdefault((item, bd), i)
    return lambda key, bd: by_code.get((key, bd), by_item.get((key, bd)))


def _trend(mask: np.ndarray, years: np.ndarray, values: np.ndarray, min_change: float, higher: bool) -> dict:
    """Closing or widening over the periods of ``mask`` (rows x years), from first to last. A gap is
    lower-is-better; a published gap measure of higher polarity (the share of a group reaching a level)
    closes as it rises."""
    y, n = left_aligned(mask, np.broadcast_to(years, mask.shape), 0)
    v, _ = left_aligned(mask, values, np.nan)
    rows = np.arange(len(n))
    enough = n >= 2
    change = np.where(enough, v[rows, np.maximum(n - 1, 0)] - v[:, 0], np.nan)
    improving = change > 0 if higher else change < 0
    with np.errstate(invalid="ignore"):
        code = np.where(~enough, 0, np.where(np.abs(change) <= min_change, 1, np.where(improving, 2, 3)))
    return {"direction": code, "change": change, "years": y, "values": v, "n": n}


def _verdict(gap: np.ndarray, comparator: np.ndarray, tolerance: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where(
            np.isnan(gap) | np.isnan(comparator),
            0,
            np.where(np.abs(gap - comparator) <= tolerance, 1, np.where(gap < comparator, 2, 3)),
        )


FIGURES = [
    "la_code", "gap_id", "has_data", "cg_value", "cg_similar", "cg_england", "cg_vs_similar", "cg_vs_england",
    "cg_trend_direction", "cg_trend_change", "cg_trend_years", "cg_trend_values",
    "gap_trend_direction", "gap_trend_change", "gap_trend_years", "gap_trend_values",
]  # fmt: skip


def compute(
    arrays: IndicatorArrays | None, gap_defs: list[dict[str, Any]], min_change: float, tolerance_pp: float
) -> pl.DataFrame:
    """A row per LA and gap: the computed gap (peers minus group) for the LA, similar areas and England
    with verdicts and trend, the trend of a published gap, and whether the gap has any figure."""
    if arrays is None or not gap_defs:
        return pl.DataFrame(schema=dict.fromkeys(FIGURES, pl.Null))
    a = arrays
    n_items, n_targets, n_years = a.items.height, len(a.targets), len(a.years)
    resolve = _resolver(a.items)
    nan_t = np.full(n_targets, np.nan)
    no_window = np.zeros((n_targets, n_years), dtype=bool)
    parts: dict[str, list[Any]] = {f: [] for f in FIGURES}

    def rows(i: int | None) -> np.ndarray | None:
        return None if i is None else np.arange(n_targets) * n_items + i

    def pick(x: np.ndarray, r: np.ndarray | None) -> np.ndarray:
        return nan_t if r is None else x[r]

    def has_value(r: np.ndarray | None) -> np.ndarray:
        return ~np.isnan(pick(a.value, r))

    for g in gap_defs:
        grp = g.get("group_indicator")
        all_groups = g.get("breakdowns") == "all_groups"
        peer = g.get("peer_indicator") or g.get("all_indicator")
        r_gap = rows(resolve(g["gap_indicator"], "all")) if g.get("gap_indicator") else None
        r_grp = rows(resolve(grp, g.get("breakdown") or "all")) if grp and not all_groups else None
        r_peer = rows(resolve(peer, g.get("peer_breakdown") or "all")) if grp and peer else None
        value = pick(a.value, r_peer) - pick(a.value, r_grp)
        similar = pick(a.similar, r_peer) - pick(a.similar, r_grp)
        england = pick(a.england, r_peer) - pick(a.england, r_grp)
        # trends over the periods with a value: peers minus group where both have one
        if r_grp is not None and r_peer is not None:
            both = (
                a.window[r_grp] & a.window[r_peer]
                & ~np.isnan(a.window_values[r_grp]) & ~np.isnan(a.window_values[r_peer])
            )  # fmt: skip
            cg_trend = _trend(
                both, a.years, a.window_values[r_peer] - a.window_values[r_grp], min_change, False
            )
        else:
            cg_trend = _trend(no_window, a.years, np.full((n_targets, n_years), np.nan), min_change, False)
        if r_gap is not None:
            higher = a.items["polarity"][int(r_gap[0])] == "high"
            mask = a.window[r_gap] & ~np.isnan(a.window_values[r_gap])
            gap_trend = _trend(mask, a.years, a.window_values[r_gap], min_change, higher)
        else:
            gap_trend = _trend(no_window, a.years, np.full((n_targets, n_years), np.nan), min_change, False)
        has = has_value(r_gap) | ~np.isnan(value) | has_value(r_grp)
        if grp and all_groups:
            codes = a.items.filter((pl.col("code") == grp) & (pl.col("breakdown") != "all"))["i"].to_list()
            for i in codes:
                has |= has_value(rows(i))
        parts["la_code"].append(a.targets)
        parts["gap_id"].append([g["id"]] * n_targets)
        parts["has_data"].append(has)
        parts["cg_value"].append(value)
        parts["cg_similar"].append(similar)
        parts["cg_england"].append(england)
        parts["cg_vs_similar"].append(_verdict(value, similar, tolerance_pp))
        parts["cg_vs_england"].append(_verdict(value, england, tolerance_pp))
        for prefix, t in (("cg_trend", cg_trend), ("gap_trend", gap_trend)):
            parts[f"{prefix}_direction"].append(t["direction"])
            parts[f"{prefix}_change"].append(t["change"])
            parts[f"{prefix}_years"].append((t["years"], t["n"]))
            parts[f"{prefix}_values"].append((t["values"], t["n"]))
    cat = {k: np.concatenate(v) if k not in ("la_code", "gap_id") and not k.endswith(("_years", "_values"))
           else v for k, v in parts.items()}  # fmt: skip
    lists = {}
    for k in ("cg_trend_years", "cg_trend_values", "gap_trend_years", "gap_trend_values"):
        slots = np.concatenate([x for x, _ in parts[k]])
        n = np.concatenate([n for _, n in parts[k]])
        lists[k] = pl.select(list_column(k, slots, n)).to_series()
    return pl.DataFrame(
        {
            "la_code": [c for chunk in parts["la_code"] for c in chunk],
            "gap_id": [c for chunk in parts["gap_id"] for c in chunk],
            "has_data": cat["has_data"],
            "cg_value": pl.Series(cat["cg_value"], nan_to_null=True),
            "cg_similar": pl.Series(cat["cg_similar"], nan_to_null=True),
            "cg_england": pl.Series(cat["cg_england"], nan_to_null=True),
            "cg_vs_similar": _VERDICTS.gather(cat["cg_vs_similar"]),
            "cg_vs_england": _VERDICTS.gather(cat["cg_vs_england"]),
            "cg_trend_direction": _DIRECTIONS.gather(cat["cg_trend_direction"]),
            "cg_trend_change": pl.Series(cat["cg_trend_change"], nan_to_null=True),
            "cg_trend_years": lists["cg_trend_years"],
            "cg_trend_values": lists["cg_trend_values"],
            "gap_trend_direction": _DIRECTIONS.gather(cat["gap_trend_direction"]),
            "gap_trend_change": pl.Series(cat["gap_trend_change"], nan_to_null=True),
            "gap_trend_years": lists["gap_trend_years"],
            "gap_trend_values": lists["gap_trend_values"],
        }
    )


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


def _trend_dict(row: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    if row is None or row[f"{prefix}_direction"] is None:
        return {"direction": "no_data", "change": None, "years": [], "values": []}
    return {
        "direction": row[f"{prefix}_direction"],
        "change": row[f"{prefix}_change"],
        "years": row[f"{prefix}_years"] or [],
        "values": row[f"{prefix}_values"] or [],
    }


def _inputs(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": row["code"],
        "breakdown": row["breakdown"],
        "value": row["value"],
        "similar": row["similar_value"],
        "england": row["england_value"],
    }


def gaps_for_la(
    rows: dict[tuple[str, str], dict[str, Any]],
    gap_defs: list[dict[str, Any]],
    figures: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """The gaps of one LA. ``rows`` maps (profile item or code, breakdown) to indicator result rows;
    ``figures`` maps gap id to the LA's row of ``compute``."""
    out = []
    for g in gap_defs:
        fig = figures.get(g["id"])
        item: dict[str, Any] = {"id": g["id"], "group": g["group"], "age": g.get("age")}
        if gi := g.get("gap_indicator"):
            view = _view(rows.get((gi, "all")))
            view["vs_similar"] = _GAP_WORDS.get(view["vs_similar"], view["vs_similar"])
            view["vs_england"] = _GAP_WORDS.get(view["vs_england"], view["vs_england"])
            view["trend"] = _trend_dict(fig, "gap_trend")
            item["gap"] = view
        grp = g.get("group_indicator")
        group_row = rows.get((grp, g.get("breakdown") or "all")) if grp else None
        if grp and g.get("breakdowns") != "all_groups":
            item["group_result"] = _view(group_row)
        peer = g.get("peer_indicator") or g.get("all_indicator")
        if grp and peer:
            peer_row = rows.get((peer, g.get("peer_breakdown") or "all"))
            if peer_row and group_row and fig:
                item["computed_gap"] = {
                    "value": fig["cg_value"],
                    "similar": fig["cg_similar"],
                    "england": fig["cg_england"],
                    "vs_similar": fig["cg_vs_similar"],
                    "vs_england": fig["cg_vs_england"],
                    "period": group_row["period"],
                    "trend": _trend_dict(fig, "cg_trend"),
                    "inputs": {"peer": _inputs(peer_row), "group": _inputs(group_row)},
                }
            else:
                item["computed_gap"] = {
                    "value": None,
                    "similar": None,
                    "england": None,
                    "vs_similar": "no_data",
                    "vs_england": "no_data",
                    "trend": _trend_dict(None, "cg_trend"),
                }
        if grp and g.get("breakdowns") == "all_groups":
            item["groups"] = [
                _view(r)
                for (code, bd), r in sorted(rows.items())
                if code == grp and bd != "all" and (r["value"] is not None or r["marker"] is not None)
            ]
        item["has_data"] = bool(fig["has_data"]) if fig else False
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
