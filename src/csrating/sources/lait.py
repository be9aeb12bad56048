"""Reader of DfE's Local Authority Interactive Tool (LAIT) data: ``bds_long_0.parquet`` and its dictionary.

LAIT's "big data sheet" in long form has one row per indicator, area and period: ``Short Desc`` (the
indicator id), ``Data item`` (a description, often blank), ``Years`` (the period label), ``LA and Regions``
(the area name), ``LA Number`` (DfE's three-digit code; 970 England, 980-990 regions) and ``Values`` (text:
a figure, or ``-`` for not available; ``c``/``x`` where suppressed). Its dictionary
``lait_data_dictionary.csv`` describes each indicator: ``Measure_short`` (= ``Short Desc``), ``Topic``,
``Measure``, ``Polarity`` (High/Low = the better direction), ``dps`` and ``y_axis_name`` (the unit).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import polars as pl

from csrating.enums import AreaType, Polarity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.indicator_common import (
    REPORT_CAP,
    OutcomeMap,
    marker_table,
    normalise_region,
    outcome_map,
    parse_cells,
    polarity_from_text,
    region_code,
    report_capped,
    year_from_label,
)
from csrating.sources.la_codes import ENGLAND_CODE, LaReference
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import read_table

REQUIRED = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number")
DICTIONARY_REQUIRED = ("Measure_short", "Topic", "Measure", "Polarity", "dps")
DEFAULT_DICTIONARY = "lait_data_dictionary.csv"
AGGREGATE_CODES = range(970, 1000)  # DfE's codes for England (970) and regions (980-990)


@reader(
    "lait",
    tables=("indicator_definitions", "indicator_values"),
    options={
        "dictionary": f"Dictionary CSV, relative to the data file's folder (default {DEFAULT_DICTIONARY})",
        "outcomes": "An ECM outcome mapping file to use instead of reference/indicator_outcomes.yaml",
        "prefix": "Prefix of the indicator codes (default 'lait:')",
    },
)
def read_lait(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE LAIT indicators (``bds_long_0.parquet`` + ``lait_data_dictionary.csv``) -> indicator tables.

    Codes are ``lait:`` + LAIT's ``Short Desc`` exactly as published (e.g. ``lait:KS2RWM_Expected_STD``,
    ``lait:LAC_Fixed_ Ex``), joined to the dictionary's ``Measure_short``. An id with no dictionary entry is a
    WARNING (UNKNOWN-CATEGORY) and gets polarity none; where the dictionary lists an id twice (under two
    topics) the first entry is used. Polarity High -> high, Low -> low, anything else (``-``, ``NA``) ->
    none; decimal places from ``dps``; unit from ``y_axis_name``; name from ``Measure``; the ECM outcome and
    National Indicator number from ``reference/indicator_outcomes.yaml`` (by code, pattern or topic).

    Areas: ``LA Number`` codes of the LA reference list -> LA rows; other codes 970-999 are read by their
    name: England (970) -> ``E92000001``; regions -> ONS codes (980 North East E12000001, 981 North West
    E12000002, 982 Yorkshire and the Humber E12000003, 983 East Midlands E12000004, 984 West Midlands
    E12000005, 985 East of England E12000006, 986 London E12000007, 987 London (Inner) E13000001, 988 London
    (Outer) E13000002, 989 South East E12000008, 990 South West E12000009). Any other code is an error
    (UNKNOWN-LA-CODE).

    Periods: the ``Years`` label as published (``2018/19``, ``2016-18``, ``2019-20 (OT)``) with the calendar
    year it ends in (2019, 2018, 2020). Rows whose label names no year are an error (BAD-DATE), unless none of
    them holds a figure: then they are left out with a WARNING (OUT-OF-SCOPE) - LAIT has 170 such rows
    (``CINPermExclusion``, period ``0``, all ``-``).

    Values: a figure, or a status marker (``-`` -> x, ``c``, ``x``, ``z``, ``low``); other text is an error
    (MARKER-EXPECTED). Breakdown is always ``all``: LAIT publishes each pupil group as its own indicator.
    Row numbers in findings count the header as row 1, as in LAIT's CSV twin ``bds_long.csv``.
    """
    findings = ctx.findings
    label = ctx.label or path.name
    source = ctx.source("lait")
    prefix = str(ctx.options.get("prefix", "lait:"))
    empty = {
        "indicator_definitions": canonical.INDICATOR_DEFINITIONS.empty(),
        "indicator_values": canonical.INDICATOR_VALUES.empty(),
    }

    outcomes = outcome_map(ctx, label)
    dictionary = _read_dictionary(path, ctx, label)
    df = _read_parquet(path, findings, label)
    if df is None:
        return empty

    df = df.with_row_index("_row", offset=2).with_columns(
        pl.col("Short Desc").cast(pl.String).str.strip_chars(),
        pl.col("Years").cast(pl.String).str.strip_chars(),
        pl.col("LA and Regions").cast(pl.String).str.strip_chars(),
        pl.col("Values").cast(pl.String),
    )
    ok = pl.Series([True] * df.height, dtype=pl.Boolean)

    # indicator id
    no_id = df["Short Desc"].is_null() | (df["Short Desc"] == "")
    _cells(findings, label, FindingCode.MISSING_VALUE, df.filter(no_id), "Short Desc", "no indicator id")
    ok &= ~no_id

    # areas
    areas, area_ok = _areas(df, ctx.las, findings, label)
    df = df.with_columns(areas)
    ok &= area_ok

    # values
    parsed = parse_cells(
        df["Values"], df["_row"], column="Values", label=label, findings=findings, markers=marker_table()
    )
    df = df.with_columns(parsed.value, parsed.marker)
    ok &= parsed.ok

    # periods
    labels = df["Years"].drop_nulls().unique().to_list()
    years = {lab: year_from_label(lab) for lab in labels}
    df = df.with_columns(
        pl.col("Years").replace_strict(years, default=None, return_dtype=pl.Int16).alias("year"),
    )
    no_label = df["Years"].is_null() | (df["Years"] == "")
    _cells(findings, label, FindingCode.MISSING_VALUE, df.filter(no_label), "Years", "no period label")
    no_year = df["year"].is_null() & ~no_label
    for lab in sorted(set(df.filter(no_year)["Years"].to_list())):
        part = df.filter(no_year & (pl.col("Years") == lab))
        if part["value"].is_null().all():
            ids = sorted(set(part["Short Desc"].drop_nulls().to_list()))
            findings.warning(
                label,
                FindingCode.OUT_OF_SCOPE,
                f"{part.height} rows with period {lab!r}, which names no year, hold no figures "
                f"(indicators: {', '.join(ids[:10])}): left out",
                column="Years",
            )
        else:
            _cells(findings, label, FindingCode.BAD_DATE, part, "Years", f"period {lab!r} names no year")
    ok &= df["year"].is_not_null()

    good = df.filter(ok).with_columns((pl.lit(prefix) + pl.col("Short Desc")).alias("code"))

    # duplicate keys
    key = ["code", "area_type", "area_code", "Years"]
    dup = good.select(pl.struct(key).is_duplicated()).to_series()
    if dup.any():
        d = good.filter(dup)
        items = [
            (
                r["_row"],
                None,
                f"indicator {r['Short Desc']!r}, area {r['area_code']}, period {r['Years']!r} "
                "appears more than once; all its rows are left out",
            )
            for r in d.head(REPORT_CAP).iter_rows(named=True)
        ]
        report_capped(findings, label, FindingCode.DUPLICATE_KEY, items, total=d.height, what="rows")
        good = good.filter(~dup)

    values = canonical.conform(
        "indicator_values",
        good.select(
            "code",
            "area_type",
            "area_code",
            pl.lit("all").alias("breakdown"),
            pl.col("Years").alias("period"),
            "year",
            "value",
            "marker",
            pl.lit(source).alias("source"),
            pl.lit(False).alias("synthetic"),
        ),
    )

    definitions = _definitions(df, dictionary, outcomes, prefix, source, findings, label)
    return {"indicator_definitions": definitions, "indicator_values": values}


