"""Completeness of the profile: per LA, what each block expected and found no data for.

Block A expects every setting type of the profile; block B every indicator of the profile list (its
"all pupils" breakdown with a value); block C every expected judgement on the LA (any one of its kinds of
inspection in force). Each function gives, for a list of LAs, a list column of what is missing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from csrating.profile.arrays import left_aligned, list_column
from csrating.profile.indicators import IndicatorArrays


def _names(missing: np.ndarray, names: list[str]) -> pl.Series:
    """A list column: per row of the boolean matrix ``missing`` (rows x names), the names it marks."""
    if not names:
        return pl.Series([[]] * missing.shape[0], dtype=pl.List(pl.String))
    (slots,), n = left_aligned(
        missing, (np.broadcast_to(np.arange(len(names), dtype=np.uint32), missing.shape), 0)
    )
    lists = pl.select(
        pl.lit(pl.Series([names])).list.gather(list_column("i", slots, n).fill_null([]))
    ).to_series()
    return lists.fill_null([])


def settings_missing(settings: pl.DataFrame, la_codes: list[str], setting_types: list[str]) -> pl.Series:
    """Setting types with no inspected setting. ``settings`` has a row per LA of ``la_codes`` and type,
    in that order (``settings.compare``)."""
    by_type = settings.filter(pl.col("setting_type").is_in(setting_types))
    status = by_type["status"].to_numpy().reshape(len(la_codes), len(setting_types))
    return _names(status == "no_data", setting_types)


def indicators_missing(arrays: IndicatorArrays | None, la_codes: list[str], items: list[str]) -> pl.Series:
    """Profile indicators with no value for all pupils. ``arrays`` covers the LAs of ``la_codes``."""
    present = np.zeros((len(la_codes), len(items)), dtype=bool)
    if arrays is not None:
        assert arrays.targets == list(la_codes)
        has = ~np.isnan(arrays.value).reshape(len(la_codes), arrays.items.height)
        frame = arrays.items.select(pl.coalesce("profile_item", "code").alias("key"), "breakdown", "i")
        where: dict[str, list[int]] = {}
        for key, bd, i in frame.iter_rows():
            if bd == "all":
                where.setdefault(key, []).append(i)
        for p, item in enumerate(items):
            if where.get(item):
                present[:, p] = has[:, where[item]].any(axis=1)
    return _names(~present, items)


def inspections_missing(
    in_force: pl.DataFrame, la_codes: list[str], expected: list[dict[str, Any]]
) -> pl.Series:
    """Expected judgements on the LA of which no kind is in force (an unannounced inspection counts
    without a grade)."""
    kinds: dict[str, set[str]] = {}
    graded = in_force.filter(pl.col("grade").is_not_null() | (pl.col("inspection_type") == "unannounced"))
    for la, kind, aspect in graded.select("la_code", "inspection_type", "aspect").iter_rows():
        kinds.setdefault(la, set()).add(f"{kind}:{aspect}")
    missing = np.array(
        [[not (kinds.get(la, set()) & set(e["any_of"])) for e in expected] for la in la_codes], dtype=bool
    ).reshape(len(la_codes), len(expected))
    return _names(missing, [e["name"] for e in expected])
