"""Reader for canonical tables written by hand or by another tool as CSV files.

A folder (or a single file) of CSVs named after canonical tables (``settings.csv``, ``indicator_values.csv``
...), UTF-8, header = the canonical column names, dates ``YYYY-MM-DD``, booleans ``true``/``false``, an
empty cell = null. Required columns must be present (``source`` may be left out: the reader fills it);
optional columns may be left out, and so may ``remit`` (it follows from the setting type). This is how
the hand-built ``seeds-2009`` dataset is read, and how a user brings figures that no published file
holds (addressees of letters, serious case reviews...).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl

from csrating.findings import FindingCode
from csrating.sources import canonical
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import read_table

_TRUE = {"true", "1", "yes", "y"}
# columns a file may leave out: the reader fills ``source``; ``remit`` follows from the setting type
FILLED = {"source", "remit"}
_FALSE = {"false", "0", "no", "n"}


@reader(
    "canonical_csv",
    tables=tuple(canonical.TABLES),
    options={"tables": "List of table names to read from the folder (default: every <table>.csv present)."},
)
def read(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Canonical tables as CSV: a folder holding ``<table>.csv`` files, or one such file.

    Every cell is checked against the table's schema (type, allowed values, required); every problem is a
    finding naming the file, row and column.
    """
    if path.is_dir():
        wanted = ctx.options.get("tables") or list(canonical.TABLES)
        files = [(t, path / f"{t}.csv") for t in wanted if (path / f"{t}.csv").exists()]
        unknown = sorted(p.name for p in path.glob("*.csv") if p.stem not in canonical.TABLES)
        for name in unknown:
            ctx.findings.warning(
                f"{ctx.label}/{name}", FindingCode.OUT_OF_SCOPE, "not a canonical table name; file ignored"
            )
    elif path.exists():
        if path.stem not in canonical.TABLES:
            ctx.findings.error(
                ctx.label,
                FindingCode.BAD_RECIPE,
                f"{path.name} is not named after a canonical table ({', '.join(canonical.TABLES)})",
            )
            return {}
        files = [(path.stem, path)]
    else:
        ctx.findings.error(ctx.label, FindingCode.FILE_NOT_FOUND, f"no such file or folder: {path}")
        return {}
    out: dict[str, pl.DataFrame] = {}
    for table_name, file in files:
        label = f"{ctx.label}/{file.name}" if path.is_dir() else ctx.label
        df = _read_one(canonical.TABLES[table_name], file, label, ctx)
        if df is not None:
            out[table_name] = df
    return out


# Every LA code is the DfE three-digit code, or the documented synthetic form S + three digits + a letter
# (seeds-2009's made-up statistical neighbours, `S314A`..`S202J`); an LA code also names files (letters)
# and web addresses, so anything else is refused where it enters.
LA_CODE = re.compile(r"[0-9]{3}|S[0-9]{3}[A-Z]")
LA_CODE_COLUMNS = frozenset({"la_code", "neighbour_code"})


def _read_one(t: canonical.Table, file: Path, label: str, ctx: ReadContext) -> pl.DataFrame | None:
    required = [c.name for c in t.columns if c.required and c.name not in FILLED]
    raw = read_table(file, ctx.findings, required=required, label=label)
    if raw is None:
        return None
    unknown = [h for h in raw.header if h and h not in t.column_names]
    for h in unknown:
        ctx.findings.error(
            label,
            FindingCode.UNKNOWN_CATEGORY,
            f"column {h!r} is not a column of table {t.name}",
            row=1,
            column=h,
        )
    if unknown:
        return None
    rows = []
    for row in raw:
        ok = True
        rec: dict[str, object] = {}
        for col in t.columns:
            if col.name not in raw.header:
                continue
            value, good = _cell(row, col)
            ok &= good
            rec[col.name] = value
        if ok:
            if rec.get("source") is None:
                rec["source"] = f"canonical_csv:{label}"
            rows.append(rec)
    return canonical.frame(t, rows)


def _cell(row, col: canonical.Column) -> tuple[object, bool]:  # noqa: ANN001 - Row
    text = row[col.name]
    if text == "":
        if col.required and col.name not in FILLED:
            row.error(
                col.name, FindingCode.MISSING_VALUE, f"column {col.name} is required; the cell is blank"
            )
            return None, False
        return None, True
    dtype = col.dtype
    value: object
    if dtype == pl.Date:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            row.error(col.name, FindingCode.BAD_DATE, f"{text!r} is not a date in the form YYYY-MM-DD")
            return None, False
    elif dtype == pl.Boolean:
        low = text.lower()
        if low not in _TRUE | _FALSE:
            row.error(col.name, FindingCode.BAD_NUMBER, f"{text!r} is not true or false")
            return None, False
        value = low in _TRUE
    elif dtype in (pl.Int8, pl.Int16, pl.Int32, pl.Int64):
        try:
            value = int(text)
        except ValueError:
            row.error(col.name, FindingCode.BAD_NUMBER, f"{text!r} is not a whole number")
            return None, False
    elif dtype == pl.Float64:
        try:
            value = float(text)
        except ValueError:
            row.error(
                col.name,
                FindingCode.MARKER_EXPECTED,
                f"{text!r} is not a number (a status marker belongs in the marker column)",
            )
            return None, False
    else:
        value = text
    if col.name in LA_CODE_COLUMNS and not LA_CODE.fullmatch(text):
        row.error(
            col.name,
            FindingCode.UNKNOWN_LA_CODE,
            f"{text!r} is not a three-digit DfE LA code (nor S999X, synthetic)",
        )
        return None, False
    allowed = col.allowed_values()
    if allowed is not None and value not in allowed:
        code = (
            FindingCode.UNKNOWN_GRADE
            if col.allowed == canonical.SETTING_GRADES
            else FindingCode.UNKNOWN_CATEGORY
        )
        row.error(col.name, code, f"{text!r} is not one of {', '.join(map(str, allowed))}")
        return None, False
    return value, True
