"""The sentence planner: from a profile and a rating to claims, each a sentence with the figures it rests
on, the wording rule that chose it, and checks that re-derive it from the profile.

The wording rules are rules of kind ``letter`` in the one registry, one per module in
``csrating.letters.rules`` (each with its code, docstring and parameters); :func:`plan_letter` composes
them in stage order. Selection and order follow the 2009 letters: the settings paragraph opens with the
share of all inspected settings good or better, then the strongest and weakest setting types against
England and similar areas, then provision for vulnerable children (named agencies by grade), then
inspections of the LA and serious case reviews; the indicators paragraph opens with the share of
indicators better than or in line with similar areas (staying safe and enjoying and achieving named),
then notable indicators, attainment at 5, 11, 16 and 19, and the gaps for vulnerable groups. A claim is
made only where the profile has the figures for it; with missing data the letter says less. This module
holds the claim type, the readings of the profile the rules share, and the checks (:func:`verify`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypeVar

from csrating.enums import Sector, SettingType
from csrating.letters.indicator_names import plain_name
from csrating.letters.quantify import join, number
from csrating.methodology.loader import Methodology
from csrating.profile.profile import IndicatorResult, Profile, SettingTypeResult
from csrating.rating.engine import Rating

MAINSTREAM = [
    "nursery_school", "primary_school", "secondary_school", "school_sixth_form", "general_fe_college",
    "sixth_form_college", "childcare_non_domestic", "childcare_domestic", "childminder",
]  # fmt: skip
VULNERABLE = [
    "special_school", "pupil_referral_unit", "childrens_home", "secure_childrens_home", "la_fostering_agency",
    "la_adoption_agency", "private_fostering",
]  # fmt: skip
SETTING_WORDS = {
    "nursery_school": "nursery schools", "primary_school": "primary schools",
    "secondary_school": "secondary schools", "school_sixth_form": "school sixth forms",
    "general_fe_college": "general further education colleges", "sixth_form_college": "sixth form colleges",
    "childcare_non_domestic": "childcare settings", "childcare_domestic": "childcare on domestic premises",
    "childminder": "childminders", "special_school": "special schools",
    "pupil_referral_unit": "pupil referral units", "childrens_home": "children's homes",
    "secure_childrens_home": "secure children's homes",
    "la_fostering_agency": "the local authority fostering agency",
    "la_adoption_agency": "the local authority adoption agency",
    "private_fostering": "private fostering arrangements",
}  # fmt: skip
# the plural of a type where settings are counted ("all five ..."), where it differs from SETTING_WORDS
COUNTED_WORDS = {"childcare_domestic": "providers of childcare on domestic premises"}
AGENCIES = {"la_fostering_agency", "la_adoption_agency", "private_fostering"}
GRADE_WORD = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
JUDGEMENT_WORD = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}
ILACS_WORD = {4: "outstanding", 3: "good", 2: "requires improvement to be good", 1: "inadequate"}
AGES = [("five", ["NI72"]), ("11", ["NI73"]), ("16", ["NI75"])]
AT_19 = ["NI79", "NI80"]
T = TypeVar("T")


@dataclass
class Claim:
    id: str
    paragraph: str  # settings | indicators
    rule: str  # the wording rule that chose the sentence
    text: str
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(on: str, key: str | None, fld: str, **cond: Any) -> dict[str, Any]:
    return {"on": on, "key": key, "field": fld, **cond}


def good_or_better(s: SettingTypeResult) -> int:
    return s.counts.get("outstanding", 0) + s.counts.get("good", 0)


def band_bounds(pct: float) -> tuple[float, float]:
    """The quantifier band a share falls in, as [min, next min) for the checks."""
    from csrating.letters.quantify import config

    bands = config()["bands"]
    for i, b in enumerate(bands):
        if pct >= b["min"] - 1e-9:
            upper = 100.0 if i == 0 else bands[i - 1]["min"]
            return float(b["min"]), float(upper)
    return 0.0, 0.0


# ----------------------------------------------------------------------------------------- settings
def all_of(s: SettingTypeResult) -> str:
    """'the local authority fostering agency', 'the pupil referral unit', 'both special schools', 'all six
    special schools', 'all 24 special schools'."""
    if s.setting_type in AGENCIES:
        return SETTING_WORDS[s.setting_type]
    if s.inspected == 1:
        return "the " + SettingType(s.setting_type).label
    if s.inspected == 2:
        return "both " + counted_words(s.setting_type)
    return f"all {number(s.inspected)} {counted_words(s.setting_type)}"


