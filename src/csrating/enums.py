"""Enumerations shared by every layer: a typo in a grade, a setting type or a marker fails at import.

Two grade scales run in opposite directions and are kept as distinct types:

* ``SettingGrade`` - inspections of schools, childcare, social care providers and colleges:
  1 outstanding, 2 good, 3 satisfactory / requires improvement, 4 inadequate (lower is better).
* ``JudgementGrade`` - judgements about the local authority itself (APA, safeguarding and looked after
  children inspections, joint area reviews, ILACS, serious case review evaluations):
  4 outstanding, 3 good, 2 adequate / requires improvement, 1 inadequate (higher is better).
* ``RatingGrade`` - the children's services rating: 4 performs excellently .. 1 performs poorly.
"""

from __future__ import annotations

import enum
from datetime import date
from enum import IntEnum


class StrEnum(enum.StrEnum):
    """A string enum whose ``str()`` is its value (stored as text in Parquet)."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class SettingGrade(IntEnum):
    """Overall effectiveness of an inspected setting (1 best .. 4 worst)."""

    OUTSTANDING = 1
    GOOD = 2
    SATISFACTORY = 3  # "requires improvement (to be good)" from September 2012 onwards
    INADEQUATE = 4

    @property
    def label(self) -> str:
        return _SETTING_LABELS[self]

    @property
    def good_or_better(self) -> bool:
        return self <= SettingGrade.GOOD


_SETTING_LABELS = {
    SettingGrade.OUTSTANDING: "outstanding",
    SettingGrade.GOOD: "good",
    SettingGrade.SATISFACTORY: "satisfactory",
    SettingGrade.INADEQUATE: "inadequate",
}

# the first day grade 3 of a school or college inspection was called "requires improvement"
REQUIRES_IMPROVEMENT_FROM = date(2012, 9, 1)
SETTING_GRADE_WORDS = ("outstanding", "good", "satisfactory", "requires improvement", "inadequate")


def setting_grade_word(grade: int, on: date) -> str:
    """The inspectorate's word for a setting grade on a date: grade 3 is "satisfactory" before
    1 September 2012 and "requires improvement" from then on."""
    if grade == SettingGrade.SATISFACTORY and on >= REQUIRES_IMPROVEMENT_FROM:
        return "requires improvement"
    return _SETTING_LABELS[SettingGrade(grade)]


class JudgementGrade(IntEnum):
    """A judgement about the local authority (4 best .. 1 worst)."""

    INADEQUATE = 1
    ADEQUATE = 2  # "requires improvement to be good" in later frameworks
    GOOD = 3
    OUTSTANDING = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class RatingGrade(IntEnum):
    """The children's services rating (4 best .. 1 worst)."""

    PERFORMS_POORLY = 1
    PERFORMS_ADEQUATELY = 2
    PERFORMS_WELL = 3
    PERFORMS_EXCELLENTLY = 4

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").lower()


class Polarity(StrEnum):
    """Which direction of an indicator is better."""

    HIGH = "high"  # higher is better
    LOW = "low"  # lower is better
    NONE = "none"  # no polarity: context only


class Verdict(StrEnum):
    """A comparison's verdict on an LA's figure against a comparator (England, similar areas)."""

    ABOVE = "above"  # shares of settings: higher share good or better
    BELOW = "below"
    BETTER = "better"  # indicators, polarity-aware
    WORSE = "worse"
    HIGHER = "higher"  # indicators without polarity
    LOWER = "lower"
    IN_LINE = "in_line"
    TOO_FEW = "too_few"  # too few settings to compare
    NO_DATA = "no_data"  # LA or comparator figure missing

    @property
    def favourable(self) -> bool:
        return self in (Verdict.ABOVE, Verdict.BETTER)

    @property
    def at_least_in_line(self) -> bool:
        return self in (Verdict.ABOVE, Verdict.BETTER, Verdict.IN_LINE, Verdict.HIGHER, Verdict.LOWER)


class ResultStatus(StrEnum):
    """Whether a profile result (a setting type's share, an indicator) has a figure."""

    OK = "ok"
    NO_DATA = "no_data"


class EcmOutcome(StrEnum):
    """The five Every Child Matters outcomes."""

    BEING_HEALTHY = "BH"
    STAYING_SAFE = "SS"
    ENJOYING_AND_ACHIEVING = "EA"
    POSITIVE_CONTRIBUTION = "MPC"
    ECONOMIC_WELL_BEING = "AEW"

    @property
    def label(self) -> str:
        return {
            "BH": "being healthy",
            "SS": "staying safe",
            "EA": "enjoying and achieving",
            "MPC": "making a positive contribution",
            "AEW": "achieving economic well-being",
        }[self.value]


class LaType(StrEnum):
    """DfE local authority types."""

    INNER_LONDON = "ILB"
    OUTER_LONDON = "OLB"
    METROPOLITAN = "MD"
    UNITARY = "UA"
    SHIRE_COUNTY = "SC"


