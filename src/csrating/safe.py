"""Safe outputs, shared by every export and every file named from data.

- `cell` / `frame`: the OWASP rule against formula (CSV) injection. A text cell beginning with `=`, `+`,
  `-`, `@`, a tab or a carriage return is prefixed with a single quote, so no spreadsheet reads it as a
  formula. Numbers are left alone (they are not text). Every CSV and workbook the project writes goes
  through these (tests/test_safe_exports.py finds every writer in the source and fails on an unguarded one).
- `file_part`: a piece of a file name taken from data (an LA code) is a plain name or it is refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # polars is loaded only by the exports that use it (the CLI starts light)
    import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value, with a text value that a spreadsheet would read as a formula neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def frame(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell neutralised (`cell`), numbers and other types untouched."""
    import polars as pl

    text = [c for c, t in df.schema.items() if t == pl.String]
    if not text:
        return df
    return df.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]"))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def row(values: dict[str, Any]) -> dict[str, Any]:
    return {k: cell(v) for k, v in values.items()}


SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class UnsafeName(ValueError):
    """A file name built from data that is not a plain name (a path, `..`, a control character...)."""


def file_part(value: object) -> str:
    """`value` as a piece of a file name: letters, digits, `_`, `.` and `-`, not starting with a dot or
    a dash, at most 64 characters; anything else (`../../X`, `/etc`, `a/b`, empty) is refused."""
    s = str(value)
    if not SAFE_NAME.match(s) or ".." in s:
        raise UnsafeName(f"not a safe file name part: {s!r}")
    return s


def write_csv(df: pl.DataFrame, path: Any = None) -> str | None:
    """The frame as CSV with every text cell neutralised: to `path`, or returned as text."""
    return frame(df).write_csv(path) if path is not None else frame(df).write_csv()


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Set one workbook cell (openpyxl) to a neutralised value, stored as text: never a formula."""
    c = ws.cell(row=row, column=column, value=cell(value))
    if isinstance(c.value, str):
        c.data_type = "s"
    return c


def append(ws: Any, values: list[Any]) -> None:
    """Append a workbook row (openpyxl) of neutralised values, text stored as text: never a formula."""
    ws.append([cell(v) for v in values])
    for c in ws[ws.max_row]:
        if isinstance(c.value, str):
            c.data_type = "s"