def _read_parquet(path: Path, findings: Findings, label: str) -> pl.DataFrame | None:
    if not path.exists():
        findings.error(label, FindingCode.FILE_NOT_FOUND, f"no such file: {path}")
        return None
    if path.stat().st_size == 0:
        findings.error(label, FindingCode.EMPTY_FILE, "the file is empty")
        return None
    try:
        df = pl.read_parquet(path)
    except Exception as exc:  # Polars raises several error types for a damaged or foreign file
        findings.error(label, FindingCode.UNREADABLE_FILE, f"cannot read as Parquet: {exc}")
        return None
    missing = [c for c in REQUIRED if c not in df.columns]
    for c in missing:
        findings.error(label, FindingCode.MISSING_COLUMN, f"column {c!r} is missing", row=1, column=c)
    if missing:
        return None
    if df.height == 0:
        findings.error(label, FindingCode.EMPTY_FILE, "the file has columns but no rows")
        return None
    return df


def _cells(
    findings: Findings, label: str, code: FindingCode, part: pl.DataFrame, column: str, msg: str
) -> None:
    items = [(r, column, msg) for r in part["_row"].head(REPORT_CAP).to_list()]
    report_capped(
        findings, label, code, items, total=part.height, what=f"cells in column {column!r}", column=column
    )