class AreaType(StrEnum):
    """What kind of area an indicator value describes."""

    LA = "la"
    REGION = "region"
    ENGLAND = "england"


class Marker(StrEnum):
    """Status markers for a value that is not published. Never read as zero; kept distinct.

    The codes are the Government Statistical Service symbols used by DfE's explore education statistics
    files. LAIT's ``-`` ("not available") is read as ``x``.
    """

    SUPPRESSED = "c"  # confidential: suppressed to protect individuals
    NOT_AVAILABLE = "x"  # not available / not collected
    NOT_APPLICABLE = "z"  # not applicable
    LOW = "low"  # rounds to zero but is not zero
    # csrating's own, not a GSS symbol: an England or region figure published in another unit than the
    # LAs' (see sources.indicator_common.check_aggregate_units), so never compared with them
    NOT_COMPARABLE = "nc"

    @property
    def label(self) -> str:
        return {
            "c": "suppressed",
            "x": "not available",
            "z": "not applicable",
            "low": "low (rounds to zero)",
            "nc": "not comparable (another unit than the LAs')",
        }[self.value]


class SettingType(StrEnum):
    """Inspected services and settings of the performance profile (block A) and their modern kin."""

    CHILDMINDER = "childminder"
    CHILDCARE_NON_DOMESTIC = "childcare_non_domestic"
    CHILDCARE_DOMESTIC = "childcare_domestic"
    HOME_CHILDCARER = "home_childcarer"
    NURSERY_SCHOOL = "nursery_school"
    PRIMARY_SCHOOL = "primary_school"
    SECONDARY_SCHOOL = "secondary_school"
    ALL_THROUGH_SCHOOL = "all_through_school"
    SCHOOL_SIXTH_FORM = "school_sixth_form"
    SPECIAL_SCHOOL = "special_school"
    PUPIL_REFERRAL_UNIT = "pupil_referral_unit"
    INDEPENDENT_SCHOOL = "independent_school"
    GENERAL_FE_COLLEGE = "general_fe_college"
    SIXTH_FORM_COLLEGE = "sixth_form_college"
    CHILDRENS_HOME = "childrens_home"
    SECURE_CHILDRENS_HOME = "secure_childrens_home"
    RESIDENTIAL_SPECIAL_SCHOOL = "residential_special_school"
    BOARDING_SCHOOL = "boarding_school"
    FE_COLLEGE_RESIDENTIAL = "fe_college_residential"
    RESIDENTIAL_FAMILY_CENTRE = "residential_family_centre"
    LA_FOSTERING_AGENCY = "la_fostering_agency"
    LA_ADOPTION_AGENCY = "la_adoption_agency"
    INDEPENDENT_FOSTERING_AGENCY = "independent_fostering_agency"
    VOLUNTARY_ADOPTION_AGENCY = "voluntary_adoption_agency"
    ADOPTION_SUPPORT_AGENCY = "adoption_support_agency"
    PRIVATE_FOSTERING = "private_fostering"
    SECURE_TRAINING_CENTRE = "secure_training_centre"
    CAFCASS = "cafcass"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SETTING_TYPE_LABELS.get(self, self.value.replace("_", " "))

    @property
    def plural(self) -> str:
        return _SETTING_TYPE_PLURALS.get(self, self.label + "s")


_SETTING_TYPE_LABELS = {
    SettingType.CHILDCARE_NON_DOMESTIC: "childcare on non-domestic premises",
    SettingType.CHILDCARE_DOMESTIC: "childcare on domestic premises",
    SettingType.LA_FOSTERING_AGENCY: "local authority fostering agency",
    SettingType.LA_ADOPTION_AGENCY: "local authority adoption agency",
    SettingType.PRIVATE_FOSTERING: "private fostering arrangements",
    SettingType.CHILDRENS_HOME: "children's home",
    SettingType.SECURE_CHILDRENS_HOME: "secure children's home",
    SettingType.GENERAL_FE_COLLEGE: "general further education and tertiary college",
    SettingType.CAFCASS: "Cafcass",
}
_SETTING_TYPE_PLURALS = {
    SettingType.CHILDCARE_NON_DOMESTIC: "childcare settings on non-domestic premises",
    SettingType.CHILDCARE_DOMESTIC: "childcare settings on domestic premises",
    SettingType.PRIVATE_FOSTERING: "private fostering arrangements",
    SettingType.CHILDRENS_HOME: "children's homes",
    SettingType.SECURE_CHILDRENS_HOME: "secure children's homes",
    SettingType.GENERAL_FE_COLLEGE: "general further education and tertiary colleges",
    SettingType.CAFCASS: "Cafcass",
    SettingType.LA_FOSTERING_AGENCY: "local authority fostering agencies",
    SettingType.LA_ADOPTION_AGENCY: "local authority adoption agencies",
    SettingType.INDEPENDENT_FOSTERING_AGENCY: "independent fostering agencies",
    SettingType.VOLUNTARY_ADOPTION_AGENCY: "voluntary adoption agencies",
    SettingType.ADOPTION_SUPPORT_AGENCY: "adoption support agencies",
    SettingType.FE_COLLEGE_RESIDENTIAL: "further education colleges with residential accommodation",
}


