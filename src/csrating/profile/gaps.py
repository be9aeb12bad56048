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

from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl

from csrating.profile.arrays import left_aligned, list_column
from csrating.profile.indicators import IndicatorArrays

_DIRECTIONS = pl.Series(["no_data", "stable", "closing", "widening"])
_VERDICTS = pl.Series(["no_data", "in_line", "narrower", "wider"])


Key = tuple[str, str]  # (code or profile item, breakdown)


def item_keys(items: Iterable[tuple[str, str, str | None]]) -> dict[Key, Key]:
    """How the gaps name indicators: (code or profile item, breakdown) -> the (code, breakdown) named.
    A code names itself; a profile item names the first code (in code order) of that item, unless a code
    has that name. ``items``: (code, breakdown, profile item) in code order."""
    by_code: dict[Key, Key] = {}
    by_item: dict[Key, Key] = {}
    for code, bd, item in items:
        by_code[(code, bd)] = (code, bd)
        if item:
            by_item.setdefault((item, bd), (code, bd))
    return {**by_item, **by_code}


def rows_for_la(keys: dict[Key, Key], results: list[dict[str, Any]]) -> dict[Key, dict[str, Any]]:
    """One LA's indicator result rows under every name the gaps may use (``item_keys``)."""
    by_code = {(r["code"], r["breakdown"]): r for r in results}
    return {k: by_code[v] for k, v in keys.items() if v in by_code}


