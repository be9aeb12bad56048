"""One typing of schools and colleges for every reader: establishment type, phase, ages and phase flags
-> the profile's setting type and the sector.

Every school reader describes an establishment with a GIAS establishment type code (the DfE 2017/18 spine's
``NFTYPE`` words are mapped onto those codes by ``SPINE_TYPES``) and whatever phase evidence its file
has: the GIAS phase name, the statutory age range, the spine's ``ISPRIMARY`` / ``ISSECONDARY`` flags.
``type_school`` applies the table below; where the evidence does not settle the type it returns
``other`` with the reason, and the reader adds a warning (UNKNOWN-CATEGORY) and counts it - a school is
never typed by assumption.

Establishment types (GIAS codes):

* mainstream - 1 community, 2 voluntary aided, 3 voluntary controlled, 5 foundation, 28 academy sponsor
  led, 34 academy converter, 35 free school: typed by phase (below);
* 15 local authority nursery school -> nursery_school;
* special - 7 community special, 8 non-maintained special, 12 foundation special, 33 academy special
  sponsor led, 36 free school special, 44 academy special converter -> special_school;
* alternative provision - 14 pupil referral unit, 38 free school AP, 42 academy AP converter, 43 academy
  AP sponsor led -> pupil_referral_unit;
* 6 city technology college, 40 university technical college, 41 studio school -> secondary_school
  (secondary by statute);
* 16-19 - 39 free school 16-19, 45 academy 16-19 converter, 46 academy 16-19 sponsor led ->
  sixth_form_college (stand-alone 16-19 institutions, inspected as sixth-form colleges are); 31 sixth
  form centre -> school_sixth_form;
* 18 further education -> general_fe_college (GIAS does not separate sixth-form colleges from general
  further education colleges; the spine does, see ``SPINE_TYPES``);
* 10 other independent special school, 11 other independent school -> independent_school;
* 24 secure unit, 25 offshore school, 26 service children's education, 27 miscellaneous, 29 higher
  education institution, 30 Welsh establishment, 32 special post-16 institution, 37 British school
  overseas, 49 online provider, 56 institution funded by another government department, 57 academy
  secure 16-19 -> other (known types outside the profile; no finding).

A code not in this list is an UNKNOWN-CATEGORY error of the reader.

Phase of a mainstream school, first evidence that settles it:

1. GIAS phase name: Nursery -> nursery_school; Primary, Middle deemed primary -> primary_school;
   Secondary, Middle deemed secondary -> secondary_school; All-through -> all_through_school;
   16 plus -> school_sixth_form (a stand-alone sixth form run as a school). "Not applicable" or blank
   is no evidence; any other word is the reader's UNKNOWN-CATEGORY error.
2. Phase flags (spine): primary only -> primary_school (nursery_school if the school stops at 5);
   secondary only -> secondary_school; both -> by the age range (3).
3. Age range (lowest and highest age, both known, highest above lowest): lowest 16 or more ->
   school_sixth_form; highest 5 or less -> nursery_school; lowest 7 or less and highest 16 or more ->
   all_through_school; otherwise a middle school is deemed primary when more of its year groups start
   below age 11 than at 11 or over, else secondary (an 8-12 school is deemed primary, 9-13 and 10-13
   secondary, as DfE deems them).
4. Nothing settles it -> other, with the reason.

Sector (who runs the establishment): local_authority for 14 (a pupil referral unit is a school the LA
itself establishes and runs, Education Act 1996 s.19 and Schedule 1; the alternative provision academies
and free schools 38, 42 and 43 are run by academy trusts); independent for 10, 11, 37, 49; voluntary for 8
(non-maintained special schools are run by charities); unknown for 32 (special post-16 institutions,
mostly independent charities); state_funded for every other code (maintained schools, run by their
governing bodies, and academies, run by their trusts).

LA codes outside England's local authorities (``OUTSIDE_ENGLAND``: 000 "does not apply", 660-681 Welsh
authorities, 701-708 offshore and overseas establishments) are left out by the readers with one
OUT-OF-SCOPE warning counting them by code; any other code not in the reference list is an
UNKNOWN-LA-CODE error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from csrating.enums import Sector, SettingType

ST = SettingType

MAINSTREAM = "mainstream"
# GIAS establishment type code -> the setting type (None: mainstream, typed by phase)
ESTABLISHMENT_TYPES: dict[str, SettingType | None] = {
    "1": None,
    "2": None,
    "3": None,
    "5": None,
    "28": None,
    "34": None,
    "35": None,
    "15": ST.NURSERY_SCHOOL,
    **dict.fromkeys(("7", "8", "12", "33", "36", "44"), ST.SPECIAL_SCHOOL),
    **dict.fromkeys(("14", "38", "42", "43"), ST.PUPIL_REFERRAL_UNIT),
    **dict.fromkeys(("6", "40", "41"), ST.SECONDARY_SCHOOL),
    **dict.fromkeys(("39", "45", "46"), ST.SIXTH_FORM_COLLEGE),
    "31": ST.SCHOOL_SIXTH_FORM,
    "18": ST.GENERAL_FE_COLLEGE,
    "10": ST.INDEPENDENT_SCHOOL,
    "11": ST.INDEPENDENT_SCHOOL,
    **dict.fromkeys(("24", "25", "26", "27", "29", "30", "32", "37", "49", "56", "57"), ST.OTHER),
    # the spine's kinds of further education college that GIAS files under 18
    "sixth_form_college": ST.SIXTH_FORM_COLLEGE,
    "specialist_college": ST.OTHER,
}
# The first day a school of these GIAS establishment types could be open: academy converters (and the
# converter, sponsor-led special, AP and 16-19 academies), university technical colleges and studio
# schools date from the Academies Act 2010 (first opened 1 September 2010); free schools from September
# 2011 (the first 24 opened then). A register that gives no open date places such a school no earlier,
# so that a school that converted after a census does not count beside its own predecessor then.
ACADEMIES_FROM, FREE_SCHOOLS_FROM = date(2010, 9, 1), date(2011, 9, 1)
EARLIEST_OPEN: dict[str, date] = {
    **dict.fromkeys(("33", "34", "40", "41", "42", "43", "44", "45", "46"), ACADEMIES_FROM),
    **dict.fromkeys(("35", "36", "38", "39"), FREE_SCHOOLS_FROM),
}


def earliest_open(type_code: str | None, opened: date | None) -> date | None:
    """The open date to use: the register's, else the first day a school of its type could be open
    (``EARLIEST_OPEN``), else unknown (None)."""
    return opened if opened is not None else EARLIEST_OPEN.get(type_code or "")


SECTORS: dict[str, Sector] = {
    "14": Sector.LOCAL_AUTHORITY,
    **dict.fromkeys(("10", "11", "37", "49"), Sector.INDEPENDENT),
    "8": Sector.VOLUNTARY,
    "32": Sector.UNKNOWN,
}

# DfE 2017/18 spine NFTYPE -> GIAS establishment type code (spaces folded, case ignored)
SPINE_TYPES: dict[str, str] = {
    "community school": "1",
    "voluntary aided school": "2",
    "voluntary controlled school": "3",
    "foundation school": "5",
    "city technology college": "6",
    "community special school": "7",
    "non-maintained special school": "8",
    "other independent special school": "10",
    "other independent school": "11",
    "foundation special school": "12",
    "pupil referral unit": "14",
    "local authority nursery school": "15",
    "general further education college": "18",
    "sixth form college": "sixth_form_college",
    "agriculture and horticulture college": "specialist_college",
    "art, design and performing art college": "specialist_college",
    "specialist designated college": "specialist_college",
    "service childrens education": "26",
    "academy sponsor led mainstream": "28",
    "sixth form centre/consortia": "31",
    "academy - sponsor led special school": "33",
    "academy - converter mainstream": "34",
    "free school - mainstream": "35",
    "free school - special": "36",
    "free school - alternative provision": "38",
    "free school 16-19": "39",
    "university technical college": "40",
    "studio school": "41",
    "academy - converter alternative provision": "42",
    "academy - sponsor led alternative provision": "43",
    "academy - converter special school": "44",
    "academy 16-19 converter": "45",
    "academy 16-19 sponsor led": "46",
    "institution funded by other government department": "56",
}

PHASES: dict[str, SettingType | None] = {
    "nursery": ST.NURSERY_SCHOOL,
    "primary": ST.PRIMARY_SCHOOL,
    "middle deemed primary": ST.PRIMARY_SCHOOL,
    "secondary": ST.SECONDARY_SCHOOL,
    "middle deemed secondary": ST.SECONDARY_SCHOOL,
    "all-through": ST.ALL_THROUGH_SCHOOL,
    "all through": ST.ALL_THROUGH_SCHOOL,
    "16 plus": ST.SCHOOL_SIXTH_FORM,
    "not applicable": None,
}

OUTSIDE_ENGLAND = frozenset({"000", *map(str, range(660, 682)), *map(str, range(701, 709))})
SECONDARY_AGE = 11  # the first year group of secondary education starts at 11


def known_phase(phase: str) -> bool:
    """Whether a phase name is one GIAS uses (an unknown one is the reader's UNKNOWN-CATEGORY error)."""
    return " ".join(phase.lower().split()) in PHASES


def spine_type_code(nftype: str) -> str | None:
    """The GIAS establishment type code of a spine NFTYPE word (None: not one the table knows)."""
    return SPINE_TYPES.get(" ".join(nftype.lower().split()))


@dataclass(frozen=True)
class SchoolType:
    setting_type: SettingType
    sector: Sector
    untyped: str | None = None  # why a school is 'other' for want of evidence (None: it is typed)


def type_school(
    type_code: str,
    *,
    phase: str | None = None,
    age_low: int | None = None,
    age_high: int | None = None,
    primary: bool | None = None,
    secondary: bool | None = None,
) -> SchoolType | None:
    """The setting type and sector of an establishment (None: the type code is not one GIAS has)."""
    if type_code not in ESTABLISHMENT_TYPES:
        return None
    sector = SECTORS.get(type_code, Sector.STATE_FUNDED)
    fixed = ESTABLISHMENT_TYPES[type_code]
    if fixed is not None:
        return SchoolType(fixed, sector)
    by_phase = _by_phase(phase, age_low, age_high, primary, secondary)
    if isinstance(by_phase, SettingType):
        return SchoolType(by_phase, sector)
    return SchoolType(ST.OTHER, sector, by_phase)


def _by_phase(
    phase: str | None, low: int | None, high: int | None, primary: bool | None, secondary: bool | None
) -> SettingType | str:
    """A mainstream school's type from its phase evidence, or the reason it cannot be typed."""
    typed = PHASES.get(" ".join(phase.lower().split())) if phase else None
    if typed is not None:
        return typed
    ages = low is not None and high is not None and high > low
    if primary and not secondary:
        return ST.NURSERY_SCHOOL if ages and high is not None and high <= 5 else ST.PRIMARY_SCHOOL
    if secondary and not primary:
        return ST.SECONDARY_SCHOOL
    if not ages:
        return "no phase and no usable age range" if primary is None else "no phase flag and no usable ages"
    assert low is not None and high is not None
    if low >= 16:
        return ST.SCHOOL_SIXTH_FORM
    if high <= 5:
        return ST.NURSERY_SCHOOL
    if primary is False and secondary is False:
        return f"neither primary nor secondary, ages {low}-{high}"
    if low <= 7 and high >= 16:
        return ST.ALL_THROUGH_SCHOOL
    primary_years = max(0, min(high, SECONDARY_AGE) - low)
    secondary_years = max(0, high - max(low, SECONDARY_AGE))
    return ST.PRIMARY_SCHOOL if primary_years > secondary_years else ST.SECONDARY_SCHOOL
