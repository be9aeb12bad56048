"""Block B: indicators for every LA at once, compared with similar areas and England.

For each indicator (and pupil-group breakdown) the period used is the latest one, up to the methodology's
latest year, in which any LA has a value; England and similar areas are taken for that same period (the
England row's period label is kept beside the LA's, so a test can check they match). Per LA: the value or
its status marker; the similar-area figure (mean or median of the neighbours with a value, with the
neighbours used and a minimum count); England; polarity-aware verdicts against both; national rank with
ties (1 = best) among LAs with a value; quartile band A (best) to D with the quartile limits; the values of
the earlier trend periods and the change from the previous period; the direction over the whole trend
window (improving, declining or stable within the trend tolerance).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np
import polars as pl

from csrating.lazy import Once
from csrating.profile.arrays import (
    left_aligned,
    list_column,
    neighbour_index,
    neighbour_statistic,
    neighbours_used,
    positions,
)
from csrating.profile.compare import POLARITY_CODES, VALUE_VERDICTS, Verdict, is_percent, value_verdicts


def select_definitions(definitions: pl.DataFrame, wanted: list[str]) -> pl.DataFrame:
    """Indicators whose code or National Indicator number is in the methodology's list."""
    ni = [w.removeprefix("NI") for w in wanted]
    return definitions.filter(
        pl.col("code").is_in(wanted) | pl.col("ni_code").is_in(wanted) | pl.col("ni_code").is_in(ni)
    ).with_columns(
        pl.coalesce(
            pl.when(pl.col("code").is_in(wanted)).then(pl.col("code")),
            pl.when(pl.col("ni_code").is_not_null()).then(
                pl.when(pl.col("ni_code").str.starts_with("NI"))
                .then(pl.col("ni_code"))
                .otherwise(pl.lit("NI") + pl.col("ni_code"))
            ),
        ).alias("profile_item")
    )


_VERDICTS = pl.Series([v.value for v in VALUE_VERDICTS])
_VERDICT_INDEX = {v: n for n, v in enumerate(VALUE_VERDICTS)}
_BANDS = pl.Series(["A", "B", "C", "D", None], dtype=pl.String)


OUTPUT_SCHEMA: dict[str, Any] = {
    "la_code": pl.String,
    "code": pl.String,
    "breakdown": pl.String,
    "year": pl.Int16,
    "period": pl.String,
    "value": pl.Float64,
    "marker": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "synthetic": pl.Boolean,
    "name": pl.String,
    "ecm_outcome": pl.String,
    "polarity": pl.String,
    "unit": pl.String,
    "decimal_places": pl.Int8,
    "profile_item": pl.String,
    "england_value": pl.Float64,
    "england_period": pl.String,
    "england_marker": pl.String,
    "england_synthetic": pl.Boolean,
    "similar_value": pl.Float64,
    "similar_n": pl.UInt32,
    "similar_used": pl.List(pl.String),
    "rank": pl.Int32,
    "rank_of": pl.Int32,
    "band": pl.String,
    "q1": pl.Float64,
    "q2": pl.Float64,
    "q3": pl.Float64,
    "trend_years": pl.List(pl.Int16),
    "trend_values": pl.List(pl.Float64),
    "similar_diff": pl.Float64,
    "similar_verdict": pl.String,
    "england_diff": pl.Float64,
    "england_verdict": pl.String,
    "previous_value": pl.Float64,
    "change_diff": pl.Float64,
    "change_verdict": pl.String,
    "trend_diff": pl.Float64,
    "trend_verdict": pl.String,
    "in_profile": pl.Boolean,
}


@dataclass(frozen=True)
class IndicatorArrays:
    """Block B as arrays, for the gaps, shares and completeness: row r = target * len(items) + item."""

    targets: list[str]
    items: pl.DataFrame  # i, code, breakdown, profile_item, polarity, ecm_outcome, in_profile
    value: np.ndarray  # the LA's value (NaN: none)
    verdicts: dict[str, np.ndarray]  # similar, england: indexes into _VERDICTS
    similar: np.ndarray
    england: np.ndarray
    years: np.ndarray  # calendar year of each column of ``window``
    window: np.ndarray  # rows x years: the periods of the LA's trend window
    window_values: np.ndarray  # rows x years: the LA's values (NaN: none)
    has_row: np.ndarray  # the LA has a row (a value or a marker) for the indicator's period
    synthetic: np.ndarray  # the LA's figure or England's is synthetic