class Remit(StrEnum):
    """Ofsted's registers. Unique reference numbers are unique within a remit only: an early years
    provider and a school can share a URN, so settings are keyed by (remit, urn)."""

    EARLY_YEARS = "early_years"
    SCHOOLS = "schools"
    SOCIAL_CARE = "social_care"
    FURTHER_EDUCATION = "further_education"


_EARLY_YEARS = {"childminder", "childcare_non_domestic", "childcare_domestic", "home_childcarer"}
_SCHOOLS = {
    "nursery_school",
    "primary_school",
    "secondary_school",
    "all_through_school",
    "school_sixth_form",
    "special_school",
    "pupil_referral_unit",
    "independent_school",
}
_FE = {"general_fe_college", "sixth_form_college"}


def remit_of(setting_type: str) -> Remit | None:
    """The Ofsted remit a setting type is registered and inspected under (None for 'other')."""
    if setting_type in _EARLY_YEARS:
        return Remit.EARLY_YEARS
    if setting_type in _SCHOOLS:
        return Remit.SCHOOLS
    if setting_type in _FE:
        return Remit.FURTHER_EDUCATION
    if setting_type == "other":
        return None
    return Remit.SOCIAL_CARE


class Sector(StrEnum):
    """Who runs a setting."""

    LOCAL_AUTHORITY = "local_authority"
    STATE_FUNDED = "state_funded"  # maintained schools and academies
    PRIVATE = "private"
    VOLUNTARY = "voluntary"
    HEALTH = "health"
    INDEPENDENT = "independent"  # independent (fee-paying) schools
    UNKNOWN = "unknown"


class LaInspectionType(StrEnum):
    """Inspections and evaluations of the local authority itself (block C)."""

    JOINT_AREA_REVIEW = "jar"
    UNANNOUNCED_CONTACT_REFERRAL_ASSESSMENT = "unannounced"
    SAFEGUARDING_AND_LOOKED_AFTER = "slac"
    SAFEGUARDING_AND_LOOKED_AFTER_REINSPECTION = "slac_reinspection"
    CHILD_PROTECTION = "cpi"
    CHILD_PROTECTION_REINSPECTION = "cpri"
    TARGETED_LOOKED_AFTER = "tlac"
    SINGLE_INSPECTION_FRAMEWORK = "sif"
    SINGLE_INSPECTION_FRAMEWORK_REINSPECTION = "sif_reinspection"
    ILACS_STANDARD = "ilacs_standard"
    ILACS_SHORT = "ilacs_short"
    ILACS_FOCUSED_VISIT = "ilacs_focused_visit"
    ILACS_MONITORING_VISIT = "ilacs_monitoring_visit"
    ILACS = "ilacs"  # an ILACS inspection whose kind the source does not say
    SERIOUS_CASE_REVIEW = "scr"


class InspectionAspect(StrEnum):
    """What a judgement in an inspection of the local authority is about."""

    OVERALL = "overall"
    SAFEGUARDING = "safeguarding"
    LOOKED_AFTER = "looked_after"
    CAPACITY = "capacity"
    LEADERS = "leaders"
    HELP_AND_PROTECTION = "help_and_protection"
    IN_CARE = "in_care"
    CARE_LEAVERS = "care_leavers"
    ADOPTION = "adoption"
    LSCB = "lscb"
    LDD = "ldd"  # services for children with learning difficulties and/or disabilities (JAR)


class ApaAspect(StrEnum):
    """Judgements of the annual performance assessment (2005-2008)."""

    OVERALL = "overall"
    CAPACITY = "capacity"
    BEING_HEALTHY = "BH"
    STAYING_SAFE = "SS"
    ENJOYING_AND_ACHIEVING = "EA"
    POSITIVE_CONTRIBUTION = "MPC"
    ECONOMIC_WELL_BEING = "AEW"
    SOCIAL_CARE = "social_care"
    EDUCATION = "education"


class Timescale(StrEnum):
    """Timescales of joint area review recommendations."""

    IMMEDIATE = "immediate"
    SIX_MONTHS = "six_months"
    LONGER_TERM = "longer_term"


class NarrativeKind(StrEnum):
    """What a statement of an APA judgement's narrative is (table ``apa_narrative``)."""

    STRENGTH = "strength"
    AREA_FOR_DEVELOPMENT = "area_for_development"
    PROGRESS = "progress"  # progress against a joint area review recommendation


class ApaProgress(StrEnum):
    """Progress against a joint area review recommendation, on the inspectorate's scale."""

    VERY_GOOD = "very_good"
    GOOD = "good"
    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
