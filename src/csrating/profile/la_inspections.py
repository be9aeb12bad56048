"""Block C: inspections of the LA itself in force at the cut-off for inspections of the LA, and serious
case reviews.

The cut-off (methodology ``la_inspections_cutoff``) is separate from the settings census: the inspectorate
took inspections of the LA into account until weeks before it published the ratings. For each kind of
inspection and aspect, the latest judgement dated on or before the cut-off and no older than the kind's
validity window (methodology ``la_inspection_validity_years``) counts, so a later re-inspection supersedes
an earlier one; of two records of one date, the one with more dates filled in. The date held against the
cut-off (``la_inspections_cutoff_basis``) is, for "inspection", the end date, else the publication date,
else the start date; for "publication", the publication date, else the end date, else the start date.
Unannounced inspections carry their count of areas for priority action. Serious case review evaluations
count when dated within ``scr_window_months`` before the cut-off.
"""

from __future__ import annotations

from datetime import date

import polars as pl


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


BASES = {
    "inspection": ("end_date", "published_date", "start_date"),
    "publication": ("published_date", "end_date", "start_date"),
}


def dated(la_inspections: pl.DataFrame, basis: str = "inspection") -> pl.DataFrame:
    """The inspections with ``date``: the date held against the cut-off under ``basis``."""
    if basis not in BASES:
        raise ValueError(f"la_inspections_cutoff_basis is {basis!r}; it must be one of {', '.join(BASES)}")
    return la_inspections.with_columns(pl.coalesce(*BASES[basis]).alias("date"))


def in_force(
    la_inspections: pl.DataFrame, census: date, validity_years: dict[str, int], basis: str = "inspection"
) -> pl.DataFrame:
    """The judgements on each LA in force at ``census`` (the cut-off for inspections of the LA)."""
    df = dated(la_inspections, basis).filter(pl.col("date") <= census)
    if "date_precision" not in df.columns:  # a frame from before the column (null: the day is known)
        df = df.with_columns(pl.lit(None, dtype=pl.String).alias("date_precision"))
    windows = pl.DataFrame(
        {
            "inspection_type": list(validity_years),
            "since": [_years_before(census, int(y)) for y in validity_years.values()],
        },
        schema={"inspection_type": pl.String, "since": pl.Date},
    )
    df = df.join(windows, on="inspection_type", how="inner").filter(pl.col("date") >= pl.col("since"))
    # on the same date, the record that gives more dates wins (two sources can report one inspection)
    return (
        df.sort("date", pl.col("start_date").is_not_null(), pl.col("published_date").is_not_null(), "source")
        .group_by("la_code", "inspection_type", "aspect")
        .last()
        .select(
            "la_code",
            "inspection_type",
            "aspect",
            "grade",
            "date",
            "start_date",
            "published_date",
            "priority_actions",
            "date_precision",
            "strengths",
            "areas_for_development",
            "source",
            "synthetic",
        )
        .sort("la_code", "date", "inspection_type", "aspect")
    )


def serious_case_reviews(scr: pl.DataFrame, census: date, window_months: int) -> pl.DataFrame:
    months = census.year * 12 + census.month - 1 - window_months
    since = date(months // 12, months % 12 + 1, 1)
    return scr.filter((pl.col("evaluation_date") <= census) & (pl.col("evaluation_date") >= since)).sort(
        "la_code", "evaluation_date"
    )