def _areas(
    df: pl.DataFrame, las: LaReference, findings: Findings, label: str
) -> tuple[list[pl.Series], pl.Series]:
    """LA Number (+ name for England and regions) -> area_type, area_code; and a mask of rows resolved."""
    num = df["LA Number"].cast(pl.Float64, strict=False)
    whole = num.is_not_null() & (num == num.floor())
    code = pl.select(pl.when(whole).then(num.cast(pl.Int64).cast(pl.String).str.zfill(3))).to_series()
    blank = num.is_null()
    _cells(findings, label, FindingCode.MISSING_VALUE, df.filter(blank), "LA Number", "no LA number")
    bad = ~blank & ~whole
    _cells(findings, label, FindingCode.UNKNOWN_LA_CODE, df.filter(bad), "LA Number", "not a whole LA number")

    pairs = pl.DataFrame({"c": code, "n": df["LA and Regions"]}).unique().drop_nulls("c")
    types: dict[tuple[str, str | None], tuple[str, str]] = {}
    for c, n in pairs.iter_rows():
        if c in las:
            types[(c, n)] = (AreaType.LA.value, c)
        elif int(c) in AGGREGATE_CODES and n and normalise_region(n) == "england":
            types[(c, n)] = (AreaType.ENGLAND.value, ENGLAND_CODE)
        elif int(c) in AGGREGATE_CODES and n and region_code(n):
            types[(c, n)] = (AreaType.REGION.value, region_code(n) or "")
    keys = pl.DataFrame({"c": code, "n": df["LA and Regions"]})
    lookup = pl.DataFrame(
        {
            "c": [k[0] for k in types],
            "n": [k[1] for k in types],
            "area_type": [v[0] for v in types.values()],
            "area_code": [v[1] for v in types.values()],
        },
        schema={"c": pl.String, "n": pl.String, "area_type": pl.String, "area_code": pl.String},
    )
    joined = keys.join(lookup, on=["c", "n"], how="left", nulls_equal=True, maintain_order="left")
    unknown = code.is_not_null() & joined["area_type"].is_null()
    part = df.filter(unknown).with_columns(code.filter(unknown).alias("_code"))
    items = [
        (
            r["_row"],
            "LA Number",
            f"LA number {r['_code']} ({r['LA and Regions']}) is not an English LA in "
            "the reference list, nor England (970) or a region (980-990)",
        )
        for r in part.head(REPORT_CAP).iter_rows(named=True)
    ]
    report_capped(
        findings,
        label,
        FindingCode.UNKNOWN_LA_CODE,
        items,
        total=part.height,
        what="rows",
        column="LA Number",
    )
    return [joined["area_type"], joined["area_code"]], code.is_not_null() & ~unknown