def counted_words(setting_type: str) -> str:
    """A type's plural where its settings are counted: 'school sixth forms', 'providers of childcare on
    domestic premises'."""
    return COUNTED_WORDS.get(setting_type, SETTING_WORDS[setting_type])


def outstanding_and_good(s: SettingTypeResult) -> str:
    """How the settings of a type all good or better divide between outstanding and good, as a clause:
    'one is outstanding and the other is good', 'two are outstanding and the other three are good'."""
    best, good = s.counts.get("outstanding", 0), s.counts.get("good", 0)
    rest = "the other is good" if good == 1 else f"the other {number(good)} are good"
    return f"{number(best)} {'is' if best == 1 else 'are'} outstanding and {rest}"


def run_by_council(s: SettingTypeResult) -> bool:
    """Whether the council runs every inspected setting of the type (``sectors``: who runs them): only
    then does a letter call them the council's."""
    return s.inspected > 0 and s.sectors.get(Sector.LOCAL_AUTHORITY.value, 0) == s.inspected


def grade_num(label: str) -> int:
    return {v: k for k, v in GRADE_WORD.items()}[label]


def month_year(d: date | str) -> str:
    d = d if isinstance(d, date) else date.fromisoformat(str(d))
    return d.strftime("%B %Y")


def _as_date(d: Any) -> date | None:
    return d if isinstance(d, date) or d is None else date.fromisoformat(str(d))


def inspected_on(rows: list[dict[str, Any]]) -> tuple[date | None, bool]:
    """The date an inspection of the LA was held, from the profile's rows of its judgements: the end
    date, else the start date (True: the inspection's own date). Where the record gives neither, its
    publication date (False: only when it was published); a row with only ``date`` (a profile built by
    hand) is dated by it."""
    for key in ("end_date", "start_date"):
        found = [d for r in rows if (d := _as_date(r.get(key))) is not None]
        if found:
            return max(found), True
    published = [d for r in rows if (d := _as_date(r.get("published_date"))) is not None]
    if published:
        return max(published), False
    dated = [d for r in rows if (d := _as_date(r.get("date"))) is not None]
    return (max(dated), True) if dated else (None, True)


def inspection_when(rows: list[dict[str, Any]]) -> str:
    """When an inspection of the LA was held, as a letter says it after the inspection's title: ' of
    June 2022' (its own month), ' of 2008' (its year alone where the record gives only the year,
    ``date_precision``), ' published in November 2022' (the record gives only when it was published), or
    '' (no date)."""
    when, own = inspected_on(rows)
    if when is None:
        return ""
    if not own:
        return f" published in {month_year(when)}"
    if any(r.get("date_precision") == "year" for r in rows):
        return f" of {when.year}"
    return f" of {month_year(when)}"


def find_indicator(p: Profile, item: str, breakdown: str = "all") -> IndicatorResult | None:
    for r in p.indicators:
        if (
            (r.item == item or r.code == item)
            and r.breakdown == breakdown
            and r.in_profile
            and r.value is not None
        ):
            return r
    return None


def periods_of(rs: list[IndicatorResult]) -> str:
    """The periods of the figures a sentence rests on, oldest first: '2024/25', '2023/24 and 2024/25'."""
    ordered = sorted((r.year or 0, r.period) for r in rs if r.period)
    return join(list(dict.fromkeys(p for _, p in ordered)))


def span_of(rs: list[IndicatorResult]) -> str:
    """' (latest figures, 2022 to 2025)': the range of periods of the indicators a share counts."""
    ordered = sorted((r.year or 0, r.period) for r in rs if r.period)
    if not ordered:
        return ""
    first, last = ordered[0][1], ordered[-1][1]
    return f" (latest figures, {first})" if first == last else f" (latest figures, {first} to {last})"


def counted_indicators(p: Profile, outcome: str | None = None) -> list[IndicatorResult]:
    """The indicators a share compares with similar areas (of one ECM outcome, or all)."""
    return [
        r for r in p.indicators
        if r.in_profile and r.breakdown == "all" and r.polarity != "none"
        and r.similar_areas.verdict != "no_data" and outcome in (None, r.ecm_outcome)
    ]  # fmt: skip


