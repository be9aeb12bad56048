"""Profiles as one tidy table: a row per LA and measure (setting type, indicator, gap, inspection); an
indicator's ``item`` is its code, ``label`` its definition's name and ``name`` its short plain-English
name (letters/indicator_names.yaml), as the letters and the web pages name it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from csrating import jsonio
from csrating.letters.indicator_names import plain_name
from csrating.letters.quantify import capitalise
from csrating.profile import settings as set_mod
from csrating.profile.objects import DIRECTION_WORDS, setting_label
from csrating.profile.profile import ProfileBuilder

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


def flatten(
    builder: ProfileBuilder,
    la_codes: Sequence[str] | None = None,
    gaps: dict[str, list[dict[str, Any]]] | None = None,
) -> pl.DataFrame:
    """The profiles of ``la_codes`` (default: every LA profiled) as one table of ``SCHEMA``: LA by LA in
    the builder's order, and within an LA its setting types, indicators, gaps and inspections. ``gaps``:
    each LA's gaps where the caller has the profiles already (else laid out here)."""
    codes = list(builder.subjects if la_codes is None else la_codes)
    order = pl.DataFrame(
        {"la_code": codes, "_la": range(len(codes))}, schema={"la_code": pl.String, "_la": pl.Int64}
    )
    t = builder.tables
    # the LA's columns, named apart from the tables' own (an indicator has its own year, a row its own
    # synthetic flag)
    base = t.las.join(order, on="la_code", how="inner").select(
        "la_code",
        "_la",
        pl.col("la_name").alias("_la_name"),
        pl.lit(builder.m.year).alias("_year"),
        pl.lit(builder.census).alias("_census"),
        pl.col("synthetic").alias("_synthetic"),
    )

    def of(df: pl.DataFrame) -> pl.DataFrame:
        """Rows of the chosen LAs, numbered in their table order, with the LA's columns."""
        return df.with_row_index("_row").join(base, on="la_code", how="inner")

    parts = [  # the blocks in the order each LA's rows take
        _settings(of(t.settings)),
        _indicators(of(t.indicators)),
        _gaps(base, builder.gaps_by_la(codes) if gaps is None else {c: gaps[c] for c in codes}),
        _la_inspections(of(t.la_inspections)),
    ]
    flat = pl.concat(
        [p.with_columns(pl.lit(i).alias("_block")) for i, p in enumerate(parts)], how="diagonal_relaxed"
    )
    la_columns = {"la_name": "_la_name", "year": "_year", "census_date": "_census", "synthetic": "_synthetic"}
    return flat.sort("_la", "_block", "_row").select(
        [
            pl.col(la_columns.get(c, c)).cast(dtype).alias(c) if la_columns.get(c, c) in flat.columns
            else pl.lit(None, dtype).alias(c)
            for c, dtype in SCHEMA.items()
        ]
    )  # fmt: skip


_KEEP = ("la_code", "_la", "_row", "_la_name", "_year", "_census", "_synthetic")


def _settings(df: pl.DataFrame) -> pl.DataFrame:
    """Block A: a row per LA and setting type, as ``SettingTypeResult`` holds it (a type with no data has
    no share, no counts and no verdicts)."""
    no_data = pl.col("status") == "no_data"
    labels = {t: setting_label(t) for t in df["setting_type"].unique().to_list()}
    grades = list(set_mod.GRADE_COLUMNS.values())
    none: dict[str, Any] = {"counts": {}, "single": False, "grade": None, "weak_outcomes": [], "sectors": {}}
    details = [
        _dumps(none) if status == "no_data" else _dumps(
            {
                "counts": dict(zip(grades, counts, strict=True)),
                "single": bool(single),
                "grade": grade,
                "weak_outcomes": [o for o, w in zip(set_mod.OUTCOMES, weak, strict=True) if w],
                "sectors": {sector: n for sector, n in zip(set_mod.RUN_BY, run_by, strict=True) if n},
            }
        )
        for status, single, grade, counts, weak, run_by in zip(
            df["status"].to_list(),
            df["single"].to_list(),
            df["grade"].to_list(),
            zip(*(df[g].to_list() for g in grades), strict=True),
            zip(*(df[f"weak_{o}"].to_list() for o in set_mod.OUTCOMES), strict=True),
            zip(*(df[c].to_list() for c in set_mod.RUN_BY.values()), strict=True),
            strict=True,
        )
    ]  # fmt: skip
    return df.select(
        *_KEEP,
        pl.lit("settings").alias("block"),
        pl.col("setting_type").alias("item"),
        pl.lit("all").alias("breakdown"),
        pl.col("setting_type").replace_strict(labels).alias("label"),
        pl.col("setting_type").replace_strict(labels).alias("name"),
        pl.when(no_data).then(None).otherwise(pl.col("good_or_better_pct")).alias("value"),
        pl.when(no_data).then(0).otherwise(pl.col("inspected")).alias("count"),
        pl.col("similar_pct").alias("similar_value"),
        pl.when(no_data).then(pl.lit("no_data")).otherwise(pl.col("similar_verdict")).alias("similar_verdict"),
        pl.col("england_pct").alias("england_value"),
        pl.when(no_data).then(pl.lit("no_data")).otherwise(pl.col("england_verdict")).alias("england_verdict"),
        pl.col("status"),
        pl.Series("detail", details, dtype=pl.String),
    )  # fmt: skip


