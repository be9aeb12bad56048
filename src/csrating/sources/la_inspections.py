"""Readers of inspections of the local authority itself (block C of the profile, and the limiting judgements).

Every reader returns the canonical ``la_inspections`` table: one row per judgement, with the LA's DfE code,
the kind of inspection (``LaInspectionType``), the aspect judged (``InspectionAspect``) and the grade on
the **judgement scale**: 4 outstanding, 3 good, 2 adequate / requires improvement (to be good), 1
inadequate. Ofsted's later tables relabel the 2009-2012 "adequate" as "Requires improvement to be good";
both read as 2.

Three readers:

* ``ofsted_la_inspections_2009_2023`` - Ofsted's history of LA inspections (sheet "LA_inspections_2009-
  2023" of "Children's social care in England 2023"): one wide row per LA with, for each framework, a
  publication date and judgements. No start or end dates are published: only ``published_date`` is set.
* ``ofsted_ilacs_outcomes`` - Ofsted's ILACS outcome tables: the 2025 release (ILACS history 2018-2025,
  inspections as at 31 March 2025, inspections and visits in year 2024-25; LAs by GSS code) and the 2023
  release (LA level at 31 March 2023 and in year 2022-23; LAs by name, no publication date).
* ``d2i_ilacs_history`` - Data to Insight's scrape of ILACS report PDFs (lower-case LA names, DD/MM/YY
  publication dates, scraper codes instead of some grades).

Each reader's output is unique on (la_code, inspection_type, aspect, start_date, published_date). The same
inspection may come from two readers (the 2009-2023 history, the 2025 ILACS history and the scrape all
hold the ILACS inspections of 2018-2023): a dataset recipe chooses which source wins. Known differences:
the 2009-2023 history has no start dates, dates Nottingham's 2022 ILACS 5 November (the 2025 table and the
report: 5 September) and calls Merton's 2022 ILACS standard (the 2025 table: short); the scrape misreads a
few grades (e.g. St Helens 2023). For ILACS the 2025 history is the better source; for SLAC, CPI, TLAC and
SIF the 2009-2023 history is the only one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from csrating.enums import InspectionAspect as A
from csrating.enums import LaInspectionType as T
from csrating.findings import FindingCode
from csrating.sources import canonical
from csrating.sources.ofsted_social_care import open_table
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import JUDGEMENT_GRADE_WORDS, RawTable, Row, absent_optional, read_table

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT00:00:00")  # the last: dates read from a workbook
GRADE_HELP = "expected Outstanding, Good, Adequate, Requires improvement (to be good) or Inadequate"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[()]", " ", text.replace("\u2019", "'"))).strip().lower()


def _grade(row: Row, column: str, *, not_judged: tuple[str, ...] = ()) -> tuple[int | None, bool]:
    """(grade, ok). Blank or a 'not judged' mark: (None, True); an unknown word: a finding, (None, False)."""
    v = row[column]
    if v == "" or _norm(v) in not_judged:
        return None, True
    g = JUDGEMENT_GRADE_WORDS.get(_norm(v))
    if g is None:
        row.error(column, FindingCode.UNKNOWN_GRADE, f"{v!r} is not a judgement; {GRADE_HELP}")
        return None, False
    return int(g), True


@dataclass
class _Out:
    """Judgement rows of one file, with the duplicate check on the canonical key."""

    reader: str
    ctx: ReadContext
    rows: list[dict[str, object]]
    seen: dict[tuple[object, ...], int]

    @classmethod
    def new(cls, reader_name: str, ctx: ReadContext) -> _Out:
        return cls(reader_name, ctx, [], {})

    def add(self, row: Row, column: str, pending: list[dict[str, object]]) -> None:
        """Add one source row's judgements, unless one of them repeats a key (DUPLICATE-KEY, all left out)."""
        keys = [
            (r["la_code"], r["inspection_type"], r["aspect"], r["start_date"], r["published_date"])
            for r in pending
        ]
        for k in keys:
            if k in self.seen:
                shown = ", ".join(str(x) for x in k)
                row.error(
                    column,
                    FindingCode.DUPLICATE_KEY,
                    f"judgement ({shown}) already read at row {self.seen[k]}",
                )
                return
        for k, r in zip(keys, pending, strict=True):
            self.seen[k] = row.rownum
            self.rows.append({**r, "source": self.ctx.source(self.reader), "synthetic": False})

    def frame(self) -> dict[str, pl.DataFrame]:
        return {"la_inspections": canonical.frame("la_inspections", self.rows)}


