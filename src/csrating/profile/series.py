"""One indicator result per item of the profile list, when several published series answer the same item.

A dataset may read one measure from two series (LAIT republishes many of DfE's statistics, and an older
time series may overlap a newer one). The profile keeps ONE series per item - one value per LA and period,
one national rank, one place in the shares - and the other series stays visible as a cross-check beside
it. ``choose`` picks the series of each item: the one whose latest period (up to the methodology's latest
year) is the most recent; on the same period, the first of the methodology's ``indicator_series`` list
for the item; with no list, the first code in code order (and the choice says so). ``cross_checks`` gives,
per LA, the other series' value for the same period where it has one, and whether the two agree within
``series_agreement_tolerance``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

BASIS_LATEST = "latest period"
BASIS_PREFERENCE = "same period; methodology preference"
BASIS_CODE_ORDER = "same period; no preference listed, first in code order"

CHOICE_SCHEMA: dict[str, Any] = {
    "profile_item": pl.String,
    "code": pl.String,
    "year": pl.Int16,
    "other_code": pl.String,
    "other_year": pl.Int16,
    "basis": pl.String,
}

CROSS_CHECK_SCHEMA: dict[str, Any] = {
    "la_code": pl.String,
    "code": pl.String,
    "cross_check_code": pl.String,
    "cross_check_period": pl.String,
    "cross_check_value": pl.Float64,
    "cross_check_diff": pl.Float64,
    "cross_check_verdict": pl.String,
}

# cross-check verdicts
AGREES = "agrees"
DIFFERS = "differs"
OTHER_PERIOD = "other_period"  # the other series has a figure for the LA only in another period
OTHER_NO_VALUE = "other_no_value"  # the other series has no figure for the LA
NO_VALUE = "no_value"  # the LA has no figure in the chosen series for its period


def latest_years(values: pl.DataFrame, codes: list[str], latest_year: int) -> dict[str, int]:
    """Per code: the latest year, up to ``latest_year``, in which any LA has a value (all pupils)."""
    rows = values.filter(
        pl.col("code").is_in(codes)
        & (pl.col("area_type") == "la")
        & (pl.col("breakdown") == "all")
        & pl.col("value").is_not_null()
        & (pl.col("year") <= latest_year)
    )
    return dict(rows.group_by("code").agg(pl.col("year").max()).iter_rows())


def choose(
    defs: pl.DataFrame,
    values: pl.DataFrame,
    *,
    latest_year: int,
    preference: dict[str, list[str]],
    keep_codes: set[str] | frozenset[str] = frozenset(),
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The definitions with one series per profile item, and a row per item answered by several series
    (the chosen code, its year, each other code and its year, and the basis of the choice).

    ``defs``: the selected definitions (``code``, ``profile_item``, ``in_profile``). An other series whose
    code is in ``keep_codes`` (a gap reads it) stays, out of the profile and under its own code."""
    profile = defs.filter(pl.col("in_profile") & pl.col("profile_item").is_not_null())
    multi = profile.group_by("profile_item").agg(pl.col("code").sort()).filter(pl.col("code").list.len() > 1)
    if multi.height == 0:
        return defs, pl.DataFrame(schema=CHOICE_SCHEMA)
    codes = [c for cs in multi["code"].to_list() for c in cs]
    years = latest_years(values, codes, latest_year)
    choices = []
    others: set[str] = set()
    for item, item_codes in multi.sort("profile_item").iter_rows():
        listed = [c for c in preference.get(item, []) if c in item_codes]
        order = listed + [c for c in item_codes if c not in listed]
        newest = max((years.get(c, -1) for c in item_codes), default=-1)
        at_newest = [c for c in order if years.get(c, -1) == newest]
        winner = at_newest[0]
        if len(at_newest) == 1:
            basis = BASIS_LATEST
        elif winner in listed:
            basis = BASIS_PREFERENCE
        else:
            basis = BASIS_CODE_ORDER
        for other in (c for c in order if c != winner):
            others.add(other)
            choices.append((item, winner, years.get(winner), other, years.get(other), basis))
    chosen = pl.DataFrame(choices, schema=CHOICE_SCHEMA, orient="row")
    kept = defs.filter(~pl.col("code").is_in(sorted(others - set(keep_codes)))).with_columns(
        pl.when(pl.col("code").is_in(sorted(others)))
        .then(pl.col("code"))
        .otherwise(pl.col("profile_item"))
        .alias("profile_item"),
        (pl.col("in_profile") & ~pl.col("code").is_in(sorted(others))).alias("in_profile"),
    )
    return kept, chosen


