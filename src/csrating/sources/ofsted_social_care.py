"""Readers of Ofsted's provider-level children's social care data (block A of the profile).

Ofsted publishes, once a year, every active social care provider with its latest full inspection ("provider
level data as at 31 March") and every inspection of the year ("provider level data, inspections in year").
Two layouts are known, and both readers take either:

* **2018** (``providers-as-at-2018-03-31.csv``, ``inspections-in-year-2017-18.csv``): two header rows - row 1
  is a banner ("Provider information", "Latest Full Inspection"), the real header is row 2; Windows-1252.
  Columns ``Inspection date``, ``Publication date``, ``Event number``, ``Overall effectiveness``; dates
  DD/MM/YYYY.
* **2023** (``csc2023_provider_level_at_31_Mar_2023.csv``, ``csc2023_provider_level_in_year_2022-23.csv``):
  one header row; ``Latest full inspection date`` / ``Inspection date``, ``... publication date``,
  ``... event number``, and the overall judgement of the 2017 social care common inspection framework
  ``Overall experiences and progress of children and young people``; dates ``YYYY-MM-DD 00:00:00``.

The header row is found by itself (the first row naming ``URN``: row 1, or row 2 under the banner, or below
a workbook's title lines); the option ``header_row`` forces it. The option ``sheet`` reads the same table
from a sheet of the published workbook instead of a CSV.

**Provision type** (``Provision type``) becomes a ``SettingType``; matching ignores case and the kind of
apostrophe. Every type seen in the 2018 and 2023 files:

==================================================================  ==============================
Provision type as published                                         setting_type
==================================================================  ==============================
Children's home (2023 also "Children's Home")                       childrens_home
Residential special school (registered as a children's home)        childrens_home (registered and
                                                                    inspected as a children's home)
Secure children's home                                              secure_childrens_home
Residential Special School                                          residential_special_school
Boarding School                                                     boarding_school
Further Education College with Residential Accommodation            fe_college_residential
Residential Family Centre                                           residential_family_centre
Independent Fostering Agency                                        independent_fostering_agency
Voluntary Adoption Agency                                           voluntary_adoption_agency
Adoption Support Agency                                             adoption_support_agency
Secure Training Centre                                              secure_training_centre
Residential Holiday Scheme for Disabled Children                    other (Ofsted counts it apart)
CAFCASS                                                             cafcass - a national service,
                                                                    left out (see below)
==================================================================  ==============================

Also accepted for older files: "Local authority fostering agency/service" (la_fostering_agency) and "Local
authority adoption agency/service" (la_adoption_agency). Any other type is an error (UNKNOWN-CATEGORY).

**Sector**: Local Authority -> local_authority; Private -> private; Voluntary -> voluntary; Health Authority
-> health; Academy -> state_funded; Public sector (only Cafcass) -> state_funded; blank -> unknown; anything
else is an error (UNKNOWN-CATEGORY).

**Local authority** is matched by name (``Local authority``) on the recipe's as-at date (providers) or on
the inspection date (inspections in year), so "Dorset" is the county (835) in 2018 and the unitary (838)
in 2023. An unknown name is an error (UNMATCHED-LA-NAME). Cafcass is a national service that no LA is
responsible for: the file places it in Camden, where its head office is, so its rows are left out with a
warning (OUT-OF-SCOPE); so is any national provider with a blank LA. A blank LA for any other provider is
an error (MISSING-VALUE).

**Grades**: the overall judgement on the setting scale, 1 outstanding, 2 good, 3 requires improvement (to
be good) and the legacy adequate/satisfactory, 4 inadequate. Only graded inspections become
``setting_inspections`` rows. Outcomes that are not grades are left out, with one warning (OUT-OF-SCOPE)
per event type and outcome giving the count: a blank outcome (monitoring inspections, assurance visits,
emergency inspections), "Not judged", and the 2017-18 interim inspections' "Improved effectiveness",
"Sustained effectiveness" and "Declined in effectiveness" (an interim inspection does not change the grade
of the last full inspection). A graded monitoring inspection is kept. Any other word is an error
(UNKNOWN-GRADE). The sub-judgements (outcomes for children, quality of care, safeguarding, leadership and
management; helped and protected, leaders and managers, education, health) belong to later frameworks and
have no clear Every Child Matters equivalent, so ``BH`` .. ``AEW`` stay null.

``inspection_id`` is the event number (a stable ``URN:date`` id where it is blank); ``known_at`` is the
publication date, else the inspection date. ``Places``: a figure or blank; a status marker (c, x, ...) is an
error (VALUE-EXPECTED), and so is text that is neither (MARKER-EXPECTED). Names published as ``REDACTED``
become null. Rows with an error are left out.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from csrating.enums import Sector, SettingType
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import SETTING_GRADE_WORDS, RawTable, Row, absent_optional, read_table

PROVISION_TYPES: dict[str, SettingType] = {
    "children's home": SettingType.CHILDRENS_HOME,
    "residential special school (registered as a children's home)": SettingType.CHILDRENS_HOME,
    "secure children's home": SettingType.SECURE_CHILDRENS_HOME,
    "residential special school": SettingType.RESIDENTIAL_SPECIAL_SCHOOL,
    "boarding school": SettingType.BOARDING_SCHOOL,
    "further education college with residential accommodation": SettingType.FE_COLLEGE_RESIDENTIAL,
    "residential family centre": SettingType.RESIDENTIAL_FAMILY_CENTRE,
    "independent fostering agency": SettingType.INDEPENDENT_FOSTERING_AGENCY,
    "voluntary adoption agency": SettingType.VOLUNTARY_ADOPTION_AGENCY,
    "adoption support agency": SettingType.ADOPTION_SUPPORT_AGENCY,
    "secure training centre": SettingType.SECURE_TRAINING_CENTRE,
    "residential holiday scheme for disabled children": SettingType.OTHER,
    "cafcass": SettingType.CAFCASS,
    "local authority fostering agency": SettingType.LA_FOSTERING_AGENCY,
    "local authority fostering service": SettingType.LA_FOSTERING_AGENCY,
    "local authority adoption agency": SettingType.LA_ADOPTION_AGENCY,
    "local authority adoption service": SettingType.LA_ADOPTION_AGENCY,
}

# services run nationally: no LA has strategic or operational responsibility for them
NATIONAL_TYPES = frozenset({SettingType.CAFCASS})

SECTORS: dict[str, Sector] = {
    "local authority": Sector.LOCAL_AUTHORITY,
    "private": Sector.PRIVATE,
    "voluntary": Sector.VOLUNTARY,
    "health authority": Sector.HEALTH,
    "academy": Sector.STATE_FUNDED,
    "public sector": Sector.STATE_FUNDED,
}

# overall outcomes that are not grades: the row is not a graded inspection
NOT_GRADES = frozenset(
    {
        "not judged",
        "improved effectiveness",
        "sustained effectiveness",
        "declined effectiveness",
        "declined in effectiveness",
    }
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%dT00:00:00")  # the last: dates read from a workbook

# logical field -> the column names it has in the known layouts (first present wins)
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "urn": ("URN",),
    "type": ("Provision type",),
    "la": ("Local authority",),
    "sector": ("Sector",),
    "date": ("Inspection date", "Latest full inspection date"),
    "published": (
        "Publication date",
        "Inspection publication date",
        "Latest full inspection publication date",
    ),
    "event": ("Event number", "Inspection event number", "Latest full inspection event number"),
    "overall": ("Overall effectiveness", "Overall experiences and progress of children and young people"),
}
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("Name",),
    "status": ("Registration status", "Registration Status"),
    "places": ("Places",),
    "registered": ("Registration date",),
    "event_type": ("Event type", "Inspection event type", "Latest full inspection event type"),
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def open_table(
    path: Path, ctx: ReadContext, signature: str, *, search: int = 10
) -> tuple[RawTable, int] | None:
    """Read a CSV or a workbook sheet (option ``sheet``) and return it with its header row.

    The header is the first of the first ``search`` rows that holds the column ``signature`` (row 1 of a plain
    CSV; row 2 under a banner; row 3 or 5 under a workbook's title lines); the option ``header_row`` forces
    it."""
    sheet = ctx.options.get("sheet")
    if "header_row" in ctx.options:
        header_row = int(ctx.options["header_row"])
        raw = read_table(path, ctx.findings, header_row=header_row, sheet=sheet, label=ctx.label)
        return None if raw is None else (raw, header_row)
    scratch = Findings()
    raw = read_table(path, scratch, header_row=1, sheet=sheet, label=ctx.label)
    if raw is not None and signature not in raw.header:
        for number, cells in raw.rows[:search]:
            if signature in (c.strip() for c in cells):
                found = read_table(path, ctx.findings, header_row=number, sheet=sheet, label=ctx.label)
                return None if found is None else (found, number)
    ctx.findings.extend(scratch)
    if raw is None:
        return None
    raw.findings = ctx.findings  # the rows report to the caller's collection from here on
    return raw, 1


def resolve_columns(
    raw: RawTable,
    ctx: ReadContext,
    required: dict[str, tuple[str, ...]],
    optional: dict[str, tuple[str, ...]],
    header_row: int,
) -> dict[str, str] | None:
    """Map logical fields to the file's column names; a MISSING-COLUMN error for every required one absent."""
    cols: dict[str, str] = {}
    missing = False
    for field, names in {**required, **optional}.items():
        found = next((n for n in names if n in raw.header), None)
        if found is not None:
            cols[field] = found
        elif field in required:
            missing = True
            alt = f" (or {', '.join(repr(n) for n in names[1:])})" if len(names) > 1 else ""
            ctx.findings.error(
                ctx.label,
                FindingCode.MISSING_COLUMN,
                f"column {names[0]!r}{alt} is missing from the header",
                row=header_row,
                column=names[0],
            )
        else:  # an optional column: its absence is said
            absent_optional(ctx.findings, ctx.label, names[0], field, header_row)
    return None if missing else cols


class _Parsed:
    __slots__ = (
        "urn",
        "setting_type",
        "la_code",
        "sector",
        "name",
        "status",
        "places",
        "registered",
        "date",
        "published",
        "event",
        "event_type",
        "overall",
        "outcome",
        "rownum",
    )
    # the attributes' types (``date`` names an attribute here, hence ``datetime.date``)
    urn: str  # required: a row without one is an error and never parsed
    setting_type: SettingType | None
    la_code: str | None
    sector: Sector
    name: str | None
    status: str | None
    places: int | None
    registered: datetime.date | None
    date: datetime.date | None
    published: datetime.date | None
    event: str | None
    event_type: str | None
    overall: int | None
    outcome: str
    rownum: int

    def __init__(self, **kw: object) -> None:
        for k, v in kw.items():
            setattr(self, k, v)


def _parse(row: Row, cols: dict[str, str], ctx: ReadContext, la_on: str) -> _Parsed | None:
    """Read one provider row. None when the row has an error or is out of scope (with its finding)."""
    errors_before = len(ctx.findings.errors)
    urn = row.text(cols["urn"], required=True)
    ptype = row.text(cols["type"], required=True)
    setting_type = None
    if ptype is not None:
        setting_type = PROVISION_TYPES.get(_key(ptype))
        if setting_type is None:
            row.error(
                cols["type"],
                FindingCode.UNKNOWN_CATEGORY,
                f"{ptype!r} is not a known provision type; expected one of "
                + ", ".join(sorted({k for k in PROVISION_TYPES})),
            )
    inspected = row.date(cols["date"], DATE_FORMATS)
    published = row.date(cols["published"], DATE_FORMATS)
    la_name = row.text(cols["la"])
    if setting_type in NATIONAL_TYPES:
        where = f"places it in {la_name!r}" if la_name else "gives no LA"
        row.warning(
            cols["la"],
            FindingCode.OUT_OF_SCOPE,
            f"{ptype} (URN {urn}) is a national service that no LA is responsible for (the file {where}): "
            "left out",
        )
        return None
    la_code = None
    if la_name is None:
        row.error(
            cols["la"], FindingCode.MISSING_VALUE, "expected the provider's local authority, found a blank"
        )
    else:
        on = (
            (ctx.as_at or published or inspected)
            if la_on == "as_at"
            else (inspected or ctx.as_at or published)
        )
        la_code = ctx.las.match_name(la_name, on=on)
        if la_code is None:
            row.error(
                cols["la"], FindingCode.UNMATCHED_LA_NAME, f"{la_name!r} matches no English local authority"
            )
    sector_text = row.text(cols["sector"])
    sector = Sector.UNKNOWN
    if sector_text is not None:
        found = SECTORS.get(_key(sector_text))
        if found is None:
            row.error(
                cols["sector"],
                FindingCode.UNKNOWN_CATEGORY,
                f"{sector_text!r} is not a known sector; expected one of Local Authority, Private, "
                "Voluntary, Health Authority, Academy, Public sector",
            )
        else:
            sector = found
    places = None
    if "places" in cols:
        value, marker = row.number(cols["places"])
        if marker is not None:
            row.error(
                cols["places"],
                FindingCode.VALUE_EXPECTED,
                f"the status marker {row[cols['places']]!r} stands where the number of places is required",
            )
        elif value is not None:
            if value.is_integer():
                places = int(value)
            else:
                row.error(
                    cols["places"], FindingCode.BAD_NUMBER, f"{row[cols['places']]!r} is not a whole number"
                )
    registered = row.date(cols["registered"], DATE_FORMATS) if "registered" in cols else None
    outcome = row[cols["overall"]]
    overall = None
    if outcome and _key(outcome) not in NOT_GRADES:
        grade = SETTING_GRADE_WORDS.get(_key(re.sub(r"[()]", " ", outcome)))
        if grade is None:
            row.error(
                cols["overall"],
                FindingCode.UNKNOWN_GRADE,
                f"{outcome!r} is not a grade; expected Outstanding, Good, Requires improvement (to be good), "
                "Adequate, Satisfactory or Inadequate (or a non-graded outcome: Not judged, Improved / "
                "Sustained / Declined in effectiveness)",
            )
        else:
            overall = int(grade)
    event = row.text(cols["event"])
    if overall is not None and inspected is None and published is None:
        row.error(
            cols["date"],
            FindingCode.MISSING_VALUE,
            "a graded inspection needs an inspection or publication date",
        )
    if len(ctx.findings.errors) > errors_before:
        return None
    name = row.text(cols["name"]) if "name" in cols else None
    return _Parsed(
        urn=urn,
        setting_type=setting_type,
        la_code=la_code,
        sector=sector,
        name=None if name is None or name.upper() == "REDACTED" else name,
        status=row.text(cols["status"]) if "status" in cols else None,
        places=places,
        registered=registered,
        date=inspected,
        published=published,
        event=event,
        event_type=row.text(cols["event_type"]) if "event_type" in cols else None,
        overall=overall,
        outcome=outcome,
        rownum=row.rownum,
    )


def _inspection_id(p: _Parsed) -> str:
    if p.event:
        return p.event
    when: date | None = p.date or p.published
    return f"{p.urn}:{when.isoformat() if when else ''}"


def _setting(p: _Parsed, source: str) -> dict[str, object]:
    return {
        "urn": p.urn,
        "name": p.name,
        "setting_type": p.setting_type.value if p.setting_type else None,
        "la_code": p.la_code,
        "sector": p.sector.value,
        "registration_date": p.registered,
        "closed_date": None,
        "status": p.status,
        "places": p.places,
        "source": source,
        "synthetic": False,
    }


def _inspection(p: _Parsed, source: str) -> dict[str, object]:
    return {
        "urn": p.urn,
        "inspection_id": _inspection_id(p),
        "inspection_date": p.date,
        "published_date": p.published,
        "known_at": p.published or p.date,
        "overall": p.overall,
        "source": source,
        "synthetic": False,
    }


def _report_ungraded(ctx: ReadContext, counts: Counter[tuple[str, str]], kept_settings: bool) -> None:
    for (event_type, outcome), n in sorted(counts.items()):
        shown = f"outcome {outcome!r}" if outcome else "a blank outcome"
        also = " (the provider's settings row is kept)" if kept_settings else ""
        ctx.findings.warning(
            ctx.label,
            FindingCode.OUT_OF_SCOPE,
            f"{n} row{'s' if n != 1 else ''} of event type {event_type or '(blank)'!r} with {shown}: not a "
            f"graded inspection, left out of setting_inspections{also}",
        )


def _prepare(path: Path, ctx: ReadContext) -> tuple[RawTable, dict[str, str]] | None:
    opened = open_table(path, ctx, "URN")
    if opened is None:
        return None
    raw, header_row = opened
    cols = resolve_columns(raw, ctx, REQUIRED_FIELDS, OPTIONAL_FIELDS, header_row)
    if cols is None:
        return None
    return raw, cols


@reader(
    "ofsted_social_care_providers",
    remit="social_care",
    tables=("settings", "setting_inspections"),
    options={
        "header_row": "Row of the header (default: found automatically, 1 or 2)",
        "sheet": "Sheet name, when the file is a workbook (.ods/.xlsx)",
    },
)
def read_providers(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted social care providers as at 31 March (2018 and 2023 layouts): one ``settings`` row per provider
    and its latest full inspection as a ``setting_inspections`` row when it is graded.

    A URN must appear once (DUPLICATE-KEY otherwise; the later row is left out). The LA is matched on the
    recipe's as-at date (else the row's publication date). See the module documentation for the provision
    types, sectors and grades."""
    prepared = _prepare(path, ctx)
    if prepared is None:
        return {}
    raw, cols = prepared
    source = ctx.source("ofsted_social_care_providers")
    settings: list[dict[str, object]] = []
    inspections: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    ungraded: Counter[tuple[str, str]] = Counter()
    for row in raw:
        urn = row[cols["urn"]]
        if urn and urn in seen:
            row.error(cols["urn"], FindingCode.DUPLICATE_KEY, f"URN {urn} already appears at row {seen[urn]}")
            continue
        p = _parse(row, cols, ctx, la_on="as_at")
        if p is None:
            continue
        seen[p.urn] = p.rownum
        settings.append(_setting(p, source))
        if p.overall is None:
            ungraded[(p.event_type or "", p.outcome)] += 1
        else:
            inspections.append(_inspection(p, source))
    _report_ungraded(ctx, ungraded, kept_settings=True)
    return {
        "settings": canonical.frame("settings", settings),
        "setting_inspections": canonical.frame("setting_inspections", inspections),
    }


@reader(
    "ofsted_social_care_inspections",
    remit="social_care",
    tables=("setting_inspections", "settings"),
    options={
        "header_row": "Row of the header (default: found automatically, 1 or 2)",
        "sheet": "Sheet name, when the file is a workbook (.ods/.xlsx)",
        "settings": "yes (default): also one settings row per URN, from its latest inspection in the file; "
        "no: inspections only (when the at-31-March file of the same release supplies the settings)",
    },
)
def read_inspections(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted social care inspections in year (2017-18 and 2022-23 layouts): one ``setting_inspections`` row
    per graded inspection; interim and monitoring inspections, assurance visits and other non-graded
    outcomes are left out (one OUT-OF-SCOPE warning per event type and outcome with the count).

    A URN appears once per inspection it had; (URN, event number) must be unique (DUPLICATE-KEY otherwise).
    The LA is matched on the inspection date. Unless the option ``settings`` is ``no``, the reader also
    returns one ``settings`` row per URN, taken from the URN's latest row in the file (its registration
    status may be Resigned or Cancelled: providers that closed during the year). A recipe that also reads the
    at-31-March file of the same release should prefer that file's settings row for a URN in both, and drop
    in-year inspection rows whose (URN, inspection_id) it already holds (they agree)."""
    prepared = _prepare(path, ctx)
    if prepared is None:
        return {}
    raw, cols = prepared
    with_settings = str(ctx.options.get("settings", "yes")).lower() not in ("no", "false", "0")
    source = ctx.source("ofsted_social_care_inspections")
    latest: dict[str, tuple[tuple[date, date, int], _Parsed]] = {}
    inspections: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    ungraded: Counter[tuple[str, str]] = Counter()
    for row in raw:
        p = _parse(row, cols, ctx, la_on="inspection")
        if p is None:
            continue
        key = (p.urn, _inspection_id(p))
        if key in seen:
            row.error(
                cols["event"],
                FindingCode.DUPLICATE_KEY,
                f"URN {p.urn} with event number {key[1]} already appears at row {seen[key]}",
            )
            continue
        seen[key] = p.rownum
        order = (p.date or date.min, p.published or date.min, p.rownum)
        if p.urn not in latest or order > latest[p.urn][0]:
            latest[p.urn] = (order, p)
        if p.overall is None:
            ungraded[(p.event_type or "", p.outcome)] += 1
        else:
            inspections.append(_inspection(p, source))
    _report_ungraded(ctx, ungraded, kept_settings=with_settings)
    out = {"setting_inspections": canonical.frame("setting_inspections", inspections)}
    if with_settings:
        out["settings"] = canonical.frame("settings", [_setting(p, source) for _, p in latest.values()])
    return out