def _judgement(
    la: str,
    itype: T,
    aspect: A,
    grade: int | None,
    start: date | None,
    end: date | None,
    published: date | None,
) -> dict[str, object]:
    return {
        "la_code": la,
        "inspection_type": itype.value,
        "aspect": aspect.value,
        "grade": grade,
        "start_date": start,
        "end_date": end,
        "published_date": published,
    }


def _missing(ctx: ReadContext, raw: RawTable, columns: list[str], header_row: int = 1) -> bool:
    absent = [c for c in columns if c not in raw.header]
    for c in absent:
        ctx.findings.error(
            ctx.label,
            FindingCode.MISSING_COLUMN,
            f"column {c!r} is missing from the header",
            row=header_row,
            column=c,
        )
    return bool(absent)


# --------------------------------------------------------------------------------------------------------
# Ofsted's history of LA inspections 2009-2023 (wide)
# --------------------------------------------------------------------------------------------------------

NAME = "Local authority name"
SLAC_DATE = "Safeguarding & Looked After Children (SLAC) Inspection publication date"
SLAC_SAFEGUARDING = "SLAC Safeguarding Overall effectiveness (OE)"
SLAC_LAC = "SLAC Looked After Children Overall Effectiveness (OE)"
ILACS1_TYPE = "First ILACS framework inspection type"
ILACS2_TYPE = "Second ILACS framework inspection type"


@dataclass(frozen=True)
class _Group:
    """One inspection in the wide history: its date column, its type, and its judgement columns."""

    date: str
    itype: T | None  # None: read from type_column
    grades: tuple[tuple[str, A], ...]
    type_column: str | None = None


HISTORY_GROUPS: tuple[_Group, ...] = (
    _Group(
        SLAC_DATE,
        T.SAFEGUARDING_AND_LOOKED_AFTER,
        ((SLAC_SAFEGUARDING, A.SAFEGUARDING), (SLAC_LAC, A.LOOKED_AFTER)),
    ),
    _Group(
        "SLAC re-inspection of Safeguarding publication date",
        T.SAFEGUARDING_AND_LOOKED_AFTER_REINSPECTION,
        (("SLAC re-inspection Safeguarding OE", A.SAFEGUARDING),),
    ),
    _Group(
        "SLAC re-inspection of services for Children Looked After publication date",
        T.SAFEGUARDING_AND_LOOKED_AFTER_REINSPECTION,
        (("SLAC re-inspection of services Children Looked After OE", A.LOOKED_AFTER),),
    ),
    _Group(
        "Child Protection Inspections (CPI) publication date",
        T.CHILD_PROTECTION,
        (("CPI Overall Effectiveness (OE)", A.OVERALL),),
    ),
    _Group(
        "Child Protection Re-Inspection (CPRI) publication date",
        T.CHILD_PROTECTION_REINSPECTION,
        (("CPRI Overall Effectiveness (OE)", A.OVERALL),),
    ),
    _Group(
        "Targeted Looked After Children (TLAC) inspection publication date",
        T.TARGETED_LOOKED_AFTER,
        (("TLAC Overall Effectiveness (OE)", A.OVERALL),),
    ),
    _Group(
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        T.SINGLE_INSPECTION_FRAMEWORK,
        (
            ("First SIF Overall Judgement (OE)", A.OVERALL),
            ("First SIF children who need help and protection", A.HELP_AND_PROTECTION),
            ("First SIF children looked after and achieving permanence", A.LOOKED_AFTER),
            ("First SIF CLA Sub: Adoption Performance", A.ADOPTION),
            ("First SIF CLA Sub: Experiences and progress of care leavers", A.CARE_LEAVERS),
            ("First SIF leadership, management and governance", A.LEADERS),
            ("LSCB Overall Effectiveness", A.LSCB),
        ),
    ),
    _Group(
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
        T.SINGLE_INSPECTION_FRAMEWORK_REINSPECTION,
        (
            ("SIF Re-inspection Overall Judgement (OE)", A.OVERALL),
            ("SIF Re-inspection children who need help and protection", A.HELP_AND_PROTECTION),
            ("SIF Re-inspection children looked after and achieving permanence", A.LOOKED_AFTER),
            ("SIF Re-inspection CLA Sub: Adoption Performance", A.ADOPTION),
            ("SIF Re-inspection CLA Sub: Experiences and progress of care leavers", A.CARE_LEAVERS),
            ("SIF Re-inspection leadership, management and governance", A.LEADERS),
        ),
    ),
    _Group(
        "First ILACS framework publication date",
        None,
        (
            ("First ILACS framework overall effectiveness", A.OVERALL),
            ("First ILACS framework impact of leaders", A.LEADERS),
            (
                "First ILACS framework experiences and progress of children who need help and protection",
                A.HELP_AND_PROTECTION,
            ),
            (
                "First ILACS framework experiences and progress of children in care and care leavers",
                A.IN_CARE,
            ),
        ),
        ILACS1_TYPE,
    ),
    _Group(
        "Second ILACS framework publication date",
        None,
        (
            ("Second ILACS framework overall effectiveness", A.OVERALL),
            ("Second ILACS framework impact of leaders", A.LEADERS),
            (
                "Second ILACS framework experiences and progress of children who need help and protection",
                A.HELP_AND_PROTECTION,
            ),
            ("Second ILACS framework experiences and progress of children in care", A.IN_CARE),
            ("Second ILACS framework experiences and progress of care leavers", A.CARE_LEAVERS),
        ),
        ILACS2_TYPE,
    ),
)

