"""Readers of statistical neighbour models ("similar areas").

DfE publishes each LA's ten closest statistical neighbours (children's services model of April 2021 and of
May 2025; the NFER/DfES model of 2007 before them). Two layouts are read:

* ``dfe_neighbours``: the wide DfE table, as CSV or as the LAIT workbook (``sn_april_2021.xlsx``,
  ``sn_may_2025.xlsx``, header on row 3): an LA code column (``LA num`` / ``old_la_code``), then ``SN1`` ..
  ``SN10`` (or ``SN_1`` .. ``SN_10``), each followed by its closeness band (``SNP`` / ``SN_1P``).
* ``d2i_neighbours``: the Data to Insight LA lookup (``Provider_data_lookup.csv``), whose
  ``stat_neighbours`` (current model) and ``stat_neighbours_previous`` columns hold ten codes each.

Both need the option ``model`` (e.g. ``dfe-2021``): the name profiles use to pick a model. A neighbour code
that is not an English LA is an error (UNKNOWN-LA-CODE); so is an LA with other than ten neighbours.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from csrating.findings import FindingCode
from csrating.sources import canonical, la_structure
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import MARKERS, RawTable, Row, read_table

_SN = re.compile(r"^SN_?(\d{1,2})$")
_LA_COLUMNS = ("LA num", "old_la_code", "LA Number", "la_code")


def _model(ctx: ReadContext) -> str | None:
    model = ctx.options.get("model")
    if not model:
        ctx.findings.error(ctx.label, FindingCode.BAD_RECIPE, "option 'model' is required (e.g. dfe-2021)")
        return None
    return str(model)


def _check_code(row: Row, column: str, code: str, ctx: ReadContext) -> bool:
    if code not in ctx.las:
        row.error(column, FindingCode.UNKNOWN_LA_CODE, f"{code!r} is not a DfE code of an English LA")
        return False
    return True


@reader(
    "dfe_neighbours",
    tables=("statistical_neighbours",),
    options={
        "model": "Name of the model (required), e.g. dfe-2021",
        "header_row": "Row of the header (default 1)",
        "la_structure": "'2009': the model laid on the 152 LAs of 2009 (see to_2009_structure)",
    },
)
def read_dfe(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE statistical neighbours, wide (CSV or workbook): an LA code, then SN1..SN10 with closeness."""
    model = _model(ctx)
    header_row = int(ctx.options.get("header_row", 1))
    raw = read_table(path, ctx.findings, header_row=header_row, label=ctx.label)
    if raw is None or model is None:
        return {}
    la_col = next((c for c in _LA_COLUMNS if c in raw.header), None)
    sn_cols = [(i, int(m.group(1))) for i, h in enumerate(raw.header) if (m := _SN.match(h))]
    ranks = sorted(r for _, r in sn_cols)
    if la_col is None:
        ctx.findings.error(
            ctx.label,
            FindingCode.MISSING_COLUMN,
            f"no LA code column; expected one of {', '.join(_LA_COLUMNS)}",
            row=header_row,
        )
    if ranks != list(range(1, 11)):
        ctx.findings.error(
            ctx.label,
            FindingCode.MISSING_COLUMN,
            "expected neighbour columns SN1..SN10, found "
            + (", ".join(raw.header[i] for i, _ in sn_cols) or "none"),
            row=header_row,
        )
    if la_col is None or ranks != list(range(1, 11)):
        return {}
    table = _emit(raw, la_col, sn_cols, model, ctx, "dfe_neighbours")
    valid, structure = la_structure.read_option(ctx)
    if not valid:
        return {}
    return {"statistical_neighbours": table if structure is None else to_2009_structure(table)}


def to_2009_structure(table: pl.DataFrame) -> pl.DataFrame:
    """A later model laid on the 152 LAs of 2009 (an **assumed** choice: the 2007 NFER model that Ofsted
    used is in no reachable source). The lists of LAs made after 2009 (838, 839, 940-943) are dropped: the
    abolished LAs keep the lists the model gives them (the DfE 2021 file has 'Pre LG' rows for Dorset,
    Poole, Bournemouth and Northamptonshire). In every list a successor stands for its 2009 LA through
    ``la_structure.to_2009`` (Bournemouth, Christchurch and Poole for Bournemouth); where two successors
    of one LA are both listed (North and West Northamptonshire) it is listed once, at the better rank,
    so that list has nine neighbours. Ranks are renumbered 1..n."""
    codes = table["la_code"].unique().to_list() + table["neighbour_code"].unique().to_list()
    back = {c: la_structure.to_2009(c)[0] for c in set(codes)}
    return (
        table.filter(pl.col("la_code").replace_strict(back) == pl.col("la_code"))
        .with_columns(pl.col("neighbour_code").replace_strict(back))
        .filter(pl.col("neighbour_code") != pl.col("la_code"))
        .sort("la_code", "rank")
        .unique(["la_code", "neighbour_code"], keep="first", maintain_order=True)
        .with_columns(pl.col("rank").rank("ordinal").over("la_code").cast(pl.Int8))
    )