class Computed(NamedTuple):
    """Block B: the arrays (made at once: the shares, completeness and gaps read them) and the table of
    every row (``frame``, made when first asked for: a national rating reads none of it)."""

    table: Once[pl.DataFrame]
    arrays: IndicatorArrays | None

    @property
    def frame(self) -> pl.DataFrame:
        return self.table()


def _no_rows() -> pl.DataFrame:
    return pl.DataFrame(schema=OUTPUT_SCHEMA)


def compute(
    values: pl.DataFrame,
    definitions: pl.DataFrame,
    neighbours: pl.DataFrame,
    *,
    latest_year: int,
    trend_periods: int,
    statistic: str,
    min_neighbours: int,
    tolerance_pp: float,
    tolerance_relative: float,
    trend_tolerance_pp: float = 0.5,
    trend_tolerance_relative: float = 0.01,
    la_codes: list[str] | None = None,
) -> Computed:
    """One row per (LA, indicator, breakdown) for the LAs in ``la_codes`` (default: every LA with a row
    for the period), sorted by LA, code and breakdown.

    The LA values are laid out as an array indicator x LA x year, so the neighbour means, national ranks,
    quartiles and trends of every LA are a few array operations rather than joins."""
    defs = definitions.select(
        "code", "name", "ecm_outcome", "polarity", "unit", "decimal_places", "profile_item",
        pl.col("in_profile") if "in_profile" in definitions.columns else pl.lit(True).alias("in_profile"),
    )  # fmt: skip
    vals = values.filter(pl.col("code").is_in(defs["code"].implode()) & (pl.col("year") <= latest_year))
    la_vals = vals.filter(pl.col("area_type") == "la")
    keys = ["code", "breakdown", "year"]
    # every (code, breakdown) of the LA rows, numbered in sorted order
    rows = la_vals.with_columns(pl.struct("code", "breakdown").rank("dense").cast(pl.Int64).alias("_k"))
    if rows.height == 0:
        return Computed(Once(_no_rows), None)
    kk = rows["_k"].to_numpy() - 1
    la_list = sorted(set(rows["area_code"].unique().to_list()) | set(la_codes or []))
    la_index = {c: k for k, c in enumerate(la_list)}
    y0 = int(cast(int, rows["year"].min()))
    n_years = int(cast(int, rows["year"].max())) - y0 + 1
    ll = positions(rows["area_code"], la_index)
    yy = rows["year"].to_numpy().astype(np.intp) - y0
    row_of = np.full((int(kk.max()) + 1, len(la_list), n_years), -1, dtype=np.int64)
    row_of[kk, ll, yy] = np.arange(rows.height)
    value = rows["value"].to_numpy().astype(np.float64)  # null -> NaN
    cube = np.where(row_of >= 0, value[row_of], np.nan)
    # the period of each indicator and breakdown: the latest year in which any LA has a value
    with_value: np.ndarray = np.any(~np.isnan(cube), axis=1)  # keys x years
    kept = np.flatnonzero(with_value.any(axis=1))
    row_of, cube = row_of[kept], cube[kept]
    cy = n_years - 1 - np.argmax(with_value[kept][:, ::-1], axis=1)
    first_row = np.zeros(len(kept), dtype=np.int64)
    for n in range(len(kept)):  # a row of each kept key, at its chosen year
        first_row[n] = row_of[n, :, cy[n]][row_of[n, :, cy[n]] >= 0][0]
    england = (
        vals.filter(pl.col("area_type") == "england")
        .select(
            *keys,
            pl.col("period").alias("england_period"),
            pl.col("value").alias("england_value"),
            pl.col("marker").alias("england_marker"),
            pl.col("synthetic").alias("england_synthetic"),
        )
        .unique(subset=keys, keep="first")
    )
    item_frame = (
        rows.select("code", "breakdown", "year", "period")[first_row]
        .join(england, on=keys, how="left", maintain_order="left")
        .join(defs, on="code", how="left", maintain_order="left")
        .with_row_index("i")
    )
    targets = (
        la_codes
        if la_codes is not None
        else sorted(
            {la_list[c] for c in np.flatnonzero((row_of[np.arange(len(kept)), :, cy] >= 0).any(axis=0))}
        )
    )
    n_items, n_targets = item_frame.height, len(targets)
    if n_targets == 0:
        return Computed(Once(_no_rows), None)
    item_ix = np.arange(n_items)[:, None]
    cur_row = row_of[item_ix, np.arange(len(la_list))[None, :], cy[:, None]]  # items x LAs
    cur = np.where(cur_row >= 0, cube[item_ix, np.arange(len(la_list))[None, :], cy[:, None]], np.nan)
    has = ~np.isnan(cur)
    tix = np.array([la_index[c] for c in targets], dtype=np.intp)
    n_rows = n_targets * n_items  # row r = target * n_items + item: sorted by LA, code, breakdown
    t_of_row = np.repeat(np.arange(n_targets), n_items)
    i_of_row = np.tile(np.arange(n_items), n_targets)
    # similar areas: the neighbours of each target with a value (neighbour lists sorted by code)
    nb_ix = neighbour_index(neighbours, targets, la_index)
    nb_vals = cur[:, nb_ix]  # items x targets x width
    used = (nb_ix >= 0)[None, :, :] & has[:, nb_ix]
    stat, n_used = neighbour_statistic(nb_vals, used, 2, statistic)
    similar_value = np.where(n_used >= min_neighbours, stat, np.nan).T.ravel()
    used_rows = used.transpose(1, 0, 2).reshape(n_rows, nb_ix.shape[1])
    # national rank (1 = best, ties share the best rank) and quartile band among LAs with a value
    low = (item_frame["polarity"] == "low").to_numpy()
    signed = np.where(low[:, None], cur, -cur)
    n_las = cur.shape[1]
    order = np.argsort(signed, axis=1, kind="stable")  # NaN (no value) last
    ordered = np.take_along_axis(signed, order, axis=1)
    new_value = np.ones_like(ordered, dtype=bool)
    new_value[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first_of_tie = np.maximum.accumulate(np.where(new_value, np.arange(n_las)[None, :], 0), axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, first_of_tie + 1, axis=1)
    # quartiles by linear interpolation between the sorted values
    sorted_vals = np.sort(cur, axis=1)
    pos = np.array([0.25, 0.5, 0.75])[:, None] * (has.sum(axis=1) - 1)[None, :]  # 3 x items
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, np.maximum(has.sum(axis=1) - 1, 0)[None, :])
    at = np.arange(n_items)[None, :]
    quart = sorted_vals[at, lo] + (pos - lo) * (sorted_vals[at, hi] - sorted_vals[at, lo])
    rank_of = has.sum(axis=1)
    # trend: the LA's last ``trend_periods`` years with a row, up to the indicator's period
    present = (row_of[:, tix, :] >= 0) & (np.arange(n_years)[None, None, :] <= cy[:, None, None])
    from_end = np.cumsum(present[:, :, ::-1], axis=2)[:, :, ::-1]
    keep = (present & (from_end <= trend_periods)).transpose(1, 0, 2).reshape(n_rows, n_years)
    years = np.broadcast_to((np.arange(n_years) + y0).astype(np.int16), keep.shape)
    window_values = cube[:, tix, :].transpose(1, 0, 2).reshape(n_rows, n_years)
    # the figures per row that the shares, completeness and gaps read (arrays, at once)
    cur_t = cur_row[:, tix].T.ravel()  # row index into ``rows`` or -1
    has_t = has[:, tix].T.ravel()
    value_rows = np.where(cur_t >= 0, cur[i_of_row, tix[t_of_row]], np.nan)
    item_polarity = [POLARITY_CODES.get(p, 3) for p in item_frame["polarity"].to_list()]
    polarity = np.array(item_polarity, dtype=np.int8)[i_of_row]
    percent = np.array([is_percent(u) for u in item_frame["unit"].to_list()], dtype=bool)[i_of_row]
    england_rows = item_frame["england_value"].to_numpy().astype(np.float64)[i_of_row]
    # against similar areas and England (the shares read these); the trend's comparisons wait for the table
    comparisons: dict[str, tuple[np.ndarray, np.ndarray]] = {  # name: (difference, verdict code)
        name: value_verdicts(value_rows, comp, polarity, percent, tolerance_pp, tolerance_relative)
        for name, comp in (("similar", similar_value), ("england", england_rows))
    }
    row_synthetic = rows["synthetic"].fill_null(False).to_numpy()
    england_synthetic = item_frame["england_synthetic"].fill_null(False).to_numpy()
    arrays = IndicatorArrays(
        targets=list(targets),
        items=item_frame.select(
            "i", "code", "breakdown", "profile_item", "polarity", "ecm_outcome", "in_profile"
        ),
        verdicts={name: code for name, (_, code) in comparisons.items()},
        value=value_rows,
        similar=similar_value,
        england=england_rows,
        years=np.arange(n_years) + y0,
        window=keep,
        window_values=window_values,
        has_row=cur_t >= 0,
        synthetic=np.where(cur_t >= 0, row_synthetic[np.maximum(cur_t, 0)], False)
        | england_synthetic[i_of_row],
    )

    def table() -> pl.DataFrame:
        """A row per LA, indicator and breakdown with every figure (made when first asked for)."""
        src = pl.select(pl.when(pl.lit(pl.Series(cur_t >= 0))).then(pl.lit(pl.Series(cur_t)))).to_series()
        base = rows.select("value", "marker", "numerator", "denominator", "synthetic").select(
            pl.all().gather(src)
        )
        per_item = item_frame.drop("i")[i_of_row]
        # the trend: the LA's values in its window, left-aligned; the previous period and the start
        (tr_years, tr_vals), tr_len = left_aligned(keep, (years, 0), (window_values, np.nan))
        two = tr_len >= 2
        previous = np.where(two, tr_vals[np.arange(n_rows), np.maximum(tr_len - 2, 0)], np.nan)
        first = np.where(two, tr_vals[:, 0], np.nan)
        trend_comparisons = {
            "change": value_verdicts(
                value_rows, previous, polarity, percent, tolerance_pp, tolerance_relative
            ),
            "trend": value_verdicts(
                value_rows, first, polarity, percent, trend_tolerance_pp, trend_tolerance_relative
            ),
        }
        verdicts: dict[str, pl.Series] = {}
        for name, (diff, code) in (comparisons | trend_comparisons).items():
            verdicts[f"{name}_diff"] = pl.Series(diff, nan_to_null=True)
            verdicts[f"{name}_verdict"] = _VERDICTS.gather(code)
        verdicts["previous_value"] = pl.Series(previous, nan_to_null=True)
        q = quart[:, i_of_row]
        high_band = np.select([value_rows >= q[2], value_rows >= q[1], value_rows >= q[0]], [0, 1, 2], 3)
        low_band = np.select([value_rows <= q[0], value_rows <= q[1], value_rows <= q[2]], [0, 1, 2], 3)
        band = np.where(has_t, np.where(polarity == 2, low_band, high_band), 4)
        out = pl.concat(
            [
                pl.DataFrame({"la_code": pl.Series(targets).gather(t_of_row)}),
                per_item.select("code", "breakdown", pl.col("year").cast(pl.Int16), "period"),
                base,
                per_item.select(
                    "name",
                    "ecm_outcome",
                    "polarity",
                    "unit",
                    "decimal_places",
                    "profile_item",
                    "england_value",
                    "england_period",
                    "england_marker",
                    "england_synthetic",
                    "in_profile",
                ),
                pl.DataFrame(
                    {
                        "similar_value": pl.Series(similar_value, nan_to_null=True),
                        "rank": pl.Series(rank[i_of_row, tix[t_of_row]], dtype=pl.Int32),
                        "rank_of": pl.Series(rank_of[i_of_row], dtype=pl.Int32),
                        "q1": q[0],
                        "q2": q[1],
                        "q3": q[2],
                        "band": _BANDS.gather(band),
                        **verdicts,
                    }
                ),
            ],
            how="horizontal",
        ).with_columns(
            *neighbours_used(used_rows, nb_ix[t_of_row], la_list),
            list_column("trend_years", tr_years, tr_len),
            list_column("trend_values", tr_vals, tr_len),
            *[
                pl.when(pl.lit(pl.Series(has_t))).then(pl.col(c))
                for c in ("rank", "rank_of", "q1", "q2", "q3")
            ],
        )
        return out.select(list(OUTPUT_SCHEMA))

    return Computed(Once(table), arrays)