ILACS_TYPES: dict[str, T] = {
    "ilacs standard inspection": T.ILACS_STANDARD,
    "ilacs short inspection": T.ILACS_SHORT,
    "ilacs focused visit": T.ILACS_FOCUSED_VISIT,
    "la monitoring visit": T.ILACS_MONITORING_VISIT,
    "ilacs monitoring visit": T.ILACS_MONITORING_VISIT,
}
VISITS = frozenset({T.ILACS_FOCUSED_VISIT, T.ILACS_MONITORING_VISIT})


def _header_key(text: str) -> str:
    s = re.sub(r"\s+", " ", text).strip().lower()
    return s.removeprefix("first ")


def _check_repeated_header(row: Row, raw: RawTable) -> bool:
    """The second table repeats the header; its judgement columns must sit where the first table's do."""
    ok = True
    for i, cell in enumerate(row.cells):
        if cell and i < len(raw.header) and _header_key(cell) != _header_key(raw.header[i]):
            row.error(
                raw.header[i],
                FindingCode.MISSING_COLUMN,
                f"the second table's header has {cell!r} where the first has {raw.header[i]!r}: "
                "the two tables do not line up",
            )
            ok = False
    return ok


def _ilacs_type(row: Row, column: str | None) -> tuple[T | None, bool]:
    if column is None:
        return T.ILACS, True
    v = row[column]
    if v == "":
        return T.ILACS, True
    t = ILACS_TYPES.get(_norm(v))
    if t is None:
        row.error(
            column,
            FindingCode.UNKNOWN_CATEGORY,
            f"{v!r} is not a known inspection type; expected one of ILACS Standard Inspection, ILACS Short "
            "Inspection, ILACS Focused Visit, LA Monitoring visit",
        )
        return None, False
    return t, True


