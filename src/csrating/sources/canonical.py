"""The canonical tables: the contract between the readers and the engine.

Every reader maps a published format onto these tables; nothing downstream reads a published file.
Each table has a schema (column, Polars type, whether required, the enum of allowed values) and a key.
``validate`` checks a table against its schema and reports every breach as a finding.

Grades are stored as integers; the column description says which scale (``SettingGrade``: 1 best,
``JudgementGrade``: 4 best). Values that are not published carry a ``marker`` (c, x, z, low; csrating's
own nc for an England or region figure in another unit than the LAs') and a null value - never 0. Every
table has a ``synthetic`` flag: True for figures made up for a fixture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

import polars as pl

from csrating.enums import (
    SETTING_GRADE_WORDS,
    ApaAspect,
    ApaProgress,
    AreaType,
    EcmOutcome,
    InspectionAspect,
    LaInspectionType,
    LaType,
    Marker,
    NarrativeKind,
    Polarity,
    Remit,
    Sector,
    SettingType,
    Timescale,
)
from csrating.findings import FindingCode, Findings


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType | type[pl.DataType]
    required: bool = False
    allowed: type[Enum] | tuple[object, ...] | None = None
    description: str = ""

    def allowed_values(self) -> list[object] | None:
        if self.allowed is None:
            return None
        if isinstance(self.allowed, tuple):
            return list(self.allowed)
        return [m.value for m in self.allowed]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra_checks: tuple[str, ...] = field(default_factory=tuple)
    order: tuple[str, ...] = ()  # row order of the snapshot file (default: the key)

    @property
    def sort_columns(self) -> tuple[str, ...]:
        return self.order or self.key

    @property
    def schema(self) -> dict[str, pl.DataType | type[pl.DataType]]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)


SETTING_GRADES = (1, 2, 3, 4)
JUDGEMENT_GRADES = (1, 2, 3, 4)

SOURCE = Column("source", pl.String, True, description="Reader and file the row came from.")
SYNTHETIC = Column(
    "synthetic", pl.Boolean, True, description="True when the figures are made up for a fixture."
)

TABLES: dict[str, Table] = {}


def _table(t: Table) -> Table:
    TABLES[t.name] = t
    return t


LOCAL_AUTHORITIES = _table(
    Table(
        "local_authorities",
        "English children's services authorities, past and present.",
        (
            Column("la_code", pl.String, True, description="DfE three-digit LA code (old_la_code)."),
            Column("gss_code", pl.String, description="ONS GSS code (E06/E08/E09/E10), where one exists."),
            Column("name", pl.String, True, description="Short name as DfE writes it."),
            Column(
                "formal_name", pl.String, description="The council's formal name, as a letter addresses it."
            ),
            Column("la_type", pl.String, allowed=LaType, description="ILB, OLB, MD, UA or SC."),
            Column("region_code", pl.String),
            Column("region_name", pl.String),
            Column("valid_from", pl.Date, description="First day the authority existed (null: before 2009)."),
            Column("valid_to", pl.Date, description="Last day the authority existed (null: still exists)."),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code",),
    )
)

STATISTICAL_NEIGHBOURS = _table(
    Table(
        "statistical_neighbours",
        "Each LA's ranked statistical neighbours ('similar areas') under a named model.",
        (
            Column("model", pl.String, True, description="Model name, e.g. dfe-2021, dfe-2025."),
            Column("la_code", pl.String, True),
            Column("rank", pl.Int8, True, allowed=tuple(range(1, 11)), description="1 = closest."),
            Column("neighbour_code", pl.String, True),
            Column("closeness", pl.String, description="Published closeness band (e.g. Very close)."),
            SOURCE,
            SYNTHETIC,
        ),
        key=("model", "la_code", "rank"),
    )
)

LA_CONTACTS = _table(
    Table(
        "la_contacts",
        "Who a letter to the LA is addressed to, per year.",
        (
            Column("year", pl.Int16, True),
            Column("la_code", pl.String, True),
            Column("council_name", pl.String, True, description="Council name as written in the address."),
            Column("director_name", pl.String),
            Column("director_title", pl.String),
            Column("salutation", pl.String, description="e.g. 'Dear Mr Clark'."),
            Column("address", pl.String, description="Address lines separated by newlines."),
            Column("signatory_name", pl.String),
            Column("signatory_title", pl.String),
            SOURCE,
            SYNTHETIC,
        ),
        key=("year", "la_code"),
    )
)


def open_on(day: date) -> pl.Expr:
    """Settings rows open on ``day``: registered (opened) by then, or with no date, and not closed by then.
    The one rule the profile's census and a snapshot of a past date both use."""
    return (pl.col("registration_date").is_null() | (pl.col("registration_date") <= day)) & (
        pl.col("closed_date").is_null() | (pl.col("closed_date") > day)
    )