def indicator_name(r: IndicatorResult) -> str:
    """An indicator as a letter names it, with the period of its figure: its short name where one is
    curated (``indicator_names.yaml``: 'care leavers aged 19 to 21 in education, employment or training
    (2025)'), else its definition's name without a unit in brackets."""
    name = plain_name(r.item, r.year, r.name)
    if not r.period:
        return name
    if name.endswith(")") and " (" in name:  # words in brackets already: add the period to them
        return f"{name[:-1]}, {r.period})"
    return f"{name} ({r.period})"


def fit_runs(
    items: list[T], text_of: Callable[[list[T]], str], words_most: int, most: int = 0
) -> list[list[T]]:
    """The items split, in order, into runs of at most ``most`` items and ``words_most`` words of text
    (``text_of(run)``; 0: no limit), one run per sentence; an item whose text alone is longer stands
    alone."""
    runs: list[list[T]] = []
    for it in items:
        if (
            runs
            and (most <= 0 or len(runs[-1]) < most)
            and (words_most <= 0 or len(text_of([*runs[-1], it]).split()) <= words_most)
        ):
            runs[-1].append(it)
        else:
            runs.append([it])
    return runs


def frame_words(frame: str) -> int:
    """The words of a sentence frame without the names it is filled with ('The figures for {} are ...')."""
    return len(frame.format("").split())


def run_sentences(first: str, runs: list[str], then: tuple[str, ...]) -> str:
    """The sentences naming runs of names: the first run in ``first``, each further one in the next frame
    of ``then`` in turn (so that no two sentences in a row open alike)."""
    rest = [then[i % len(then)].format(run) for i, run in enumerate(runs[1:])]
    return " ".join([first.format(runs[0]), *rest])


def named_runs(rs: list[IndicatorResult], most: int, words_most: int = 0) -> list[str]:
    """The indicators named in runs of at most ``most``, one run per sentence, each run's names in at most
    ``words_most`` words (0: no limit); a run whose figures share a period gives it once, at the end ('A, B
    and C (2025)'), else each name carries its own."""

    def named(run: list[IndicatorResult]) -> str:
        periods = {r.period for r in run}
        names = [plain_name(r.item, r.year, r.name) for r in run]
        if len(run) > 1 and len(periods) == 1 and run[0].period and not any(n.endswith(")") for n in names):
            return f"{join(names)} ({run[0].period})"
        return join([indicator_name(r) for r in run])

    return [named(run) for run in fit_runs(rs, named, words_most, max(most, 1))]


def verdict_pair(r: IndicatorResult) -> str | None:
    e, s = r.england.verdict, r.similar_areas.verdict
    if e == s and e in ("better", "worse", "in_line"):
        return e
    return None


GAP_ITEMS = {"NI92", "NI102a", "NI102b", "NI104", "NI105", "NI81", "NI82", "NI107", "NI108"}
ATTAINMENT_ITEMS = {"NI72", "NI73", "NI75", "NI79", "NI80"}


def ranked_figures(rs: list[IndicatorResult]) -> dict[str, Any]:
    return {
        r.item: {
            "value": r.value,
            "england": r.england.figure,
            "similar": r.similar_areas.figure,
            "rank": r.rank,
            "of": r.rank_of,
            "period": r.period,
        }
        for r in rs
    }


def both_comparators(rs: list[IndicatorResult], verdict: str) -> list[dict[str, Any]]:
    """Checks that each indicator is ``verdict`` against England and against similar areas."""
    return [
        check("indicator", r.code, fld, eq=verdict)
        for r in rs
        for fld in ("england.verdict", "similar_areas.verdict")
    ]


# the openings of the further sentences of a list of indicators, taken in turn
SO_ARE = ("So are those for {}.", "The same holds for {}.", "So, too, are those for {}.")


def indicators_claim(
    cid: str, rule: str, rs: list[IndicatorResult], first: str, verdict: str, most: int, words_most: int
) -> Claim:
    """The claim naming the indicators ``rs`` (each ``verdict`` against both comparators): ``first`` holds
    the first run of names, further runs open with ``SO_ARE``; at most ``most`` names a sentence, each
    sentence within ``words_most`` words."""
    runs = named_runs(rs, most, words_most - frame_words(first))
    return Claim(
        cid,
        "indicators",
        rule,
        run_sentences(first, runs, SO_ARE),
        ranked_figures(rs),
        both_comparators(rs, verdict),
    )


