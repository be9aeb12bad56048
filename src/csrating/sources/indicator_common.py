"""Shared parts of the indicator readers (``lait``, ``dfe_ees``, ``dfe_exclusions_2007``).

* ``parse_cells``: a column of published text cells -> value, marker and error flags, vectorised with Polars;
  only the bad cells are looked at one by one, to report them (up to ``REPORT_CAP`` per column and problem,
  then one summary finding with the total).
* Periods: DfE's ``time_period`` (``2023``, ``202223``) and LAIT's ``Years`` labels (``2018/19``,
  ``2016-18``, ``2019-20 (OT)``) -> the label as published and the calendar year the period ends in.
* Regions: ONS codes for the English regions under the names DfE files use.
* ``OutcomeMap``: the Every Child Matters outcome and National Indicator number of each indicator, from
  ``reference/indicator_outcomes.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from csrating import yamltext
from csrating.enums import EcmOutcome, Marker, Polarity, Severity
from csrating.findings import FindingCode, Findings
from csrating.sources.tabular import MARKERS

REPORT_CAP = 20  # findings per column and problem; the rest are counted in one summary finding

# ONS codes of the English regions (E12) and of Inner/Outer London (E13, used by DfE for children's services).
# The names are the spellings met in DfE files (EES region_name; LAIT "LA and Regions"), compared after
# normalise_region(). Checked against the region_code/region_name pairs of the EES files in
# data/raw/dfe-csc-outcomes-enablers (b1, c1, ...), which carry all eleven.
REGION_CODES: dict[str, str] = {
    "north east": "E12000001",
    "north west": "E12000002",
    "yorkshire and the humber": "E12000003",
    "east midlands": "E12000004",
    "west midlands": "E12000005",
    "east of england": "E12000006",
    "london": "E12000007",
    "south east": "E12000008",
    "south west": "E12000009",
    "inner london": "E13000001",
    "outer london": "E13000002",
}


def normalise_region(name: str) -> str:
    """'Yorkshire and The Humber' == 'Yorkshire & the Humber'; 'London (Inner)' == 'Inner London'."""
    s = re.sub(r"\s+", " ", name.lower().replace("&", " and ")).strip()
    m = re.fullmatch(r"london \((inner|outer)\)", s)
    if m:
        s = f"{m.group(1)} london"
    return {"east": "east of england"}.get(s, s)


def region_code(name: str) -> str | None:
    return REGION_CODES.get(normalise_region(name))


# ---------------------------------------------------------------------------------------------- markers


def marker_table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Status symbols (lower case) -> Marker value: tabular.MARKERS plus a reader's own symbols."""
    table = {k.lower(): m.value for k, m in MARKERS.items()}
    for symbol, meaning in (extra or {}).items():
        table[str(symbol).strip().lower()] = Marker(str(meaning)).value
    return table


