"""Readers of DfE indicator tables in the explore-education-statistics (EES) layout, and of the older DfE
exclusions time series (2006/07-2016/17) that names LAs without codes.

An EES file has one row per period, area and category, with the standard columns ``time_period`` (``2023``
or ``202223``), ``time_identifier``, ``geographic_level`` (National / Regional / Local authority),
``country_code``, ``region_code``, ``region_name``, ``old_la_code`` (DfE three-digit code), ``new_la_code``
and ``la_name``, then filter columns (``characteristic``, ``social_care_group``...) and indicator columns.
What to take from a file is configured in the recipe (see ``read_ees``), so one reader serves every such
file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from csrating.enums import AreaType, EcmOutcome, Marker, Polarity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.indicator_common import (
    REGION_CODES,
    REPORT_CAP,
    OutcomeMap,
    Parsed,
    ees_periods,
    marker_table,
    outcome_map,
    parse_cells,
    parse_extra_markers,
    region_code,
    report_capped,
)
from csrating.sources.la_codes import ENGLAND_CODE
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import read_table

# EES symbols that tabular.MARKERS does not know: "k" (a figure that rounds to 0 but is not 0: DfE's
# older "less than 0.5") and "u" (low reliability; DfE publishes no figure in its place).
EES_MARKERS = {"k": "low", "u": "x"}

INDICATOR_KEYS = {
    "column",
    "code",
    "name",
    "polarity",
    "ecm_outcome",
    "unit",
    "decimal_places",
    "ni_code",
    "topic",
    "numerator",
    "denominator",
    "filters",
    "breakdown",
}

EMPTY = {
    "indicator_definitions": canonical.INDICATOR_DEFINITIONS.empty,
    "indicator_values": canonical.INDICATOR_VALUES.empty,
}


# ---------------------------------------------------------------------------------------------- configuration


@dataclass
class IndicatorSpec:
    column: str
    code: str
    name: str
    polarity: str
    ecm_outcome: str | None
    unit: str | None
    decimal_places: int | None
    ni_code: str | None
    topic: str | None
    numerator: str | None
    denominator: str | None
    filters: dict[str, list[str]]
    breakdown: str | None  # a fixed pupil-group label for this column (e.g. NEET of pupils with an EHC plan)

    def definition(self, source: str) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "ecm_outcome": self.ecm_outcome,
            "polarity": self.polarity,
            "unit": self.unit,
            "decimal_places": self.decimal_places,
            "topic": self.topic,
            "ni_code": self.ni_code,
            "source": source,
            "synthetic": False,
        }


@dataclass
class Config:
    indicators: list[IndicatorSpec]
    filters: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    blank_marker: str | None = None
    breakdown_column: str | None = None
    breakdown_map: dict[str, str | None] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)
    require_figures: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _filters(raw: Any, where: str, label: str, findings: Findings) -> dict[str, list[str]] | None:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        findings.error(
            label, FindingCode.BAD_RECIPE, f"{where}: 'filters' must map a column to a value or a list"
        )
        return None
    out = {}
    for col, val in raw.items():
        vals = val if isinstance(val, list) else [val]
        out[str(col)] = [str(v) for v in vals]
    return out


def parse_config(
    options: Mapping[str, Any], label: str, findings: Findings, outcomes: OutcomeMap
) -> Config | None:
    """Recipe options -> Config; every problem is a BAD-RECIPE error (bad indicators are skipped)."""
    raw = options.get("indicators")
    if not isinstance(raw, list) or not raw:
        findings.error(label, FindingCode.BAD_RECIPE, "option 'indicators' must be a non-empty list")
        return None
    filters = _filters(options.get("filters"), "options", label, findings)
    if filters is None:
        return None
    exclude = _filters(options.get("exclude"), "option 'exclude'", label, findings)
    if exclude is None:
        return None
    cfg = Config(indicators=[], filters=filters, exclude=exclude)
    blank = options.get("blank_marker")
    if blank is not None:
        if str(blank) not in Marker.values():
            findings.error(
                label, FindingCode.BAD_RECIPE, f"option 'blank_marker' {blank!r}: expected c, x, z or low"
            )
            return None
        cfg.blank_marker = str(blank)
    b = options.get("breakdown")
    if b is not None:
        if not isinstance(b, Mapping) or "column" not in b or not isinstance(b.get("map"), Mapping):
            findings.error(label, FindingCode.BAD_RECIPE, "option 'breakdown' needs 'column' and a 'map'")
            return None
        cfg.breakdown_column = str(b["column"])
        cfg.breakdown_map = {str(k): (None if v is None else str(v)) for k, v in b["map"].items()}
    cfg.markers = parse_extra_markers(options.get("markers"), label, findings)
    req = options.get("require_figures") or []
    cfg.require_figures = [str(c) for c in (req if isinstance(req, list) else [req])]
    files = options.get("files") or []
    cfg.files = [str(f) for f in (files if isinstance(files, list) else [files])]

    seen: dict[str, dict[str, object]] = {}
    for i, entry in enumerate(raw, start=1):
        spec = _indicator(entry, i, label, findings, outcomes, cfg)
        if spec is None:
            continue
        d = spec.definition("")
        if spec.code in seen and seen[spec.code] != d:
            findings.error(
                label,
                FindingCode.BAD_RECIPE,
                f"indicator {i}: code {spec.code!r} is used again with a different definition",
            )
            continue
        seen[spec.code] = d
        cfg.indicators.append(spec)
    return cfg


def _indicator(
    entry: Any, i: int, label: str, findings: Findings, outcomes: OutcomeMap, cfg: Config
) -> IndicatorSpec | None:
    where = f"indicator {i}"

    def bad(msg: str) -> None:
        findings.error(label, FindingCode.BAD_RECIPE, f"{where}: {msg}")

    if not isinstance(entry, Mapping):
        bad("each indicator is a mapping with at least column, code and polarity")
        return None
    unknown = set(entry) - INDICATOR_KEYS
    if unknown:
        bad(
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"allowed: {', '.join(sorted(INDICATOR_KEYS))}"
        )
        return None
    for k in ("column", "code", "polarity"):
        if not entry.get(k):
            bad(f"{k!r} is required")
            return None
    code = str(entry["code"])
    pol = str(entry["polarity"]).lower()
    if pol not in Polarity.values():
        bad(f"polarity {entry['polarity']!r}; expected high, low or none")
        return None
    default = outcomes.lookup(code)
    ecm = entry.get("ecm_outcome", default.ecm_outcome)
    if ecm is not None and ecm not in EcmOutcome.values():
        bad(f"ecm_outcome {ecm!r}; expected one of {', '.join(EcmOutcome.values())} or null")
        return None
    ni = entry.get("ni_code", default.ni_code)
    if ni is not None and not re.fullmatch(r"\d{1,3}[a-z]?", str(ni)):
        bad(f"ni_code {ni!r} is not an NIS number like 62 or 102a")
        return None
    dps = entry.get("decimal_places")
    if dps is not None and (not isinstance(dps, int) or isinstance(dps, bool) or dps < 0):
        bad(f"decimal_places {dps!r} is not a whole number")
        return None
    filters = _filters(entry.get("filters"), where, label, findings)
    if filters is None:
        return None
    breakdown = entry.get("breakdown")
    if breakdown is not None and cfg.breakdown_column:
        bad("a fixed 'breakdown' label cannot be combined with the source's breakdown column")
        return None
    return IndicatorSpec(
        column=str(entry["column"]),
        code=code,
        name=str(entry.get("name") or entry["column"]),
        polarity=pol,
        ecm_outcome=ecm,
        unit=None if entry.get("unit") is None else str(entry["unit"]),
        decimal_places=dps,
        ni_code=None if ni is None else str(ni),
        topic=None if entry.get("topic") is None else str(entry["topic"]),
        numerator=None if entry.get("numerator") is None else str(entry["numerator"]),
        denominator=None if entry.get("denominator") is None else str(entry["denominator"]),
        filters=filters,
        breakdown=None if breakdown is None else str(breakdown),
    )


# ---------------------------------------------------------------------------------------------- geography


@dataclass
class Geography:
    """How a layout names areas and periods."""

    required: tuple[str, ...]
    period_column: str
    resolve: Callable[[pl.DataFrame, ReadContext, str], tuple[pl.DataFrame, pl.Series]]


def _ees_areas(df: pl.DataFrame, ctx: ReadContext, label: str) -> tuple[pl.DataFrame, pl.Series]:
    """geographic_level + old_la_code / region_code -> area_type, area_code. Returns (areas, in_scope mask);
    rows in scope but unresolved have a null area_type and a finding."""
    findings = ctx.findings
    level = df["geographic_level"].str.strip_chars()
    la = df["old_la_code"].str.strip_chars()
    reg = df["region_code"].str.strip_chars()
    is_nat = level == "National"
    is_reg = level == "Regional"
    is_la = level == "Local authority"
    in_scope = is_nat | is_reg | is_la
    for lev, n in pl.DataFrame({"l": level.filter(~in_scope)}).group_by("l").len().sort("l").iter_rows():
        findings.warning(
            label,
            FindingCode.OUT_OF_SCOPE,
            f"{n} rows at geographic level {lev!r} left out (read: National, Regional, Local authority)",
            column="geographic_level",
        )
    known_la = la.is_in(list(ctx.las.authorities))
    known_reg = reg.is_in(list(REGION_CODES.values()))
    area_type = pl.select(
        pl.when(is_nat)
        .then(pl.lit(AreaType.ENGLAND.value))
        .when(is_reg & known_reg)
        .then(pl.lit(AreaType.REGION.value))
        .when(is_la & known_la)
        .then(pl.lit(AreaType.LA.value))
        .alias("area_type")
    ).to_series()
    area_code = pl.select(
        pl.when(is_nat)
        .then(pl.lit(ENGLAND_CODE))
        .when(is_reg)
        .then(reg)
        .when(is_la)
        .then(la)
        .alias("area_code")
    ).to_series()
    rows = df["_row"]
    blank_la = is_la & (la.is_null() | (la == ""))
    blank_reg = is_reg & (reg.is_null() | (reg == ""))
    bad_la = is_la & ~blank_la & ~known_la
    bad_reg = is_reg & ~blank_reg & ~known_reg
    _rows(
        findings,
        label,
        FindingCode.MISSING_VALUE,
        rows.filter(blank_la),
        "old_la_code",
        lambda _: "no LA code",
    )
    _rows(
        findings,
        label,
        FindingCode.MISSING_VALUE,
        rows.filter(blank_reg),
        "region_code",
        lambda _: "no region code",
    )
    _rows(
        findings,
        label,
        FindingCode.UNKNOWN_LA_CODE,
        rows.filter(bad_la),
        "old_la_code",
        lambda v: f"{v!r} is not the DfE code of an English LA in the reference list",
        la.filter(bad_la),
    )
    _rows(
        findings,
        label,
        FindingCode.UNKNOWN_CATEGORY,
        rows.filter(bad_reg),
        "region_code",
        lambda v: f"{v!r} is not the ONS code of an English region (E12000001-9, E13000001-2)",
        reg.filter(bad_reg),
    )
    return pl.DataFrame({"area_type": area_type, "area_code": area_code}), in_scope


def _rows(
    findings: Findings,
    label: str,
    code: FindingCode,
    rows: pl.Series,
    column: str,
    message: Callable[[Any], str],
    values: pl.Series | None = None,
) -> None:
    vals = values.head(REPORT_CAP).to_list() if values is not None else [None] * min(len(rows), REPORT_CAP)
    items = [(r, column, message(v)) for r, v in zip(rows.head(REPORT_CAP).to_list(), vals, strict=True)]
    report_capped(
        findings, label, code, items, total=len(rows), what=f"rows (column {column!r})", column=column
    )


EES = Geography(
    required=("time_period", "geographic_level", "old_la_code", "region_code"),
    period_column="time_period",
    resolve=_ees_areas,
)


# ---------------------------------------------------------------------------------------------- reading


def _frame(raw_header: list[str], rows: list[tuple[int, list[str]]]) -> pl.DataFrame:
    names: list[str] = []
    for h in raw_header:
        name, n = h, 1
        while name in names:
            n += 1
            name = f"{h}#{n}"
        names.append(name)
    width = len(names)
    cols: list[list[str]] = [[] for _ in range(width)]
    for _, cells in rows:
        for j in range(width):
            cols[j].append(cells[j] if j < len(cells) else "")
    data: dict[str, Any] = {"_row": [n for n, _ in rows]}
    data.update({names[j]: cols[j] for j in range(width)})
    return pl.DataFrame(data, schema={"_row": pl.Int64, **{n: pl.String for n in names}})


def _missing(
    findings: Findings, label: str, columns: Sequence[str], header: Sequence[str], why: str
) -> list[str]:
    missing = [c for c in dict.fromkeys(columns) if c not in header]
    for c in missing:
        findings.error(label, FindingCode.MISSING_COLUMN, f"column {c!r} ({why}) is missing", row=1, column=c)
    return missing


def _select(df: pl.DataFrame, filters: Mapping[str, list[str]], findings: Findings, label: str) -> pl.Series:
    mask = _true(df.height)
    for col, vals in filters.items():
        cells = df[col].str.strip_chars()
        present = set(cells.unique().to_list())
        absent = [v for v in vals if v not in present]
        if absent:
            shown = ", ".join(repr(v) for v in sorted(present, key=str)[:12])
            findings.warning(
                label,
                FindingCode.UNKNOWN_CATEGORY,
                f"filter value(s) {', '.join(map(repr, absent))} never occur in column {col!r} "
                f"(values: {shown})",
                column=col,
            )
        mask &= cells.is_in(vals)
    return mask


def _exclude(
    df: pl.DataFrame, exclude: Mapping[str, list[str]], findings: Findings, label: str
) -> pl.DataFrame:
    """Drop rows the recipe excludes (e.g. a dashboard's demo rows), one OUT-OF-SCOPE warning per value."""
    for col, vals in exclude.items():
        cells = df[col].str.strip_chars()
        for v in vals:
            hit = cells == v
            n = int(hit.sum())
            if n:
                first = df["_row"].filter(hit)[0]
                findings.warning(
                    label,
                    FindingCode.OUT_OF_SCOPE,
                    f"{n} rows with {col} {v!r} left out, as the recipe's 'exclude' option asks",
                    row=first,
                    column=col,
                )
        df = df.filter(~cells.is_in(vals).fill_null(False))
    return df


def read_one(
    path: Path, label: str, cfg: Config, ctx: ReadContext, geo: Geography, reader_name: str
) -> pl.DataFrame | None:
    """One file -> indicator_values rows (plus ``_row`` and ``_file`` for duplicate reporting), or None."""
    findings = ctx.findings
    raw = read_table(path, findings, required=geo.required, label=label)
    if raw is None:
        return None
    header = raw.header
    structural = (
        list(cfg.filters) + list(cfg.exclude) + ([cfg.breakdown_column] if cfg.breakdown_column else [])
    )
    if _missing(findings, label, structural, header, "a filter or breakdown of the recipe"):
        return None
    _missing(findings, label, cfg.require_figures, header, "declared in require_figures")
    usable = []
    for spec in cfg.indicators:
        cols = [spec.column, *(c for c in (spec.numerator, spec.denominator) if c), *spec.filters]
        gone = [c for c in cols if c not in header]
        if gone:
            _missing(findings, label, gone, header, f"needed by indicator {spec.code}")
        else:
            usable.append(spec)
    df = _frame(header, raw.rows)
    selected = _select(df, cfg.filters, findings, label)
    df = df.filter(selected)
    df = _exclude(df, cfg.exclude, findings, label)

    areas, in_scope = geo.resolve(df, ctx, label)
    df = pl.concat([df, areas], how="horizontal").filter(in_scope)
    ok = df["area_type"].is_not_null()

    period, year = ees_periods(df[geo.period_column])
    bad_period = period.is_null()
    _rows(
        findings,
        label,
        FindingCode.BAD_DATE,
        df["_row"].filter(bad_period),
        geo.period_column,
        lambda v: f"{v!r} is not a period like 2023 or 202223",
        df[geo.period_column].filter(bad_period),
    )
    df = df.with_columns(period.alias("_period"), year.alias("_year"))
    ok &= ~bad_period

    if cfg.breakdown_column:
        cells = df[cfg.breakdown_column].str.strip_chars()
        mapped = cells.replace_strict(cfg.breakdown_map, default=None, return_dtype=pl.String)
        unmapped = ~cells.is_in(list(cfg.breakdown_map))
        for val, n, first in (
            pl.DataFrame({"v": cells, "r": df["_row"]})
            .filter(unmapped)
            .group_by("v", maintain_order=True)
            .agg(pl.len(), pl.col("r").first())
            .iter_rows()
        ):
            findings.warning(
                label,
                FindingCode.UNKNOWN_CATEGORY,
                f"{n} rows with {cfg.breakdown_column} {val!r}, which the breakdown map does not name, are "
                "left out (map it to a label, or to null to leave it out silently)",
                row=first,
                column=cfg.breakdown_column,
            )
        df = df.with_columns(mapped.alias("_breakdown"))
        keep = mapped.is_not_null()
        df, ok = df.filter(keep), ok.filter(keep)

    markers = marker_table({**EES_MARKERS, **cfg.markers})
    parsed = {}
    value_cols = {s.column for s in usable}
    count_cols = {c for s in usable for c in (s.numerator, s.denominator) if c}
    for col in sorted(value_cols | count_cols | {c for c in cfg.require_figures if c in header}):
        p = parse_cells(
            df[col],
            df["_row"],
            column=col,
            label=label,
            findings=findings,
            markers=markers,
            figure_required=col in cfg.require_figures,
            blank_ok=col not in value_cols and col not in cfg.require_figures,
            blank_marker=cfg.blank_marker if col in value_cols and col not in cfg.require_figures else None,
        )
        parsed[col] = p
        ok &= p.ok
    df = df.filter(ok)
    parsed = {c: _keep(p, ok) for c, p in parsed.items()}

    source = f"{reader_name}:{label}"
    frames = []
    for spec in usable:
        mask = _select(df, spec.filters, findings, label) if spec.filters else _true(df.height)
        v = parsed[spec.column]
        part = pl.DataFrame(
            {
                "code": pl.Series([spec.code] * df.height, dtype=pl.String),
                "area_type": df["area_type"],
                "area_code": df["area_code"],
                "breakdown": df["_breakdown"]
                if cfg.breakdown_column
                else pl.Series([spec.breakdown or "all"] * df.height, dtype=pl.String),
                "period": df["_period"],
                "year": df["_year"],
                "value": v.value,
                "numerator": parsed[spec.numerator].value if spec.numerator else _nulls(df.height),
                "denominator": parsed[spec.denominator].value if spec.denominator else _nulls(df.height),
                "marker": v.marker,
                "_row": df["_row"],
            }
        ).filter(mask)
        frames.append(part)
    if not frames:
        return None
    out = pl.concat(frames, how="diagonal_relaxed")
    return out.with_columns(
        pl.lit(source).alias("source"), pl.lit(False).alias("synthetic"), pl.lit(label).alias("_file")
    )


def _true(n: int) -> pl.Series:
    return pl.Series([True] * n, dtype=pl.Boolean)


def _nulls(n: int) -> pl.Series:
    return pl.Series([None] * n, dtype=pl.Float64)


def _keep(p: Parsed, ok: pl.Series) -> Parsed:
    return Parsed(value=p.value.filter(ok), marker=p.marker.filter(ok), ok=p.ok.filter(ok))


def drop_duplicates(values: pl.DataFrame, findings: Findings) -> pl.DataFrame:
    key = ["code", "area_type", "area_code", "breakdown", "period"]
    dup = values.select(pl.struct(key).is_duplicated()).to_series()
    if not dup.any():
        return values
    d = values.filter(dup)
    firsts = d.group_by(key, maintain_order=True).agg(pl.col("_row"), pl.col("_file"))
    by_file: dict[str, list[tuple[int | None, str | None, str]]] = {}
    totals: dict[str, int] = {}
    for r in firsts.iter_rows(named=True):
        where = ", ".join(f"{f} row {n}" for f, n in zip(r["_file"], r["_row"], strict=True))
        msg = (
            f"indicator {r['code']}, {r['area_type']} {r['area_code']}, breakdown {r['breakdown']!r}, period "
            f"{r['period']!r} is given more than once ({where}); all are left out - a filter may be missing"
        )
        for f, n in zip(r["_file"], r["_row"], strict=True):
            by_file.setdefault(f, []).append((n, None, msg))
            totals[f] = totals.get(f, 0) + 1
    for f, items in by_file.items():
        report_capped(findings, f, FindingCode.DUPLICATE_KEY, items, total=totals[f], what="rows")
    return values.filter(~dup)


def _files(path: Path, cfg: Config, label: str, findings: Findings) -> list[tuple[Path, str]]:
    if path.is_dir():
        if not cfg.files:
            findings.error(
                label, FindingCode.BAD_RECIPE, "the path is a folder: option 'files' must name the files"
            )
            return []
        base, out = path, []
    else:
        base, out = path.parent, [path]
    for pattern in cfg.files:
        found = sorted(base.glob(pattern))
        if not found:
            findings.error(label, FindingCode.FILE_NOT_FOUND, f"no file matches {pattern!r} in {base}")
        out += [f for f in found if f not in out]
    if not path.is_dir():
        return [(f, label if f == path else _sibling(label, f.name)) for f in out]
    return [(f, f"{label.rstrip('/')}/{f.name}") for f in out]


def _sibling(label: str, name: str) -> str:
    return str(Path(label).parent / name) if "/" in label else name


def run(
    path: Path, ctx: ReadContext, cfg: Config | None, geo: Geography, reader_name: str
) -> dict[str, pl.DataFrame]:
    label = ctx.label or path.name
    if cfg is None or not cfg.indicators:
        return {k: f() for k, f in EMPTY.items()}
    if not path.exists():
        ctx.findings.error(label, FindingCode.FILE_NOT_FOUND, f"no such file: {path}")
        return {k: f() for k, f in EMPTY.items()}
    parts = []
    for file, flabel in _files(path, cfg, label, ctx.findings):
        part = read_one(file, flabel, cfg, ctx, geo, reader_name)
        if part is not None:
            parts.append(part)
    values = pl.concat(parts, how="diagonal_relaxed") if parts else None
    if values is not None:
        values = canonical.conform("indicator_values", drop_duplicates(values, ctx.findings))
    else:
        values = canonical.INDICATOR_VALUES.empty()
    source = ctx.source(reader_name)
    defs: dict[str, dict[str, object]] = {}
    for spec in cfg.indicators:
        defs.setdefault(spec.code, spec.definition(source))
    return {
        "indicator_definitions": canonical.frame("indicator_definitions", defs.values()),
        "indicator_values": values,
    }


OPTIONS = {
    "indicators": "List of {column, code, polarity (high/low/none), name, ecm_outcome, unit, decimal_places, "
    "ni_code, topic, numerator, denominator, filters, breakdown}: one per indicator column to read",
    "filters": "{column: value or [values]}: the rows to read (e.g. characteristic: Total)",
    "exclude": "{column: value or [values]}: rows to leave out (each value reported as OUT-OF-SCOPE)",
    "blank_marker": "Marker (c, x, z, low) for blank indicator cells; by default a blank is MISSING-VALUE",
    "breakdown": "{column, map: {published value: label or null}}: pupil groups (fsm, cla, cin, cpp...)",
    "require_figures": "Columns where a status marker is an error (VALUE-EXPECTED), e.g. a denominator",
    "markers": "Extra status symbols: {symbol: c|x|z|low}",
    "files": "Glob pattern(s) of more files to read, in the path's folder (or in the path if it is a folder)",
    "outcomes": "An ECM outcome mapping file to use instead of reference/indicator_outcomes.yaml",
}


@reader("dfe_ees", tables=("indicator_definitions", "indicator_values"), options=OPTIONS)
def read_ees(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE explore-education-statistics CSVs (any file with the standard EES columns) -> indicator tables.

    Reads ``time_period``, ``geographic_level``, ``old_la_code`` and ``region_code``, and the indicator
    columns the recipe names. Options::

        indicators:                      # one entry per indicator column (required)
          - {column: pt_rwm_met_expected_standard, code: "ees:ks2_rwm_expected", polarity: high,
             name: "KS2 reading, writing and maths: expected standard", ecm_outcome: EA, unit: "%",
             decimal_places: 0, ni_code: "73", numerator: t_rwm_met_expected_standard,
             denominator: t_rwm_eligible_pupils, filters: {version: Final}, breakdown: ehcp}
        filters: {characteristic: Total}             # rows to read; a list selects several values
        breakdown: {column: social_care_group, map: {"CLA 12 months at 31 March": cla, Other: null}}
        require_figures: [t_pupils]                  # a marker here is an error (VALUE-EXPECTED)
        exclude: {la_name: LA demo}                  # rows to leave out (reported as OUT-OF-SCOPE)
        blank_marker: x                              # blank indicator cells mean "not available"
        markers: {".": z}                            # extra status symbols
        files: ["UD_NEETNK_LA_dashboard_*.csv"]      # several files (path may then be their folder)

    ``ecm_outcome`` and ``ni_code`` default to the entry for the code in reference/indicator_outcomes.yaml.
    Several entries may share a code when each gives a different ``breakdown`` label (e.g. NEET of pupils with
    and without SEN from different columns); their definitions must agree. Rows: National -> England
    (E92000001); Regional -> ``region_code`` (E12/E13); Local authority -> ``old_la_code`` (must be in the LA
    reference: else UNKNOWN-LA-CODE); other levels are left out with a warning. ``time_period`` ``2023`` ->
    period ``2023``, year 2023; ``202223`` -> ``2022/23``, 2023. Cells: a figure or a status marker (c, x, z,
    low, and EES's k -> low, u -> x); other text is MARKER-EXPECTED. A breakdown value missing from the map is
    left out with a warning. Two rows with the same indicator, area, breakdown and period are all left out
    (DUPLICATE-KEY): a filter is probably missing. A row with any error is left out whole.
    """
    label = ctx.label or path.name
    cfg = parse_config(ctx.options, label, ctx.findings, outcome_map(ctx, label))
    return run(path, ctx, cfg, EES, "dfe_ees")


# -------------------------------------------------------------------------------------------- exclusions 2007


EXCLUSIONS_INDICATORS: list[dict[str, Any]] = [
    {
        "column": "perm_excl_rate",
        "code": "excl:perm_rate",
        "name": "Permanent exclusions as a percentage of pupils (all schools)",
        "polarity": "low",
        "ecm_outcome": "EA",
        "unit": "% of pupils",
        "decimal_places": 2,
        "ni_code": "114",
        "numerator": "perm_excl",
        "denominator": "headcount",
    },
    {
        "column": "fixed_excl_rate",
        "code": "excl:fixed_rate",
        "name": "Fixed-period exclusions as a percentage of pupils (all schools)",
        "polarity": "low",
        "ecm_outcome": "EA",
        "unit": "% of pupils",
        "decimal_places": 2,
        "numerator": "fixed_excl",
        "denominator": "headcount",
    },
    {
        "column": "one_or_more_fixed_excl_rate",
        "code": "excl:one_plus_fixed_rate",
        "name": "Pupils with one or more fixed-period exclusions, % of pupils (all schools)",
        "polarity": "low",
        "ecm_outcome": "EA",
        "unit": "% of pupils",
        "decimal_places": 2,
        "numerator": "one_plus_fixed",
        "denominator": "headcount",
    },
]
EXCLUSIONS_DEFAULTS: dict[str, Any] = {
    "indicators": EXCLUSIONS_INDICATORS,
    "filters": {"school_type": "Total"},
    "markers": {".": "z"},
    "require_figures": ["headcount"],
}
_NO_NAME = {"null", "na", "n/a"}
_ABOLISHED = re.compile(r"\(pre lgr 2009\)", re.I)


def _exclusions_areas(df: pl.DataFrame, ctx: ReadContext, label: str) -> tuple[pl.DataFrame, pl.Series]:
    """level + la_name -> area_type, area_code. LAs by name (ctx.las.match_name, on the period's last day)."""
    findings = ctx.findings
    level = df["level"].str.strip_chars()
    name = df["la_name"].str.strip_chars()
    _, year = ees_periods(df["year"])
    in_scope = level.is_in(["National", "Region", "Local authority"])
    for lev, n in pl.DataFrame({"l": level.filter(~in_scope)}).group_by("l").len().sort("l").iter_rows():
        findings.warning(
            label, FindingCode.OUT_OF_SCOPE, f"{n} rows at level {lev!r} left out", column="level"
        )
    pairs = pl.DataFrame({"lev": level, "name": name, "year": year}).unique()
    lookup: dict[tuple[str, str, int | None], tuple[str | None, str | None, str | None]] = {}
    for lev, nm, yr in pairs.iter_rows():
        nm = nm or ""
        if nm.lower() in _NO_NAME:
            lookup[(lev, nm, yr)] = (None, None, "noname")
        elif lev == "National":
            lookup[(lev, nm, yr)] = (AreaType.ENGLAND.value, ENGLAND_CODE, None)
        elif lev == "Region":
            rc = region_code(nm)
            lookup[(lev, nm, yr)] = (AreaType.REGION.value, rc, None) if rc else (None, None, "region")
        elif lev == "Local authority":
            on = date(yr, 8, 31) if yr else None
            code = ctx.las.match_name(nm, on=on) if nm else None
            if code:
                lookup[(lev, nm, yr)] = (AreaType.LA.value, code, None)
            else:
                lookup[(lev, nm, yr)] = (None, None, "abolished" if _ABOLISHED.search(nm) else "unmatched")
    keys = list(zip(level.to_list(), name.fill_null("").to_list(), year.to_list(), strict=True))
    res = [lookup.get(k, (None, None, None)) for k in keys]
    area_type = pl.Series("area_type", [r[0] for r in res], dtype=pl.String)
    area_code = pl.Series("area_code", [r[1] for r in res], dtype=pl.String)
    why = pl.Series([r[2] or "" for r in res], dtype=pl.String)
    rows = df["_row"]
    quiet = why.is_in(["noname", "abolished"])
    for reason, text in (
        ("noname", "rows with no LA name ({v}): the publisher's placeholder, not an area; left out"),
        (
            "abolished",
            "rows for {v}, an authority abolished on 1 April 2009 and not in the LA reference; left out",
        ),
    ):
        sel = why == reason
        for v, n, first in (
            pl.DataFrame({"v": name, "r": rows})
            .filter(sel & in_scope)
            .group_by("v", maintain_order=True)
            .agg(pl.len(), pl.col("r").first())
            .iter_rows()
        ):
            findings.warning(
                label, FindingCode.OUT_OF_SCOPE, f"{n} " + text.format(v=repr(v)), row=first, column="la_name"
            )
    unmatched = in_scope & (why == "unmatched")
    _rows(
        findings,
        label,
        FindingCode.UNMATCHED_LA_NAME,
        rows.filter(unmatched),
        "la_name",
        lambda v: f"{v!r} matches no LA in the reference list, even after normalising the name",
        name.filter(unmatched),
    )
    bad_region = in_scope & (why == "region")
    _rows(
        findings,
        label,
        FindingCode.UNKNOWN_CATEGORY,
        rows.filter(bad_region),
        "la_name",
        lambda v: f"{v!r} is not the name of an English region",
        name.filter(bad_region),
    )
    blank = in_scope & level.is_in(["Local authority", "Region"]) & (name.is_null() | (name == ""))
    _rows(findings, label, FindingCode.MISSING_VALUE, rows.filter(blank), "la_name", lambda _: "no area name")
    return pl.DataFrame({"area_type": area_type, "area_code": area_code}), in_scope & ~quiet


EXCLUSIONS = Geography(required=("year", "level", "la_name"), period_column="year", resolve=_exclusions_areas)


@reader(
    "dfe_exclusions_2007",
    tables=("indicator_definitions", "indicator_values"),
    options={k: v for k, v in OPTIONS.items() if k != "files"},
)
def read_exclusions(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE permanent and fixed-period exclusions by LA, 2006/07-2016/17 (``clean_la_data.csv``, SFR35/2017).

    Columns ``year`` (``200607``..``201617``), ``level`` (National / Region / Local authority), ``la_name``,
    ``school_type`` (Total / Primary / Secondary / Special) and counts and rates. There are no LA codes: each
    name is matched with the LA reference (``match_name`` on 31 August of the academic year, which settles
    names two authorities shared); an unmatched name is an error (UNMATCHED-LA-NAME: add a genuine published
    variant to EXTRA_ALIASES in scripts/build_reference.py). Two kinds of rows are left out with a warning
    (OUT-OF-SCOPE): the authorities abolished on 1 April 2009 (``Bedfordshire (Pre LGR 2009)``,
    ``Cheshire (Pre LGR 2009)``), which the 2009+ LA reference does not hold, and rows named ``NULL`` (a
    placeholder with no pupils). Regions by name (Inner/Outer London: E13000001/2).

    Defaults (each option replaces its default): the three rates ``excl:perm_rate`` (NI 114),
    ``excl:fixed_rate`` and ``excl:one_plus_fixed_rate`` (all lower is better, enjoying and achieving, with
    their counts as numerators and ``headcount`` as denominator); ``filters: {school_type: Total}``;
    ``markers: {".": z}`` (the file's ``.`` stands for a rate with no pupils to divide by: not applicable);
    ``require_figures: [headcount]``. ``x`` is a suppressed small number.
    """
    label = ctx.label or path.name
    options = {**EXCLUSIONS_DEFAULTS, **ctx.options}
    if "files" in ctx.options:
        ctx.findings.error(label, FindingCode.BAD_RECIPE, "option 'files' is not used by dfe_exclusions_2007")
    options.pop("files", None)
    cfg = parse_config(options, label, ctx.findings, outcome_map(ctx, label))
    return run(path, ctx, cfg, EXCLUSIONS, "dfe_exclusions_2007")
