"""Block A: inspected services and settings, for every LA at once.

A setting counts at the census date when it was registered by then (or has no registration date) and had
not closed; its grade is that of its latest graded inspection known by the census date. Per LA and
setting type: settings open, settings inspected, counts by grade, share good or better; the same over all
the profile's setting types together; and the Every Child Matters outcomes in which the type is weak.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csrating.enums import EcmOutcome
from csrating.profile.compare import share_comparison_exprs

GRADE_COLUMNS = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
OUTCOMES = [o.value for o in EcmOutcome]
ALL = "all"


INSPECTION_ORDER = ["remit", "urn", "known_at", "inspection_id"]


def current_grades(
    settings: pl.DataFrame, inspections: pl.DataFrame, census: date, *, sorted_by: list[str] | None = None
) -> pl.DataFrame:
    """Settings open at the census date, each with its latest graded inspection known by then (on a tie
    of dates, the highest inspection id). ``sorted_by``: the order the inspections are already in (a
    snapshot stores them by setting, oldest first, which saves sorting them here)."""
    open_ = settings.filter(
        (pl.col("registration_date").is_null() | (pl.col("registration_date") <= census))
        & (pl.col("closed_date").is_null() | (pl.col("closed_date") > census))
    )
    graded = inspections.filter(pl.col("overall").is_not_null() & (pl.col("known_at") <= census))
    if sorted_by != INSPECTION_ORDER:
        graded = graded.sort(INSPECTION_ORDER, nulls_last=True)
    # the last row of each setting's run of consecutive rows is its latest inspection
    last = (pl.col("urn") != pl.col("urn").shift(-1)) | (pl.col("remit") != pl.col("remit").shift(-1))
    latest = graded.filter(last.fill_null(True)).select(
        "remit", "urn", "inspection_id", "known_at", "overall", *OUTCOMES
    )
    return open_.select("remit", "urn", "setting_type", "la_code", "synthetic").join(
        latest, on=["remit", "urn"], how="left"
    )


def type_counts(current: pl.DataFrame, setting_types: list[str]) -> pl.DataFrame:
    """Counts by LA and setting type, plus a row per LA for all profile types together (type 'all')."""
    counted = [f"{g}" for g in GRADE_COLUMNS.values()]
    counted += [f"{o}_graded" for o in OUTCOMES] + [f"{o}_weak" for o in OUTCOMES]
    by_type = (
        current.group_by("la_code", "setting_type")
        .agg(
            pl.len().alias("settings"),
            pl.col("overall").is_not_null().sum().alias("inspected"),
            *[(pl.col("overall") == g).sum().alias(name) for g, name in GRADE_COLUMNS.items()],
            *[pl.col(o).is_not_null().sum().alias(f"{o}_graded") for o in OUTCOMES],
            *[(pl.col(o) >= 3).sum().alias(f"{o}_weak") for o in OUTCOMES],
            pl.col("synthetic").any().alias("synthetic"),
        )
        .filter(pl.col("setting_type").is_in(setting_types))
    )
    overall = by_type.group_by("la_code").agg(
        pl.col("settings", "inspected", *counted).sum(), pl.col("synthetic").any()
    )
    out = pl.concat(
        [by_type, overall.with_columns(pl.lit(ALL).alias("setting_type")).select(by_type.columns)]
    )
    return out.with_columns(
        pl.when(pl.col("inspected") > 0)
        .then(100 * (pl.col("outstanding") + pl.col("good")) / pl.col("inspected"))
        .otherwise(None)
        .alias("good_or_better_pct")
    )


def england_shares(
    counts: pl.DataFrame, benchmarks: pl.DataFrame, census: date, setting_types: list[str]
) -> pl.DataFrame:
    """England's share good or better per setting type: a published benchmark when the dataset has one
    for the census date (latest on or before it), else the sum over every LA in the dataset."""
    bench = (
        benchmarks.filter((pl.col("area_type") == "england") & (pl.col("census_date") <= census))
        .sort("census_date")
        .group_by("setting_type")
        .last()
        .filter(pl.col("setting_type").is_in(setting_types))
    )
    from_bench = bench.select(
        "setting_type",
        (pl.col("outstanding") + pl.col("good") + pl.col("satisfactory") + pl.col("inadequate")).alias(
            "inspected"
        ),
        (pl.col("outstanding") + pl.col("good")).alias("gob"),
        pl.lit("benchmark").alias("england_source"),
        pl.col("synthetic"),
    )
    if from_bench.height:
        total = from_bench.select(
            pl.lit(ALL).alias("setting_type"),
            pl.col("inspected").sum(),
            pl.col("gob").sum(),
            pl.lit("benchmark").alias("england_source"),
            pl.col("synthetic").any(),
        )
        from_bench = pl.concat([from_bench, total], how="vertical_relaxed")
    computed = (
        counts.group_by("setting_type")
        .agg(
            pl.col("inspected").sum(),
            (pl.col("outstanding") + pl.col("good")).sum().alias("gob"),
            pl.col("synthetic").any(),
        )
        .with_columns(pl.lit("all LAs in the dataset").alias("england_source"))
        .select(
            from_bench.columns
            if from_bench.height
            else ["setting_type", "inspected", "gob", "england_source", "synthetic"]
        )
    )
    if from_bench.height:
        computed = computed.filter(~pl.col("setting_type").is_in(from_bench["setting_type"].implode()))
        both = pl.concat([from_bench, computed], how="vertical_relaxed")
    else:
        both = computed
    return (
        both.with_columns(
            pl.when(pl.col("inspected") > 0)
            .then(100 * pl.col("gob") / pl.col("inspected"))
            .alias("england_pct")
        )
        .rename({"inspected": "england_inspected", "synthetic": "england_synthetic"})
        .drop("gob")
    )


def similar_area_shares(
    counts: pl.DataFrame, neighbours: pl.DataFrame, *, statistic: str, min_neighbours: int
) -> pl.DataFrame:
    """Per LA and setting type: the mean (or median) share good or better of its neighbours with data."""
    nb = neighbours.join(
        counts.filter(pl.col("inspected") > 0).select(
            pl.col("la_code").alias("neighbour_code"), "setting_type", "good_or_better_pct"
        ),
        on="neighbour_code",
    )
    agg = (
        pl.col("good_or_better_pct").mean() if statistic == "mean" else pl.col("good_or_better_pct").median()
    )
    out = nb.group_by("la_code", "setting_type").agg(
        agg.alias("similar_pct"),
        pl.len().alias("similar_n"),
        pl.col("neighbour_code").sort().alias("similar_used"),
    )
    return out.with_columns(
        pl.when(pl.col("similar_n") >= min_neighbours).then(pl.col("similar_pct")).otherwise(None)
    )


def compare(
    counts: pl.DataFrame,
    england: pl.DataFrame,
    similar: pl.DataFrame,
    la_codes: list[str],
    setting_types: list[str],
    *,
    single_agency_types: list[str],
    weak_outcome_share: float,
    tolerance_pp: float,
    min_n: int,
    wilson_min_n: int,
    confidence: float,
) -> pl.DataFrame:
    """Block A for every LA at once: a row per LA and setting type (and 'all'), with the counts, the share
    good or better, the comparisons with England and similar areas, the single-agency grade and, per ECM
    outcome, whether the type is weak in it (``weak_BH`` ...). An LA with no inspected setting of a type
    gets a row with status 'no_data'."""
    grid = pl.DataFrame({"la_code": la_codes}).join(
        pl.DataFrame({"setting_type": [*setting_types, ALL]}), how="cross"
    )
    df = (
        grid.join(counts, on=["la_code", "setting_type"], how="left", maintain_order="left")
        .join(
            england.select(
                "setting_type", "england_pct", "england_source", "england_inspected", "england_synthetic"
            ),
            on="setting_type",
            how="left",
            maintain_order="left",
        )
        .join(similar, on=["la_code", "setting_type"], how="left", maintain_order="left")
        .with_columns(pl.col("settings").fill_null(0), pl.col("inspected").fill_null(0))
    )
    n, good = pl.col("inspected"), pl.col("outstanding") + pl.col("good")
    kw = dict(tolerance_pp=tolerance_pp, min_n=min_n, wilson_min_n=wilson_min_n, confidence=confidence)
    single = (pl.col("setting_type") != ALL) & (pl.col("setting_type").is_in(single_agency_types) | (n == 1))
    grade = pl.when(pl.col("outstanding") > 0).then(pl.lit(GRADE_COLUMNS[1]))
    for g in (2, 3, 4):
        grade = grade.when(pl.col(GRADE_COLUMNS[g]) > 0).then(pl.lit(GRADE_COLUMNS[g]))
    weak = [
        (
            (n > 0)
            & (pl.col(f"{o}_graded") > 0)
            & (pl.col(f"{o}_weak") / pl.col(f"{o}_graded") >= weak_outcome_share)
        ).alias(f"weak_{o}")
        for o in OUTCOMES
    ]
    ok = n > 0
    return df.with_columns(
        pl.when(ok).then(pl.lit("ok")).otherwise(pl.lit("no_data")).alias("status"),
        (ok & single).alias("single"),
        pl.when(ok & single & (n == 1)).then(grade).alias("grade"),
        pl.when(ok).then(100 * good / n).alias("good_or_better_pct"),
        *weak,
        *share_comparison_exprs(good, n, pl.col("england_pct"), "england", **kw),
        *share_comparison_exprs(good, n, pl.col("similar_pct"), "similar", **kw),
        pl.col("synthetic").fill_null(False),
        pl.col("england_synthetic").fill_null(False),
    )