def _indicators(df: pl.DataFrame) -> pl.DataFrame:
    """Block B: a row per LA, indicator and breakdown, as ``IndicatorResult`` holds it."""
    item = pl.coalesce("profile_item", "code")
    keys = df.select(item.alias("item"), "year", "name").unique()
    names = {(i, y, n): plain_name(i, y, n) for i, y, n in keys.iter_rows()}
    items = df.select(item.alias("item"))["item"].to_list()
    display = [
        capitalise(names[key]) for key in zip(items, df["year"].to_list(), df["name"].to_list(), strict=True)
    ]
    trend = pl.struct(
        pl.col("trend_years").fill_null([]).alias("years"),
        pl.col("trend_values").fill_null([]).alias("values"),
        pl.col("previous_value").alias("previous"),
        pl.col("change_diff").alias("change"),
        pl.col("trend_verdict").replace_strict(DIRECTION_WORDS, default="no_data").alias("direction"),
        pl.col("trend_diff").alias("window_change"),
    )
    return df.select(
        *_KEEP,
        pl.lit("indicators").alias("block"),
        item.alias("item"),
        "breakdown",
        pl.col("name").alias("label"),
        pl.Series("name", display, dtype=pl.String),
        "period", "value", "marker", "similar_value", "similar_verdict", "england_value", "england_verdict",
        "rank", "rank_of", "band",
        pl.when(pl.col("value").is_null()).then(pl.lit("no_data")).otherwise(pl.lit("ok")).alias("status"),
        pl.struct("code", "ecm_outcome", "polarity", trend.alias("trend"))
        .struct.json_encode()
        .alias("detail"),
    )  # fmt: skip


def _gaps(base: pl.DataFrame, gaps: dict[str, list[dict[str, Any]]]) -> pl.DataFrame:
    """A row per LA and gap (the published gap measure's figures; the whole gap in ``detail``)."""
    rows = []
    for la, items in gaps.items():
        for n, g in enumerate(items):
            gap = g.get("gap") or {}
            rows.append(
                {
                    "la_code": la,
                    "_row": n,
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
    schema = {c: SCHEMA.get(c, pl.Int64) for c in (rows[0] if rows else {"la_code": None, "_row": None})}
    return pl.DataFrame(rows, schema=schema).join(base, on="la_code", how="inner")


def _la_inspections(df: pl.DataFrame) -> pl.DataFrame:
    """Block C: a row per inspection of the LA counted (the whole record in ``detail``)."""
    record = [c for c in df.columns if c not in _KEEP]
    details = [_dumps(dict(zip(record, values, strict=True))) for values in df.select(record).iter_rows()]
    return df.select(
        *_KEEP,
        pl.lit("la_inspections").alias("block"),
        pl.format("{}:{}", "inspection_type", "aspect").alias("item"),
        pl.lit("all").alias("breakdown"),
        pl.col("inspection_type").alias("label"),
        pl.col("inspection_type").alias("name"),
        pl.col("date").cast(pl.String).alias("period"),
        pl.col("grade").cast(pl.Float64).alias("value"),
        pl.col("priority_actions").cast(pl.Int64).alias("count"),
        pl.lit("ok").alias("status"),
        pl.Series("detail", details, dtype=pl.String),
    )  # fmt: skip