@reader(
    "ofsted_la_inspections_2009_2023",
    tables=("la_inspections",),
    options={
        "sheet": "Sheet name, when the file is the published workbook (.ods/.xlsx) rather than a CSV",
        "header_row": "Row of the header (default: the first row naming 'Local authority name')",
    },
)
def read_history_2009_2023(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted's history of inspections of LA children's services, 2009-2023 (CSV of the sheet
    ``LA_inspections_2009-2023``): one wide row per LA, LA by name.

    Columns read, each inspection a publication date and its judgements (no start dates are published):

    - SLAC, safeguarding and looked after children 2009-2012 -> ``slac``: ``SLAC Safeguarding Overall
      effectiveness (OE)`` -> aspect safeguarding, ``SLAC Looked After Children Overall Effectiveness (OE)``
      -> looked_after; the re-inspections of safeguarding and of looked after children (each with its own
      date) -> ``slac_reinspection``;
    - CPI (child protection, 2012-2013) -> ``cpi``, CPRI -> ``cpri``, TLAC (targeted looked after children) ->
      ``tlac``: aspect overall;
    - first SIF (2013-2018) -> ``sif``: overall, help_and_protection, looked_after (children looked after and
      achieving permanence), adoption, care_leavers, leaders (leadership, management and governance), and
      ``LSCB Overall Effectiveness`` -> lscb (the review of the safeguarding children board published with
      the SIF); SIF re-inspection -> ``sif_reinspection`` (no LSCB);
    - first and second ILACS -> ``ilacs_standard`` / ``ilacs_short`` from the inspection type column:
      overall, leaders, help_and_protection, in_care (the first ILACS "children in care and care leavers"
      is one judgement), care_leavers (second ILACS from 2023 only).

    Grades: "Requires improvement to be good" (Ofsted's relabelling of the 2009-2012 "adequate") -> 2; a
    lone "-" means not judged (Isles of Scilly has no looked after children judgement) and gives no row.

    After the 152 current LAs the sheet holds a second table, "History of inspections of local authorities
    that existed before the restructure": a banner row ("Table 11: ..."), the header again (its ILACS
    columns named without "First"), then Bournemouth, Dorset (the county), Poole and Northamptonshire. The
    reader takes the banner and repeated header as a section break, checks that the repeated header lines up
    with the first, and reads the rows below like the others. Every judgement's LA is matched by name on its
    publication date, so "Dorset" in the first table (ILACS 2021) is the unitary authority (838) and in the
    second table (SLAC 2011, SIF 2016) the county (835).

    A judgement without a date is an error (MISSING-VALUE); an unknown grade (UNKNOWN-GRADE) or LA name
    (UNMATCHED-LA-NAME) leaves the LA's whole row out. The options ``sheet`` (and ``header_row``) read the
    sheet straight from the published workbook (its header is on row 5, under title lines)."""
    opened = open_table(path, ctx, NAME)
    if opened is None:
        return {}
    raw, header_row = opened
    groups = [g for g in HISTORY_GROUPS if g.date in raw.header]
    for g in HISTORY_GROUPS:  # a group's grades without its date column: never left out silently
        present = [c for c, _ in g.grades if c in raw.header]
        if g.date not in raw.header and present:
            ctx.findings.error(
                ctx.label,
                FindingCode.MISSING_COLUMN,
                f"column {g.date!r} is missing from the header, but the file has its grades ({present[0]!r})",
                row=header_row,
                column=g.date,
            )
    needed = [NAME, SLAC_DATE, SLAC_SAFEGUARDING, SLAC_LAC]
    needed += [c for g in groups for c, _ in g.grades] + [g.type_column for g in groups if g.type_column]
    if _missing(ctx, raw, list(dict.fromkeys(needed)), header_row):
        return {}
    first = raw.header[0]
    out = _Out.new("ofsted_la_inspections_2009_2023", ctx)
    aligned = True  # False below a repeated header that does not line up: those rows are left out
    for row in raw:
        lead = row[first]
        if lead.lower().startswith("table"):
            continue  # the banner of the second table
        if lead == first or row[NAME] == NAME:
            aligned = _check_repeated_header(row, raw)
            continue
        if not aligned:
            continue
        name = row.text(NAME, required=True)
        if name is None:
            continue
        if (
            ctx.las.match_name(name, on=ctx.as_at) is None
            and ctx.las.match_name(name, on=date(2010, 1, 1)) is None
        ):
            row.error(NAME, FindingCode.UNMATCHED_LA_NAME, f"{name!r} matches no English local authority")
            continue
        ok = True
        pending: list[dict[str, object]] = []
        for g in groups:
            grades = []
            for column, aspect in g.grades:
                grade, good = _grade(row, column, not_judged=("-",))
                ok &= good
                if grade is not None:
                    grades.append((aspect, grade))
            itype, good = (g.itype, True) if g.itype is not None else _ilacs_type(row, g.type_column)
            ok &= good
            published = row.date(g.date, DATE_FORMATS)
            if row[g.date] and published is None:
                ok = False
            if not grades:
                continue
            if published is None:
                if not row[g.date]:
                    row.error(g.date, FindingCode.MISSING_VALUE, "judgements are published without a date")
                ok = False
                continue
            la = ctx.las.match_name(name, on=published)
            if la is None:
                row.error(
                    NAME,
                    FindingCode.UNMATCHED_LA_NAME,
                    f"{name!r} matches no single English LA on {published}",
                )
                ok = False
                continue
            if itype is None:  # an unknown inspection type: its finding is recorded, the row is left out
                continue
            pending.extend(
                _judgement(la, itype, aspect, grade, None, None, published) for aspect, grade in grades
            )
        if ok:
            out.add(row, NAME, pending)
    return out.frame()


# --------------------------------------------------------------------------------------------------------
# Ofsted's ILACS outcome tables (2023 and 2025 releases)
# --------------------------------------------------------------------------------------------------------

ILACS_FIELDS: dict[str, tuple[str, ...]] = {
    "start": ("Inspection date", "Inspection/Visit date"),
    "published": ("Publication date",),
    "type": ("Inspection type", "Inspection/Visit type"),
    "overall": ("Overall effectiveness",),
    "leaders": (
        "The impact of leaders on social work practice with children and families",
        "Impact of leaders",
    ),
    "help": (
        "The experiences and progress of children who need help and protection",
        "Experiences and progress of children who need help and protection",
    ),
    "in_care": (
        "The experiences and progress of children in care",
        "Experiences and progress of children in care",
    ),
    "care_leavers": (
        "The experiences and progress of care leavers",
        "Experiences and progress of care leavers",
    ),
}
ILACS_REQUIRED = ("start", "overall", "leaders", "help", "in_care")
ILACS_ASPECTS = (
    ("overall", A.OVERALL),
    ("leaders", A.LEADERS),
    ("help", A.HELP_AND_PROTECTION),
    ("in_care", A.IN_CARE),
    ("care_leavers", A.CARE_LEAVERS),
)
GSS = "Local authority area code"


@reader(
    "ofsted_ilacs_outcomes",
    tables=("la_inspections",),
    options={
        "sheet": "Sheet name, when the file is the published workbook (.ods/.xlsx) rather than a CSV",
        "header_row": "Row of the header (default: the first row naming 'Local authority name')",
    },
)
def read_ilacs_outcomes(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted's ILACS (inspection of local authority children's services, 2018-) outcome tables, one row per
    inspection or visit. Layouts read:

    - 2025 release: ``ILACS history 2018-2025`` (``Inspection date``, ``Publication date``, ``Inspection
      type``), ``inspections as at 31 March 2025`` (no type column) and ``in year 2024-25``
      (``Inspection/Visit date``, ``Inspection/Visit type``, ``Visit Theme``); the LA by GSS code in
      ``Local authority area code`` (an unknown code is UNKNOWN-LA-CODE). Former authorities (Bournemouth,
      Cumbria, Northamptonshire) keep their own codes.
    - 2023 release: ``LA level at 31 March 2023`` and ``in year 2022-23``: the LA by name (UNMATCHED-LA-NAME),
      ``Impact of leaders`` and ``Experiences and progress of ...`` without "The", and no publication date
      (``published_date`` stays null).

    Inspection type: ILACS Standard Inspection -> ``ilacs_standard``, ILACS Short Inspection ->
    ``ilacs_short``, ILACS Focused Visit -> ``ilacs_focused_visit``, LA Monitoring visit ->
    ``ilacs_monitoring_visit``; a file without a type column (inspections as at 31 March) -> ``ilacs``.
    An inspection gives one row per graded judgement: overall, leaders (impact of leaders),
    help_and_protection, in_care (before 2023 "children in care and care leavers", one judgement),
    care_leavers (from 2023; blank before). A blank overall judgement of an inspection is an error
    (MISSING-VALUE). Focused and monitoring visits are not graded: one row, aspect overall, grade null (a
    grade on a visit is UNKNOWN-GRADE).
    ``start_date`` is the inspection (or visit) date; ``end_date`` is not published. The options ``sheet``
    (and ``header_row``) read the same tables straight from the published workbook."""
    opened = open_table(path, ctx, NAME)
    if opened is None:
        return {}
    raw, header_row = opened
    cols: dict[str, str] = {}
    missing = []
    for field, names in ILACS_FIELDS.items():
        found = next((n for n in names if n in raw.header), None)
        if found is not None:
            cols[field] = found
        elif field in ILACS_REQUIRED:
            missing.append(names[0])
        else:
            absent_optional(ctx.findings, ctx.label, names[0], field, header_row)
    by_gss = GSS in raw.header
    if not by_gss and NAME not in raw.header:
        missing.insert(0, GSS)
    if _missing(ctx, raw, missing, header_row):
        return {}
    la_column = GSS if by_gss else NAME
    out = _Out.new("ofsted_ilacs_outcomes", ctx)
    for row in raw:
        errors_before = len(ctx.findings.errors)
        start = row.date(cols["start"], DATE_FORMATS, required=True)
        published = row.date(cols["published"], DATE_FORMATS) if "published" in cols else None
        itype, _ = _ilacs_type(row, cols.get("type"))
        la = _la(row, la_column, by_gss, published or start, ctx)
        grades: list[tuple[A, int | None, str]] = []
        for field, aspect in ILACS_ASPECTS:
            if field not in cols:
                continue
            grade, _ = _grade(row, cols[field])
            if grade is not None:
                grades.append((aspect, grade, field))
        if itype in VISITS:
            for _aspect, _g, field in grades:
                visit = row[cols["type"]]
                row.error(cols[field], FindingCode.UNKNOWN_GRADE, f"{visit!r} is a visit: it is not graded")
            grades = [(A.OVERALL, None, "overall")]
        elif itype is not None and not row[cols["overall"]]:
            row.error(
                cols["overall"], FindingCode.MISSING_VALUE, "an inspection needs an overall effectiveness"
            )
        if len(ctx.findings.errors) > errors_before or la is None or itype is None:
            continue
        out.add(row, la_column, [_judgement(la, itype, a, g, start, None, published) for a, g, _ in grades])
    return out.frame()


def _la(row: Row, column: str, by_gss: bool, on: date | None, ctx: ReadContext) -> str | None:
    text = row.text(column, required=True)
    if text is None:
        return None
    if by_gss:
        code = ctx.las.code_from_gss(text)
        if code is None:
            row.error(column, FindingCode.UNKNOWN_LA_CODE, f"{text!r} is not the GSS code of an English LA")
        return code
    code = ctx.las.match_name(text, on=on or ctx.as_at)
    if code is None:
        row.error(column, FindingCode.UNMATCHED_LA_NAME, f"{text!r} matches no English local authority")
    return code


# --------------------------------------------------------------------------------------------------------
# Data to Insight's ILACS scrape
# --------------------------------------------------------------------------------------------------------

D2I_COLUMNS = (
    "local_authority",
    "publication_date",
    "inspection_framework",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
)
D2I_ASPECTS = (
    ("overall_effectiveness_grade", A.OVERALL),
    ("impact_of_leaders_grade", A.LEADERS),
    ("help_and_protection_grade", A.HELP_AND_PROTECTION),
    ("in_care_grade", A.IN_CARE),
    ("care_leavers_grade", A.CARE_LEAVERS),
)
D2I_FRAMEWORKS: dict[str, T] = {
    "standard": T.ILACS_STANDARD,
    "short": T.ILACS_SHORT,
    "": T.ILACS,
    "inspection duration longer than standard framework": T.ILACS,
}
# scraper codes that stand in a grade cell: none is a grade; each gives no row
D2I_NO_JUDGEMENT = {
    "inspection_pre_dates_judgement": "the judgement did not exist when the inspection took place",
    "not_reported_post_reform": "no overall effectiveness is given under the reformed framework",
    "data_unreadable": "the scraper could not read the grade from the report",
}
# scraper artefacts read as a grade, with a warning (checked against Ofsted's own tables)
D2I_ARTEFACTS = {"to requires improvement": "requires improvement"}
D2I_DATES = ("%d/%m/%y", "%d/%m/%Y")


@reader(
    "d2i_ilacs_history",
    tables=("la_inspections",),
    options={},
)
def read_d2i_ilacs(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Data to Insight's ILACS history scrape (``ofsted_csc_ilacs_history.csv``): one row per LA children's
    services inspection report, parsed from the PDF.

    LA: ``local_authority`` (lower case, e.g. "bournemouth, christchurch & poole", "london corporation")
    matched by name on the publication date. Dates: ``publication_date`` DD/MM/YY, start and end
    DD/MM/YYYY (either form accepted in each). Framework: standard -> ``ilacs_standard``, short ->
    ``ilacs_short``; blank or "inspection duration longer than standard framework" (the scraper's guess
    from the dates) -> ``ilacs``; other text is UNKNOWN-CATEGORY. Grades: lower-case words -> judgement scale.

    Scraper codes are not grades and give no row, without an error: ``inspection_pre_dates_judgement`` (the
    care leavers judgement before 2023), ``not_reported_post_reform`` (no overall judgement under the 2026
    reform), ``data_unreadable`` (pre-2018 SIF reports the scraper cannot read) and a blank cell. Reports
    with no readable judgement at all are left out, with one OUT-OF-SCOPE warning giving their number; one
    warning also counts the blank overall judgements of reports whose other judgements were read. The
    artefact "to requires improvement" (2 reports; Ofsted's own tables give "Requires improvement to be
    good") is read as requires improvement, with a warning."""
    raw = read_table(path, ctx.findings, required=D2I_COLUMNS, label=ctx.label)
    if raw is None:
        return {}
    out = _Out.new("d2i_ilacs_history", ctx)
    unreadable = 0
    no_overall = 0
    for row in raw:
        errors_before = len(ctx.findings.errors)
        published = row.date("publication_date", D2I_DATES, required=True)
        start = row.date("inspection_start_date", D2I_DATES)
        end = row.date("inspection_end_date", D2I_DATES)
        framework = row["inspection_framework"]
        itype = D2I_FRAMEWORKS.get(_norm(framework))
        if itype is None:
            row.error(
                "inspection_framework",
                FindingCode.UNKNOWN_CATEGORY,
                f"{framework!r} is not a known framework; expected standard, short or blank",
            )
        la = _la(row, "local_authority", False, published, ctx)
        grades = []
        for column, aspect in D2I_ASPECTS:
            v = _norm(row[column])
            if v == "" or v in D2I_NO_JUDGEMENT:
                continue
            if v in D2I_ARTEFACTS:
                row.warning(
                    column,
                    FindingCode.UNKNOWN_GRADE,
                    f"scraper artefact {row[column]!r} read as {D2I_ARTEFACTS[v]!r}",
                )
                v = D2I_ARTEFACTS[v]
            g = JUDGEMENT_GRADE_WORDS.get(v)
            if g is None:
                row.error(
                    column, FindingCode.UNKNOWN_GRADE, f"{row[column]!r} is not a judgement; {GRADE_HELP}"
                )
                continue
            grades.append((aspect, int(g)))
        if len(ctx.findings.errors) > errors_before or la is None or itype is None:
            continue
        if not grades:
            unreadable += 1
            continue
        if row["overall_effectiveness_grade"] == "":
            no_overall += 1
        out.add(
            row, "local_authority", [_judgement(la, itype, a, g, start, end, published) for a, g in grades]
        )
    if unreadable:
        ctx.findings.warning(
            ctx.label,
            FindingCode.OUT_OF_SCOPE,
            f"{unreadable} report{'s' if unreadable != 1 else ''} with no readable judgement (mostly "
            "pre-2018 reports marked data_unreadable) left out",
        )
    if no_overall:
        ctx.findings.warning(
            ctx.label,
            FindingCode.OUT_OF_SCOPE,
            f"{no_overall} report{'s' if no_overall != 1 else ''} with a blank overall effectiveness: the "
            "other judgements are read, the overall one is left out",
        )
    return out.frame()
