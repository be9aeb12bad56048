"""Readers of DfE's looked-after children (CLA) tables of 2007/08-2011/12: the National Indicators of looked
after children and care leavers (NI 58, 61, 62, 71, 99, 100, 101, 147, 148) for every LA, region and England.

Three readers share one core, one per family of published layouts:

* ``dfe_cla_903``: the SSDA903 underlying data of "Children looked after in England (including adoption and
  care leavers)" (SFR 21/2011, SFR 20/2012): children looked after at 31 March (NI 62), adoptions (NI 61),
  care leavers now aged 19 (NI 147, NI 148). Geography columns ``New_geog_code, geog_l, geog_c, geog_n``.
* ``dfe_cla_outcomes``: the underlying data of "Outcomes for children looked after" (SFR 38/2010, SFR 30/2011,
  SFR 32/2012): Key Stage 2 and 4 attainment (NI 99, 100, 101, as time series 2007-2011 and 2008-2012) and
  the OC2 health table of 2011 (NI 58, the only one of the three years to carry the total SDQ score).
* ``dfe_cla_ni71``: OSR 23/2010, the LAs' self-evaluation scores on children missing from home or care
  (NI 71), seven quarterly returns October 2008 - June 2010.

Each layout is recognised from its header (a header that fits none is a MISSING-COLUMN error naming what each
layout needs: a wrong-shaped header never reads as an empty file). Indicators are computed from the published
counts as the NIS 2008 handbook defines them (``DEFINITIONS``), keeping numerator and denominator; a
suppressed count gives a marker and a null value, never 0.

Periods follow the other readers: a year ending 31 March 2011 and the school year 2010/11 (tests in summer
2011) are both period ``2010/11``, year 2011 (the calendar year the period ends in), as ``seeds-2009`` stores
its NIS values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from csrating.enums import AreaType, EcmOutcome, Polarity
from csrating.findings import FindingCode, Findings
from csrating.sources import canonical
from csrating.sources.dfe_ees import drop_duplicates
from csrating.sources.indicator_common import (
    REGION_CODES,
    marker_table,
    normalise_region,
    parse_cells,
    parse_extra_markers,
)
from csrating.sources.la_codes import ENGLAND_CODE, normalise_name
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import RawTable, read_table

# ---------------------------------------------------------------------------------------------- definitions

HANDBOOK = (
    "National Indicators for Local Authorities and Local Authority Partnerships: Handbook of Definitions "
    "(Communities and Local Government, April 2008; children's indicators as revised for 2009/10)"
)
DEFINITIONS_DATED = date(2008, 4, 1)  # the NIS handbook the definitions below are taken from


@dataclass(frozen=True)
class NiDefinition:
    """One National Indicator as the NIS 2008 handbook defines it, and the table columns that give it."""

    ni: str  # the NIS number, bare
    name: str
    ecm_outcome: EcmOutcome
    polarity: Polarity
    numerator: str  # as the handbook defines it
    denominator: str
    columns: str  # which published columns give numerator and denominator, per layout
    deviation: str = ""  # where the published table differs from the handbook's definition
    unit: str = "%"
    decimal_places: int = 1
    scale: float = 100.0  # value = scale * numerator / denominator (100 for a percentage)

    @property
    def code(self) -> str:
        """The project's code for the NI, as in seeds-2009 and the methodology's profile list."""
        return f"NI{self.ni}"

    def row(self, source: str) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "ecm_outcome": self.ecm_outcome.value,
            "polarity": self.polarity.value,
            "unit": self.unit,
            "decimal_places": self.decimal_places,
            "topic": "looked after children",
            "ni_code": self.ni,
            "source": source,
            "synthetic": False,
        }


_LAC12 = (
    "The cohort is children looked after continuously for 12 months at 31 March (the SSDA903 OC2 cohort); "
    "the handbook's is at 30 September (the OC2 return moved to 31 March in 2009-10 and DfE's time series "
    "re-states the earlier years on the new cohort)."
)

_KS2_NUMERATOR = (
    "Children looked after continuously for 12 months in year 6 who achieved level 4 or above in the Key "
    "Stage 2 {subject} test"
)
_KS2_DENOMINATOR = (
    "Children looked after continuously for 12 months in year 6 eligible for the Key Stage 2 tests"
)
_KS2_DEVIATION = (
    _LAC12
    + " SFR 32/2012 counts only children matched to the National Pupil Database; SFR 38/2010 divides by "
    "children who took part (2010 was the year of the KS2 test boycott)."
)

_CARE_LEAVERS = (
    "Former relevant young people aged 19 who were looked after on 1 April in their 17th year (aged 16) and "
    "{what}"
)
_CARE_LEAVERS_ALL = (
    "All former relevant young people aged 19 who were looked after on 1 April in their 17th year (including "
    "those the LA is not in touch with)"
)


def _ks2_definition(ni: str, subject: str, columns: str) -> NiDefinition:
    """NI 99 and NI 100 differ only by subject."""
    return NiDefinition(
        ni,
        f"Looked after children reaching level 4 in {subject} at Key Stage 2",
        EcmOutcome.ENJOYING_AND_ACHIEVING,
        Polarity.HIGH,
        numerator=_KS2_NUMERATOR.format(subject=subject),
        denominator=_KS2_DENOMINATOR,
        columns=columns,
        deviation=_KS2_DEVIATION,
    )


def _care_leavers_definition(ni: str, where: str, what: str, columns: str) -> NiDefinition:
    """NI 147 and NI 148: the same cohort of care leavers at 19, in suitable accommodation / in EET."""
    return NiDefinition(
        ni,
        f"Care leavers in {where} at 19",
        EcmOutcome.ECONOMIC_WELL_BEING,
        Polarity.HIGH,
        numerator=_CARE_LEAVERS.format(what=what),
        denominator=_CARE_LEAVERS_ALL,
        columns=columns,
    )


DEFINITIONS: dict[str, NiDefinition] = {
    d.code: d
    for d in (
        NiDefinition(
            "58",
            "Emotional and behavioural health of looked after children (average SDQ score)",
            EcmOutcome.BEING_HEALTHY,
            Polarity.LOW,
            unit="average SDQ score (0-40)",
            scale=1.0,
            numerator="Sum of the total difficulties scores of the Strengths and Difficulties Questionnaires "
            "(SDQ) of children aged 4-16 looked after continuously for 12 months at 31 March",
            denominator="Number of those children with an SDQ score",
            columns="SFR 30/2011 OC2.csv: 'Total SDQ score received' / 'Number of eligible children with an "
            "SDQ score'",
            deviation="Only 2010/11 carries the total score: the 2010 OC2 table has no SDQ columns and the "
            "2012 one has banded counts (normal / borderline / concern) only, from which no average follows.",
        ),
        NiDefinition(
            "61",
            "Looked after children adopted who were placed for adoption within 12 months of the "
            "decision that they should be",
            EcmOutcome.STAYING_SAFE,
            Polarity.HIGH,
            numerator="Children who ceased to be looked after during the year on adoption who had been "
            "placed for adoption within 12 months of the agency decision that they should be placed for "
            "adoption",
            denominator="Children who ceased to be looked after during the year on adoption",
            columns="SFR21_ADP.csv / SFR20_ADP2012.csv: CLA_Adop_PL12mnths / CLA_ceaAdop",
        ),
        NiDefinition(
            "62",
            "Looked after children with three or more placements during the year",
            EcmOutcome.STAYING_SAFE,
            Polarity.LOW,
            numerator="Children looked after at 31 March with three or more separate placements during the "
            "year ending 31 March",
            denominator="Children looked after at 31 March",
            columns="SFR21_CLA.csv / SFR20_CLA2012.csv: CLA_3Pla / CLA_Mar2011 (CLA_Mar2012)",
        ),
        NiDefinition(
            "71",
            "Children who have run away from home or care overnight: LA self-evaluation score",
            EcmOutcome.STAYING_SAFE,
            Polarity.HIGH,
            unit="score (0-15)",
            scale=1.0,
            numerator="The LA's self-evaluation score, the sum of five criteria each scored 0-3 (information "
            "gathered, needs analysis, procedures agreed, out-of-hours protocols, needs-assessment "
            "protocols); England and regions: the mean of their LAs' scores",
            denominator="(none: a score)",
            columns="OSR23_2010_UD.csv: Overall_2 (return Jan-Mar 2009 -> 2008/09) and Overall_6 (Jan-Mar "
            "2010 -> 2009/10)",
            deviation="Higher is better (0 low - 3 high per criterion, OSR 23/2010); METHODOLOGY section 6 "
            "lists NI 71 as lower-is-better [assumed], which holds for a count of runaways, not for this "
            "score. The year's value is the return of its last quarter (January-March); the other five "
            "quarterly returns are not read.",
        ),
        _ks2_definition(
            "99",
            "English",
            "SFR 30/2011 KS2_Attainment_2007-2011_LA.csv: 'Number achieving Level 4 in English YYYY' / "
            "'Total eligible for KS2 tests YYYY'; SFR 32/2012 TableLA2: Lev4_eng_YYYY / Elig_eng_YYYY; SFR "
            "38/2010 KS2_Final_V2.csv: 'Number of children achieving level 4 in English' / 'Number of Key "
            "Stage 2 children participating'",
        ),
        _ks2_definition("100", "mathematics", "As NI 99 with Maths / Lev4_maths_YYYY / Elig_maths_YYYY"),
        NiDefinition(
            "101",
            "Looked after children achieving 5 A*-C GCSEs (or equivalent) at Key Stage 4 including "
            "English and mathematics",
            EcmOutcome.ENJOYING_AND_ACHIEVING,
            Polarity.HIGH,
            numerator="Children looked after continuously for 12 months in year 11 who achieved 5 or more "
            "GCSEs at grades A*-C or equivalent including English and mathematics",
            denominator="Children looked after continuously for 12 months in year 11",
            columns="SFR 30/2011 KS4_Attainment_2007-2011_LA.csv: 'Number of children achieving 5+ GCSEs at "
            "grades A*-C including English & mathematics YYYY' / 'Number eligible to sit GCSEs YYYY'; SFR "
            "32/2012 TableLA3: 5_GCSE_EM_YYYY / Elig_KS4_YYYY; SFR 38/2010 KS4_Final_V2.csv: 'Number of "
            "children achieving 5 or more GCSEs at grades A*-C including English & mathematics' / 'Number "
            "KS4 children as returned on SSDA903'",
            deviation=_LAC12 + " SFR 32/2012 counts only children matched to the National Pupil Database.",
        ),
        _care_leavers_definition(
            "147",
            "suitable accommodation",
            "are in suitable accommodation",
            "SFE21_19YEARS.csv / SFR20_19Yrs2012.csv: Acc_SUIT / All_aged19",
        ),
        _care_leavers_definition(
            "148",
            "education, employment or training",
            "are in education, training or employment",
            "SFE21_19YEARS.csv / SFR20_19Yrs2012.csv: Act_HE + Act_OE + Act_TE / All_aged19 (a suppressed "
            "part suppresses the sum)",
        ),
    )
}

NOT_DERIVED: dict[str, str] = {
    "NI63": "Placement stability: the handbook's denominator is children under 16 at 31 March looked after "
    "continuously for 2.5 years or more, its numerator those of them in the same placement (or placed for "
    "adoption after it) for 2 years or more. SFR21/SFR20's CLA_P2yrs counts every child looked after at 31 "
    "March in the same placement for 2 years, of any age and time in care, and no column gives the "
    "denominator: NI 63 cannot be computed from these tables.",
}


# ---------------------------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Measure:
    """How a layout gives one indicator: header patterns (full match, case-insensitive) of its numerator
    parts, its denominator, or the published value itself. A ``(?P<key>...)`` group names the year (or, with
    ``keys``, the return whose year ``keys`` gives); without one the year comes from the header or option."""

    code: str
    numerator: tuple[str, ...] = ()
    denominator: str | None = None
    value: str | None = None
    keys: Mapping[str, int] | None = None

    def patterns(self) -> dict[str, str]:
        out = {
            f"numerator {i + 1}" if len(self.numerator) > 1 else "numerator": p
            for i, p in enumerate(self.numerator)
        }
        if self.denominator:
            out["denominator"] = self.denominator
        if self.value:
            out["value"] = self.value
        return out


@dataclass(frozen=True)
class Place:
    """What a row says about its area: level ('england', 'region', 'la' or None), codes and names."""

    level: str | None
    code: str = ""
    name: str = ""
    ons: str = ""  # an ONS region code given by the file
    level_text: str = ""


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    signature: tuple[str, ...]  # header patterns that must all be present
    place: Callable[[Mapping[str, str]], Place]
    measures: tuple[Measure, ...]
    year_hint: str | None = None  # a header pattern whose group gives the year, where no measure has a key
    code_column: str = ""
    name_column: str = ""
    level_column: str = ""


def _cells(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    d = {f"#{i + 1}": (cells[i] if i < len(cells) else "").strip() for i in range(len(header))}
    for i, h in enumerate(header):
        if h:
            d.setdefault(h, d[f"#{i + 1}"])
    return d


def _place_903(c: Mapping[str, str]) -> Place:
    level = c["geog_l"].strip().upper()
    kind = {"NATIONAL": "england", "REGION": "region", "LA": "la"}.get(level)
    return Place(kind, c["geog_c"], c["geog_n"], c["New_geog_code"], c["geog_l"])


def _place_osr23(c: Mapping[str, str]) -> Place:
    level = c["Geog_lev"].strip().lower()
    kind = {"country": "england", "gor": "region", "la": "la"}.get(level)
    return Place(kind, c["Geog_code"], c["Geog_name"], "", c["Geog_lev"])


def _place_by_position(c: Mapping[str, str]) -> Place:
    """SFR 38/2010 and 30/2011: LA number (letters or 99x for regions, blank in 2010) then the area name."""
    code, name = c["#1"], c["#2"]
    if normalise_region(name) == "england":
        return Place("england", code, name)
    if region_of(name):
        return Place("region", code, name)
    return Place("la", code, name)


def _place_sfr32(c: Mapping[str, str]) -> Place:
    if c["la_code"]:
        return Place("la", c["la_code"], c["la_name"])
    if c["gor_name"]:
        return Place("region", c["gor_code"], c["gor_name"])
    if normalise_region(c["country_name"]) == "england":
        return Place("england", c["country_code"], c["country_name"])
    return Place(None, "", "", "", "")


# region names as these files spell them, beyond indicator_common's (compared after normalise_region)
REGION_ALIASES = {
    "yorks and the humber": "E12000003",
    "yorkshire and humberside": "E12000003",
    "yorkshire and humber": "E12000003",
}


def region_of(name: str) -> str | None:
    key = normalise_region(name)
    return REGION_CODES.get(key) or REGION_ALIASES.get(key)


_GEO_903 = ("New_geog_code", "geog_l", "geog_c", "geog_n")
_GEO_SFR32 = ("country_code", "country_name", "gor_code", "gor_name", "la_code", "la_name")
_Y = r"(?P<key>(19|20)\d\d)"


def _positional(
    name: str, title: str, signature: str, *measures: Measure, year_hint: str | None = None
) -> Layout:
    """SFR 38/2010 and 30/2011: the LA number, then the area name, in the first two columns."""
    return Layout(name, title, (signature,), _place_by_position, measures, year_hint, "#1", "#2")


def _sfr32(name: str, title: str, signature: str, *measures: Measure) -> Layout:
    return Layout(name, title, (*_GEO_SFR32, signature), _place_sfr32, measures, None, "la_code", "la_name")


def _ratio(code: str, numerator: str, denominator: str) -> Measure:
    return Measure(code, numerator=(numerator,), denominator=denominator)


def _ks2(english: str, maths: str, eligible: str, eligible_maths: str | None = None) -> tuple[Measure, ...]:
    """NI 99 and NI 100: level 4 in English and in maths over the children eligible."""
    return _ratio("NI99", english, eligible), _ratio("NI100", maths, eligible_maths or eligible)


_A_C_EM = r"GCSEs at grades A\*-C including English & mathematics"

LAYOUTS_903 = (
    Layout(
        "sfr21_903",
        "SFR 21/2011 and SFR 20/2012 underlying data (SFR21_CLA, SFR21_ADP, SFE21_19YEARS and their 2012 "
        "twins)",
        signature=_GEO_903,
        place=_place_903,
        measures=(
            _ratio("NI62", "CLA_3Pla", r"CLA_Mar(19|20)\d\d"),
            _ratio("NI61", "CLA_Adop_PL12mnths", "CLA_ceaAdop"),
            _ratio("NI147", "Acc_SUIT", "All_aged19"),
            Measure("NI148", numerator=("Act_HE", "Act_OE", "Act_TE"), denominator="All_aged19"),
        ),
        year_hint=r"CLA_(?:Mar|started)((?:19|20)\d\d)",
        code_column="geog_c",
        name_column="geog_n",
        level_column="geog_l",
    ),
)

LAYOUTS_OUTCOMES = (
    _positional(
        "sfr30_2011_ks2",
        "SFR 30/2011 KS2_Attainment_2007-2011_LA.csv (Key Stage 2, 2007-2011)",
        r"Total eligible for KS2 tests (19|20)\d\d",
        *_ks2(
            rf"Number achieving Level 4 in English {_Y}",
            rf"Number achieving Level 4 in Maths {_Y}",
            rf"Total eligible for KS2 tests {_Y}",
        ),
    ),
    _positional(
        "sfr30_2011_ks4",
        "SFR 30/2011 KS4_Attainment_2007-2011_LA.csv (Key Stage 4, 2007-2011)",
        r"Number eligible to sit GCSEs (19|20)\d\d",
        _ratio(
            "NI101",
            rf"Number of children achieving 5\+ {_A_C_EM} {_Y}",
            rf"Number eligible to sit GCSEs {_Y}",
        ),
    ),
    _positional(
        "sfr30_2011_oc2",
        "SFR 30/2011 OC2.csv (health and SDQ of children looked after for 12 months at 31 March 2011)",
        "Total SDQ score received",
        _ratio("NI58", "Total SDQ score received", "Number of eligible children with an SDQ score"),
        year_hint=r"Number of children looked after continuously for 12 months at 31 March ((?:19|20)\d\d)",
    ),
    _positional(
        "sfr38_2010_ks2",
        "SFR 38/2010 KS2_Final_V2.csv (Key Stage 2, 2010; give option year: 2010)",
        "Number of Key Stage 2 children participating",
        *_ks2(
            "Number of children achieving level 4 in English",
            "Number of children achieving level 4 in Maths",
            "Number of Key Stage 2 children participating",
        ),
    ),
    _positional(
        "sfr38_2010_ks4",
        "SFR 38/2010 KS4_Final_V2.csv (Key Stage 4, 2010; give option year: 2010)",
        "Number KS4 children as returned on SSDA903",
        _ratio(
            "NI101",
            rf"Number of children achieving 5 or more {_A_C_EM}",
            "Number KS4 children as returned on SSDA903",
        ),
    ),
    _sfr32(
        "sfr32_2012_ks2",
        "SFR 32/2012 SFR32_2012_TableLA2_KS2_UD.csv (Key Stage 2, 2008-2012)",
        r"Elig_eng_(19|20)\d\d",
        *_ks2(rf"Lev4_eng_{_Y}", rf"Lev4_maths_{_Y}", rf"Elig_eng_{_Y}", rf"Elig_maths_{_Y}"),
    ),
    _sfr32(
        "sfr32_2012_ks4",
        "SFR 32/2012 SFR32_2012_TableLA3_KS4_UD.csv (Key Stage 4, 2008-2012)",
        r"Elig_KS4_(19|20)\d\d",
        _ratio("NI101", rf"5_GCSE_EM_{_Y}", rf"Elig_KS4_{_Y}"),
    ),
)

# OSR 23/2010's returns: 1 Oct-Dec 2008 ... 7 Apr-Jun 2010; the January-March return stands for its year
NI71_RETURNS = {"2": 2009, "6": 2010}

LAYOUTS_NI71 = (
    Layout(
        "osr23_2010",
        "OSR 23/2010 OSR23_2010_UD.csv (self-evaluation scores, seven quarterly returns Oct 2008 - Jun 2010)",
        signature=("Geog_lev", "Geog_code", "Geog_name", r"Overall_\d"),
        place=_place_osr23,
        measures=(Measure("NI71", value=r"Overall_(?P<key>\d)", keys=NI71_RETURNS),),
        code_column="Geog_code",
        name_column="Geog_name",
        level_column="Geog_lev",
    ),
)


# ---------------------------------------------------------------------------------------------- the core

# The files' status symbols (their metadata): x "numbers from one to five inclusive ... replaced by a cross"
# -> c (suppressed); "." "data not available for a given year" (an LA before it existed) -> z; '-' (OSR 23:
# no return that quarter) -> x, as in tabular.MARKERS.
CLA_MARKERS = {"x": "c", ".": "z"}

OPTIONS = {
    "year": "The year the file's period ends in (2011 for the year ending 31 March 2011 or the school year "
    "2010/11), where the header does not say it (SFR21_ADP, SFE21_19YEARS, SFR 38/2010 KS files); checked "
    "against the header where it does",
    "years": "Only these years ([2009, 2010]); default: every year the file carries",
    "markers": "Extra or changed status symbols: {symbol: c|x|z|low} (defaults: x -> c, '.' -> z, '-' -> x)",
    "blank_marker": "Marker (c, x, z, low) for blank figure cells; by default a blank is MISSING-VALUE",
}


@dataclass
class _Options:
    year: int | None = None
    years: set[int] | None = None
    markers: dict[str, str] = field(default_factory=dict)
    blank_marker: str | None = None


def _options(options: Mapping[str, Any], label: str, findings: Findings) -> _Options | None:
    out = _Options()
    ok = True
    unknown = set(options) - set(OPTIONS)
    if unknown:
        findings.error(
            label,
            FindingCode.BAD_RECIPE,
            f"unknown option(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(OPTIONS)}",
        )
        ok = False
    y = options.get("year")
    if y is not None:
        if not _is_year(y):
            findings.error(label, FindingCode.BAD_RECIPE, f"option 'year' {y!r}: expected a year like 2011")
            ok = False
        else:
            out.year = int(y)
    ys = options.get("years")
    if ys is not None:
        if not isinstance(ys, list) or not all(_is_year(v) for v in ys):
            findings.error(label, FindingCode.BAD_RECIPE, f"option 'years' {ys!r}: expected a list of years")
            ok = False
        else:
            out.years = {int(v) for v in ys}
    out.markers = parse_extra_markers(options.get("markers"), label, findings)
    b = options.get("blank_marker")
    if b is not None:
        if str(b) not in ("c", "x", "z", "low"):
            findings.error(
                label, FindingCode.BAD_RECIPE, f"option 'blank_marker' {b!r}: expected c, x, z or low"
            )
            ok = False
        else:
            out.blank_marker = str(b)
    return out if ok else None


def _is_year(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1990 <= v <= 2100


def period_label(year: int) -> str:
    """2011 -> '2010/11': the year ending 31 March 2011, or the school year whose tests are in summer 2011."""
    return f"{year - 1}/{year % 100:02d}"


def _match(pattern: str, header: str) -> re.Match[str] | None:
    return re.fullmatch(pattern, header, flags=re.IGNORECASE)


def _detect(layouts: Sequence[Layout], raw: RawTable, label: str, findings: Findings) -> Layout | None:
    header = raw.header
    for lay in layouts:
        if all(any(_match(p, h) for h in header) for p in lay.signature):
            return lay
    wanted = "; ".join(
        f"{lay.name} ({lay.title}) needs "
        + ", ".join(repr(p) for p in lay.signature if not any(_match(p, h) for h in header))
        for lay in layouts
    )
    findings.error(
        label,
        FindingCode.MISSING_COLUMN,
        f"the header fits none of the layouts this reader knows: {wanted}",
        row=1,
    )
    return None


@dataclass
class _Plan:
    """One indicator in one year: the columns of its parts."""

    code: str
    year: int
    numerator: list[str]
    denominator: str | None
    value: str | None


def _plans(lay: Layout, raw: RawTable, opts: _Options, label: str, findings: Findings) -> list[_Plan]:
    header = [h for h in raw.header if h]
    hint = _year_hint(lay, header, opts, label, findings)
    plans: list[_Plan] = []
    for m in lay.measures:
        found: dict[int | None, dict[str, str]] = {}
        for role, pattern in m.patterns().items():
            for h in header:
                hit = _match(pattern, h)
                if not hit:
                    continue
                key = hit.groupdict().get("key")
                if key is None:
                    year: int | None = hint
                elif m.keys is not None:
                    if key not in m.keys:
                        continue
                    year = m.keys[key]
                else:
                    year = int(key)
                found.setdefault(year, {})[role] = h
        roles = m.patterns()
        if m.keys is not None:  # a layout that names its returns: each of them must be there
            for key, year in sorted(m.keys.items()):
                if year not in found and (opts.years is None or year in opts.years):
                    want = next(iter(roles.values())).replace("(?P<key>\\d)", key)
                    findings.error(
                        label,
                        FindingCode.MISSING_COLUMN,
                        f"{m.code} {year}: no column {want!r} (the return this reader reads for {year})",
                        row=1,
                        column=want,
                    )
        for year, cols in sorted(found.items(), key=lambda kv: kv[0] or 0):
            missing = [r for r in roles if r not in cols]
            for r in missing:
                want = _human(roles[r], year)
                findings.error(
                    label,
                    FindingCode.MISSING_COLUMN,
                    f"{m.code}{'' if year is None else f' {year}'}: no column {want!r} for its {r} (found "
                    f"{', '.join(repr(c) for c in cols.values())})",
                    row=1,
                    column=want,
                )
            if missing:
                continue
            if year is None:
                findings.error(
                    label,
                    FindingCode.BAD_RECIPE,
                    f"{m.code}: the header does not say which year the file is for; give option 'year'",
                )
                continue
            if opts.years is not None and year not in opts.years:
                continue
            nums = [cols[r] for r in roles if r.startswith("numerator")]
            plans.append(_Plan(m.code, year, nums, cols.get("denominator"), cols.get("value")))
    if not plans and not findings.has_errors:
        findings.error(
            label,
            FindingCode.MISSING_COLUMN,
            f"the {lay.name} file carries none of the indicators this reader computes "
            f"({', '.join(m.code for m in lay.measures)})"
            + ("" if opts.years is None else f" in the years {sorted(opts.years)}"),
            row=1,
        )
    return plans


def _human(pattern: str, year: int | None) -> str:
    """A header pattern as a person reads it: the year filled in (or YYYY), regex escapes gone."""
    s = pattern.replace(_Y, str(year) if year else "YYYY").replace(r"(19|20)\d\d", "YYYY")
    return re.sub(r"\\(.)", r"\1", s)


def _year_hint(
    lay: Layout, header: Sequence[str], opts: _Options, label: str, findings: Findings
) -> int | None:
    said = None
    if lay.year_hint:
        for h in header:
            hit = _match(lay.year_hint, h)
            if hit:
                said = int(next(g for g in hit.groups() if g))
                break
    if said is not None and opts.year is not None and said != opts.year:
        findings.error(
            label,
            FindingCode.BAD_RECIPE,
            f"option 'year' is {opts.year} but the header says {said}",
        )
    return opts.year if opts.year is not None else said


def _column_label(lay: Layout, header: Sequence[str], col: str) -> str:
    """How a finding names a geography column: its header, or 'column A'/'column B' where it is blank."""
    if col.startswith("#"):
        i = int(col[1:]) - 1
        return header[i] if i < len(header) and header[i] else f"column {chr(ord('A') + i)}"
    return col


def _areas(
    lay: Layout, raw: RawTable, ctx: ReadContext, label: str, on: date
) -> list[tuple[int, str, str] | None]:
    """Per data row: (row number, area_type, area_code), or None where the row is left out with a finding."""
    findings = ctx.findings
    header = raw.header
    code_col = _column_label(lay, header, lay.code_column)
    name_col = _column_label(lay, header, lay.name_column)
    level_col = _column_label(lay, header, lay.level_column) if lay.level_column else name_col
    out: list[tuple[int, str, str] | None] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in raw.rows:
        area = _area(lay, _cells(header, cells), ctx, label, number, (code_col, name_col, level_col), on)
        if area is not None and area[1:] in seen:
            findings.error(
                label,
                FindingCode.DUPLICATE_KEY,
                f"{area[1]} {area[2]} is already on row {seen[area[1:]]}; this row is left out",
                row=number,
                column=code_col,
            )
            area = None
        elif area is not None:
            seen[area[1:]] = number
        out.append(area)
    return out


def _area(
    lay: Layout,
    c: Mapping[str, str],
    ctx: ReadContext,
    label: str,
    number: int,
    cols: tuple[str, str, str],
    on: date,
) -> tuple[int, str, str] | None:
    findings = ctx.findings
    code_col, name_col, level_col = cols
    p = lay.place(c)
    if p.level == "england":
        return (number, AreaType.ENGLAND.value, ENGLAND_CODE)
    if p.level == "la":
        return _la(p, ctx, label, number, code_col, name_col, on)
    if p.level == "region":
        # by name first: SFR21 gives Inner and Outer London the E12 code of London
        ons = region_of(p.name) or (p.ons if p.ons in REGION_CODES.values() else None)
        if ons is not None:
            return (number, AreaType.REGION.value, ons)
        findings.error(
            label,
            FindingCode.UNKNOWN_CATEGORY,
            f"{p.name!r} is not the name of an English region",
            row=number,
            column=name_col,
        )
        return None
    findings.error(
        label,
        FindingCode.UNKNOWN_CATEGORY,
        f"{p.level_text!r} is not a geography level this file uses (national, region, LA)",
        row=number,
        column=level_col,
    )
    return None


def _la(
    p: Place, ctx: ReadContext, label: str, number: int, code_col: str, name_col: str, on: date
) -> tuple[int, str, str] | None:
    findings = ctx.findings
    if not p.code:
        findings.error(
            label, FindingCode.MISSING_VALUE, f"no LA code for {p.name!r}", row=number, column=code_col
        )
        return None
    la = ctx.las.get(p.code) if re.fullmatch(r"\d{3}", p.code) else None
    if la is None:
        findings.error(
            label,
            FindingCode.UNKNOWN_LA_CODE,
            f"{p.code!r} ({p.name}) is not the three-digit DfE code of an English LA (nor is the name an "
            "English region's)",
            row=number,
            column=code_col,
        )
        return None
    if not la.exists_on(on):
        findings.error(
            label,
            FindingCode.UNKNOWN_LA_CODE,
            f"{p.code} ({la.name}) did not exist on {on.isoformat()}: the file's year follows the 2009 "
            "structure of 152 LAs",
            row=number,
            column=code_col,
        )
        return None
    if p.name and normalise_name(p.name) != normalise_name(la.name):
        other = ctx.las.match_name(p.name, on=on)
        if other is not None and other != p.code:
            findings.error(
                label,
                FindingCode.UNMATCHED_LA_NAME,
                f"the name {p.name!r} is LA {other}, but the code is {p.code} ({la.name})",
                row=number,
                column=name_col,
            )
            return None
    return (number, AreaType.LA.value, p.code)


def _parse(
    raw: RawTable, rows: list[int], columns: Sequence[str], opts: _Options, label: str, findings: Findings
) -> dict[str, tuple[list[float | None], list[str | None], list[bool]]]:
    pos = {h: i for i, h in enumerate(raw.header) if h}
    index = {number: cells for number, cells in raw.rows}
    markers = marker_table({**CLA_MARKERS, **opts.markers})
    out = {}
    for col in columns:
        i = pos[col]
        cells = pl.Series(col, [index[r][i] if i < len(index[r]) else "" for r in rows], dtype=pl.String)
        p = parse_cells(
            cells,
            pl.Series("row", rows, dtype=pl.Int64),
            column=col,
            label=label,
            findings=findings,
            markers=markers,
            blank_marker=opts.blank_marker,
        )
        out[col] = (p.value.to_list(), p.marker.to_list(), p.ok.to_list())
    return out


_MARKER_ORDER = ("c", "x", "z", "low")


def _combine(parts: Sequence[tuple[float | None, str | None]]) -> tuple[float | None, str | None]:
    """A sum of published counts: a number only where every part is one; else the strongest marker."""
    markers = [m for _, m in parts if m is not None]
    if markers:
        return None, min(markers, key=_MARKER_ORDER.index)
    return sum(v for v, _ in parts if v is not None), None


def read_layouts(
    path: Path, ctx: ReadContext, layouts: Sequence[Layout], reader_name: str
) -> dict[str, pl.DataFrame]:
    """The shared core: detect the layout, plan the indicator columns, resolve areas, compute values."""
    label = ctx.label or path.name
    findings = ctx.findings
    empty = {
        "indicator_definitions": canonical.INDICATOR_DEFINITIONS.empty(),
        "indicator_values": canonical.INDICATOR_VALUES.empty(),
    }
    opts = _options(ctx.options, label, findings)
    if opts is None:
        return empty
    raw = read_table(path, findings, label=label)
    if raw is None:
        return empty
    lay = _detect(layouts, raw, label, findings)
    if lay is None:
        return empty
    plans = _plans(lay, raw, opts, label, findings)
    if not plans:
        return empty
    on = date(max(p.year for p in plans), 3, 31)
    areas = [a for a in _areas(lay, raw, ctx, label, on) if a is not None]
    rows = [a[0] for a in areas]
    columns = sorted({c for p in plans for c in (*p.numerator, p.denominator, p.value) if c})
    parsed = _parse(raw, rows, columns, opts, label, findings)
    records = []
    for k, (number, area_type, area_code) in enumerate(areas):
        if not all(parsed[c][2][k] for c in columns):
            continue  # a cell with a finding: the row is left out whole (the import is refused anyway)

        def cell(col: str, k: int = k) -> tuple[float | None, str | None]:
            return parsed[col][0][k], parsed[col][1][k]

        for p in plans:
            d = DEFINITIONS[p.code]
            num: float | None
            den: float | None
            if p.value is not None:
                value, marker = cell(p.value)
                num = den = None
            else:
                num, num_marker = _combine([cell(c) for c in p.numerator])
                den, den_marker = cell(p.denominator) if p.denominator else (None, None)
                value, marker = None, den_marker or num_marker
                if marker is None and den is not None and num is not None:
                    if den == 0:
                        marker = "z"  # no children to count: not applicable
                    else:
                        value = d.scale * num / den
            records.append(
                {
                    "code": p.code,
                    "area_type": area_type,
                    "area_code": area_code,
                    "breakdown": "all",
                    "period": period_label(p.year),
                    "year": p.year,
                    "value": value,
                    "numerator": num,
                    "denominator": den,
                    "marker": marker,
                    "_row": number,
                    "_file": label,
                }
            )
    source = ctx.source(reader_name)
    values = pl.DataFrame(
        records,
        schema={**canonical.INDICATOR_VALUES.schema, "_row": pl.Int64, "_file": pl.String},
        strict=False,
    ).with_columns(pl.lit(source).alias("source"), pl.lit(False).alias("synthetic"))
    values = canonical.conform("indicator_values", drop_duplicates(values, findings))
    codes = sorted({p.code for p in plans}, key=list(DEFINITIONS).index)
    return {
        "indicator_definitions": canonical.frame(
            "indicator_definitions", [DEFINITIONS[c].row(source) for c in codes]
        ),
        "indicator_values": values,
    }


TABLES = ("indicator_definitions", "indicator_values")


@reader("dfe_cla_903", tables=TABLES, options=OPTIONS)
def read_cla_903(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE children looked after, SSDA903 underlying data (SFR 21/2011, SFR 20/2012) -> NI 61, 62, 147, 148.

    One file per call; the indicators are those whose columns the file carries:

    * NI 62 (``SFR21_CLA.csv``, ``SFR20_CLA2012.csv``): ``CLA_3Pla`` / ``CLA_MarYYYY`` - children looked
      after at 31 March with 3 or more placements in the year, lower is better, staying safe;
    * NI 61 (``SFR21_ADP.csv``, ``SFR20_ADP2012.csv``): ``CLA_Adop_PL12mnths`` / ``CLA_ceaAdop`` - adopted
      children placed within 12 months of the decision, higher is better, staying safe;
    * NI 147 and NI 148 (``SFE21_19YEARS.csv``, ``SFR20_19Yrs2012.csv``): ``Acc_SUIT`` and ``Act_HE + Act_OE +
      Act_TE`` over ``All_aged19`` - care leavers at 19 in suitable accommodation / in education, employment
      or training, higher is better, economic well-being.

    NI 63 is not read: ``CLA_P2yrs`` counts all children in the same placement for 2 years, not the handbook's
    under-16s looked after for 2.5 years, and no column gives its denominator.

    ``geog_l`` NATIONAL -> England (E92000001), REGION -> by ``geog_n`` (Inner and Outer London: E13; the file
    gives them London's ``New_geog_code``), LA -> ``geog_c``, which must be a DfE three-digit code of an LA in
    existence at 31 March of the year (2009 structure; else UNKNOWN-LA-CODE). The year is the one ending 31
    March: ``CLA_Mar2011`` says 2011; the ADP and 19YEARS files do not say it, so give option ``year``. Period
    ``2010/11``, year 2011. Cells: figures (thousands commas allowed) or markers: ``x`` (1-5 children,
    suppressed) -> c, ``.`` -> z, ``-`` -> x; other text is MARKER-EXPECTED, a blank MISSING-VALUE. A value is
    null with the marker of a suppressed part (a sum with a suppressed part is suppressed); a denominator of 0
    gives z. Values are unrounded percentages with their numerator and denominator. See ``DEFINITIONS`` in the
    module for each definition and deviation.
    """
    return read_layouts(path, ctx, LAYOUTS_903, "dfe_cla_903")