SETTINGS = _table(
    Table(
        "settings",
        "Inspected services and settings, one row per provider (Ofsted URN).",
        (
            Column(
                "remit", pl.String, True, allowed=Remit, description="Ofsted register the URN belongs to."
            ),
            Column(
                "urn", pl.String, True, description="Ofsted unique reference number (unique within a remit)."
            ),
            Column("name", pl.String, description="Provider name (null where Ofsted redacts it)."),
            Column("setting_type", pl.String, True, allowed=SettingType),
            Column("la_code", pl.String, True, description="LA the setting is in (DfE code)."),
            Column("sector", pl.String, True, allowed=Sector),
            Column("registration_date", pl.Date),
            Column("closed_date", pl.Date),
            Column(
                "status", pl.String, description="Registration status as published (Active, Resigned...)."
            ),
            Column("places", pl.Int32, description="Registered places (childcare, social care)."),
            Column("pupils", pl.Int32, description="Pupils on roll (schools)."),
            Column(
                "predecessor_urn",
                pl.String,
                description="URN of the setting this one replaced (e.g. an academy's predecessor school), "
                "same remit; its inspections stand for this setting's until it has one of its own.",
            ),
            Column(
                "has_sixth_form",
                pl.Boolean,
                description="Whether a school teaches pupils over 16 (null where the source does not say).",
            ),
            SOURCE,
            SYNTHETIC,
        ),
        key=("remit", "urn"),
    )
)

SETTING_INSPECTIONS = _table(
    Table(
        "setting_inspections",
        "Graded inspections of settings. Grades on the setting scale: 1 outstanding .. 4 inadequate.",
        (
            Column("remit", pl.String, True, allowed=Remit),
            Column("urn", pl.String, True),
            Column(
                "inspection_id",
                pl.String,
                True,
                description="Event number, or a stable id built by the reader.",
            ),
            Column("inspection_date", pl.Date, description="Null where the source gives no date."),
            Column("published_date", pl.Date),
            Column(
                "known_at", pl.Date, True, description="Date from which this grade is known to be in force."
            ),
            Column("overall", pl.Int8, allowed=SETTING_GRADES, description="Overall effectiveness (1 best)."),
            Column(
                "overall_word",
                pl.String,
                allowed=SETTING_GRADE_WORDS,
                description="The inspectorate's word for the overall grade at the inspection's date "
                "(grade 3: satisfactory before 1 Sep 2012, requires improvement from then); null where "
                "not known.",
            ),
            Column("BH", pl.Int8, allowed=SETTING_GRADES, description="Being healthy (1 best)."),
            Column("SS", pl.Int8, allowed=SETTING_GRADES, description="Staying safe (1 best)."),
            Column("EA", pl.Int8, allowed=SETTING_GRADES, description="Enjoying and achieving (1 best)."),
            Column("MPC", pl.Int8, allowed=SETTING_GRADES, description="Positive contribution (1 best)."),
            Column("AEW", pl.Int8, allowed=SETTING_GRADES, description="Economic well-being (1 best)."),
            SOURCE,
            SYNTHETIC,
            Column(
                "setting_row",
                pl.Int32,
                description="Written by the snapshot, not read from a source: the row (from 0) of the "
                "inspected setting in the snapshot's settings table, null where the setting is not "
                "there (kept in the file as the steps between rows, `setting_row_step`). The profile "
                "reads each setting's latest inspection by it instead of joining on remit and URN.",
            ),
        ),
        key=("remit", "urn", "inspection_id"),
        # stored so that each setting's inspections are consecutive and oldest first: the profile finds
        # the latest inspection of every setting in one pass
        order=("remit", "urn", "known_at", "inspection_id"),
    )
)