def _read_dictionary(path: Path, ctx: ReadContext, label: str) -> dict[str, dict[str, object]]:
    """Measure_short -> {topic, name, polarity, decimal_places, unit}; the first entry of an id wins."""
    findings = ctx.findings
    rel = str(ctx.options.get("dictionary", DEFAULT_DICTIONARY))
    dpath = Path(rel) if Path(rel).is_absolute() else path.parent / rel
    dlabel = str(Path(label).parent / rel) if label != path.name else dpath.name
    raw = read_table(dpath, findings, required=DICTIONARY_REQUIRED, label=dlabel)
    if raw is None:
        return {}
    col = {h: i for i, h in enumerate(raw.header)}
    out: dict[str, dict[str, object]] = {}
    repeated: dict[str, list[int]] = {}
    for number, cells in raw.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            i = col.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        sid = cell("Measure_short")
        if not sid:
            findings.warning(dlabel, FindingCode.MISSING_VALUE, "no Measure_short: entry ignored", row=number)
            continue
        if sid in out:
            repeated.setdefault(sid, []).append(number)
            if polarity_from_text(cell("Polarity")) != out[sid]["polarity"]:
                findings.warning(
                    dlabel,
                    FindingCode.DUPLICATE_KEY,
                    f"{sid!r} is listed again with polarity {cell('Polarity')!r}, unlike its first entry "
                    f"(row {out[sid]['row']}); the first entry is used",
                    row=number,
                    column="Polarity",
                )
            continue
        pol_text = cell("Polarity")
        if pol_text.lower() not in ("high", "low", "-", "na", "", "none", "n/a"):
            findings.warning(
                dlabel,
                FindingCode.UNKNOWN_CATEGORY,
                f"polarity {pol_text!r} read as none",
                row=number,
                column="Polarity",
            )
        dps_text = cell("dps")
        dps = int(dps_text) if dps_text.isdigit() else None
        if dps is None and dps_text.upper() not in ("", "NA", "-"):
            findings.warning(
                dlabel,
                FindingCode.BAD_NUMBER,
                f"dps {dps_text!r} is not a whole number",
                row=number,
                column="dps",
            )
        out[sid] = {
            "row": number,
            "topic": cell("Topic") or None,
            "name": cell("Measure") or None,
            "polarity": polarity_from_text(pol_text),
            "decimal_places": dps,
            "unit": cell("y_axis_name") or None,
        }
    if repeated:
        findings.warning(
            dlabel,
            FindingCode.DUPLICATE_KEY,
            f"{len(repeated)} indicator ids are listed more than once (under two topics); the first entry of "
            f"each is used: {', '.join(sorted(repeated))}",
            column="Measure_short",
        )
    return out


def _definitions(
    df: pl.DataFrame,
    dictionary: dict[str, dict[str, object]],
    outcomes: OutcomeMap,
    prefix: str,
    source: str,
    findings: Findings,
    label: str,
) -> pl.DataFrame:
    ids = (
        df.filter(pl.col("Short Desc").is_not_null() & (pl.col("Short Desc") != ""))
        .group_by("Short Desc", maintain_order=True)
        .agg(pl.col("Data item").drop_nulls().first() if "Data item" in df.columns else pl.lit(None))
    )
    rows = []
    missing = []
    for sid, item in ids.iter_rows():
        entry = dictionary.get(sid)
        if entry is None:
            missing.append(sid)
            entry = {"polarity": Polarity.NONE.value}
        code = prefix + sid
        topic = cast("str | None", entry.get("topic"))  # text or None (_read_dictionary)
        choice = outcomes.lookup(code, topic)
        rows.append(
            {
                "code": code,
                "name": entry.get("name") or item or sid,
                "ecm_outcome": choice.ecm_outcome,
                "polarity": entry["polarity"],
                "unit": entry.get("unit"),
                "decimal_places": entry.get("decimal_places"),
                "topic": entry.get("topic"),
                "ni_code": choice.ni_code,
                "source": source,
                "synthetic": False,
            }
        )
    if dictionary:  # without one (already an error) a warning per id would add nothing
        for sid in missing:
            findings.warning(
                label,
                FindingCode.UNKNOWN_CATEGORY,
                f"indicator {sid!r} has no entry in the data dictionary: polarity none, no topic",
                column="Short Desc",
            )
    return canonical.frame("indicator_definitions", rows)