@reader("dfe_cla_outcomes", tables=TABLES, options=OPTIONS)
def read_cla_outcomes(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE outcomes for children looked after (SFR 38/2010, SFR 30/2011, SFR 32/2012) -> NI 58, 99, 100, 101.

    The layout is recognised from the header: ``sfr30_2011_ks2`` (KS2_Attainment_2007-2011_LA.csv),
    ``sfr30_2011_ks4`` (KS4_Attainment_2007-2011_LA.csv), ``sfr30_2011_oc2`` (OC2.csv of 2011),
    ``sfr38_2010_ks2`` (KS2_Final_V2.csv), ``sfr38_2010_ks4`` (KS4_Final_V2.csv), ``sfr32_2012_ks2``
    (SFR32_2012_TableLA2_KS2_UD.csv), ``sfr32_2012_ks4`` (SFR32_2012_TableLA3_KS4_UD.csv).

    NI 99 / NI 100: level 4 in English / maths at Key Stage 2 over the children eligible; NI 101: 5+ A*-C
    GCSEs including English and maths over the children eligible at Key Stage 4 (all higher is better,
    enjoying and achieving); NI 58 (2011 only): total SDQ score / children with a score (lower is better,
    being healthy). All are for children looked after continuously for 12 months (at 31 March). The time
    series give every year they carry (``2007`` -> period ``2006/07``, year 2007; option ``years`` keeps
    some); the 2010 files need option ``year: 2010``. Areas: SFR 38/30 rows name England and regions
    (letters, 99x or blank codes) and give LAs by three-digit code in the first column; SFR 32 by
    ``la_code``, ``gor_name``, ``country_name``. LA codes must be of an LA in existence at 31 March of the
    last year (2009 structure). Markers: ``x`` (suppressed) -> c, ``.`` (the LA did not exist that year) ->
    z. Rows of blank cells between blocks are skipped.
    """
    return read_layouts(path, ctx, LAYOUTS_OUTCOMES, "dfe_cla_outcomes")


@reader("dfe_cla_ni71", tables=TABLES, options=OPTIONS)
def read_cla_ni71(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """DfE OSR 23/2010, children missing from home or care: LA self-evaluation scores -> NI 71.

    ``Overall_N`` is the LA's score (0-15, higher is better: five criteria each 0-3) in return N (1 Oct-Dec
    2008 ... 7 Apr-Jun 2010). The January-March return stands for its financial year: ``Overall_2`` -> period
    ``2008/09``, ``Overall_6`` -> ``2009/10``. ``Geog_lev`` Country -> England (the mean of LA scores), GOR ->
    region by ``Geog_name`` (E12), LA -> ``Geog_code``. ``-`` (no return that quarter) -> marker x.
    """
    return read_layouts(path, ctx, LAYOUTS_NI71, "dfe_cla_ni71")