def parse_extra_markers(raw: Any, label: str, findings: Findings) -> dict[str, str]:
    """The ``markers`` option: {symbol: c|x|z|low}. Bad entries are BAD-RECIPE errors."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        findings.error(label, FindingCode.BAD_RECIPE, "option 'markers' must map a symbol to c, x, z or low")
        return {}
    out = {}
    for k, v in raw.items():
        if str(v) not in Marker.values():
            findings.error(
                label,
                FindingCode.BAD_RECIPE,
                f"option 'markers': {k!r} -> {v!r}; expected one of c, x, z, low",
            )
            continue
        out[str(k)] = str(v)
    return out


@dataclass
class Parsed:
    """One column parsed: value (Float64), marker (String), ok (Boolean: False where a finding was made)."""

    value: pl.Series
    marker: pl.Series
    ok: pl.Series


def parse_cells(
    cells: pl.Series,
    rows: pl.Series,
    *,
    column: str,
    label: str,
    findings: Findings,
    markers: Mapping[str, str],
    figure_required: bool = False,
    blank_ok: bool = False,
    blank_marker: str | None = None,
) -> Parsed:
    """Parse published cells into a figure or a status marker, never both.

    * a number (thousands commas and a trailing % allowed) -> value;
    * a status symbol (``markers``, case-insensitive) -> marker; where ``figure_required`` it is a
      VALUE-EXPECTED error instead;
    * a blank cell -> MISSING-VALUE error (or nothing at all where ``blank_ok``; or ``blank_marker``);
    * any other text -> MARKER-EXPECTED error (BAD-NUMBER where ``figure_required``).
    """
    s = cells.cast(pl.String).str.strip_chars()
    low = s.str.to_lowercase()
    marker = low.replace_strict(dict(markers), default=None, return_dtype=pl.String)
    num = s.str.replace_all(",", "", literal=True).str.strip_suffix("%").cast(pl.Float64, strict=False)
    num = pl.select(pl.when(num.is_finite()).then(num).otherwise(None)).to_series()
    blank = s.is_null() | (s == "")
    text = ~blank & marker.is_null() & num.is_null()
    ok = ~text
    if blank_marker is not None:
        marker = pl.select(pl.when(blank).then(pl.lit(blank_marker)).otherwise(marker)).to_series()
    elif not blank_ok:
        _report(findings, label, column, rows.filter(blank), s.filter(blank), FindingCode.MISSING_VALUE)
        ok = ok & ~blank
    if figure_required:
        has_marker = marker.is_not_null()
        _report(
            findings, label, column, rows.filter(has_marker), s.filter(has_marker), FindingCode.VALUE_EXPECTED
        )
        _report(findings, label, column, rows.filter(text), s.filter(text), FindingCode.BAD_NUMBER)
        ok = ok & ~has_marker
        marker = pl.Series(marker.name, [None] * len(marker), dtype=pl.String)
    else:
        _report(findings, label, column, rows.filter(text), s.filter(text), FindingCode.MARKER_EXPECTED)
    return Parsed(value=num.alias("value"), marker=marker.alias("marker"), ok=ok)


_MESSAGES = {
    FindingCode.MISSING_VALUE: lambda v: "expected a figure or a status marker, found a blank cell",
    FindingCode.VALUE_EXPECTED: lambda v: f"the status marker {v!r} stands where a figure is required",
    FindingCode.BAD_NUMBER: lambda v: f"{v!r} is not a number",
    FindingCode.MARKER_EXPECTED: lambda v: (
        f"{v!r} is neither a number nor a status marker ({', '.join(sorted(MARKERS))} ...)"
    ),
}


def _report(
    findings: Findings, label: str, column: str, rows: pl.Series, values: pl.Series, code: FindingCode
) -> None:
    message = _MESSAGES[code]
    items = [
        (r, column, message(v)) for r, v in zip(rows.head(REPORT_CAP), values.head(REPORT_CAP), strict=True)
    ]
    report_capped(
        findings, label, code, items, total=len(rows), what=f"cells in column {column!r}", column=column
    )


def report_capped(
    findings: Findings,
    label: str,
    code: FindingCode,
    items: Sequence[tuple[int | None, str | None, str]],
    *,
    total: int,
    what: str,
    column: str | None = None,
    severity: Severity = Severity.ERROR,
) -> None:
    """Add up to REPORT_CAP findings (row, column, message), then one summary finding with the total."""
    for row, col, message in items[:REPORT_CAP]:
        findings.add(label, code, message, row=row, column=col, severity=severity)
    if total > REPORT_CAP:
        findings.add(
            label,
            code,
            f"{total} {what} have this problem in all; the first {REPORT_CAP} are listed",
            column=column,
            severity=severity,
        )


# ---------------------------------------------------------------------------------------------- periods

_YEAR4 = re.compile(r"(19|20)\d\d")


def year_from_label(label: str) -> int | None:
    """Calendar year a published period label ends in: '2018/19' -> 2019, '2016-18' -> 2018,
    '2019-20 (OT)' -> 2020, '2013/14-15/16' -> 2016, '2018 (Rev)' -> 2018. None if there is no year."""
    core = re.sub(r"\(.*?\)", " ", label).strip()
    first = _YEAR4.search(core)
    if not first or not re.fullmatch(r"[\d/\-\s]+", core):
        return None
    start = int(first.group(0))
    tokens = re.findall(r"\d+", core)
    last = tokens[-1]
    if len(last) == 4:
        end = int(last)
    elif len(last) == 2:
        end = start // 100 * 100 + int(last)
        if end < start:
            end += 100
    else:
        return None
    return end if start <= end <= start + 10 else None


def ees_periods(time_period: pl.Series) -> tuple[pl.Series, pl.Series]:
    """EES time_period -> (label, year): '2023' -> ('2023', 2023); '202223' -> ('2022/23', 2023).

    A six-digit code whose second half does not follow the first (e.g. '202225') gives nulls."""
    s = time_period.cast(pl.String).str.strip_chars()
    four = s.str.contains(r"^(19|20)\d\d$")
    six = s.str.contains(r"^(19|20)\d{4}$")
    start = s.str.slice(0, 4).cast(pl.Int32, strict=False)
    tail = s.str.slice(4, 2).cast(pl.Int32, strict=False)
    six_ok = six & (((start + 1) % 100) == tail)
    frame = pl.DataFrame({"s": s, "four": four, "six": six_ok, "start": start})
    out = frame.select(
        pl.when(pl.col("four"))
        .then(pl.col("s"))
        .when(pl.col("six"))
        .then(pl.col("s").str.slice(0, 4) + "/" + pl.col("s").str.slice(4, 2))
        .alias("period"),
        pl.when(pl.col("four"))
        .then(pl.col("start"))
        .when(pl.col("six"))
        .then(pl.col("start") + 1)
        .cast(pl.Int16)
        .alias("year"),
    )
    return out["period"], out["year"]


# ---------------------------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class OutcomeChoice:
    ecm_outcome: str | None
    ni_code: str | None
    reason: str
    rule: str  # which entry decided: "indicator", "pattern <regex>", "topic <name>" or "none"


class OutcomeMap:
    """ECM outcome and NI number per indicator code: exact entry, then first matching pattern, then the
    default of the indicator's topic, else none. See reference/indicator_outcomes.yaml."""

    def __init__(self, doc: Mapping[str, Any]):
        self.indicators: dict[str, dict[str, Any]] = dict(doc.get("indicators") or {})
        self.patterns: list[dict[str, Any]] = list(doc.get("patterns") or [])
        self.topics: dict[str, dict[str, Any]] = dict(doc.get("topics") or {})
        self._compiled = [(re.compile(p["match"]), p) for p in self.patterns]

    @classmethod
    def load(cls, path: str | Path | None = None) -> OutcomeMap:
        if path is None:
            return _default_map()
        return cls(yamltext.parse(Path(path).read_text(encoding="utf-8")) or {})

    def problems(self) -> list[str]:
        """Entries that break the file's own rules (unknown outcome, missing reason...)."""
        out = []
        allowed = set(EcmOutcome.values())
        entries = [(f"indicator {k}", v) for k, v in self.indicators.items()]
        entries += [(f"pattern {p.get('match')}", p) for p in self.patterns]
        entries += [(f"topic {k}", v) for k, v in self.topics.items()]
        for where, e in entries:
            if not isinstance(e, Mapping):
                out.append(f"{where}: not a mapping")
                continue
            if e.get("ecm_outcome") is not None and e["ecm_outcome"] not in allowed:
                out.append(
                    f"{where}: ecm_outcome {e['ecm_outcome']!r} is not one of {', '.join(sorted(allowed))}"
                )
            if not str(e.get("reason") or "").strip():
                out.append(f"{where}: no reason given")
            if e.get("ni_code") is not None and not re.fullmatch(r"\d{1,3}[a-z]?", str(e["ni_code"])):
                out.append(f"{where}: ni_code {e['ni_code']!r} is not an NIS number like 62 or 102a")
        return out

    def lookup(self, code: str, topic: str | None = None) -> OutcomeChoice:
        e = self.indicators.get(code)
        if e is not None:
            return _choice(e, "indicator")
        for rx, p in self._compiled:
            if rx.search(code):
                return _choice(p, f"pattern {p['match']}")
        if topic is not None and topic in self.topics:
            return _choice(self.topics[topic], f"topic {topic}")
        return OutcomeChoice(None, None, "no mapping", "none")