def _trend(
    mask: np.ndarray, years: np.ndarray, values: np.ndarray, min_change: float, higher: np.ndarray
) -> dict:
    """Closing or widening over the periods of ``mask`` (rows x years), from first to last. A gap is
    lower-is-better; a published gap measure of higher polarity (``higher``, per row: the share of a group
    reaching a level) closes as it rises."""
    (y, v), n = left_aligned(mask, (np.broadcast_to(years, mask.shape), 0), (values, np.nan))
    enough = n >= 2
    change = np.where(enough, v[np.arange(len(n)), np.maximum(n - 1, 0)] - v[:, 0], np.nan)
    improving = np.where(higher, change > 0, change < 0)
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
    arrays: IndicatorArrays | None,
    keys: dict[Key, Key],
    gap_defs: list[dict[str, Any]],
    min_change: float,
    tolerance_pp: float,
) -> pl.DataFrame:
    """A row per gap and LA: the computed gap (peers minus group) for the LA, similar areas and England
    with verdicts and trend, the trend of a published gap, and whether the gap has any figure.
    ``keys``: how the gaps name the indicators of ``arrays`` (``item_keys``)."""
    if arrays is None or not gap_defs:
        return pl.DataFrame(schema=dict.fromkeys(FIGURES, pl.Null))
    a = arrays
    n_items, n_targets, n_years = a.items.height, len(a.targets), len(a.years)
    index = {(code, bd): i for i, code, bd in a.items.select("i", "code", "breakdown").iter_rows()}

    def resolve(key: str, bd: str) -> int | None:
        return index.get(keys.get((key, bd), ("", "")))

    polarity = a.items["polarity"].to_list()
    breakdowns_of: dict[str, list[int]] = {}
    for i, code, bd in a.items.select("i", "code", "breakdown").iter_rows():
        if bd != "all":
            breakdowns_of.setdefault(code, []).append(i)
    # the item of each gap's roles (-1: none): published gap, group, peers
    n_gaps = len(gap_defs)
    item = {role: np.full(n_gaps, -1) for role in ("gap", "group", "peer")}
    groups_any = np.zeros((n_gaps, n_targets), dtype=bool)
    targets_base = np.arange(n_targets) * n_items
    for n, g in enumerate(gap_defs):
        grp = g.get("group_indicator")
        all_groups = g.get("breakdowns") == "all_groups"
        peer = g.get("peer_indicator") or g.get("all_indicator")
        found = {
            "gap": resolve(g["gap_indicator"], "all") if g.get("gap_indicator") else None,
            "group": resolve(grp, g.get("breakdown") or "all") if grp and not all_groups else None,
            "peer": resolve(peer, g.get("peer_breakdown") or "all") if grp and peer else None,
        }
        for role, i in found.items():
            if i is not None:
                item[role][n] = i
        if grp and all_groups:
            for i in breakdowns_of.get(grp, []):
                groups_any[n] |= ~np.isnan(a.value[targets_base + i])
    rows = {
        role: np.where(i[:, None] >= 0, targets_base[None, :] + i[:, None], -1) for role, i in item.items()
    }

    def take(x: np.ndarray, r: np.ndarray) -> np.ndarray:
        """x at rows r (gaps x LAs), NaN (or False) where r is -1."""
        got = x[np.maximum(r, 0)]
        missing = (r < 0).reshape(r.shape + (1,) * (x.ndim - 1))
        return np.where(missing, False if x.dtype == bool else np.nan, got)

    grp_r, peer_r, gap_r = rows["group"], rows["peer"], rows["gap"]
    value = take(a.value, peer_r) - take(a.value, grp_r)
    similar = take(a.similar, peer_r) - take(a.similar, grp_r)
    england = take(a.england, peer_r) - take(a.england, grp_r)
    # trends over the periods with a value: peers minus group where both have one
    grp_v, peer_v, gap_v = (take(a.window_values, r) for r in (grp_r, peer_r, gap_r))
    both = take(a.window, grp_r) & take(a.window, peer_r) & ~np.isnan(grp_v) & ~np.isnan(peer_v)
    flat = (n_gaps * n_targets, n_years)
    no = np.zeros(n_gaps * n_targets, dtype=bool)
    cg_trend = _trend(both.reshape(flat), a.years, (peer_v - grp_v).reshape(flat), min_change, no)
    higher = np.array([item["gap"][n] >= 0 and polarity[item["gap"][n]] == "high" for n in range(n_gaps)])
    gap_mask = take(a.window, gap_r) & ~np.isnan(gap_v)
    gap_trend = _trend(
        gap_mask.reshape(flat), a.years, gap_v.reshape(flat), min_change, np.repeat(higher, n_targets)
    )
    has = ~np.isnan(take(a.value, gap_r)) | ~np.isnan(value) | ~np.isnan(take(a.value, grp_r)) | groups_any

    def col(x: np.ndarray) -> pl.Series:
        return pl.Series(x.ravel(), nan_to_null=True)

    def lists(name: str, t: dict) -> pl.Series:
        return pl.select(list_column(name, t[name.rsplit("_", 1)[1]], t["n"])).to_series()

    return pl.DataFrame(
        {
            "la_code": pl.Series(a.targets * n_gaps),
            "gap_id": pl.Series([g["id"] for g in gap_defs]).gather(np.repeat(np.arange(n_gaps), n_targets)),
            "has_data": has.ravel(),
            "cg_value": col(value),
            "cg_similar": col(similar),
            "cg_england": col(england),
            "cg_vs_similar": _VERDICTS.gather(_verdict(value, similar, tolerance_pp).ravel()),
            "cg_vs_england": _VERDICTS.gather(_verdict(value, england, tolerance_pp).ravel()),
            "cg_trend_direction": _DIRECTIONS.gather(cg_trend["direction"]),
            "cg_trend_change": col(cg_trend["change"]),
            "cg_trend_years": lists("cg_trend_years", cg_trend),
            "cg_trend_values": lists("cg_trend_values", cg_trend),
            "gap_trend_direction": _DIRECTIONS.gather(gap_trend["direction"]),
            "gap_trend_change": col(gap_trend["change"]),
            "gap_trend_years": lists("gap_trend_years", gap_trend),
            "gap_trend_values": lists("gap_trend_values", gap_trend),
        }
    )


_GAP_WORDS = {"better": "narrower", "worse": "wider", "in_line": "in_line", "no_data": "no_data"}


# the columns of an indicator result row that the gaps read (_view, _inputs, rows_for_la)
ROW_COLUMNS = (
    "code", "breakdown", "period", "value", "marker", "similar_value", "similar_used", "england_value",
    "similar_verdict", "england_verdict", "trend_years", "trend_values",
)  # fmt: skip


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