SHARE_COLUMNS = [
    "compared_similar", "ok_similar", "better_similar", "compared_england", "ok_england", "indicators"
]  # fmt: skip


def shares(arrays: IndicatorArrays | None) -> pl.DataFrame:
    """Per LA and ECM outcome (and 'all'): the profile's indicators compared, those better than or in line
    with similar areas / England, and those better than similar areas. Indicators without polarity are
    left out of the shares."""
    schema = {"la_code": pl.String, "ecm_outcome": pl.String, **dict.fromkeys(SHARE_COLUMNS, pl.UInt32)}
    schema |= {"ok_similar_pct": pl.Float64, "ok_england_pct": pl.Float64}
    if arrays is None:
        return pl.DataFrame(schema=schema)
    items = arrays.items
    counted = (
        (items["breakdown"] == "all") & (items["polarity"] != "none").fill_null(False) & items["in_profile"]
    ).to_numpy()
    outcome_names = sorted({o or "unassigned" for o in items["ecm_outcome"].to_list()} | {"all"})
    outcome = np.array([outcome_names.index(o or "unassigned") for o in items["ecm_outcome"].to_list()])
    n_items, n_targets, n_out = items.height, len(arrays.targets), len(outcome_names)
    target = np.repeat(np.arange(n_targets), n_items)
    keep = np.tile(counted, n_targets)
    ok = {_VERDICT_INDEX[Verdict.BETTER], _VERDICT_INDEX[Verdict.IN_LINE]}
    weights = {
        "compared_similar": arrays.verdicts["similar"] != 0,
        "ok_similar": np.isin(arrays.verdicts["similar"], list(ok)),
        "better_similar": arrays.verdicts["similar"] == _VERDICT_INDEX[Verdict.BETTER],
        "compared_england": arrays.verdicts["england"] != 0,
        "ok_england": np.isin(arrays.verdicts["england"], list(ok)),
        "indicators": np.ones(n_targets * n_items, dtype=bool),
    }
    all_col = outcome_names.index("all")
    by_outcome = target * n_out + np.tile(outcome, n_targets)
    by_all = target * n_out + all_col
    totals = {}
    for name, w in weights.items():
        w = (w & keep).astype(np.float64)
        totals[name] = (
            np.bincount(by_outcome, w, minlength=n_targets * n_out)
            + np.bincount(by_all, w, minlength=n_targets * n_out)
        ).astype(np.int64)
    present = np.bincount(by_outcome[keep], minlength=n_targets * n_out) + np.bincount(
        by_all[keep], minlength=n_targets * n_out
    )
    rows = np.flatnonzero(present > 0)
    t = totals
    with np.errstate(invalid="ignore", divide="ignore"):
        sim_pct = np.where(t["compared_similar"] > 0, 100 * t["ok_similar"] / t["compared_similar"], np.nan)
        eng_pct = np.where(t["compared_england"] > 0, 100 * t["ok_england"] / t["compared_england"], np.nan)
    return pl.DataFrame(
        {
            "la_code": pl.Series(arrays.targets).gather(rows // n_out),
            "ecm_outcome": pl.Series(outcome_names).gather(rows % n_out),
            **{name: pl.Series(t[name][rows], dtype=pl.UInt32) for name in SHARE_COLUMNS},
            "ok_similar_pct": pl.Series(sim_pct[rows], nan_to_null=True),
            "ok_england_pct": pl.Series(eng_pct[rows], nan_to_null=True),
        },
        schema=schema,
    )