def _choice(e: Mapping[str, Any], rule: str) -> OutcomeChoice:
    ni = e.get("ni_code")
    return OutcomeChoice(
        e.get("ecm_outcome"), None if ni is None else str(ni), str(e.get("reason") or ""), rule
    )


@cache
def _default_map() -> OutcomeMap:
    text = (resources.files("csrating") / "reference" / "indicator_outcomes.yaml").read_text(encoding="utf-8")
    return OutcomeMap(yamltext.parse(text) or {})


def polarity_from_text(text: str | None) -> str:
    """Recipe/LAIT polarity words -> Polarity value; unknown words -> none."""
    t = (text or "").strip().lower()
    return {"high": Polarity.HIGH, "low": Polarity.LOW}.get(t, Polarity.NONE).value


def outcome_map(ctx: Any, label: str) -> OutcomeMap:
    """The ECM outcome map a reader uses: the packaged one, or the file named by the option ``outcomes``
    (a file that cannot be read is a BAD-RECIPE error and an empty map)."""
    opt = ctx.options.get("outcomes")
    if not opt:
        return OutcomeMap.load()
    try:
        return OutcomeMap.load(opt)
    except (OSError, ValueError) as exc:
        ctx.findings.error(label, FindingCode.BAD_RECIPE, f"option 'outcomes': cannot read {opt}: {exc}")
        return OutcomeMap({})


