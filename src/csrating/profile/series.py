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
    pairs = first.select(
        "code",
        pl.col("code").replace_strict(chosen_years, default=None, return_dtype=pl.Int64).alias("chosen_year"),
        "other_code",
        pl.col("other_year").cast(pl.Int64).fill_null(-1),
    ).filter(pl.col("chosen_year").is_not_null())  # a chosen series with no period up to the latest year
    if pairs.height == 0:
        return pl.DataFrame(schema=CROSS_CHECK_SCHEMA)
    # every pair at once: one query over the rows of the codes involved
    codes = sorted(set(pairs["code"].to_list()) | set(pairs["other_code"].to_list()))
    la = values.lazy().filter(
        (pl.col("area_type") == "la") & (pl.col("breakdown") == "all") & pl.col("code").is_in(codes)
    )
    mine = la.join(
        pairs.lazy().select("code", pl.col("chosen_year").alias("year")), on=["code", "year"]
    ).select("code", "area_code", pl.col("value").alias("v"))
    # the other series' figure for the chosen period where the LA has one, else its latest figure up to
    # that series' latest period
    theirs = (
        la.filter(pl.col("value").is_not_null())
        .join(pairs.lazy().rename({"code": "chosen", "other_code": "code"}), on="code")
        .filter((pl.col("year") == pl.col("chosen_year")) | (pl.col("year") <= pl.col("other_year")))
        .with_columns((pl.col("year") != pl.col("chosen_year")).alias("_other_period"))
        .sort("_other_period", pl.col("year"), descending=[False, True], maintain_order=True)
        .unique(subset=["chosen", "area_code"], keep="first", maintain_order=True)
        .select(
            pl.col("chosen").alias("code"),
            "area_code",
            pl.col("code").alias("other"),
            "period",
            "year",
            "value",
            "chosen_year",
        )
    )
    j = mine.join(theirs, on=["code", "area_code"], how="full", coalesce=True).join(
        pairs.lazy().select("code", pl.col("chosen_year").alias("_year"), "other_code"), on="code"
    )
    same = pl.col("year") == pl.col("_year")
    diff = pl.when(same).then(pl.col("v") - pl.col("value"))
    return (
        j.select(
            pl.col("area_code").alias("la_code"),
            "code",
            pl.col("other_code").alias("cross_check_code"),
            pl.col("period").alias("cross_check_period"),
            pl.col("value").alias("cross_check_value"),
            diff.alias("cross_check_diff"),
            pl.when(pl.col("v").is_null())
            .then(pl.lit(NO_VALUE))
            .when(pl.col("year").is_null())
            .then(pl.lit(OTHER_NO_VALUE))
            .when(~same)
            .then(pl.lit(OTHER_PERIOD))
            .when(diff.abs() <= tolerance + 1e-9)
            .then(pl.lit(AGREES))
            .otherwise(pl.lit(DIFFERS))
            .alias("cross_check_verdict"),
        )
        .cast(CROSS_CHECK_SCHEMA)  # type: ignore[arg-type]
        .collect()
    )