SETTING_BENCHMARKS = _table(
    Table(
        "setting_benchmarks",
        "Published comparator distributions of setting grades (e.g. England) where settings are not all "
        "in the dataset. Counts of settings with a current inspection, by grade (setting scale).",
        (
            Column("area_type", pl.String, True, allowed=AreaType),
            Column("area_code", pl.String, True, description="E92000001 for England, or a region code."),
            Column("setting_type", pl.String, True, allowed=SettingType),
            Column("census_date", pl.Date, True),
            Column("outstanding", pl.Int32, True),
            Column("good", pl.Int32, True),
            Column("satisfactory", pl.Int32, True),
            Column("inadequate", pl.Int32, True),
            SOURCE,
            SYNTHETIC,
        ),
        key=("area_type", "area_code", "setting_type", "census_date"),
    )
)

INDICATOR_DEFINITIONS = _table(
    Table(
        "indicator_definitions",
        "What each indicator measures, its polarity and its Every Child Matters outcome.",
        (
            Column("code", pl.String, True),
            Column("name", pl.String, True),
            Column("ecm_outcome", pl.String, allowed=EcmOutcome),
            Column("polarity", pl.String, True, allowed=Polarity),
            Column("unit", pl.String, description="e.g. %, rate per 10,000, days."),
            Column("decimal_places", pl.Int8),
            Column("topic", pl.String),
            Column("ni_code", pl.String, description="National Indicator Set number it stands for, if any."),
            SOURCE,
            SYNTHETIC,
        ),
        key=("code",),
    )
)

INDICATOR_VALUES = _table(
    Table(
        "indicator_values",
        "Indicator values for LAs, regions and England. A value or a marker, never both, never neither.",
        (
            Column("code", pl.String, True),
            Column("area_type", pl.String, True, allowed=AreaType),
            Column("area_code", pl.String, True, description="LA code, region code or E92000001."),
            Column("breakdown", pl.String, True, description="'all', or the pupil group (fsm, cla...)."),
            Column(
                "period", pl.String, True, description="Period label as published (2023, 2022/23, 2016-18)."
            ),
            Column("year", pl.Int16, True, description="Calendar year the period ends in, for ordering."),
            Column("value", pl.Float64),
            Column("numerator", pl.Float64),
            Column("denominator", pl.Float64),
            Column("marker", pl.String, allowed=Marker),
            SOURCE,
            SYNTHETIC,
        ),
        key=("code", "area_type", "area_code", "breakdown", "period"),
        extra_checks=("value_xor_marker",),
    )
)

LA_INSPECTIONS = _table(
    Table(
        "la_inspections",
        "Inspections of the LA itself, one row per judgement. Grades: 4 outstanding .. 1 inadequate.",
        (
            Column("la_code", pl.String, True),
            Column("inspection_type", pl.String, True, allowed=LaInspectionType),
            Column("aspect", pl.String, True, allowed=InspectionAspect),
            Column("grade", pl.Int8, allowed=JUDGEMENT_GRADES, description="Null for ungraded visits."),
            Column("start_date", pl.Date),
            Column("end_date", pl.Date),
            Column("published_date", pl.Date),
            Column("priority_actions", pl.Int16, description="Areas for priority action (unannounced)."),
            Column("strengths", pl.Int16),
            Column("areas_for_development", pl.Int16),
            SOURCE,
            SYNTHETIC,
            # last, so that a snapshot written before it (read back with it added at the end) still
            # stacks with new rows
            Column(
                "date_precision",
                pl.String,
                allowed=("day", "month", "year"),
                description="How much of the dates the source gives: year (the rest is a placeholder), "
                "month, or day (null: day). Letters date an inspection by its year alone where only the "
                "year is known.",
            ),
        ),
        key=("la_code", "inspection_type", "aspect", "start_date", "published_date"),
    )
)

