"""Block B: indicators for every LA at once, compared with similar areas and England.

For each indicator (and pupil-group breakdown) the period used is the latest one, up to the methodology's
latest year, in which any LA has a value. Per LA: the value or its status marker; the similar-area figure
(mean or median of the neighbours with a value, with the neighbours used and a minimum count); England;
polarity-aware verdicts against both; national rank with ties (1 = best) among LAs with a value;
quartile band A (best) to D with the quartile limits; the values of the earlier trend periods and the
change from the previous period; the direction over the whole trend window (improving, declining or
stable within the trend tolerance).
"""

from __future__ import annotations

import polars as pl

from csrating.profile.compare import Verdict

ENGLAND = "E92000001"


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


def _verdict(value: pl.Expr, comp: pl.Expr, name: str) -> list[pl.Expr]:
    diff = value - comp
    tol = pl.when(pl.col("is_percent")).then(pl.col("tol_pp")).otherwise(comp.abs() * pl.col("tol_rel"))
    pol = pl.col("polarity")
    verdict = (
        pl.when(value.is_null() | comp.is_null())
        .then(pl.lit(Verdict.NO_DATA.value))
        .when(diff.abs() <= tol)
        .then(pl.lit(Verdict.IN_LINE.value))
        .when(pol == "none")
        .then(pl.when(diff > 0).then(pl.lit(Verdict.HIGHER.value)).otherwise(pl.lit(Verdict.LOWER.value)))
        .when((pol == "high") == (diff > 0))
        .then(pl.lit(Verdict.BETTER.value))
        .otherwise(pl.lit(Verdict.WORSE.value))
    )
    return [diff.alias(f"{name}_diff"), verdict.alias(f"{name}_verdict")]


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
) -> pl.DataFrame:
    """One row per (LA, indicator, breakdown) for the LAs in ``la_codes`` (default: every LA with data)."""
    defs = definitions.select(
        "code", "name", "ecm_outcome", "polarity", "unit", "decimal_places", "profile_item"
    )
    vals = values.join(defs.select("code"), on="code", how="semi").filter(pl.col("year") <= latest_year)
    la_vals = vals.filter(pl.col("area_type") == "la")
    chosen = (
        la_vals.filter(pl.col("value").is_not_null())
        .group_by("code", "breakdown")
        .agg(pl.col("year").max().alias("year"))
    )
    keys = ["code", "breakdown", "year"]
    period_names = vals.select(*keys, "period").unique(subset=keys, keep="first")
    chosen = chosen.join(period_names, on=keys, how="left")
    cur = la_vals.join(chosen, on=keys, how="semi").select(
        pl.col("area_code").alias("la_code"),
        "code",
        "breakdown",
        "year",
        "value",
        "marker",
        "numerator",
        "denominator",
        "synthetic",
    )
    # LAs with no row at all for the chosen period still get an explicit "no data" row
    targets = pl.DataFrame({"la_code": la_codes}) if la_codes is not None else cur.select("la_code").unique()
    base = targets.join(chosen, how="cross").join(cur, on=["la_code", *keys], how="left")
    england = (
        vals.filter(pl.col("area_type") == "england")
        .join(chosen, on=keys, how="semi")
        .select(
            "code",
            "breakdown",
            "year",
            pl.col("value").alias("england_value"),
            pl.col("synthetic").alias("england_synthetic"),
        )
    )
    nb_vals = neighbours.join(
        cur.filter(pl.col("value").is_not_null()).select(
            pl.col("la_code").alias("neighbour_code"), "code", "breakdown", "value"
        ),
        on="neighbour_code",
    )
    agg = pl.col("value").mean() if statistic == "mean" else pl.col("value").median()
    similar = (
        nb_vals.group_by("la_code", "code", "breakdown")
        .agg(
            agg.alias("similar_value"),
            pl.len().alias("similar_n"),
            pl.col("neighbour_code").sort().alias("similar_used"),
        )
        .with_columns(
            pl.when(pl.col("similar_n") >= min_neighbours).then(pl.col("similar_value")).otherwise(None)
        )
    )
    # national rank and quartile band among LAs with a value (1 = best; ties share the best rank)
    ranked = cur.filter(pl.col("value").is_not_null()).join(defs.select("code", "polarity"), on="code")
    signed = pl.when(pl.col("polarity") == "low").then(pl.col("value")).otherwise(-pl.col("value"))
    ranked = ranked.with_columns(
        signed.rank("min").over("code", "breakdown").cast(pl.Int32).alias("rank"),
        pl.len().over("code", "breakdown").cast(pl.Int32).alias("rank_of"),
        pl.col("value").quantile(0.25, "linear").over("code", "breakdown").alias("q1"),
        pl.col("value").quantile(0.5, "linear").over("code", "breakdown").alias("q2"),
        pl.col("value").quantile(0.75, "linear").over("code", "breakdown").alias("q3"),
    )
    high_band = (
        pl.when(pl.col("value") >= pl.col("q3"))
        .then(pl.lit("A"))
        .when(pl.col("value") >= pl.col("q2"))
        .then(pl.lit("B"))
        .when(pl.col("value") >= pl.col("q1"))
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    low_band = (
        pl.when(pl.col("value") <= pl.col("q1"))
        .then(pl.lit("A"))
        .when(pl.col("value") <= pl.col("q2"))
        .then(pl.lit("B"))
        .when(pl.col("value") <= pl.col("q3"))
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    ranked = ranked.with_columns(
        pl.when(pl.col("polarity") == "low").then(low_band).otherwise(high_band).alias("band")
    ).select("la_code", "code", "breakdown", "rank", "rank_of", "band", "q1", "q2", "q3")
    # earlier periods of the LA (trend) and the change from the previous period
    history = (
        la_vals.join(chosen.rename({"year": "chosen_year"}).drop("period"), on=["code", "breakdown"])
        .filter(pl.col("year") <= pl.col("chosen_year"))
        .with_columns(
            pl.col("year").rank("dense", descending=True).over("code", "breakdown", "area_code").alias("_r")
        )
        .filter(pl.col("_r") <= trend_periods)
        .sort("year")
        .group_by(pl.col("area_code").alias("la_code"), "code", "breakdown")
        .agg(
            pl.col("year").alias("trend_years"),
            pl.col("value").alias("trend_values"),
        )
    )
    out = (
        base.join(defs, on="code", how="left")
        .join(england, on=keys, how="left")
        .join(similar, on=["la_code", "code", "breakdown"], how="left")
        .join(ranked, on=["la_code", "code", "breakdown"], how="left")
        .join(history, on=["la_code", "code", "breakdown"], how="left")
        .with_columns(
            pl.col("unit")
            .fill_null("")
            .str.strip_chars()
            .str.contains(r"%|percent|^pp$|^ppt$")
            .alias("is_percent"),
            pl.lit(tolerance_pp).alias("tol_pp"),
            pl.lit(tolerance_relative).alias("tol_rel"),
        )
    )
    prev = pl.col("trend_values").list.get(-2, null_on_oob=True)
    out = out.with_columns(
        *_verdict(pl.col("value"), pl.col("similar_value"), "similar"),
        *_verdict(pl.col("value"), pl.col("england_value"), "england"),
        pl.when(pl.col("trend_values").list.len() >= 2).then(prev).alias("previous_value"),
    )
    out = out.with_columns(*_verdict(pl.col("value"), pl.col("previous_value"), "change"))
    # direction over the whole trend window (first to latest period): "better" means improving
    first = pl.when(pl.col("trend_values").list.len() >= 2).then(pl.col("trend_values").list.first())
    out = out.with_columns(
        pl.lit(trend_tolerance_pp).alias("tol_pp"), pl.lit(trend_tolerance_relative).alias("tol_rel")
    )
    out = out.with_columns(*_verdict(pl.col("value"), first, "trend"))
    return out.drop("tol_pp", "tol_rel", "is_percent").sort("la_code", "code", "breakdown")


def shares(results: pl.DataFrame) -> pl.DataFrame:
    """Per LA and ECM outcome (and 'all'): indicators compared, and those better than or in line with
    similar areas / England. Indicators without polarity are left out of the shares."""
    df = results.filter((pl.col("breakdown") == "all") & (pl.col("polarity") != "none"))
    ok = [Verdict.BETTER.value, Verdict.IN_LINE.value]

    def agg() -> list[pl.Expr]:
        return [
            (pl.col("similar_verdict") != "no_data").sum().alias("compared_similar"),
            pl.col("similar_verdict").is_in(ok).sum().alias("ok_similar"),
            (pl.col("england_verdict") != "no_data").sum().alias("compared_england"),
            pl.col("england_verdict").is_in(ok).sum().alias("ok_england"),
            pl.len().alias("indicators"),
        ]

    by = df.group_by("la_code", pl.col("ecm_outcome").fill_null("unassigned")).agg(agg())
    total = df.group_by("la_code").agg(agg()).with_columns(pl.lit("all").alias("ecm_outcome"))
    out = pl.concat([by, total.select(by.columns)])
    return out.with_columns(
        pl.when(pl.col("compared_similar") > 0)
        .then(100 * pl.col("ok_similar") / pl.col("compared_similar"))
        .alias("ok_similar_pct"),
        pl.when(pl.col("compared_england") > 0)
        .then(100 * pl.col("ok_england") / pl.col("compared_england"))
        .alias("ok_england_pct"),
    )
