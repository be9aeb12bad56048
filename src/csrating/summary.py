"""What a dataset holds, in a few tables: the summary `csrating dataset info` prints.

Each function returns a Polars frame so the CLI, the tests and later the web application show the same
figures. Grades of settings are those of each setting's latest inspection in the dataset.
"""

from __future__ import annotations

import polars as pl

from csrating.dataset import Dataset
from csrating.enums import EcmOutcome, JudgementGrade, SettingGrade


def latest_setting_grades(ds: Dataset) -> pl.DataFrame:
    """Each setting with the grade of its latest graded inspection (null if never graded)."""
    insp = (
        ds.table("setting_inspections")
        .filter(pl.col("overall").is_not_null())
        .sort("known_at")
        .group_by("remit", "urn")
        .agg(pl.col("overall").last(), pl.col("known_at").last())
    )
    return ds.table("settings").join(insp, on=["remit", "urn"], how="left")


def settings_by_type(ds: Dataset) -> pl.DataFrame:
    df = latest_setting_grades(ds)
    if df.is_empty():
        return pl.DataFrame(schema={"setting_type": pl.String, "settings": pl.UInt32})
    grades = [pl.col("overall").eq(int(g)).sum().alias(g.label) for g in SettingGrade]
    out = (
        df.group_by("setting_type")
        .agg(
            pl.len().alias("settings"),
            pl.col("overall").is_not_null().sum().alias("inspected"),
            *grades,
        )
        .with_columns(
            (100 * (pl.col("outstanding") + pl.col("good")) / pl.col("inspected"))
            .round(1)
            .alias("good_or_better_pct")
        )
        .sort(["settings", "setting_type"], descending=[True, False])  # ties by name: the same every run
    )
    ref = ds.manifest.get("reference_counts") or {}
    if not ref:
        return out
    real = pl.DataFrame(
        {
            "setting_type": list(ref),
            "real_number_then": [r["count"] for r in ref.values()],
            "estimate": [r.get("estimate", False) for r in ref.values()],
        },
        schema={"setting_type": pl.String, "real_number_then": pl.Int64, "estimate": pl.Boolean},
    )
    return (
        out.join(real, on="setting_type", how="left")
        .with_columns(
            (100 * pl.col("settings") / pl.col("real_number_then")).round(1).alias("listed_pct_of_real"),
            (100 * pl.col("inspected") / pl.col("real_number_then")).round(1).alias("graded_pct_of_real"),
        )
        .drop("estimate")
    )


def reference_counts(ds: Dataset) -> pl.DataFrame:
    """Where each real number of settings then comes from (the recipe's reference_counts)."""
    ref = ds.manifest.get("reference_counts") or {}
    return pl.DataFrame(
        {
            "setting_type": list(ref),
            "real_number_then": [r["count"] for r in ref.values()],
            "source": [r["source"] + (" (estimate)" if r.get("estimate") else "") for r in ref.values()],
        },
        schema={"setting_type": pl.String, "real_number_then": pl.Int64, "source": pl.String},
    )


def indicators_by_outcome(ds: Dataset) -> pl.DataFrame:
    defs = ds.table("indicator_definitions")
    vals = ds.table("indicator_values").filter(pl.col("area_type") == "la")
    per_code = vals.group_by("code").agg(
        pl.len().alias("la_values"),
        pl.col("marker").is_not_null().sum().alias("la_markers"),
        pl.col("year").max().alias("latest_year"),
        pl.col("area_code").n_unique().alias("las"),
    )
    df = defs.join(per_code, on="code", how="left").with_columns(
        pl.col("ecm_outcome").fill_null("unassigned")
    )
    order = {o.value: i for i, o in enumerate(EcmOutcome)}
    return (
        df.group_by("ecm_outcome")
        .agg(
            pl.len().alias("indicators"),
            pl.col("la_values").fill_null(0).sum().alias("la_values"),
            pl.col("la_markers").fill_null(0).sum().alias("suppressed_or_missing"),
            pl.col("latest_year").max().alias("latest_year"),
            pl.col("las").max().fill_null(0).alias("las_with_values"),
        )
        .with_columns(
            (pl.col("la_values") / pl.col("las_with_values").clip(1)).round(1).alias("values_per_la"),
            pl.col("ecm_outcome").replace_strict(order, default=99).alias("_o"),
        )
        .sort("_o")
        .drop("_o")
    )


def la_inspections_by_type(ds: Dataset) -> pl.DataFrame:
    df = ds.table("la_inspections").filter(
        pl.col("aspect").is_in(["overall", "safeguarding", "looked_after"])
    )
    if df.is_empty():
        return pl.DataFrame(
            schema={"inspection_type": pl.String, "aspect": pl.String, "judgements": pl.UInt32}
        )
    grades = [pl.col("grade").eq(int(g)).sum().alias(g.label) for g in sorted(JudgementGrade, reverse=True)]
    return (
        df.group_by("inspection_type", "aspect")
        .agg(
            pl.len().alias("judgements"),
            pl.col("la_code").n_unique().alias("las"),
            *grades,
            pl.col("grade").is_null().sum().alias("ungraded"),
            pl.coalesce("published_date", "end_date", "start_date").min().alias("first"),
            pl.coalesce("published_date", "end_date", "start_date").max().alias("last"),
        )
        .sort("inspection_type", "aspect")
    )


def la_counts(ds: Dataset) -> pl.DataFrame:
    las = ds.table("local_authorities")
    present = set(ds.table("settings")["la_code"].unique().to_list()) | set(
        ds.table("indicator_values").filter(pl.col("area_type") == "la")["area_code"].unique().to_list()
    )
    return (
        las.with_columns(
            pl.col("valid_to").is_null().alias("current"),
            pl.col("la_code").is_in(list(present)).alias("with_data"),
        )
        .group_by("la_type")
        .agg(
            pl.len().alias("authorities"),
            pl.col("current").sum().alias("current"),
            pl.col("with_data").sum().alias("with_data"),
            pl.col("synthetic").sum().alias("synthetic"),
        )
        .sort("la_type", nulls_last=True)
    )
