"""Block C: inspections of the LA itself in force at the census date, and serious case reviews.

For each kind of inspection and aspect, the latest judgement dated on or before the census date and no
older than the kind's validity window (methodology ``la_inspection_validity_years``); of two records of
one date, the one with more dates filled in. The date of an
inspection is its end date, else its publication date, else its start date. Unannounced inspections
carry their count of areas for priority action. Serious case review evaluations count when dated within
``scr_window_months`` before the census date.
"""

from __future__ import annotations

from datetime import date

import polars as pl


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def in_force(la_inspections: pl.DataFrame, census: date, validity_years: dict[str, int]) -> pl.DataFrame:
    df = la_inspections.with_columns(
        pl.coalesce("end_date", "published_date", "start_date").alias("date")
    ).filter(pl.col("date") <= census)
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