def _emit(
    raw: RawTable, la_col: str, sn_cols: list[tuple[int, int]], model: str, ctx: ReadContext, name: str
) -> pl.DataFrame:
    rows = []
    seen: dict[str, int] = {}
    banded = [
        (i, rank)
        for i, rank in sn_cols
        if i + 1 < len(raw.header) and raw.header[i + 1].upper().endswith("P")
    ]
    if banded and len(banded) < len(sn_cols):  # some neighbours with a closeness band, some without
        for i, rank in sn_cols:
            if (i, rank) not in banded:
                ctx.findings.error(
                    ctx.label,
                    FindingCode.MISSING_COLUMN,
                    f"neighbour {rank} ({raw.header[i]!r}) has no closeness band column after it; "
                    "the others do",
                    column=raw.header[i],
                )
        return canonical.frame("statistical_neighbours", [])
    for i, _rank in banded:
        if not any(i + 1 < len(cells) and cells[i + 1].strip() for _, cells in raw.rows):
            ctx.findings.warning(
                ctx.label,
                FindingCode.MISSING_VALUE,
                f"column {raw.header[i + 1]!r} is blank in every row; no closeness band is read from it",
                column=raw.header[i + 1],
            )
    for row in raw:
        published = [row.cells[i] for i, _ in sn_cols if i < len(row.cells)]
        if all(c == "" or c.lower() in MARKERS for c in published):
            if row[la_col]:  # an LA the model does not cover (e.g. created after it was estimated)
                row.warning(la_col, FindingCode.OUT_OF_SCOPE, f"no neighbours published for LA {row[la_col]}")
            continue  # otherwise a section label or spacer row
        la = row.text(la_col, required=True)
        if la is None or not _check_code(row, la_col, la, ctx):
            continue
        if not row.unique(la_col, la, seen, "LA"):
            continue
        out = []
        ok = True
        for i, rank in sn_cols:
            col = raw.header[i]
            code = row.cells[i] if i < len(row.cells) else ""
            if code == "":
                row.error(col, FindingCode.MISSING_VALUE, f"neighbour {rank} is blank")
                ok = False
                continue
            if not _check_code(row, col, code, ctx):
                ok = False
                continue
            closeness = row.cells[i + 1].strip() if i + 1 < len(row.cells) else ""
            closeness_ok = i + 1 < len(raw.header) and raw.header[i + 1].upper().endswith("P")
            out.append(
                {
                    "model": model,
                    "la_code": la,
                    "rank": rank,
                    "neighbour_code": code,
                    "closeness": (closeness or None) if closeness_ok else None,
                    "source": ctx.source(name),
                    "synthetic": False,
                }
            )
        if ok:
            rows.extend(out)
    return canonical.frame("statistical_neighbours", rows)


@reader(
    "d2i_neighbours",
    tables=("statistical_neighbours",),
    options={
        "model": "Name of the model (required)",
        "column": "stat_neighbours (current model, default) or stat_neighbours_previous",
    },
)
def read_d2i(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Data to Insight LA lookup: ten neighbour codes in one cell, separated by commas."""
    model = _model(ctx)
    column = str(ctx.options.get("column", "stat_neighbours"))
    raw = read_table(path, ctx.findings, required=("la_code", column), label=ctx.label)
    if raw is None or model is None:
        return {}
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for row in raw:
        la = row.text("la_code", required=True)
        if la is None or not _check_code(row, "la_code", la, ctx):
            continue
        if not row.unique("la_code", la, seen, "LA"):
            continue
        codes = [c.strip() for c in row[column].split(",") if c.strip()]
        if not codes:  # defunct authorities (e.g. Cumbria) carry no neighbours
            row.warning(column, FindingCode.OUT_OF_SCOPE, f"no neighbours published for LA {la}")
            continue
        if len(codes) != 10:
            row.error(column, FindingCode.BAD_NUMBER, f"expected 10 neighbour codes, found {len(codes)}")
            continue
        if not all(_check_code(row, column, c, ctx) for c in codes):
            continue
        rows.extend(
            {
                "model": model,
                "la_code": la,
                "rank": rank,
                "neighbour_code": code,
                "closeness": None,
                "source": ctx.source("d2i_neighbours"),
                "synthetic": False,
            }
            for rank, code in enumerate(codes, start=1)
        )
    return {"statistical_neighbours": canonical.frame("statistical_neighbours", rows)}
