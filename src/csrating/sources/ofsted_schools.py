"""Readers of school-level Ofsted grades: a GIAS-derived rating table, and Ofsted's state-funded schools MI.

``gias_schools`` - a school-level table derived from Get Information About Schools (GIAS)
---------------------------------------------------------------------------------------------
Written against ``school_ofsted_rating.csv`` (April 2024 snapshot, 20,571 schools, 153 LAs): columns
``unique_reference_number``, ``authority_code`` (DfE three-digit LA code), ``establishment_type_code`` (GIAS
``TypeOfEstablishment`` code), ``pupil_number`` and ``rating`` (latest overall effectiveness in words); the
other columns (pupil characteristics) are not read. It has no phase column and no inspection date.

Setting types from ``establishment_type_code`` (every GIAS code is listed; the 2024 file holds the codes
marked *, with their row counts):

* mainstream maintained schools, academies and free schools - 1 community (5,480*), 2 voluntary aided
  (2,340*), 3 voluntary controlled (1,503*), 5 foundation (627*), 28 academy sponsor led (2,212*), 34 academy
  converter (5,479*), 35 free school (383*) -> ``primary_school``, because the author documents the file as
  state-funded primary schools and GIAS types do not carry the phase. **Caveat**: the file evidently holds
  secondary schools too - 1,763 of these 18,024 schools have more than 1,000 pupils, which few primary
  schools have - so the reader adds one warning with that count. The recipe option ``mainstream_type``
  (a setting type, e.g. ``secondary_school`` or ``other``) changes the mapping for these seven codes.
* 6 city technology college (3*) -> ``secondary_school`` (11-18 by statute); 40 university technical college
  (41*) and 41 studio school (20*) -> ``secondary_school`` (14-19 schools).
* 39 free school 16-19 (21*), 45 academy 16-19 converter (2*), 46 academy 16-19 sponsor led (1*) ->
  ``sixth_form_college``: stand-alone 16-19 institutions, inspected under the further education and skills
  handbook as sixth-form colleges are; 31 sixth form centre -> ``school_sixth_form``.
* special: 7 community special (456*), 12 foundation special (78*), 33 academy special sponsor led (58*),
  36 free school special (57*), 44 academy special converter (251*), and 8 non-maintained special (50*) ->
  ``special_school``.
* alternative provision: 14 pupil referral unit, 38 free school AP (32*), 42 academy AP converter (49*),
  43 academy AP sponsor led (21*) -> ``pupil_referral_unit``.
* 15 LA nursery school (378*) -> ``nursery_school``.
* 10 other independent special school (598*) and 11 other independent school (431*) ->
  ``independent_school``.
* everything else GIAS knows - 18 further education, 24 secure unit, 25 offshore school, 26 service
  children's education, 27 miscellaneous, 29 higher education institution, 30 Welsh establishment, 32
  special post-16 institution, 37 British school overseas, 49 online provider, 56 institution funded by
  another government department, 57 academy secure 16-19 -> ``other``. A code not in this list is an
  UNKNOWN-CATEGORY error.

Sector: ``independent`` for codes 10, 11, 37, 49; ``voluntary`` for 8 (non-maintained special schools are run
by charities and DfE counts them outside "state-funded"); ``unknown`` for 32 (special post-16 institutions,
mostly independent charities); ``state_funded`` for every other code.

``pupils`` holds the number of pupils on roll (``pupil_number``) and ``places`` stays null, so a share of
pupils in good schools can be weighted by it. A status marker there is VALUE-EXPECTED,
other text MARKER-EXPECTED.

One ``setting_inspections`` row per school: ``inspection_id`` ``gias-<year of the as-at date>`` ("gias-2024"),
``inspection_date`` null, ``known_at`` the recipe's as-at date (2024-04-28, with a warning, when the recipe
gives none). Rating words: Outstanding, Good, Requires improvement, Inadequate; GIAS's "Serious Weaknesses"
and "Special Measures" (categories of concern) are read as inadequate; a blank or "Insufficient evidence" /
"Not judged" gives a setting with no inspection row. Any other word is UNKNOWN-GRADE. The file is a snapshot
with no dates: it cannot reproduce 2009-era grades.

``ofsted_schools_mi`` - Ofsted management information, state-funded schools
---------------------------------------------------------------------------
Ofsted's "Management information - state-funded schools - latest inspections" (monthly, one row per open
school) as far as the Warwickshire extract of 31 August 2020 (228 schools) shows its layout. Column names are
matched with spaces and case ignored, so both Ofsted's ``Ofsted phase`` and the extract's ``Ofstedphase``
are found. Read:

* ``URN``; ``School name`` (optional) -> ``settings.name``;
* ``Ofsted phase`` -> setting type: Nursery -> nursery_school, Primary -> primary_school, Secondary ->
  secondary_school, All-through -> all_through_school, Special -> special_school, PRU / Pupil referral unit /
  Alternative provision -> pupil_referral_unit; other words are UNKNOWN-CATEGORY. Sector: ``state_funded``.
* LA: ``LA code`` / ``LACode`` if present, else the first three digits of ``LAESTAB``, else the
  ``Local authority`` name; a code not in the reference list is UNKNOWN-LA-CODE.
* ``Total number of pupils`` (or the extract's ``num_pupils``), optional -> ``settings.pupils``.
* two inspections per school: latest (``Publication date``, ``Overall effectiveness``) and previous
  (``Previous publication date``, ``Previous full inspection overall effectiveness``), grades 1-4.
  ``known_at`` and ``published_date`` are the publication date; ``inspection_date`` is null because the
  extract publishes no inspection dates (``Inspection start date`` / ``Previous inspection start date`` are
  used when a fuller MI file has them). ``inspection_id`` is the inspection number where the file has one
  (``Inspection number of latest full inspection`` / ``Previous full inspection number``), else
  ``published-<YYYY-MM-DD>``. A blank or "NULL" grade with a blank date (a school not yet inspected, or
  inspected once) gives no row; a grade without a date, or a date without a grade, is MISSING-VALUE.
  Dates: YYYY-MM-DD or DD/MM/YYYY.

Not read: the extract author's derived and model columns (``daysbetween``, ``prev_out``, ``curr_out``,
``prev_good``, ``curr_good``, ``bad_out_chance``, ``good_out_chance``), IDACI, coordinates. Caveat: the MI
attaches the grades of a predecessor school (e.g. before academy conversion) to the current URN; the extract
does not say when it has done so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl

from csrating.enums import Sector, SettingType
from csrating.findings import FindingCode
from csrating.sources import canonical
from csrating.sources.ofsted_childcare import whole_figure
from csrating.sources.registry import ReadContext, reader
from csrating.sources.school_registers import Typing, read_urn
from csrating.sources.school_types import ESTABLISHMENT_TYPES, known_phase
from csrating.sources.tabular import Row, absent_optional, read_table

ST = SettingType

# ---------------------------------------------------------------------------------------------- GIAS
MAINSTREAM_CODES = frozenset(code for code, kind in ESTABLISHMENT_TYPES.items() if kind is None)
GIAS_URN = "unique_reference_number"
GIAS_LA = "authority_code"
GIAS_TYPE = "establishment_type_code"
GIAS_PUPILS = "pupil_number"
GIAS_RATING = "rating"
GIAS_REQUIRED = (GIAS_URN, GIAS_LA, GIAS_TYPE, GIAS_PUPILS, GIAS_RATING)
GIAS_DEFAULT_AS_AT = date(2024, 4, 28)  # the day the published file was last changed
GIAS_CONCERN_WORDS = {"serious weaknesses": 4, "special measures": 4}
GIAS_NOT_GRADED = {"insufficient evidence", "not judged"}
LARGE_SCHOOL = 1000  # pupils; few primary schools are larger


def _check_la(row: Row, column: str, code: str | None, ctx: ReadContext) -> str | None:
    if code is None:
        return None
    if code not in ctx.las:
        row.error(
            column, FindingCode.UNKNOWN_LA_CODE, f"{code!r} is not the DfE code of an English local authority"
        )
        return None
    return code


@reader(
    "gias_schools",
    remit="schools",
    tables=("settings", "setting_inspections"),
    options={
        "phases": "A GIAS establishments file with phase (urn, phase_name; e.g. the November 2023 "
        "extract), relative to the folder of the file read: mainstream schools are typed by its phase "
        "(school_types); a school it does not list is typed other with a warning",
        "mainstream_type": "Without 'phases': the setting type for mainstream schools (GIAS codes 1, 2, "
        "3, 5, 28, 34, 35), which the file does not phase; default primary_school",
    },
)
def read_gias(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """School-level Ofsted ratings with GIAS characteristics (e.g. school_ofsted_rating.csv, April 2024).

    One row per school: URN, DfE LA code, GIAS establishment type code, pupils on roll and the latest
    Ofsted overall effectiveness in words. Maps each school to ``settings`` and its rating to one
    ``setting_inspections`` row (id ``gias-<year>``, no inspection date, known from the recipe's as-at date;
    2024-04-28 with a warning if the recipe has none). Setting type and sector from the establishment type
    by the shared table (``school_types``); mainstream schools (1, 2, 3, 5, 28, 34, 35) by the phase of
    the GIAS file named by option ``phases``, or without it as option ``mainstream_type`` says (default
    primary_school, with a warning counting the large schools so typed). ``pupils`` = pupils on roll.
    "Serious Weaknesses" / "Special Measures" read as inadequate. Caveats: the file has no phase column
    (the 2024 file, documented as primary, holds secondary schools too) and no inspection dates (it cannot
    rebuild 2009-era grades).
    """
    findings = ctx.findings
    mainstream = _mainstream_type(ctx)
    phases = _phases(path, ctx)
    raw = read_table(path, findings, required=GIAS_REQUIRED, label=ctx.label)
    if raw is None or mainstream is None or phases is False:
        return {}
    known_at = ctx.as_at
    if known_at is None:
        known_at = GIAS_DEFAULT_AS_AT
        findings.warning(
            ctx.label,
            FindingCode.BAD_RECIPE,
            f"the recipe gives no as-at date; grades are taken as known on {known_at.isoformat()}",
        )
    inspection_id = f"gias-{known_at.year}"
    source = ctx.source("gias_schools")
    settings: list[dict[str, object]] = []
    inspections: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    typing = Typing(ctx, GIAS_TYPE)
    large = 0
    for row in raw:
        before = len(findings)
        urn = row.text(GIAS_URN, required=True)
        row.unique(GIAS_URN, urn, seen, "URN")
        la_code = _check_la(row, GIAS_LA, row.text(GIAS_LA, required=True), ctx)
        type_code = row.text(GIAS_TYPE, required=True)
        typed = typing(row, type_code, phase=phases.get(urn or "") if phases else None)
        if typed is not None and phases is None and type_code in MAINSTREAM_CODES:
            typed = dataclasses.replace(typed, setting_type=mainstream, untyped=None)  # the option's type
        pupils = whole_figure(row, GIAS_PUPILS)
        overall = _gias_grade(row)
        if len(findings) != before or typed is None:
            continue
        typing.warn(row, typed)
        if phases is None and type_code in MAINSTREAM_CODES and pupils is not None and pupils > LARGE_SCHOOL:
            large += 1
        settings.append(
            {
                "urn": urn,
                "setting_type": typed.setting_type.value,
                "la_code": la_code,
                "sector": typed.sector.value,
                "pupils": pupils,
                "source": source,
                "synthetic": False,
            }
        )
        if overall is not None:
            inspections.append(
                {
                    "urn": urn,
                    "inspection_id": inspection_id,
                    "inspection_date": None,
                    "known_at": known_at,
                    "overall": overall,
                    "source": source,
                    "synthetic": False,
                }
            )
    typing.report()
    if large:
        findings.warning(
            ctx.label,
            FindingCode.UNKNOWN_CATEGORY,
            f"the file has no phase column: mainstream schools are read as {mainstream.value}, "
            f"but {large} of them have more than {LARGE_SCHOOL:,} pupils and are probably secondary schools",
            column=GIAS_TYPE,
        )
    return {
        "settings": canonical.frame("settings", settings),
        "setting_inspections": canonical.frame("setting_inspections", inspections),
    }


def _phases(path: Path, ctx: ReadContext) -> dict[str, str] | None | Literal[False]:
    """URN -> GIAS phase name from the file of option ``phases`` (None: no option; False: unusable)."""
    name = ctx.options.get("phases")
    if not name:
        return None
    file = ctx.option_file(str(name), path)
    label = str(name)
    raw = read_table(file, ctx.findings, required=("urn", "phase_name"), label=label)
    if raw is None:
        return False
    out: dict[str, str] = {}
    for row in raw:
        urn, phase = read_urn(row, "urn"), row["phase_name"]
        if phase and not known_phase(phase):
            row.error("phase_name", FindingCode.UNKNOWN_CATEGORY, f"{phase!r} is not a GIAS phase")
        elif urn is not None:
            out[urn] = phase
    return out


def _mainstream_type(ctx: ReadContext) -> SettingType | None:
    value = ctx.options.get("mainstream_type", SettingType.PRIMARY_SCHOOL.value)
    try:
        return SettingType(str(value))
    except ValueError:
        ctx.findings.error(
            ctx.label,
            FindingCode.BAD_RECIPE,
            f"option mainstream_type {value!r} is not a setting type ({', '.join(SettingType.values())})",
        )
        return None


def _gias_grade(row: Row) -> int | None:
    word = row[GIAS_RATING].lower()
    if word in GIAS_NOT_GRADED:
        return None
    if word in GIAS_CONCERN_WORDS:
        return GIAS_CONCERN_WORDS[word]
    return row.setting_grade(GIAS_RATING)


# ------------------------------------------------------------------------------------ Ofsted schools MI
PHASES: dict[str, SettingType] = {
    "nursery": ST.NURSERY_SCHOOL,
    "primary": ST.PRIMARY_SCHOOL,
    "secondary": ST.SECONDARY_SCHOOL,
    "all-through": ST.ALL_THROUGH_SCHOOL,
    "all through": ST.ALL_THROUGH_SCHOOL,
    "special": ST.SPECIAL_SCHOOL,
    "pru": ST.PUPIL_REFERRAL_UNIT,
    "pupil referral unit": ST.PUPIL_REFERRAL_UNIT,
    "alternative provision": ST.PUPIL_REFERRAL_UNIT,
}
MI_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MI_NOT_GRADED = ("NULL",)

# role -> accepted column names (compared with spaces, punctuation and case removed); first found wins
MI_COLUMNS: dict[str, tuple[str, ...]] = {
    "urn": ("URN",),
    "phase": ("Ofsted phase",),
    "published": ("Publication date",),
    "overall": ("Overall effectiveness",),
    "prev_published": ("Previous publication date",),
    "prev_overall": ("Previous full inspection overall effectiveness",),
    # optional
    "name": ("School name",),
    "la_code": ("LA code",),
    "laestab": ("LAESTAB",),
    "la_name": ("Local authority",),
    "pupils": ("Total number of pupils", "num_pupils"),
    "inspected": ("Inspection start date",),
    "prev_inspected": ("Previous inspection start date",),
    "number": ("Inspection number of latest full inspection", "Inspection number"),
    "prev_number": ("Previous full inspection number", "Previous inspection number"),
}
MI_REQUIRED = ("urn", "phase", "published", "overall", "prev_published", "prev_overall")
# (which inspection, grade role, publication date role, inspection date role, inspection number role)
MI_SLOTS = (
    ("latest", "overall", "published", "inspected", "number"),
    ("previous", "prev_overall", "prev_published", "prev_inspected", "prev_number"),
)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _find_columns(header: Sequence[str]) -> dict[str, str]:
    folded: dict[str, str] = {}
    for h in header:
        folded.setdefault(_fold(h), h)
    found = {}
    for role, names in MI_COLUMNS.items():
        for name in names:
            if _fold(name) in folded:
                found[role] = folded[_fold(name)]
                break
    return found


@reader("ofsted_schools_mi", tables=("settings", "setting_inspections"), options={}, remit="schools")
def read_mi(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted management information for state-funded schools: latest and previous full inspection.

    One row per school (URN, Ofsted phase, LA code / LAESTAB / LA name, publication date and overall
    effectiveness of the latest and of the previous full inspection; column names matched ignoring spaces
    and case, so the Warwickshire 2020 extract's ``Ofstedphase`` works as Ofsted's ``Ofsted phase``). Maps
    each school to ``settings`` (type from the phase, sector state-funded, pupils = pupils on roll where
    given) and each graded inspection to ``setting_inspections`` (known from its publication date; no
    inspection date unless the file has one). The extract author's model columns are ignored.
    """
    findings = ctx.findings
    raw = read_table(path, findings, label=ctx.label)
    if raw is None:
        return {}
    cols = _find_columns(raw.header)
    missing = [MI_COLUMNS[r][0] for r in MI_REQUIRED if r not in cols]
    if not any(r in cols for r in ("la_code", "laestab", "la_name")):
        missing.append("LA code")
    for name in missing:
        findings.error(
            ctx.label,
            FindingCode.MISSING_COLUMN,
            f"column {name!r} is missing from the header",
            row=1,
            column=name,
        )
    if missing:
        return {}
    for role in ("name", "pupils", "inspected", "prev_inspected", "number", "prev_number"):
        if role not in cols:  # optional: its absence is said, never silent
            absent_optional(findings, ctx.label, MI_COLUMNS[role][0], role)
    source = ctx.source("ofsted_schools_mi")
    settings: list[dict[str, object]] = []
    inspections: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for row in raw:
        before = len(findings)
        urn = row.text(cols["urn"], required=True)
        row.unique(cols["urn"], urn, seen, "URN")
        phase = row.text(cols["phase"], required=True)
        setting_type = PHASES.get(phase.lower()) if phase else None
        if phase and setting_type is None:
            row.error(
                cols["phase"],
                FindingCode.UNKNOWN_CATEGORY,
                f"{phase!r} is not an Ofsted phase this reader knows "
                "(Nursery, Primary, Secondary, All-through, Special, PRU)",
            )
        la_code = _mi_la(row, cols, ctx)
        pupils = whole_figure(row, cols["pupils"]) if "pupils" in cols else None
        mine = _mi_inspections(row, cols, urn, source)
        if len(findings) != before:
            continue
        settings.append(
            {
                "urn": urn,
                "name": row.text(cols["name"]) if "name" in cols else None,
                "setting_type": setting_type.value if setting_type else None,
                "la_code": la_code,
                "sector": Sector.STATE_FUNDED.value,
                "pupils": pupils,
                "source": source,
                "synthetic": False,
            }
        )
        inspections.extend(mine)
    return {
        "settings": canonical.frame("settings", settings),
        "setting_inspections": canonical.frame("setting_inspections", inspections),
    }