def one_per_item(results: list[IndicatorResult]) -> list[IndicatorResult]:
    """The first result of each item of the profile list: two published series of one measure (LAIT's
    and explore-education-statistics') are named once."""
    seen: set[str] = set()
    out = []
    for r in results:
        if r.item not in seen:
            seen.add(r.item)
            out.append(r)
    return out


def gap_view(g: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for key in ("gap", "computed_gap"):
        v = g.get(key)
        if v and v.get("value") is not None:
            return key, v
    return None


def group_ages(pairs: list[tuple[str, Any]]) -> list[str]:
    """[('pupils eligible for free school meals', 11), (..., 16), ('looked after children', 11)] ->
    ['pupils eligible for free school meals at 11 and 16', 'looked after children at 11']."""
    ages: dict[str, list[str]] = {}
    for group, age in pairs:
        a = ages.setdefault(group, [])
        if age is not None and str(age) not in a:
            a.append(str(age))
    return [f"{g} at {join(a)}" if a else g for g, a in ages.items()]


def present_day_grades(ctx: Any) -> bool:
    """Whether the letter's year words the third setting grade as "requires improvement" (the frameworks
    from 2012-2014) rather than "satisfactory" (``letter_requires_improvement_from``)."""
    return int(str(ctx.profile.year)[:4]) >= int(ctx.param("letter_requires_improvement_from"))


def group_chunks(items: list[Any], group_of: Callable[[Any], str], most: int) -> list[list[Any]]:
    """Items split into runs naming at most ``most`` groups each (all ages of a group together), in the
    order the groups first appear: one run per sentence."""
    order: dict[str, list[Any]] = {}
    for it in items:
        order.setdefault(group_of(it), []).append(it)
    groups = list(order.values())
    return [[it for g in groups[i : i + most] for it in g] for i in range(0, len(groups), max(most, 1))]


def view_periods(views: list[dict[str, Any]]) -> str:
    """' (2023/24)': the periods of the gap figures a sentence rests on, in order."""
    periods = sorted({v["period"] for v in views if v.get("period")})
    return f" ({join(periods)})" if periods else ""


# wording rules' shared readings of the profile
UNSHOWN = ("in_line", "no_data", "too_few")  # a similar-area verdict that shows no difference


def setting_or_none(p: Profile, setting_type: str) -> SettingTypeResult | None:
    try:
        return p.setting(setting_type)
    except KeyError:
        return None


def compared_types(p: Profile) -> list[SettingTypeResult]:
    """The mainstream setting types the letter compares with England and similar areas (inspected, more
    than a single setting), in the letter's order."""
    out = []
    for t in MAINSTREAM:
        s = setting_or_none(p, t)
        if s is not None and s.status == "ok" and not s.single:
            out.append(s)
    return out


def vulnerable_present(p: Profile) -> list[SettingTypeResult]:
    """The vulnerable setting types the LA has inspected, in the letter's order."""
    return [s for t in VULNERABLE if (s := setting_or_none(p, t)) is not None and s.status == "ok"]


def vulnerable_by_grade(present: list[SettingTypeResult]) -> dict[int, list[SettingTypeResult]]:
    """The vulnerable setting types all of one grade (a single agency's grade, or every setting's), by
    grade number."""
    by_grade: dict[int, list[SettingTypeResult]] = {}
    for s in present:
        if s.single and s.grade:
            by_grade.setdefault(grade_num(s.grade), []).append(s)
        elif (
            s.inspected
            and (grades := [g for g, nm in GRADE_WORD.items() if s.counts.get(nm)])
            and len(grades) == 1
        ):
            by_grade.setdefault(grades[0], []).append(s)
    return by_grade


def versus_comparators(
    s: SettingTypeResult, verdicts: tuple[str, ...] = ("below", "above")
) -> tuple[str, list[dict[str, Any]]]:
    """The clauses a sentence on a vulnerable setting type ends with: how it compares with England and
    similar areas where it differs from both in one of ``verdicts`` (", below what is found nationally and
    in similar areas"), and the outcomes where inspections found weaknesses; with the checks for the
    comparison."""
    from csrating.enums import EcmOutcome

    text, checks = "", []
    words = {
        "below": ", below what is found nationally and in similar areas",
        "above": ", more than nationally and in similar areas",
    }
    for verdict in verdicts:
        if s.england.verdict == verdict == s.similar_areas.verdict:
            text += words[verdict]
            checks += [
                check("setting", s.setting_type, "england.verdict", eq=verdict),
                check("setting", s.setting_type, "similar_areas.verdict", eq=verdict),
            ]
    if s.weak_outcomes:
        text += f", with weaknesses in {join([EcmOutcome(o).label for o in s.weak_outcomes])}"
        checks += [check("setting", s.setting_type, "weak_outcomes", contains=o) for o in s.weak_outcomes]
    return text, checks


def notable_pool(p: Profile) -> list[IndicatorResult]:
    """The indicators that may be named as strengths or weaknesses: in the profile, for all children,
    with a value and a polarity, not attainment or a gap (rules of their own), one per item."""
    pool = [
        r for r in p.indicators
        if r.in_profile and r.breakdown == "all" and r.value is not None and r.polarity != "none"
        and r.item not in GAP_ITEMS | ATTAINMENT_ITEMS
    ]  # fmt: skip
    return one_per_item(pool)


def best_ranked(rs: list[IndicatorResult]) -> list[IndicatorResult]:
    """Best ranked first, then the larger margin over England."""
    return sorted(rs, key=lambda r: (r.rank or 0, -abs(r.england.difference or 0)))


def plan_letter(profile: Profile, rating: Rating | None, methodology: Methodology) -> list[Claim]:
    """Every claim of the rating letter, in the order the letter makes them: the claims of each wording
    rule (kind ``letter``) in stage order. Pure: the rules read the profile, the rating and the
    methodology and return their claims."""
    from csrating.letters.rule import LetterContext, letter_rules

    ctx = LetterContext(profile, rating, methodology)
    return [c for r in letter_rules() for c in r(ctx)]


# ------------------------------------------------------------------------------------------ checking
def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part)
    return obj


