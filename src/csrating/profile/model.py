"""The performance profile of an LA as a typed, pure value: everything the rules and the letters read.

No DataFrame, dataset or database inside - only dataclasses, dates, numbers, strings and lists or dicts of
them - so a profile can be written as JSON, read back (:meth:`Profile.from_dict`), built by hand in a
test, and rated without the dataset it came from. :mod:`csrating.profile.profile` builds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from csrating import jsonio
from csrating.enums import EcmOutcome, Marker, Polarity, ResultStatus, SettingType, Verdict


@dataclass(frozen=True)
class Comparison:
    figure: float | None  # the comparator's figure
    verdict: Verdict
    difference: float | None = None
    method: str = ""
    detail: dict[str, Any] = field(default_factory=dict)  # neighbours used, interval, source...


@dataclass(frozen=True)
class SettingTypeResult:
    setting_type: SettingType | Literal["all"]  # "all": every setting type counted together
    label: str
    settings: int
    inspected: int
    counts: dict[str, int]
    good_or_better_pct: float | None
    single: bool  # reported by grade, not as a share
    grade: str | None  # the single setting's grade
    england: Comparison
    similar_areas: Comparison
    weak_outcomes: list[str]
    inputs: list[dict[str, Any]]  # the settings and inspections counted
    status: ResultStatus = ResultStatus.OK
    # the inspected settings by who runs them (``Sector`` values: local_authority, private, voluntary...),
    # only the sectors with any; empty where the profile does not say
    sectors: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    item: str  # the profile list entry it answers (NI number or code)
    name: str
    ecm_outcome: EcmOutcome | None
    polarity: Polarity
    unit: str | None
    breakdown: str
    period: str | None
    value: float | None
    marker: Marker | None
    similar_areas: Comparison
    england: Comparison
    rank: int | None
    rank_of: int | None
    band: str | None
    band_limits: list[float] | None
    trend: dict[str, Any]
    status: ResultStatus = ResultStatus.OK
    in_profile: bool = True  # False: read only for a gap, not one of the profile's indicators
    # the other published series of the same item: code, period, value, difference, verdict (agrees,
    # differs, other_period, other_no_value, no_value); None when one series answers the item
    cross_check: dict[str, Any] | None = None
    year: int | None = None  # the calendar year the period ends in (to order periods)
    # the indicator in plain words, as letters, the profile's output and the web pages name it: its short
    # name (letters/indicator_names.yaml) or, where none is curated, its definition's name; None in a
    # profile made without it
    short_name: str | None = None

    @property
    def display_name(self) -> str:
        """The plain name to show at the start of a table cell: 'Care leavers aged 19 to 21 in ...'."""
        name = self.short_name or self.name
        return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Profile:
    la_code: str
    la_name: str
    year: str
    census_date: date
    dataset: str
    synthetic: bool
    methodology: dict[str, Any]
    neighbour_model: str | None
    neighbours: list[dict[str, str]]
    settings: list[SettingTypeResult]
    indicators: Sequence[IndicatorResult]  # a list, or one made when first read (csrating.lazy)
    indicator_shares: list[dict[str, Any]]
    gaps: Sequence[dict[str, Any]]  # a list, or one made when first read
    la_inspections: list[dict[str, Any]]
    serious_case_reviews: list[dict[str, Any]]
    completeness: dict[str, Any]
    # the dataset's sources the profile rests on (title, publisher, as-at date, tables) and its notes on
    # how current each block is
    sources: list[dict[str, Any]] = field(default_factory=list)
    source_notes: dict[str, str] = field(default_factory=dict)
    # inspections of the LA published after the cut-off (not counted; a decisive one pending at the
    # ratings' publication withholds the rating): inspection_type, aspect, published_date
    later_la_inspections: list[dict[str, Any]] = field(default_factory=list)
    # settings counted at the census that were inspected again after it, up to the cut-off for
    # inspections of the LA (not counted in block A; the letter may say what changed): setting_type, urn,
    # grade (at the census), later_grade, known_at (of the latest such inspection)
    later_setting_inspections: list[dict[str, Any]] = field(default_factory=list)
    # the letter's addressee and signatory recorded for the LA and year (a ``la_contacts`` row without
    # its keys), None where none is recorded
    addressee: dict[str, Any] | None = None

    def setting(self, setting_type: str) -> SettingTypeResult:
        for s in self.settings:
            if s.setting_type == setting_type:
                return s
        raise KeyError(setting_type)

    def indicator(self, item: str, breakdown: str = "all") -> IndicatorResult:
        for r in self.indicators:
            if (r.item == item or r.code == item) and r.breakdown == breakdown:
                return r
        raise KeyError((item, breakdown))

    def share(self, outcome: str = "all") -> dict[str, Any]:
        for s in self.indicator_shares:
            if s["ecm_outcome"] == outcome:
                return s
        return {
            "ecm_outcome": outcome,
            "indicators": 0,
            "compared_similar": 0,
            "ok_similar": 0,
            "better_similar": 0,
            "compared_england": 0,
            "ok_england": 0,
            "ok_similar_pct": None,
            "ok_england_pct": None,
        }

    def gap(self, gap_id: str) -> dict[str, Any]:
        for g in self.gaps:
            if g["id"] == gap_id:
                return g
        raise KeyError(gap_id)

    def to_dict(self) -> dict[str, Any]:
        return jsonio.plain(self)

    def to_json(self, indent: int | None = 2) -> str:
        return jsonio.dumps(self, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile:
        """The profile a :meth:`to_dict` (or ``csrating profile --format json``) wrote, with its dates,
        settings, indicators and comparisons typed again."""

        def comparison(c: dict[str, Any]) -> Comparison:
            return Comparison(**{**c, "verdict": Verdict(c["verdict"])})

        def typed_dates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{k: _date_of(k, v) for k, v in r.items()} for r in rows]

        settings = [
            SettingTypeResult(
                **{
                    **s,
                    "setting_type": setting_type_of(s["setting_type"]),
                    "status": ResultStatus(s.get("status", "ok")),
                    "england": comparison(s["england"]),
                    "similar_areas": comparison(s["similar_areas"]),
                    "inputs": typed_dates(s["inputs"]),
                }
            )
            for s in d["settings"]
        ]
        indicators = [
            IndicatorResult(
                **{
                    **r,
                    "ecm_outcome": None if r["ecm_outcome"] is None else EcmOutcome(r["ecm_outcome"]),
                    "polarity": Polarity(r["polarity"]),
                    "marker": None if r["marker"] is None else Marker(r["marker"]),
                    "status": ResultStatus(r.get("status", "ok")),
                    "england": comparison(r["england"]),
                    "similar_areas": comparison(r["similar_areas"]),
                }
            )
            for r in d["indicators"]
        ]
        return cls(
            **{
                **d,
                "census_date": date.fromisoformat(str(d["census_date"])),
                "settings": settings,
                "indicators": indicators,
                "la_inspections": typed_dates(d["la_inspections"]),
                "serious_case_reviews": typed_dates(d["serious_case_reviews"]),
                "later_la_inspections": typed_dates(d.get("later_la_inspections") or []),
                "later_setting_inspections": typed_dates(d.get("later_setting_inspections") or []),
            }
        )


def setting_type_of(value: str) -> SettingType | Literal["all"]:
    """A setting type code as the model holds it: the enum member, or "all" (every type together)."""
    return "all" if value == "all" else SettingType(value)


def _date_of(key: str, value: Any) -> Any:
    """A ``*date`` or ``known_at`` value read back from JSON as a date."""
    if (key.endswith("date") or key == "known_at") and isinstance(value, str):
        return date.fromisoformat(value)
    return value