def _mi_la(row: Row, cols: dict[str, str], ctx: ReadContext) -> str | None:
    if "la_code" in cols:
        return _check_la(row, cols["la_code"], row.text(cols["la_code"], required=True), ctx)
    if "laestab" in cols:
        laestab = row.text(cols["laestab"], required=True)
        if laestab is None:
            return None
        if not re.fullmatch(r"\d{7}", laestab):
            row.error(cols["laestab"], FindingCode.BAD_NUMBER, f"{laestab!r} is not a seven-digit LAESTAB")
            return None
        return _check_la(row, cols["laestab"], laestab[:3], ctx)
    name = row.text(cols["la_name"], required=True)
    if name is None:
        return None
    code = ctx.las.match_name(name, on=ctx.as_at)
    if code is None:
        row.error(
            cols["la_name"],
            FindingCode.UNMATCHED_LA_NAME,
            f"the local authority name {name!r} matches no English local authority",
        )
    return code


def _mi_inspections(row: Row, cols: dict[str, str], urn: str | None, source: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    ids: dict[str, str] = {}
    for which, grade_role, pub_role, date_role, number_role in MI_SLOTS:
        grade_col, pub_col = cols[grade_role], cols[pub_role]
        overall = row.setting_grade(grade_col, blanks=MI_NOT_GRADED)
        has_grade = overall is not None or row[grade_col] not in ("", *MI_NOT_GRADED)
        published = row.date(pub_col, MI_DATE_FORMATS) if row[pub_col] not in MI_NOT_GRADED else None
        has_date = row[pub_col] not in ("", *MI_NOT_GRADED)
        if not has_grade and not has_date:
            continue  # not inspected (yet, or only once)
        if not has_grade:
            row.error(grade_col, FindingCode.MISSING_VALUE, f"the {which} inspection has a date but no grade")
            continue
        if not has_date:
            row.error(pub_col, FindingCode.MISSING_VALUE, f"the {which} inspection has a grade but no date")
            continue
        if overall is None or published is None:
            continue  # the cell's problem is already a finding
        inspected = row.date(cols[date_role], MI_DATE_FORMATS) if date_role in cols else None
        number = row.text(cols[number_role]) if number_role in cols else None
        inspection_id = number or f"published-{published.isoformat()}"
        if inspection_id in ids:
            row.error(
                pub_col if number is None else cols[number_role],
                FindingCode.DUPLICATE_KEY,
                f"the {which} inspection has the same id ({inspection_id}) as the {ids[inspection_id]} one",
            )
            continue
        ids[inspection_id] = which
        out.append(
            {
                "urn": urn,
                "inspection_id": inspection_id,
                "inspection_date": inspected,
                "published_date": published,
                "known_at": published,
                "overall": overall,
                "source": source,
                "synthetic": False,
            }
        )
    return out