def resolve(p: Profile, c: dict[str, Any]) -> Any:
    on, fld = c["on"], c["field"]
    key: str = c.get("key") or ""
    if on == "setting":
        s = p.setting(key)
        if fld == "good_or_better":
            return good_or_better(s)
        if fld == "satisfactory_or_worse_pct":
            return 100 * (s.counts.get("satisfactory", 0) + s.counts.get("inadequate", 0)) / s.inspected
        return _get(s, fld)
    if on == "vulnerable":
        present = [s for s in p.settings if s.setting_type in VULNERABLE and s.status == "ok"]
        return 100 * sum(good_or_better(s) for s in present) / sum(s.inspected for s in present)
    if on == "indicator":
        return _get(p.indicator(key), fld)
    if on == "share":
        return p.share(key)[fld]
    if on == "gap":
        return _get(p.gap(key), fld)
    if on == "gap_groups":
        return [x[fld] for x in p.gap(key).get("groups", []) if x.get("value") is not None]
    if on == "la_inspection":
        kind, aspect = key.split(":")
        rows = [i for i in p.la_inspections if i["inspection_type"] == kind and i["aspect"] == aspect]
        return rows[0][fld] if rows else None
    if on == "later_setting":
        rows = [r for r in p.later_setting_inspections if r["urn"] == key]
        return rows[0][fld] if rows else None
    if on == "scr":
        if fld == "count":
            return len(p.serious_case_reviews)
        return sorted((s["grade"] for s in p.serious_case_reviews), reverse=True)
    raise ValueError(f"unknown check target {on}")


def verify(claim: Claim, p: Any, resolver: Callable[[Any, dict[str, Any]], Any] | None = None) -> list[str]:
    """The checks of a claim that the record contradicts (empty: the claim holds). The record is a
    profile unless ``resolver`` reads another (the APA letter's assessment)."""
    failures = []
    for c in claim.checks:
        try:
            v = (resolver or resolve)(p, c)
        except (KeyError, AttributeError, TypeError, ZeroDivisionError) as exc:
            failures.append(f"{c}: cannot resolve ({exc})")
            continue
        ok = True
        if "eq" in c:
            ok = v == c["eq"]
        if "ge" in c:
            ok = ok and v is not None and v >= c["ge"] - 1e-9
        if "le" in c:
            ok = ok and v is not None and v <= c["le"] + 1e-9
        if "contains" in c:
            ok = ok and c["contains"] in (v or [])
        if "all_eq" in c:
            ok = ok and bool(v) and all(x == c["all_eq"] for x in v)
        if not ok:
            failures.append(f"{claim.id}: {c['on']} {c.get('key')} {c['field']} is {v!r}, not as claimed {c}")
    return failures


__all__ = ["Claim", "plan_letter", "verify", "SettingType"]