# ------------------------------------------------------------------------------- England's and LAs' units

# Unit labels of counts (the dictionaries' words): an England or region row of a count is a total.
# Not "Entries": LAIT's EBacc entries (unit "Entries") are percentages of pupils.
_COUNT_WORDS = ("number", "total", "spend", "social workers", "children", "episodes")
MIN_LAS_TO_CHECK_UNITS = 20  # fewer LA figures in a period say too little about the range


def is_count(unit: str | None) -> bool:
    """Whether an indicator's unit is a count (an aggregate row is then a total, not an average):
    the unit label starts with 'Number', 'Total', 'Spend', 'Social Workers', 'children' or 'episodes', or
    ends with 'FTE' (full-time equivalents). Percentages, rates, scores, averages and
    unit costs are not counts."""
    u = (unit or "").strip().lower()
    return bool(u) and "%" not in u and (u.startswith(_COUNT_WORDS) or u.endswith(" fte"))


def check_aggregate_units(
    values: pl.DataFrame, definitions: pl.DataFrame, findings: Findings
) -> pl.DataFrame:
    """England and region rows in the same unit as the LA rows, or marked not comparable.

    Per indicator, breakdown and period with at least ``MIN_LAS_TO_CHECK_UNITS`` LA figures: an England or
    region figure of a percentage, rate, score or average must lie within the range of the LA figures (an
    aggregate of LAs cannot lie outside it), allowing half a unit of the indicator's last decimal place
    for rounding; an England figure of a count must be at least the largest LA figure (a total). A figure
    that breaks this is published in another unit (a count beside LA rates, or a rate with its decimal
    point lost): it becomes marker ``nc`` (not comparable), so no LA is ever compared with it, and each
    such indicator is a WARNING (UNIT-MISMATCH) naming the figures. Each row is judged alone: a region
    figure in another unit that happens to fall within the LAs' range is not caught."""
    if values.height == 0:
        return values
    keys = ["code", "breakdown", "year"]
    la = (
        values.filter((pl.col("area_type") == "la") & pl.col("value").is_not_null())
        .group_by(keys)
        .agg(pl.col("value").min().alias("_lo"), pl.col("value").max().alias("_hi"), pl.len().alias("_n"))
        .filter(pl.col("_n") >= MIN_LAS_TO_CHECK_UNITS)
    )
    defs = definitions.select(
        "code",
        pl.col("unit").map_elements(is_count, return_dtype=pl.Boolean).fill_null(False).alias("_count"),
        (0.5 * 10.0 ** (-pl.col("decimal_places").cast(pl.Float64))).fill_null(0.0).alias("_slack"),
    ).unique(subset=["code"], keep="first")
    rows = values.with_row_index("_i").join(la, on=keys, how="inner").join(defs, on="code", how="left")
    agg = (pl.col("area_type") != "la") & pl.col("value").is_not_null()
    outside = (pl.col("value") < pl.col("_lo") - pl.col("_slack")) | (
        pl.col("value") > pl.col("_hi") + pl.col("_slack")
    )
    bad_rows = rows.filter(
        agg
        & pl.when(pl.col("_count").fill_null(False))
        .then((pl.col("area_type") == "england") & (pl.col("value") < pl.col("_hi")))
        .otherwise(outside)
    )
    if bad_rows.height == 0:
        return values
    units = dict(definitions.select("code", "unit").unique(subset=["code"], keep="first").iter_rows())
    for (code,), part in bad_rows.sort("code", "year", "area_code").group_by(["code"], maintain_order=True):
        shown = "; ".join(
            f"{r['area_code']} {r['period']}: {r['value']:g} (LAs {r['_lo']:g} to {r['_hi']:g})"
            for r in part.head(6).iter_rows(named=True)
        )
        more = f"; and {part.height - 6} more" if part.height > 6 else ""
        findings.warning(
            f"indicator {code}",
            FindingCode.UNIT_MISMATCH,
            f"{part.height} England/region figures are not in the LAs' unit ({units.get(code)!r}): "
            f"{shown}{more}. Read as not comparable (marker nc); no LA is compared with them",
            column="value",
        )
    bad = bad_rows["_i"].implode()
    return (
        values.with_row_index("_i")
        .with_columns(
            pl.when(pl.col("_i").is_in(bad)).then(None).otherwise(pl.col("value")).alias("value"),
            pl.when(pl.col("_i").is_in(bad))
            .then(pl.lit(Marker.NOT_COMPARABLE.value))
            .otherwise(pl.col("marker"))
            .alias("marker"),
        )
        .drop("_i")
    )
