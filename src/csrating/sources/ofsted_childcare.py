"""Reader of Ofsted's childcare providers management information (MI): providers and their inspections.

Ofsted publishes, as a GOV.UK statistical data set, "Childcare providers and inspections: management
information": one row per registered early years or childcare provider that is active on the as-at date,
with its three most recent full inspections. The reader was written against the file as at 31 August 2021
(70,980 providers, 48 columns, dates DD/MM/YYYY; the text is UTF-8 although its provenance note says
Latin-1 - both decode, see ``tabular.decode``).

Mapping
-------
``settings`` (one row per ``Provider URN``):

* ``setting_type`` from ``Provider type``: Childminder -> childminder; Childcare on non-domestic premises ->
  childcare_non_domestic; Childcare on domestic premises -> childcare_domestic; Home childcarer ->
  home_childcarer. Any other type is an UNKNOWN-CATEGORY error.
* ``la_code`` from the ``Local authority`` *name* (the file has no code), matched with
  ``LaReference.match_name`` on the recipe's as-at date. Ofsted's spellings ("Bournemouth, Christchurch &
  Poole", "Southend on Sea", "Bristol") are resolved through the alias list. "Not Recorded" (36 providers
  in 2021, all with region "Not Recorded") is a WARNING OUT-OF-SCOPE and the provider is left out, with its
  inspections; any other name that matches no LA is an UNMATCHED-LA-NAME error.
* ``sector`` is ``unknown``: the file does not say who runs a provider (private, voluntary, school, LA).
* ``name`` from ``Provider name``; Ofsted writes "REDACTED" for childminders and home childcarers, stored as
  null. ``registration_date``, ``status`` (``Provider status``) and ``places`` (``Places``: registered
  places, a whole number; ``Places including estimates`` is not read) as published.

``setting_inspections``: one row for each of the ``Most recent full``, ``Second most recent full`` and
``Third most recent full`` inspections that carries an overall effectiveness grade (1 outstanding ..
4 inadequate). ``inspection_id`` is Ofsted's inspection number, ``inspection_date`` and ``known_at`` are the
inspection date (the file gives no publication date). A blank grade or "-" means not inspected (30,064
providers in 2021 had no full inspection yet) and gives no row. Non-compliance (``NCOR:``) and compliance
(``CR:``) visits are met / not met outcomes, not grades, and are not read; nor are the EIF sub-judgements.

Reconstructing 2009-2011 grades - survivorship bias
---------------------------------------------------
The second and third most recent inspections go back to September 2008, so grades in force around 2009-2011
can be rebuilt from this file. But the file lists only providers still registered on the as-at date: a
childminder who resigned in 2012 is absent, with all her inspections. Providers that left the register were
more often weak ones (a provider judged inadequate may be cancelled or resign), so a 2009 distribution rebuilt
from a 2021 file counts fewer providers than were registered then and is likely to overstate the share judged
good or better. Providers inspected more than three times since 2008 have lost their earliest grades too. Use
such reconstructions as an approximation and say so; do not compare them with Ofsted's 2009 published counts
as if they were like for like.

Problems found
--------------
Each is a finding naming file, row and column; a row with an error is left out (the import is then refused
whole): duplicate ``Provider URN`` (DUPLICATE-KEY, naming the first row), unknown provider type
(UNKNOWN-CATEGORY), unmatched LA name (UNMATCHED-LA-NAME), a date not in DD/MM/YYYY (BAD-DATE), a grade
other than 1-4 or a grade word (UNKNOWN-GRADE), a graded inspection without its number or date
(MISSING-VALUE), a status marker in ``Places`` (VALUE-EXPECTED) or other text there (MARKER-EXPECTED), an
inspection number repeated within a provider (DUPLICATE-KEY).

The childminder agencies file published beside it (``childminder_agencies_<date>.csv``, 9 rows with CA-
references) is not read: agencies are judged effective / not yet effective / ineffective (not on the 1-4
scale), their inspection dates are ranges, they have no setting type in the profile, and they did not exist
before September 2014, so they play no part in a 2009-2011 rating.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from csrating.enums import Sector, SettingType
from csrating.findings import FindingCode
from csrating.sources import canonical, la_structure
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import Row, read_table

NAME = "ofsted_childcare"

URN = "Provider URN"
TYPE = "Provider type"
LA = "Local authority"
POSTCODE = "Postcode"
CONSTITUENCY = "Parliamentary constituency"
REG_DATE = "Registration date"
STATUS = "Provider status"
PLACES = "Places"
PROVIDER_NAME = "Provider name"

# (label used in messages, grade column, inspection number column, inspection date column)
INSPECTION_SLOTS: tuple[tuple[str, str, str, str], ...] = tuple(
    (
        prefix.lower(),
        f"{prefix}: Overall effectiveness",
        f"{prefix}: Inspection number",
        f"{prefix}: Inspection date",
    )
    for prefix in ("Most recent full", "Second most recent full", "Third most recent full")
)

PROVIDER_TYPES: dict[str, SettingType] = {
    "childminder": SettingType.CHILDMINDER,
    "childcare on non-domestic premises": SettingType.CHILDCARE_NON_DOMESTIC,
    "childcare on domestic premises": SettingType.CHILDCARE_DOMESTIC,
    "home childcarer": SettingType.HOME_CHILDCARER,
}

NOT_RECORDED = {"not recorded"}
NOT_GRADED = ("-",)
REDACTED = "REDACTED"
DATE_FORMATS = ("%d/%m/%Y",)

REQUIRED = (URN, TYPE, LA, REG_DATE, STATUS, PLACES, PROVIDER_NAME) + tuple(
    col for slot in INSPECTION_SLOTS for col in slot[1:]
)


def whole_figure(row: Row, column: str) -> int | None:
    """A whole number the file always publishes: a marker -> VALUE-EXPECTED, other text -> MARKER-EXPECTED."""
    value, marker = row.number(column, markers=True)
    if marker is not None:
        row.error(
            column,
            FindingCode.VALUE_EXPECTED,
            f"the status marker {row[column]!r} stands where this file always publishes a figure",
        )
        return None
    if value is None:
        return None
    if not value.is_integer():
        row.error(column, FindingCode.BAD_NUMBER, f"{row[column]!r} is not a whole number")
        return None
    return int(value)


@reader(
    "ofsted_childcare",
    tables=("settings", "setting_inspections"),
    options={
        "la_structure": "Map LAs created after 2009 back to the 2009 structure: '2009' (see "
        "sources/la_structure.py; Bournemouth, Christchurch and Poole split by postcode district)"
    },
    remit="early_years",
)
def read(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """Ofsted childcare providers and inspections MI (CSV, one row per active provider; DD/MM/YYYY dates).

    Maps each provider to ``settings``: type from ``Provider type`` (Childminder, Childcare on non-domestic
    premises, Childcare on domestic premises, Home childcarer), LA from the ``Local authority`` name, sector
    unknown (the file does not say), places, registration date, status; "REDACTED" names become null. Each
    of its most recent, second and third most recent full inspections with a grade becomes a
    ``setting_inspections`` row (inspection number, date, overall effectiveness 1-4, known from the
    inspection date); "-" or blank = not graded, no row. Providers whose LA is "Not Recorded" are left out
    with an OUT-OF-SCOPE warning. Caveat: the file lists only providers still registered on its as-at date,
    so grades rebuilt for 2009-2011 from the earlier inspections suffer survivorship bias (fewer providers,
    probably a rosier picture). Childminder agencies (a separate file) are not read: effective/ineffective
    outcomes, no place in a 2009-2011 profile.
    """
    findings = ctx.findings
    valid, structure = la_structure.read_option(ctx)
    if not valid:
        return {}
    required = REQUIRED if structure is None else (*REQUIRED, POSTCODE, CONSTITUENCY)
    raw = read_table(path, findings, required=required, label=ctx.label)
    if raw is None:
        return {}
    source = ctx.source(NAME)
    settings: list[dict[str, object]] = []
    inspections: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    la_cache: dict[str, str | None] = {}
    dates: dict[str, date] = {}  # the same few thousand dates recur: parse each once
    for row in raw:
        before = len(findings)
        urn = row.text(URN, required=True)
        row.unique(URN, urn, seen, "provider URN")

        la_name = row[LA]
        if la_name.lower() in NOT_RECORDED:
            row.warning(
                LA,
                FindingCode.OUT_OF_SCOPE,
                f"provider {urn} has no local authority ({la_name!r}); left out with its inspections",
            )
            continue
        la_code = _la_code(row, la_name, ctx, la_cache)
        if structure is not None:
            la_code, guessed = la_structure.to_2009(la_code, row[POSTCODE], row[CONSTITUENCY])
            if guessed:
                row.warning(
                    POSTCODE,
                    FindingCode.OUT_OF_SCOPE,
                    f"provider {urn} in Bournemouth, Christchurch and Poole: neither its postcode "
                    f"({row[POSTCODE]!r}) nor its constituency ({row[CONSTITUENCY]!r}) places it in a "
                    "2009 LA; counted in Bournemouth (837)",
                )

        type_text = row.text(TYPE, required=True)
        setting_type = PROVIDER_TYPES.get(type_text.lower()) if type_text else None
        if type_text and setting_type is None:
            row.error(
                TYPE,
                FindingCode.UNKNOWN_CATEGORY,
                f"{type_text!r} is not a provider type this reader knows "
                f"(expected one of: {', '.join(t.capitalize() for t in PROVIDER_TYPES)})",
            )
        registered = _date(row, REG_DATE, dates)
        places = whole_figure(row, PLACES)
        name = row.text(PROVIDER_NAME)

        mine: list[dict[str, object]] = []
        ids: dict[str, str] = {}
        for label, grade_col, number_col, date_col in INSPECTION_SLOTS:
            overall = row.setting_grade(grade_col, blanks=NOT_GRADED)
            if overall is None:
                continue
            number = row.text(number_col, required=True)
            when = _date(row, date_col, dates, required=True)
            if number is not None:
                if number in ids:
                    row.error(
                        number_col,
                        FindingCode.DUPLICATE_KEY,
                        f"inspection number {number} is also the {ids[number]} inspection",
                    )
                ids[number] = label
            mine.append(
                {
                    "urn": urn,
                    "inspection_id": number,
                    "inspection_date": when,
                    "known_at": when,
                    "overall": overall,
                    "source": source,
                    "synthetic": False,
                }
            )

        if len(findings) != before:  # only errors can have been added since the OUT-OF-SCOPE branch
            continue
        settings.append(
            {
                "urn": urn,
                "name": None if name == REDACTED else name,
                "setting_type": setting_type.value if setting_type else None,
                "la_code": la_code,
                "sector": Sector.UNKNOWN.value,
                "registration_date": registered,
                "status": row.text(STATUS),
                "places": places,
                "source": source,
                "synthetic": False,
            }
        )
        inspections.extend(mine)
    return {
        "settings": canonical.frame("settings", settings),
        "setting_inspections": canonical.frame("setting_inspections", inspections),
    }


def _date(row: Row, column: str, cache: dict[str, date], *, required: bool = False) -> date | None:
    text = row[column]
    hit = cache.get(text)
    if hit is not None:
        return hit
    value = row.date(column, DATE_FORMATS, required=required)
    if value is not None:
        cache[text] = value
    return value


def _la_code(row: Row, la_name: str, ctx: ReadContext, cache: dict[str, str | None]) -> str | None:
    if la_name == "":
        row.error(LA, FindingCode.MISSING_VALUE, "expected a local authority name, found a blank cell")
        return None
    if la_name not in cache:
        cache[la_name] = ctx.las.match_name(la_name, on=ctx.as_at)
    code = cache[la_name]
    if code is None:
        row.error(
            LA,
            FindingCode.UNMATCHED_LA_NAME,
            f"the local authority name {la_name!r} matches no English local authority",
        )
    return code