def cross_checks(
    choices: pl.DataFrame, values: pl.DataFrame, chosen_years: dict[str, int], tolerance: float
) -> pl.DataFrame:
    """Per LA and chosen series: the first other series' figure (for the chosen series' period where it
    has one for the LA, else the LA's latest figure in it) and whether the two agree within ``tolerance``.

    ``chosen_years``: the year of the period the profile uses for each chosen code."""
    if choices.height == 0:
        return pl.DataFrame(schema=CROSS_CHECK_SCHEMA)
    first = choices.unique(subset=["profile_item"], keep="first", maintain_order=True)
    # one lazy query per item, collected together (the per-item eager steps each cost a round trip)
    codes = sorted(set(first["code"].to_list()) | set(first["other_code"].to_list()))
    la = values.filter(
        (pl.col("area_type") == "la") & (pl.col("breakdown") == "all") & pl.col("code").is_in(codes)
    ).lazy()
    out: list[pl.LazyFrame] = []
    for row in first.iter_rows(named=True):
        code, other = row["code"], row["other_code"]
        year = chosen_years.get(code)
        if year is None:  # the chosen series has no period up to the latest year: no result to check
            continue
        mine = la.filter((pl.col("code") == code) & (pl.col("year") == year)).select(
            "area_code", pl.col("value").alias("v")
        )
        theirs = la.filter((pl.col("code") == other) & pl.col("value").is_not_null())
        same = theirs.filter(pl.col("year") == year)
        # else the LA's latest figure in the other series, up to that series' latest period
        latest = theirs.filter(pl.col("year") <= (row["other_year"] or -1)).sort("year", descending=True)
        both = (
            pl.concat([same.with_columns(pl.lit(0).alias("_o")), latest.with_columns(pl.lit(1).alias("_o"))])
            .sort("_o", maintain_order=True)
            .unique(subset=["area_code"], keep="first", maintain_order=True)
            .select("area_code", "period", "year", "value")
        )
        j = mine.join(both, on="area_code", how="full", coalesce=True)
        diff = pl.when(pl.col("year") == year).then(pl.col("v") - pl.col("value"))
        out.append(
            j.select(
                pl.col("area_code").alias("la_code"),
                pl.lit(code).alias("code"),
                pl.lit(other).alias("cross_check_code"),
                pl.col("period").alias("cross_check_period"),
                pl.col("value").alias("cross_check_value"),
                diff.alias("cross_check_diff"),
                pl.when(pl.col("v").is_null())
                .then(pl.lit(NO_VALUE))
                .when(pl.col("year").is_null())
                .then(pl.lit(OTHER_NO_VALUE))
                .when(pl.col("year") != year)
                .then(pl.lit(OTHER_PERIOD))
                .when(diff.abs() <= tolerance + 1e-9)
                .then(pl.lit(AGREES))
                .otherwise(pl.lit(DIFFERS))
                .alias("cross_check_verdict"),
            )
        )
    if not out:
        return pl.DataFrame(schema=CROSS_CHECK_SCHEMA)
    # Polars types the schema of cast() as a Mapping keyed by str | selector | dtype (keys invariant)
    return pl.concat(out).cast(CROSS_CHECK_SCHEMA).collect()  # type: ignore[arg-type]
