"""Readers of school registers and of a school inspection history, typed by ``school_types``.

``ofsted_school_history`` - every graded inspection of each school, 2005-2020
-----------------------------------------------------------------------------
Written against ``ofsted_ratings_2018.csv`` (waiky8/schools-data: 60,134 graded inspections of 20,614 URNs,
scraped from Ofsted's reports site for the schools of the DfE 2017/18 spine). Columns ``URN`` (six digits),
``Rating`` (Outstanding, Good, Satisfactory, Requires Improvement, Inadequate) and ``Inspection Date``
(YYYYMMDD). One ``setting_inspections`` row per inspection (remit schools): ``inspection_id`` the date
(YYYY-MM-DD), ``inspection_date`` and ``known_at`` the inspection date (the file has no publication
date), ``overall`` on the setting scale (1 outstanding .. 4 inadequate) and ``overall_word`` the
inspectorate's word for the grade on that date: grade 3 is "satisfactory" before 1 September 2012 and
"requires improvement" from then. A "Requires Improvement" dated before 1 September 2012 or a
"Satisfactory" dated after is a WORD-NOT-OF-DATE warning; the row keeps grade 3 and the word of its date.
The file names no setting: the remit is schools and the setting comes from a register (the spine, GIAS).

Repeated URN and date: a row that repeats an earlier one (same grade) is a DUPLICATE-KEY warning and
is read once (the 2020 file has two such pairs; a third pair differs only in the word for grade 3, which
the date settles); a repeat with a different grade is a DUPLICATE-KEY error naming the first row.
Caveats (PROVENANCE): only schools open in 2017/18 or recently closed are covered, and academies'
inspections before conversion (under the predecessor's URN) are absent; short inspections that kept a
grade are absent.

``dfe_school_spine`` - DfE performance tables school information ("spine"), 2017/18
-----------------------------------------------------------------------------------
Written against ``2017-2018_england_spine.xlsx`` (26,078 schools and colleges, first sheet). Read: ``URN``,
``LA`` (DfE three-digit code, as at 2017/18), ``SCHNAME`` (optional) -> name, ``OPENDATE`` ->
registration_date and ``CLOSEDATE`` -> closed_date (both given only for schools opened or closed in the
year; YYYY-MM-DD or DD/MM/YYYY), ``ICLOSE`` (optional: 1 open, 2 closed, 3 proposed to close) -> status,
``NFTYPE`` -> GIAS establishment type (``school_types.SPINE_TYPES``), ``ISPRIMARY`` / ``ISSECONDARY``
(0/1) and ``AGEL`` / ``AGEH`` -> phase (``school_types``), ``ISPOST16`` (0/1) -> has_sixth_form, and
``OTHERURN``: the predecessor of a school opened in the year (an academy's maintained predecessor) ->
``predecessor_urn``; on a school closed in the year it is the successor, whose row (when the file has it
and it names no other predecessor) gets this school as predecessor. An OTHERURN on a school neither
opened nor closed in the year cannot be read either way: a warning. ``MINORGROUP`` is not needed (NFTYPE
is finer). ``remit`` schools for every row.

``gias_establishments`` - GIAS establishments with phase, open and closed
-------------------------------------------------------------------------
Written against ``gias_establishments_2023-11_key_columns.csv`` (DfE Get Information About Schools, 14 Nov
2023: 50,515 establishments, 26,989 open and 23,359 closed). Read: ``urn``, ``la_code`` (DfE code as at
2023: closed schools keep the code of their LA at closure), ``name``, ``establishment_status_name`` ->
status, ``close_date`` (YYYY-MM-DD) -> closed_date, ``establishment_type_code`` and ``phase_name`` ->
setting type (``school_types``), ``number_of_pupils`` -> pupils. No open date, no ages, no predecessor
links and no grades: it places and types schools (a school listed as "Proposed to open", and a closed
school with no close date, cannot be placed in time and are left out with an OUT-OF-SCOPE warning each).

All three: a URN is six digits (else BAD-NUMBER); LA codes outside England
(``school_types.OUTSIDE_ENGLAND``) are left out with one OUT-OF-SCOPE warning counting them by code, any
other unknown code is UNKNOWN-LA-CODE; a type code the table does not know is UNKNOWN-CATEGORY (error);
a school whose phase evidence does not settle its type is typed ``other`` with an UNKNOWN-CATEGORY
warning (and a closing warning with the count).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from csrating.enums import REQUIRES_IMPROVEMENT_FROM, setting_grade_word
from csrating.findings import FindingCode
from csrating.sources import canonical, la_structure
from csrating.sources.ofsted_childcare import whole_figure
from csrating.sources.registry import ReadContext, reader
from csrating.sources.school_types import (
    OUTSIDE_ENGLAND,
    SchoolType,
    earliest_open,
    known_phase,
    spine_type_code,
    type_school,
)
from csrating.sources.tabular import Row, read_table

URN_PATTERN = re.compile(r"\d{6}")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


# ------------------------------------------------------------------------------------------ shared
def read_urn(row: Row, column: str, *, required: bool = True) -> str | None:
    """A six-digit URN (a spreadsheet's ``100000.0`` is read as 100000); other text is BAD-NUMBER."""
    v = row.text(column, required=required)
    if v is None:
        return None
    v = v[:-2] if v.endswith(".0") else v
    if not URN_PATTERN.fullmatch(v):
        row.error(column, FindingCode.BAD_NUMBER, f"{v!r} is not a URN (six digits)")
        return None
    return v


class LaCheck:
    """An English LA code, or a code outside England counted for one OUT-OF-SCOPE warning per code."""

    def __init__(self, ctx: ReadContext, column: str):
        self.ctx, self.column = ctx, column
        self.outside: Counter[str] = Counter()

    def __call__(self, row: Row) -> tuple[str | None, bool]:
        """(code, in England). A blank or unknown code is an error finding and gives (None, True)."""
        code = row.text(self.column, required=True)
        if code is None:
            return None, True
        code = code[:-2] if code.endswith(".0") else code
        if code in OUTSIDE_ENGLAND:
            self.outside[code] += 1
            return code, False
        if code not in self.ctx.las:
            row.error(
                self.column,
                FindingCode.UNKNOWN_LA_CODE,
                f"{code!r} is not the DfE code of an English local authority",
            )
            return None, True
        return code, True

    def report(self) -> None:
        if self.outside:
            counts = ", ".join(f"{code} ({n})" for code, n in sorted(self.outside.items()))
            self.ctx.findings.warning(
                self.ctx.label,
                FindingCode.OUT_OF_SCOPE,
                f"{self.outside.total()} establishment(s) with LA codes outside England's local authorities "
                f"left out: {counts}",
                column=self.column,
            )


class Typing:
    """Types each row with ``school_types``; counts (and warns about) the rows it cannot type."""

    def __init__(self, ctx: ReadContext, column: str, phase_column: str | None = None):
        self.ctx, self.column, self.phase_column = ctx, column, phase_column
        self.untyped = 0

    def __call__(self, row: Row, type_code: str | None, **evidence: object) -> SchoolType | None:
        phase = evidence.get("phase")
        if isinstance(phase, str) and phase and not known_phase(phase):
            row.error(
                self.phase_column,
                FindingCode.UNKNOWN_CATEGORY,
                f"{phase!r} is not a GIAS phase (Nursery, Primary, Middle deemed primary, Secondary, Middle "
                "deemed secondary, All-through, 16 plus, Not applicable)",
            )
            return None
        if type_code is None:
            return None
        # evidence: the keyword arguments of type_school, passed through as given (phase, ages...)
        typed = type_school(type_code, **evidence)  # type: ignore[arg-type]
        if typed is None:
            row.error(
                self.column,
                FindingCode.UNKNOWN_CATEGORY,
                f"{row[self.column]!r} is not an establishment type this reader knows",
            )
        return typed

    def warn(self, row: Row, typed: SchoolType) -> None:
        if typed.untyped:
            self.untyped += 1
            row.warning(
                self.column,
                FindingCode.UNKNOWN_CATEGORY,
                f"a mainstream school whose phase cannot be told ({typed.untyped}); typed other",
            )

    def report(self) -> None:
        if self.untyped:
            self.ctx.findings.warning(
                self.ctx.label,
                FindingCode.UNKNOWN_CATEGORY,
                f"{self.untyped} mainstream school(s) could not be typed by phase and are typed other",
                column=self.column,
            )


class Register:
    """What every register reader does with a row: its URN (six digits, once in the file), its LA (in
    England or left out) and its setting type; ``report`` adds the closing warnings."""

    def __init__(self, ctx: ReadContext, urn: str, la: str, kind: str, phase: str | None = None):
        self.urn_column = urn
        self.la, self.typing = LaCheck(ctx, la), Typing(ctx, kind, phase)
        self.seen: dict[str, int] = {}

    def place(self, row: Row) -> tuple[str | None, str | None, bool]:
        """(URN, LA code, in England); problems are findings of the row."""
        urn = read_urn(row, self.urn_column)
        row.unique(self.urn_column, urn, self.seen, "URN")
        la_code, english = self.la(row)
        return urn, la_code, english

    def report(self) -> None:
        self.la.report()
        self.typing.report()


def _flag(row: Row, column: str) -> bool | None:
    v = row.text(column)
    if v is None:
        return None
    if v in ("0", "1"):
        return v == "1"
    row.error(column, FindingCode.UNKNOWN_CATEGORY, f"{v!r} is not a flag; expected 0 or 1")
    return None


def _age(row: Row, column: str) -> int | None:
    return row.integer(column)


# ------------------------------------------------------------------------------ inspection history
HISTORY_URN, HISTORY_RATING, HISTORY_DATE = "URN", "Rating", "Inspection Date"
HISTORY_WORDS = {
    "outstanding": 1,
    "good": 2,
    "satisfactory": 3,
    "requires improvement": 3,
    "inadequate": 4,
}


@reader("ofsted_school_history", tables=("setting_inspections",), options={}, remit="schools")
def read_history(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Every graded inspection of each school (URN, Rating, Inspection Date YYYYMMDD), e.g. the scraped
    ofsted_ratings_2018.csv (2005-2020).

    One ``setting_inspections`` row per inspection: id and dates from the inspection date (``known_at`` =
    inspection date), ``overall`` 1-4 (setting scale), ``overall_word`` the word of the date (grade 3:
    satisfactory before 1 Sep 2012, requires improvement from then; the other word is a WORD-NOT-OF-DATE
    warning). A repeated URN and date with the same grade is read once with a DUPLICATE-KEY warning; with
    a different grade it is a DUPLICATE-KEY error. Caveat: academies' inspections before conversion and
    schools closed before about 2016 are absent from the scraped file.
    """
    findings = ctx.findings
    raw = read_table(path, findings, required=(HISTORY_URN, HISTORY_RATING, HISTORY_DATE), label=ctx.label)
    if raw is None:
        return {}
    source = ctx.source("ofsted_school_history")
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, date], tuple[int, int, str]] = {}  # (urn, date) -> (row number, grade, word)
    for row in raw:
        before = len(findings)
        urn = read_urn(row, HISTORY_URN)
        when = row.date(HISTORY_DATE, ("%Y%m%d",), required=True)
        word = row.text(HISTORY_RATING, required=True)
        grade = HISTORY_WORDS.get(" ".join(word.lower().split())) if word else None
        if word and grade is None:
            row.error(
                HISTORY_RATING,
                FindingCode.UNKNOWN_GRADE,
                f"{word!r} is not a grade; expected Outstanding, Good, Satisfactory, Requires Improvement "
                "or Inadequate",
            )
        if len(findings) != before or urn is None or when is None or grade is None or word is None:
            continue
        first = seen.get((urn, when))
        if first is not None:
            if first[1] != grade:
                row.error(
                    HISTORY_RATING,
                    FindingCode.DUPLICATE_KEY,
                    f"URN {urn} has another inspection on {when.isoformat()} on row {first[0]} with a "
                    "different grade",
                )
            else:
                words = (
                    f" in other words ({first[2]!r}, {word!r}: the date decides)" if first[2] != word else ""
                )
                row.warning(
                    HISTORY_DATE,
                    FindingCode.DUPLICATE_KEY,
                    f"repeats the inspection of URN {urn} on {when.isoformat()} on row {first[0]}{words}; "
                    "read once",
                )
            continue
        seen[(urn, when)] = (row.rownum, grade, word)
        of_date = setting_grade_word(grade, when)
        if grade == 3 and word.lower() != of_date:
            row.warning(
                HISTORY_RATING,
                FindingCode.WORD_NOT_OF_DATE,
                f"{word!r} on {when.isoformat()}: grade 3 was "
                f"{'requires improvement' if when >= REQUIRES_IMPROVEMENT_FROM else 'satisfactory'} then; "
                "read as grade 3",
            )
        rows.append(
            {
                "urn": urn,
                "inspection_id": when.isoformat(),
                "inspection_date": when,
                "known_at": when,
                "overall": grade,
                "overall_word": of_date,
                "source": source,
                "synthetic": False,
            }
        )
    return {"setting_inspections": canonical.frame("setting_inspections", rows)}


# --------------------------------------------------------------------------------------- DfE spine
SPINE_REQUIRED = (
    "URN", "LA", "OPENDATE", "CLOSEDATE", "NFTYPE", "ISPRIMARY", "ISSECONDARY", "ISPOST16", "AGEL", "AGEH",
    "OTHERURN",
)  # fmt: skip
SPINE_STATUS = {"1": "Open", "2": "Closed", "3": "Open, but proposed to close"}


@reader(
    "dfe_school_spine",
    tables=("settings",),
    options={"sheet": "Workbook sheet to read (default: the first)"},
    remit="schools",
)
def read_spine(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE performance tables school information ("spine"), e.g. 2017-2018_england_spine.xlsx (or a CSV
    with the same columns).

    One ``settings`` row per school or college: LA (2017/18 code), name, open and close dates (given for
    schools opened or closed in the year), status from ICLOSE, setting type from NFTYPE with ISPRIMARY /
    ISSECONDARY and AGEL / AGEH (``school_types``), ``has_sixth_form`` from ISPOST16 and
    ``predecessor_urn`` from OTHERURN (the predecessor of a school opened in the year; on a school closed
    in the year, OTHERURN is its successor, which then gets it as predecessor).
    """
    findings = ctx.findings
    sheet = ctx.options.get("sheet")
    raw = read_table(
        path, findings, required=SPINE_REQUIRED, label=ctx.label, sheet=str(sheet) if sheet else None
    )
    if raw is None:
        return {}
    source = ctx.source("dfe_school_spine")
    register = Register(ctx, "URN", "LA", "NFTYPE")
    settings: dict[str, dict[str, object]] = {}
    successors: list[tuple[Row, str, str]] = []  # (row of the closed school, its URN, successor URN)
    for row in raw:
        before = len(findings)
        urn, la_code, english = register.place(row)
        nftype = row.text("NFTYPE", required=True)
        code = spine_type_code(nftype) if nftype else None
        if nftype and code is None:
            row.error(
                "NFTYPE", FindingCode.UNKNOWN_CATEGORY, f"{nftype!r} is not an NFTYPE this reader knows"
            )
        opened = row.date("OPENDATE", DATE_FORMATS)
        closed = row.date("CLOSEDATE", DATE_FORMATS)
        other = read_urn(row, "OTHERURN", required=False)
        evidence = {
            "primary": _flag(row, "ISPRIMARY"),
            "secondary": _flag(row, "ISSECONDARY"),
            "age_low": _age(row, "AGEL"),
            "age_high": _age(row, "AGEH"),
        }
        post16 = _flag(row, "ISPOST16")
        status = SPINE_STATUS.get(row.get("ICLOSE").removesuffix(".0"))
        typed = register.typing(row, code, **evidence)
        if len(findings) != before or typed is None or urn is None or not english:
            continue
        register.typing.warn(row, typed)
        predecessor = None
        if other is not None:
            if opened is not None:
                predecessor = other
            elif closed is not None:
                successors.append((row, urn, other))
            else:
                row.warning(
                    "OTHERURN",
                    FindingCode.UNKNOWN_CATEGORY,
                    f"OTHERURN {other} on a school neither opened nor closed in the year: predecessor or "
                    "successor cannot be told; not read",
                )
        settings[urn] = {
            "urn": urn,
            "name": row.get("SCHNAME") or None,
            "setting_type": typed.setting_type.value,
            "la_code": la_code,
            "sector": typed.sector.value,
            "registration_date": earliest_open(code, opened),
            "closed_date": closed,
            "status": status,
            "predecessor_urn": predecessor,
            "has_sixth_form": post16,
            "source": source,
            "synthetic": False,
        }
    for row, urn, successor in successors:
        target = settings.get(successor)
        if target is None:
            continue  # the successor is not in the file: nothing to link
        if target["predecessor_urn"] not in (None, urn):
            row.warning(
                "OTHERURN",
                FindingCode.DUPLICATE_KEY,
                f"successor {successor} already names {target['predecessor_urn']} as its predecessor; "
                f"{urn} not linked",
            )
            continue
        target["predecessor_urn"] = urn
    register.report()
    return {"settings": canonical.frame("settings", settings.values())}


# --------------------------------------------------------------------------------- GIAS with phase
GIAS_REQUIRED = (
    "urn", "la_code", "name", "establishment_status_name", "close_date", "establishment_type_code",
    "phase_name", "number_of_pupils",
)  # fmt: skip
NOT_PLACED = {"proposed to open"}


@reader(
    "gias_establishments",
    tables=("settings",),
    options={
        "la_structure": "'2009': LAs made after 2009 mapped back to the 2009 LAs by la_structure.to_2009 "
        "(Bournemouth, Christchurch and Poole by the postcode column)"
    },
    remit="schools",
)
def read_gias_establishments(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """GIAS establishments, open and closed, with phase (e.g. gias_establishments_2023-11_key_columns.csv).

    One ``settings`` row per establishment in England: LA (code as at the extract), name, status, close
    date, pupils on roll, setting type from the GIAS establishment type and phase (``school_types``). No
    open date: ``registration_date`` is the first day a school of its type could be open (academies from
    1 Sep 2010, free schools from 1 Sep 2011; ``school_types.EARLIEST_OPEN``), else null. No grades.
    "Proposed to open" rows and closed rows with no close date are left out with an OUT-OF-SCOPE warning.
    """
    findings = ctx.findings
    valid, structure = la_structure.read_option(ctx)
    if not valid:
        return {}
    required = GIAS_REQUIRED if structure is None else (*GIAS_REQUIRED, "postcode")
    raw = read_table(path, findings, required=required, label=ctx.label)
    if raw is None:
        return {}
    source = ctx.source("gias_establishments")
    register = Register(ctx, "urn", "la_code", "establishment_type_code", "phase_name")
    settings: list[dict[str, object]] = []
    for row in raw:
        before = len(findings)
        urn, la_code, english = register.place(row)
        status = row.text("establishment_status_name", required=True)
        closed = row.date("close_date", DATE_FORMATS)
        pupils = whole_figure(row, "number_of_pupils")
        kind = row.text("establishment_type_code", required=True)
        typed = register.typing(row, kind, phase=row.text("phase_name"))
        if len(findings) != before or typed is None or urn is None or not english:
            continue
        if status and status.lower() in NOT_PLACED:
            row.warning(
                "establishment_status_name", FindingCode.OUT_OF_SCOPE, f"{status!r}: not open yet; left out"
            )
            continue
        if status and status.lower() == "closed" and closed is None:
            row.warning(
                "close_date", FindingCode.OUT_OF_SCOPE, "a closed establishment with no close date; left out"
            )
            continue
        register.typing.warn(row, typed)
        if structure is not None:
            la_code, guessed = la_structure.to_2009(la_code, row.get("postcode"))
            if guessed:
                row.warning(
                    "postcode",
                    FindingCode.OUT_OF_SCOPE,
                    f"school {urn} in Bournemouth, Christchurch and Poole: its postcode "
                    f"{row.get('postcode')!r} places it in no 2009 LA; counted in Bournemouth (837)",
                )
        settings.append(
            {
                "urn": urn,
                "name": row.text("name"),
                "setting_type": typed.setting_type.value,
                "la_code": la_code,
                "sector": typed.sector.value,
                "registration_date": earliest_open(kind, None),
                "closed_date": closed,
                "status": status,
                "pupils": pupils,
                "source": source,
                "synthetic": False,
            }
        )
    register.report()
    return {"settings": canonical.frame("settings", settings)}
