"""Helpers between NumPy arrays and Polars columns for the vectorised profile blocks."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl


def left_aligned(mask: np.ndarray, *columns: tuple[np.ndarray, Any]) -> tuple[list[np.ndarray], np.ndarray]:
    """Pack the masked entries of each row to the left, for each (values, fill) of ``columns`` (arrays of
    the mask's shape): the packed arrays, and the entries per row."""
    r, k = np.nonzero(mask)
    slot = (np.cumsum(mask, axis=1, dtype=np.int16) - 1)[r, k]
    packed = []
    for values, fill in columns:
        out = np.full(mask.shape, fill, dtype=values.dtype)
        out[r, slot] = values[r, k]
        packed.append(out)
    return packed, mask.sum(axis=1)


def list_column(name: str, slots: np.ndarray, lengths: np.ndarray) -> pl.Expr:
    """A list column from left-aligned slots, ``lengths[r]`` used in row r; null for a row with none."""
    n = pl.lit(pl.Series(lengths.astype(np.int32)))
    packed = pl.lit(pl.Series(slots, nan_to_null=slots.dtype.kind == "f")).arr.to_list().list.head(n)
    return pl.when(n > 0).then(packed).alias(name)


def positions(values: pl.Series, position: dict[Any, int]) -> np.ndarray:
    """The position of each value (``position``: value -> index; every value must be there) as an array
    (a dict lookup per value: quicker than ``replace_strict`` for the few thousand values of a profile)."""
    return np.fromiter(map(position.__getitem__, values.to_list()), dtype=np.intp, count=values.len())


def neighbour_index(neighbours: pl.DataFrame, la_codes: list[str], position: dict[str, int]) -> np.ndarray:
    """For each LA of ``la_codes`` (distinct codes), the positions (``position``: LA code -> index) of its
    statistical neighbours in code order: an array LAs x most neighbours, -1 where none (or not in
    ``position``)."""
    nb = neighbours.filter(pl.col("la_code").is_in(la_codes)).sort("la_code", "neighbour_code")
    if not nb.height:
        return np.full((len(la_codes), 1), -1, dtype=np.intp)
    target_of = {c: t for t, c in enumerate(la_codes)}
    row = positions(nb["la_code"], target_of)
    at = np.fromiter(
        (position.get(c, -1) for c in nb["neighbour_code"].to_list()), dtype=np.intp, count=nb.height
    )
    # each neighbour's place in its LA's run of rows (the rows are sorted by LA)
    index = np.arange(nb.height)
    starts = np.maximum.accumulate(np.where(np.r_[True, row[1:] != row[:-1]], index, 0))
    slot = index - starts
    out = np.full((len(la_codes), int(slot.max()) + 1), -1, dtype=np.intp)
    out[row, slot] = at
    return out


def neighbour_statistic(
    values: np.ndarray, used: np.ndarray, axis: int, statistic: str
) -> tuple[np.ndarray, np.ndarray]:
    """The mean (or median) along ``axis`` of the ``values`` marked ``used``, and how many were used;
    NaN where none was."""
    n = used.sum(axis=axis)
    if statistic == "mean":
        total = np.where(used, values, 0.0).sum(axis=axis)
        return np.divide(total, n, out=np.full(total.shape, np.nan), where=n > 0), n
    some = np.expand_dims(n > 0, axis)
    # a slice with no value is filled with zeros and masked after: the median never sees an empty slice
    stat = np.nanmedian(np.where(used, values, np.where(some, np.nan, 0.0)), axis=axis)
    return np.where(n > 0, stat, np.nan), n


def neighbours_used(used: np.ndarray, positions: np.ndarray, codes: list[str]) -> list[pl.Expr]:
    """The similar-area columns of rows whose neighbours sit at ``positions`` (rows x neighbours, into
    ``codes``) and were used where ``used``: ``similar_n`` (null where none was used) and
    ``similar_used``, the codes of the neighbours used (null where none)."""
    (slots,), n = left_aligned(used, (positions.astype(np.uint32), 0))
    some = pl.lit(pl.Series(n > 0))
    return [
        pl.when(some).then(pl.lit(pl.Series(n, dtype=pl.UInt32))).alias("similar_n"),
        pl.when(some)
        .then(pl.lit(pl.Series([codes])).list.gather(list_column("_nb", slots, n)))
        .alias("similar_used"),
    ]