SERIOUS_CASE_REVIEWS = _table(
    Table(
        "serious_case_reviews",
        "Ofsted evaluations of serious case reviews. Grades: 4 outstanding .. 1 inadequate.",
        (
            Column("la_code", pl.String, True),
            Column("reference", pl.String, True),
            Column("evaluation_date", pl.Date, True),
            Column("grade", pl.Int8, True, allowed=JUDGEMENT_GRADES),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code", "reference"),
    )
)

EXPECTED_SETTINGS = _table(
    Table(
        "expected_settings",
        "Optional: the real number of settings of a type an LA had on a date (e.g. from a published count "
        "of the time), so that the profile can say how many of them the dataset covers. Without a row, "
        "coverage against the real number of settings is reported as unknown.",
        (
            Column("la_code", pl.String, True),
            Column("setting_type", pl.String, True, allowed=SettingType),
            Column("census_date", pl.Date, True, description="Date the count refers to."),
            Column("settings", pl.Int32, True, description="Number of settings of the type open then."),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code", "setting_type", "census_date"),
    )
)

APA_JUDGEMENTS = _table(
    Table(
        "apa_judgements",
        "Annual performance assessment grades, 2005-2008. Grades: 4 outstanding .. 1 inadequate.",
        (
            Column("la_code", pl.String, True),
            Column("year", pl.Int16, True),
            Column("aspect", pl.String, True, allowed=ApaAspect),
            Column("grade", pl.Int8, True, allowed=JUDGEMENT_GRADES),
            Column("letter_date", pl.Date),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code", "year", "aspect"),
    )
)

JAR_RECOMMENDATIONS = _table(
    Table(
        "jar_recommendations",
        "Joint area review recommendations and the progress an APA found against each.",
        (
            Column("la_code", pl.String, True),
            Column("jar_year", pl.Int16, True),
            Column("apa_year", pl.Int16),
            Column("number", pl.Int16, True),
            Column("area", pl.String, True, allowed=ApaAspect),
            Column("timescale", pl.String, True, allowed=Timescale),
            Column("text", pl.String, True),
            Column(
                "progress",
                pl.String,
                allowed=ApaProgress,
                description="very_good, good, adequate, inadequate, or null if not assessed.",
            ),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code", "jar_year", "number"),
    )
)

APA_NARRATIVE = _table(
    Table(
        "apa_narrative",
        "The inspector-written narrative of an annual performance assessment as structured input, one "
        "statement a row, in the project's own paraphrase: per judgement (aspect) its strengths, its areas "
        "for development and, for a joint area review recommendation (jar_number), the progress made on the "
        "inspectorate's scale (very_good, good, adequate, inadequate).",
        (
            Column("la_code", pl.String, True),
            Column("year", pl.Int16, True, description="The APA year."),
            Column("aspect", pl.String, True, allowed=ApaAspect),
            Column("kind", pl.String, True, allowed=NarrativeKind),
            Column("number", pl.Int16, True, description="Order of the statement within aspect and kind."),
            Column("text", pl.String, True, description="The statement, paraphrased, as a sentence."),
            Column("jar_number", pl.Int16, description="The JAR recommendation (kind progress)."),
            Column("progress", pl.String, allowed=ApaProgress, description="Progress (kind progress)."),
            SOURCE,
            SYNTHETIC,
        ),
        key=("la_code", "year", "aspect", "kind", "number"),
    )
)


def frame(table: str | Table, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Build a canonical table from row dicts; missing optional columns become null."""
    t = TABLES[table] if isinstance(table, str) else table
    rows = list(rows)
    data = {c.name: [r.get(c.name) for r in rows] for c in t.columns}
    return pl.DataFrame(data, schema=t.schema, strict=False)


def conform(table: str | Table, df: pl.DataFrame) -> pl.DataFrame:
    """Select and cast a frame's columns to the table's schema (adding missing optional ones as null)."""
    t = TABLES[table] if isinstance(table, str) else table
    exprs = []
    for c in t.columns:
        if c.name in df.columns:
            exprs.append(pl.col(c.name).cast(c.dtype, strict=False))
        else:
            exprs.append(pl.lit(None, dtype=c.dtype).alias(c.name))
    return df.select(exprs)


def validate(table: str | Table, df: pl.DataFrame, findings: Findings, label: str | None = None) -> None:
    """Check ``df`` against the table's schema; add a finding per breach (rows counted from 1)."""
    t = TABLES[table] if isinstance(table, str) else table
    where = label or f"table {t.name}"
    missing = [c.name for c in t.columns if c.name not in df.columns]
    for name in missing:
        findings.error(where, FindingCode.SCHEMA, f"column {name!r} is missing", column=name)
    if missing:
        return
    df = df.with_row_index("_row", offset=1)
    for c in t.columns:
        col = df[c.name]
        if col.dtype != c.dtype:
            findings.error(
                where, FindingCode.SCHEMA, f"has type {col.dtype}, expected {c.dtype}", column=c.name
            )
            continue
        if c.required:
            for r in df.filter(pl.col(c.name).is_null())["_row"].head(20):
                findings.error(where, FindingCode.SCHEMA, "required value is null", row=r, column=c.name)
        allowed = c.allowed_values()
        if allowed is not None:
            bad = df.filter(pl.col(c.name).is_not_null() & ~pl.col(c.name).is_in(allowed))
            for r, v in zip(bad["_row"].head(20), bad[c.name].head(20), strict=True):
                findings.error(
                    where,
                    FindingCode.SCHEMA,
                    f"value {v!r} is not one of {', '.join(map(str, allowed))}",
                    row=r,
                    column=c.name,
                )
        _check_range(c, df, where, findings)
    if t.key:
        dup = df.filter(pl.struct(list(t.key)).is_duplicated())
        for row in dup.head(20).iter_rows(named=True):
            keyval = ", ".join(f"{k}={row[k]!r}" for k in t.key)
            findings.error(where, FindingCode.DUPLICATE_KEY, f"key ({keyval}) is not unique", row=row["_row"])
    if "value_xor_marker" in t.extra_checks:
        bad = df.filter(pl.col("value").is_null() == pl.col("marker").is_null())
        for r in bad["_row"].head(20):
            findings.error(
                where, FindingCode.SCHEMA, "a row needs a value or a marker, not both or neither", row=r
            )


# plausible ranges of any canonical table: a date outside them, a figure beyond MAX_MAGNITUDE, or a
# negative count is a damaged cell, never published data
EARLIEST_DATE = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 2
MAX_MAGNITUDE = 1e12
NON_NEGATIVE = {"places", "registered_places"}  # counts; numerators can be sums of scores (Progress 8)


def _check_range(c: Column, df: pl.DataFrame, where: str, findings: Findings) -> None:
    col = pl.col(c.name)
    if c.dtype == pl.Date:
        latest = date(date.today().year + LATEST_YEARS_AHEAD, 12, 31)
        bad = df.filter(col.is_not_null() & ((col < EARLIEST_DATE) | (col > latest)))
        message = f"outside the plausible range {EARLIEST_DATE} to {latest}"
    elif c.dtype in (pl.Float64, pl.Float32):
        bad = df.filter(col.is_not_null() & (~col.is_finite() | (col.abs() > MAX_MAGNITUDE)))
        message = f"beyond the plausible magnitude of a published figure ({MAX_MAGNITUDE:.0e})"
        if c.name in NON_NEGATIVE:
            bad = df.filter(col.is_not_null() & (~col.is_finite() | (col.abs() > MAX_MAGNITUDE) | (col < 0)))
            message = f"negative or beyond {MAX_MAGNITUDE:.0e}: a count cannot be"
    elif c.dtype.is_integer() and c.name in NON_NEGATIVE:
        bad = df.filter(col.is_not_null() & (col < 0))
        message = "negative: a count cannot be"
    else:
        return
    for r, v in zip(bad["_row"].head(20), bad[c.name].head(20), strict=True):
        findings.error(where, FindingCode.SCHEMA, f"value {v!r} is {message}", row=r, column=c.name)


RATE_UNITS = ("%", "percent", "rate", "per 1")
# units of a measure that can be below zero even when it is a rate or a percentage (a score, a change, a gap)
SIGNED_UNITS = ("score", "point", "change", "difference", "gap", "progress")


def check_rates(values: pl.DataFrame, definitions: pl.DataFrame, findings: Findings) -> None:
    """A percentage or a rate of a population (by its indicator's unit: %, percent, rate, per 1,000...)
    cannot be negative, nor a percentage above 1000; a unit that names a score, points, a change, a
    difference, a gap or progress can be below zero (Progress 8 scores are)."""
    if not values.height or not definitions.height:
        return
    units = definitions.select("code", pl.col("unit").fill_null("").str.to_lowercase().alias("_unit"))
    df = values.with_row_index("_row", offset=1).join(units, on="code", how="left")
    rate = pl.any_horizontal([pl.col("_unit").str.contains(u, literal=True) for u in RATE_UNITS]) & ~(
        pl.any_horizontal([pl.col("_unit").str.contains(u, literal=True) for u in SIGNED_UNITS])
    )
    bad = df.filter(rate & pl.col("value").is_not_null() & (pl.col("value") < 0))
    for row in bad.head(20).iter_rows(named=True):
        findings.error(
            "table indicator_values",
            FindingCode.SCHEMA,
            f"{row['code']} {row['area_code']} {row['period']}: value {row['value']} is negative; "
            f"its unit ({row['_unit']}) is a rate or a percentage",
            row=row["_row"],
            column="value",
        )
