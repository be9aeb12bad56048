"""The sentence planner: from a profile and a rating to claims, each a sentence with the figures it rests
on, the wording rule that chose it, and checks that re-derive it from the profile.

Selection and order follow the 2009 letters: the settings paragraph opens with the share of all inspected
settings good or better, then the strongest and weakest setting types against England and similar areas,
then provision for vulnerable children (named agencies by grade), then inspections of the LA and serious
case reviews; the indicators paragraph opens with the share of indicators better than or in line with
similar areas (staying safe and enjoying and achieving named), then notable indicators, attainment at 5,
11, 16 and 19, and the gaps for vulnerable groups. A claim is made only where the profile has the figures
for it; with missing data the letter says less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from csrating.enums import EcmOutcome, SettingType
from csrating.letters.quantify import capitalise, in_sentence, join, number, phrase
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
AGENCIES = {"la_fostering_agency", "la_adoption_agency", "private_fostering"}
GRADE_WORD = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
JUDGEMENT_WORD = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}
ILACS_WORD = {4: "outstanding", 3: "good", 2: "requires improvement to be good", 1: "inadequate"}
AGES = [("five", ["NI72"]), ("11", ["NI73"]), ("16", ["NI75"])]
AT_19 = ["NI79", "NI80"]


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


def _check(on: str, key: str | None, fld: str, **cond: Any) -> dict[str, Any]:
    return {"on": on, "key": key, "field": fld, **cond}


def _gob(s: SettingTypeResult) -> int:
    return s.counts.get("outstanding", 0) + s.counts.get("good", 0)


def _band_bounds(pct: float) -> tuple[float, float]:
    """The quantifier band a share falls in, as [min, next min) for the checks."""
    from csrating.letters.quantify import config

    bands = config()["bands"]
    for i, b in enumerate(bands):
        if pct >= b["min"] - 1e-9:
            upper = 100.0 if i == 0 else bands[i - 1]["min"]
            return float(b["min"]), float(upper)
    return 0.0, 0.0


# ----------------------------------------------------------------------------------------- settings
def _overall(p: Profile) -> list[Claim]:
    s = p.setting("all")
    if s.status != "ok":
        return []
    q = phrase(s.good_or_better_pct)
    lo, hi = _band_bounds(s.good_or_better_pct)
    text = f"{capitalise(q)} of the inspected services and settings are good or better for overall effectiveness."  # noqa: E501
    return [
        Claim(
            "settings.overall", "settings", "CLAIM-SETTINGS-OVERALL", text,
            {"good_or_better_pct": s.good_or_better_pct, "inspected": s.inspected, "good_or_better": _gob(s)},
            [_check("setting", "all", "good_or_better_pct", ge=lo, le=hi)],
        )
    ]  # fmt: skip


def _compare_types(p: Profile) -> list[Claim]:
    groups: dict[str, list[SettingTypeResult]] = {
        "above": [], "below": [], "above_eng": [], "below_eng": [], "in_line_good": [],
    }  # fmt: skip
    for t in MAINSTREAM:
        try:
            s = p.setting(t)
        except KeyError:
            continue
        if s.status != "ok" or s.single:
            continue
        e, sim = s.england.verdict, s.similar_areas.verdict
        if e == "above" and sim == "above":
            groups["above"].append(s)
        elif e == "below" and sim == "below":
            groups["below"].append(s)
        elif e == "above" and sim in ("in_line", "no_data", "too_few"):
            groups["above_eng"].append(s)
        elif e == "below" and sim in ("in_line", "no_data", "too_few"):
            groups["below_eng"].append(s)
        elif e == "in_line" and sim == "in_line" and s.good_or_better_pct >= 65:
            groups["in_line_good"].append(s)
    claims = []
    if groups["above"]:
        names = [SETTING_WORDS[s.setting_type] for s in groups["above"]]
        text = (
            f"A larger share of {join(names)} is good or better than is found nationally or in similar areas."
        )
        claims.append(Claim(
            "settings.above", "settings", "CLAIM-SETTINGS-ABOVE", text,
            {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure,
                              "similar": s.similar_areas.figure, "n": s.inspected} for s in groups["above"]},
            [c for s in groups["above"] for c in (
                _check("setting", s.setting_type, "england.verdict", eq="above"),
                _check("setting", s.setting_type, "similar_areas.verdict", eq="above"))],
        ))  # fmt: skip
    if groups["above_eng"]:
        names = [SETTING_WORDS[s.setting_type] for s in groups["above_eng"]]
        text = f"More {join(names)} are good or better than nationally."
        claims.append(Claim(
            "settings.above_england", "settings", "CLAIM-SETTINGS-ABOVE-ENGLAND", text,
            {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure}
             for s in groups["above_eng"]},
            [_check("setting", s.setting_type, "england.verdict", eq="above") for s in groups["above_eng"]],
        ))  # fmt: skip
    if groups["in_line_good"]:
        items = groups["in_line_good"]
        names = [SETTING_WORDS[s.setting_type] for s in items]
        text = (
            f"{capitalise(join(names))} perform well overall: "
            f"{' and '.join(sorted({phrase(s.good_or_better_pct) for s in items}))} are good or better, "
            "in line "
            "with what is found nationally and in similar areas."
        )
        claims.append(Claim(
            "settings.in_line", "settings", "CLAIM-SETTINGS-IN-LINE", text,
            {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure,
                              "similar": s.similar_areas.figure} for s in items},
            [c for s in items for c in (
                _check("setting", s.setting_type, "england.verdict", eq="in_line"),
                _check("setting", s.setting_type, "similar_areas.verdict", eq="in_line"),
                _check("setting", s.setting_type, "good_or_better_pct", ge=65, le=100))],
        ))  # fmt: skip
    for s in groups["below"]:
        claims.append(_weakness(s, both=True))
    for s in groups["below_eng"]:
        claims.append(_weakness(s, both=False))
    return claims


def _weakness(s: SettingTypeResult, both: bool) -> Claim:
    name = SETTING_WORDS[s.setting_type]
    sat = s.counts.get("satisfactory", 0) + s.counts.get("inadequate", 0)
    share_sat = 100 * sat / s.inspected
    where = "nationally or in similar areas" if both else "nationally"
    text = (
        f"{capitalise(name)} are a relative weakness: fewer are good or better than {where}, and "
        f"{phrase(share_sat)} are no better than satisfactory"
    )
    checks = [_check("setting", s.setting_type, "england.verdict", eq="below")]
    if both:
        checks.append(_check("setting", s.setting_type, "similar_areas.verdict", eq="below"))
    lo, hi = _band_bounds(share_sat)
    checks.append(_check("setting", s.setting_type, "satisfactory_or_worse_pct", ge=lo, le=hi))
    if s.weak_outcomes:
        outcomes = [EcmOutcome(o).label for o in s.weak_outcomes]
        text += f", partly because of weaknesses in {join(outcomes)}"
        checks += [_check("setting", s.setting_type, "weak_outcomes", contains=o) for o in s.weak_outcomes]
    return Claim(
        f"settings.weak.{s.setting_type}", "settings", "CLAIM-SETTINGS-WEAKNESS", text + ".",
        {"pct": s.good_or_better_pct, "england": s.england.figure, "similar": s.similar_areas.figure,
         "n": s.inspected, "satisfactory_or_worse": sat, "weak_outcomes": s.weak_outcomes},
        checks,
    )  # fmt: skip


def _small_counts(p: Profile) -> list[Claim]:
    """Secondary schools and sixth forms counted when there are few of them and not all are good."""
    claims = []
    for t in ("secondary_school", "school_sixth_form"):
        try:
            s = p.setting(t)
        except KeyError:
            continue
        if s.status != "ok" or s.inspected > 12 or s.inspected < 2:
            continue
        good = _gob(s)
        inadequate = s.counts.get("inadequate", 0)
        if good == s.inspected:
            continue
        text = (
            f"{capitalise(number(good))} of the {number(s.inspected)} {SETTING_WORDS[t]} "
            f"{'is' if good == 1 else 'are'} good or better"
        )
        text += " and none is inadequate." if inadequate == 0 else f" and {number(inadequate)} inadequate."
        claims.append(Claim(
            f"settings.count.{t}", "settings", "CLAIM-SETTINGS-COUNT", text,
            {"good_or_better": good, "inspected": s.inspected, "inadequate": inadequate},
            [_check("setting", t, "good_or_better", eq=good),
             _check("setting", t, "inspected", eq=s.inspected),
             _check("setting", t, "counts.inadequate", eq=inadequate)],
        ))  # fmt: skip
    return claims


def _vulnerable(p: Profile) -> list[Claim]:
    present = []
    for t in VULNERABLE:
        try:
            s = p.setting(t)
        except KeyError:
            continue
        if s.status == "ok":
            present.append(s)
    if not present:
        return []
    n = sum(s.inspected for s in present)
    good = sum(_gob(s) for s in present)
    pct = 100 * good / n
    if pct >= 90:
        summary = "good or better in almost all respects"
    elif pct >= 65:
        summary = "mostly good"
    else:
        summary = "more mixed"
    claims = [Claim(
        "settings.vulnerable", "settings", "CLAIM-VULNERABLE-SUMMARY",
        f"Provision for children and young people whose circumstances make them vulnerable is {summary}.",
        {"good_or_better_pct": pct, "inspected": n, "types": [s.setting_type for s in present]},
        [_check("vulnerable", None, "good_or_better_pct",
                ge=90 if pct >= 90 else 65 if pct >= 65 else 0,
                le=100 if pct >= 90 else 90 if pct >= 65 else 65)],
    )]  # fmt: skip
    by_grade: dict[int, list[SettingTypeResult]] = {}
    for s in present:
        if s.single and s.grade:
            by_grade.setdefault(_grade_num(s.grade), []).append(s)
        elif (
            s.inspected
            and (grades := [g for g, nm in GRADE_WORD.items() if s.counts.get(nm)])
            and len(grades) == 1
        ):
            by_grade.setdefault(grades[0], []).append(s)
    for g in sorted(by_grade):
        items = by_grade[g]
        names = [_all_of(s) for s in items]
        verb = "is" if len(items) == 1 and (items[0].single or items[0].inspected == 1) else "are"
        only = "only " if g >= 3 else ""
        text = f"{capitalise(join(names))} {verb} {only}{GRADE_WORD[g]}."
        claims.append(Claim(
            f"settings.vulnerable.grade{g}", "settings", "CLAIM-VULNERABLE-BY-GRADE", text,
            {s.setting_type: {"grade": GRADE_WORD[g], "n": s.inspected} for s in items},
            [_check("setting", s.setting_type, f"counts.{GRADE_WORD[g]}", eq=s.inspected) for s in items],
        ))  # fmt: skip
    for s in present:
        if s.single or not s.inspected or any(s in v for v in by_grade.values()):
            continue
        good_n = _gob(s)
        inadequate = s.counts.get("inadequate", 0)
        share = 100 * good_n / s.inspected
        plural = SETTING_WORDS[s.setting_type]
        if good_n == s.inspected:
            text = f"{capitalise(_all_of(s))} {'is' if s.inspected == 1 else 'are'} good or better"
        elif s.inspected <= 4:
            text = f"{capitalise(number(good_n))} of the {number(s.inspected)} {plural} "
            text += "is good or better" if good_n == 1 else "are good or better"
        else:
            text = (
                f"{capitalise(phrase(share))} of the local authority's {number(s.inspected)} {plural} "
                "are good or better"
            )
        if inadequate == 0 and good_n < s.inspected:
            text += " and none is inadequate"
        elif inadequate:
            text += f" and {number(inadequate)} {'is' if inadequate == 1 else 'are'} inadequate"
        if s.england.verdict == "below" and s.similar_areas.verdict == "below":
            text += ", below what is found nationally and in similar areas"
        elif s.england.verdict == "above" and s.similar_areas.verdict == "above":
            text += ", more than nationally and in similar areas"
        if s.weak_outcomes:
            text += f", with weaknesses in {join([EcmOutcome(o).label for o in s.weak_outcomes])}"
        lo, hi = _band_bounds(share)
        checks = [
            _check("setting", s.setting_type, "good_or_better_pct", ge=lo, le=hi),
            _check("setting", s.setting_type, "counts.inadequate", eq=inadequate),
        ]
        if ", below what" in text:
            checks += [
                _check("setting", s.setting_type, "england.verdict", eq="below"),
                _check("setting", s.setting_type, "similar_areas.verdict", eq="below"),
            ]
        if ", more than" in text:
            checks += [
                _check("setting", s.setting_type, "england.verdict", eq="above"),
                _check("setting", s.setting_type, "similar_areas.verdict", eq="above"),
            ]
        claims.append(Claim(
            f"settings.vulnerable.{s.setting_type}", "settings", "CLAIM-VULNERABLE-TYPE", text + ".",
            {"good_or_better": good_n, "inspected": s.inspected, "inadequate": inadequate,
             "england": s.england.figure, "similar": s.similar_areas.figure},
            checks,
        ))  # fmt: skip
    return claims


def _all_of(s: SettingTypeResult) -> str:
    """'the local authority fostering agency', 'the pupil referral unit', 'both special schools', 'all six
    special schools', 'all 24 special schools'."""
    if s.setting_type in AGENCIES:
        return SETTING_WORDS[s.setting_type]
    if s.inspected == 1:
        return "the " + SettingType(s.setting_type).label
    if s.inspected == 2:
        return "both " + SETTING_WORDS[s.setting_type]
    return f"all {number(s.inspected)} {SETTING_WORDS[s.setting_type]}"


def _grade_num(label: str) -> int:
    return {v: k for k, v in GRADE_WORD.items()}[label]


def _month(d: date | str) -> str:
    d = d if isinstance(d, date) else date.fromisoformat(str(d))
    return d.strftime("%B %Y")


def _la_inspections(p: Profile) -> list[Claim]:
    claims = []
    aspect_words = {
        "safeguarding": "safeguarding",
        "looked_after": "services for looked after children",
        "ldd": "services for children and young people with learning difficulties and/or disabilities",
        "overall": "overall effectiveness",
        "in_care": "the experiences of children in care",
        "help_and_protection": "help and protection",
        "leaders": "the impact of leaders",
        "care_leavers": "the experiences of care leavers",
    }
    kinds = {
        "jar": "joint area review",
        "slac": "inspection of safeguarding and looked after children services",
        "ilacs_standard": "inspection of local authority children's services",
        "ilacs_short": "inspection of local authority children's services",
        "sif": "single inspection",
    }
    for kind, title in kinds.items():
        rows = [i for i in p.la_inspections if i["inspection_type"] == kind and i["grade"] is not None]
        if not rows:
            continue
        when = _month(max(i["date"] for i in rows))
        by_grade: dict[int, list[str]] = {}
        order = list(aspect_words)
        for i in sorted(rows, key=lambda i: order.index(i["aspect"]) if i["aspect"] in order else 99):
            if i["aspect"] in aspect_words:
                by_grade.setdefault(i["grade"], []).append(aspect_words[i["aspect"]])
        words = ILACS_WORD if kind.startswith(("ilacs", "sif")) else JUDGEMENT_WORD
        parts = [f"{join(a)} {words[g]}" for g, a in sorted(by_grade.items(), reverse=True)]
        text = f"The {title} of {when} judged {join(parts)}."
        claims.append(Claim(
            f"settings.la_inspection.{kind}", "settings", "CLAIM-LA-INSPECTION", text,
            {i["aspect"]: JUDGEMENT_WORD[i["grade"]] for i in rows},
            [_check("la_inspection", f"{kind}:{i['aspect']}", "grade", eq=i["grade"]) for i in rows
             if i["aspect"] in aspect_words],
        ))  # fmt: skip
    scrs = p.serious_case_reviews
    if scrs:
        n = len(scrs)
        grades = sorted((s["grade"] for s in scrs), reverse=True)
        if all(g >= 2 for g in grades):
            text = (
                f"All {number(n)} serious case reviews evaluated were judged adequate or better."
                if n > 1
                else "The one serious case review evaluated was judged adequate or better."
            )
        else:
            counts = {g: grades.count(g) for g in set(grades)}
            parts = [f"{number(c)} {JUDGEMENT_WORD[g]}" for g, c in sorted(counts.items(), reverse=True)]
            text = (
                f"{capitalise(number(n))} serious case review{'s were' if n > 1 else ' was'} evaluated: "
                f"{join(parts)}."
            )
        claims.append(Claim(
            "settings.scr", "settings", "CLAIM-SCR", text, {"count": n, "grades": grades},
            [_check("scr", None, "count", eq=n), _check("scr", None, "grades", eq=grades)],
        ))  # fmt: skip
    return claims


# --------------------------------------------------------------------------------------- indicators
def _share(p: Profile) -> list[Claim]:
    s = p.share("all")
    if not s["compared_similar"]:
        return []
    pct = s["ok_similar_pct"]
    lo, hi = _band_bounds(pct)
    keys = []
    checks = [_check("share", "all", "ok_similar_pct", ge=lo, le=hi)]
    for code in ("SS", "EA"):
        k = p.share(code)
        if k["compared_similar"] and k["ok_similar_pct"] is not None and k["ok_similar_pct"] >= 50:
            keys.append(EcmOutcome(code).label)
            checks.append(_check("share", code, "ok_similar_pct", ge=50, le=100))
    including = f", including those for {join(keys)}," if len(keys) == 2 else ""
    eng = s["ok_england_pct"]
    also = ""
    if eng is not None and phrase(eng) == phrase(pct):
        also = " and the national figures"
        checks.append(_check("share", "all", "ok_england_pct", ge=lo, le=hi))
    text = (
        f"Performance against {phrase(pct)} of the national indicators{_span(_counted(p))}{including} is "
        f"better than or in line with similar areas{also}."
    )
    return [Claim(
        "indicators.share", "indicators", "CLAIM-INDICATORS-SHARE", text,
        {"ok_similar_pct": pct, "compared": s["compared_similar"], "ok_england_pct": eng,
         "SS": p.share("SS")["ok_similar_pct"], "EA": p.share("EA")["ok_similar_pct"]},
        checks,
    )]  # fmt: skip


def _find(p: Profile, item: str, breakdown: str = "all") -> IndicatorResult | None:
    for r in p.indicators:
        if (
            (r.item == item or r.code == item)
            and r.breakdown == breakdown
            and r.in_profile
            and r.value is not None
        ):
            return r
    return None


def _periods(rs: list[IndicatorResult]) -> str:
    """The periods of the figures a sentence rests on, oldest first: '2024/25', '2023/24 and 2024/25'."""
    ordered = sorted((r.year or 0, r.period) for r in rs if r.period)
    return join(list(dict.fromkeys(p for _, p in ordered)))


def _span(rs: list[IndicatorResult]) -> str:
    """' (latest figures, 2022 to 2025)': the range of periods of the indicators a share counts."""
    ordered = sorted((r.year or 0, r.period) for r in rs if r.period)
    if not ordered:
        return ""
    first, last = ordered[0][1], ordered[-1][1]
    return f" (latest figures, {first})" if first == last else f" (latest figures, {first} to {last})"


def _counted(p: Profile, outcome: str | None = None) -> list[IndicatorResult]:
    """The indicators a share compares with similar areas (of one ECM outcome, or all)."""
    return [
        r for r in p.indicators
        if r.in_profile and r.breakdown == "all" and r.polarity != "none"
        and r.similar_areas.verdict != "no_data" and outcome in (None, r.ecm_outcome)
    ]  # fmt: skip


def _named(r: IndicatorResult) -> str:
    """An indicator as a letter names it, with the period of its figure: 'care leavers aged 19-21 in
    education, employment or training (%, 2025)'."""
    name = in_sentence(r.name)
    if not r.period:
        return name
    if name.endswith(")") and " (" in name:  # the unit in brackets: add the period to it
        return f"{name[:-1]}, {r.period})"
    return f"{name} ({r.period})"


def _verdict_pair(r: IndicatorResult) -> str | None:
    e, s = r.england.verdict, r.similar_areas.verdict
    if e == s and e in ("better", "worse", "in_line"):
        return e
    return None


def _attainment(p: Profile) -> list[Claim]:
    claims = []
    groups: dict[str, list[tuple[str, IndicatorResult]]] = {}
    for age, items in AGES:
        rs = [r for i in items if (r := _find(p, i))]
        if rs and (v := _verdict_pair(rs[0])):
            groups.setdefault(v, []).append((age, rs[0]))
    words = {
        "better": "above that found nationally and in similar areas",
        "in_line": "in line with similar areas and the national picture",
        "worse": "below that found nationally and in similar areas",
    }
    for v, items in groups.items():
        ages = [a for a, _ in items]
        periods = _periods([r for _, r in items])
        text = f"Achievement at age{'s' if len(ages) > 1 else ''} {join(ages)} ({periods}) is {words[v]}"
        improving = [r for _, r in items if r.trend.get("direction") == "improving"]
        if improving and len(improving) == len(items):
            text += " and continues to improve"
        text += "."
        claims.append(Claim(
            f"indicators.attainment.{v}", "indicators", "CLAIM-ATTAINMENT", text,
            {r.item: {"value": r.value, "england": r.england.figure, "similar": r.similar_areas.figure,
                      "period": r.period} for _, r in items},
            [c for _, r in items for c in (
                _check("indicator", r.code, "england.verdict", eq=v),
                _check("indicator", r.code, "similar_areas.verdict", eq=v),
                *([_check("indicator", r.code, "trend.direction", eq="improving")]
                  if "continues to improve" in text else []))],
        ))  # fmt: skip
    at19 = [r for i in AT_19 if (r := _find(p, i))]
    if at19 and all(_verdict_pair(r) == "better" for r in at19):
        claims.append(Claim(
            "indicators.level_19", "indicators", "CLAIM-LEVEL-19",
            "More young people than nationally or in similar areas gain Level 2 or Level 3 qualifications "
            f"by the age of 19 ({_periods(at19)}).",
            {r.item: {"value": r.value, "england": r.england.figure, "similar": r.similar_areas.figure,
                      "period": r.period} for r in at19},
            _both_comparators(at19, "better"),
        ))  # fmt: skip
    return claims


GAP_ITEMS = {"NI92", "NI102a", "NI102b", "NI104", "NI105", "NI81", "NI82", "NI107", "NI108"}
ATTAINMENT_ITEMS = {"NI72", "NI73", "NI75", "NI79", "NI80"}


def _ranked_figures(rs: list[IndicatorResult]) -> dict[str, Any]:
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


def _both_comparators(rs: list[IndicatorResult], verdict: str) -> list[dict[str, Any]]:
    """Checks that each indicator is ``verdict`` against England and against similar areas."""
    return [
        _check("indicator", r.code, fld, eq=verdict)
        for r in rs
        for fld in ("england.verdict", "similar_areas.verdict")
    ]


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


def _notable(p: Profile) -> list[Claim]:
    """Staying safe first: whether every staying safe indicator is at least in line with similar areas,
    and up to four staying safe strengths (better than both comparators, top quartile); then up to three
    strengths in the other outcomes and up to two weaknesses (worse than both, bottom quartile), best
    ranked first."""
    pool = [
        r for r in p.indicators
        if r.in_profile and r.breakdown == "all" and r.value is not None and r.polarity != "none"
        and r.item not in GAP_ITEMS | ATTAINMENT_ITEMS
    ]  # fmt: skip
    pool = one_per_item(pool)

    def best(rs):  # noqa: ANN001, ANN202 - rank first, then the margin over England
        return sorted(rs, key=lambda r: (r.rank or 0, -abs(r.england.difference or 0)))

    strengths = best(
        r for r in pool if r.ecm_outcome == "SS" and _verdict_pair(r) == "better" and r.band == "A"
    )[:4]
    others = best(
        r
        for r in pool
        if r.ecm_outcome not in ("SS", None) and _verdict_pair(r) == "better" and r.band == "A"
    )[:3]
    weaknesses = sorted(
        (r for r in pool if _verdict_pair(r) == "worse" and r.band == "D"), key=lambda r: -(r.rank or 0)
    )[:2]
    claims = []
    ss = p.share("SS")
    if ss["compared_similar"] >= 3 and ss["ok_similar"] == ss["compared_similar"]:
        claims.append(Claim(
            "indicators.staying_safe", "indicators", "CLAIM-STAYING-SAFE-CONSISTENT",
            f"All {number(ss['compared_similar'])} staying safe indicators{_span(_counted(p, 'SS'))} are "
            "better than or in line with similar areas.",
            {"compared": ss["compared_similar"], "ok": ss["ok_similar"]},
            [_check("share", "SS", "ok_similar_pct", ge=100, le=100)],
        ))  # fmt: skip
    if strengths:
        names = [_named(r) for r in strengths]
        text = (
            f"Among the staying safe indicators, the figures for {join(names)} are better than nationally "
            "and in similar areas."
        )
        claims.append(Claim(
            "indicators.strengths", "indicators", "CLAIM-INDICATOR-STRENGTHS", text,
            _ranked_figures(strengths), _both_comparators(strengths, "better"),
        ))  # fmt: skip
    if others:
        names = [_named(r) for r in others]
        claims.append(Claim(
            "indicators.other_strengths", "indicators", "CLAIM-INDICATOR-STRENGTHS",
            f"The figures for {join(names)} are also better than nationally and in similar areas.",
            _ranked_figures(others), _both_comparators(others, "better"),
        ))  # fmt: skip
    if weaknesses:
        names = [_named(r) for r in weaknesses]
        text = f"However, the figures for {join(names)} are worse than nationally and in similar areas."
        claims.append(Claim(
            "indicators.weaknesses", "indicators", "CLAIM-INDICATOR-WEAKNESSES", text,
            _ranked_figures(weaknesses), _both_comparators(weaknesses, "worse"),
        ))  # fmt: skip
    return claims


def _gap_view(g: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for key in ("gap", "computed_gap"):
        v = g.get(key)
        if v and v.get("value") is not None:
            return key, v
    return None


def _group_ages(pairs: list[tuple[str, Any]]) -> list[str]:
    """[('pupils eligible for free school meals', 11), (..., 16), ('looked after children', 11)] ->
    ['pupils eligible for free school meals at 11 and 16', 'looked after children at 11']."""
    ages: dict[str, list[str]] = {}
    for group, age in pairs:
        a = ages.setdefault(group, [])
        if age is not None and str(age) not in a:
            a.append(str(age))
    return [f"{g} at {join(a)}" if a else g for g, a in ages.items()]


def _view_periods(views: list[dict[str, Any]]) -> str:
    """' (2023/24)': the periods of the gap figures a sentence rests on, in order."""
    periods = sorted({v["period"] for v in views if v.get("period")})
    return f" ({join(periods)})" if periods else ""


def _gaps(p: Profile) -> list[Claim]:
    claims = []
    wider, narrower = [], []
    for g in p.gaps:
        found = _gap_view(g)
        if not found:
            continue
        key, v = found
        pair = (v["vs_england"], v["vs_similar"])
        label = f"{g['group']} at {g['age']}" if g.get("age") else g["group"]
        if pair == ("wider", "wider"):
            wider.append((g, key, v, label))
        elif pair == ("narrower", "narrower"):
            narrower.append((g, key, v, label))
    for kind, items in (("wider", wider), ("narrower", narrower)):
        if not items:
            continue
        labels = _group_ages([(g["group"], g.get("age")) for g, *_ in items])
        text = (
            f"The gap between {join(labels)} and their peers{_view_periods([v for _g, _k, v, _l in items])} "
            f"is {kind} than nationally and in similar areas"
        )
        closing = [lb for g, key, v, lb in items if (v.get("trend") or {}).get("direction") == "closing"]
        checks = [
            c
            for g, key, v, _ in items
            for c in (
                _check("gap", g["id"], f"{key}.vs_england", eq=kind),
                _check("gap", g["id"], f"{key}.vs_similar", eq=kind),
            )
        ]
        if closing:
            checks += [
                _check("gap", g["id"], f"{key}.trend.direction", eq="closing")
                for g, key, v, lb in items
                if lb in closing
            ]
            if len(closing) == len(items):
                text += ", although it is closing" if kind == "wider" else ", and it is still closing"
            else:
                pairs = [(g["group"], g.get("age")) for g, _k, _v, lb in items if lb in closing]
                text += f"; it is closing for {join(_group_ages(pairs))}"
        claims.append(Claim(
            f"indicators.gaps.{kind}", "indicators", "CLAIM-GAPS", text + ".",
            {g["id"]: {"gap": v["value"], "england": v["england"], "similar": v.get("similar"),
                       "trend": (v.get("trend") or {}).get("values")} for g, key, v, _ in items},
            checks,
        ))  # fmt: skip
    # the group's own results against the same group nationally
    better = []
    for g in p.gaps:
        r = g.get("group_result")
        if r and r.get("value") is not None and r.get("vs_england") == "better":
            better.append((g, r))
    if better:
        labels = _group_ages([(g["group"], g.get("age")) for g, _ in better])
        text = (
            f"{capitalise(join(labels))} do better than the same groups nationally"
            f"{_view_periods([r for _, r in better])}."
        )
        claims.append(Claim(
            "indicators.groups", "indicators", "CLAIM-GROUP-VS-NATIONAL", text,
            {g["id"]: {"value": r["value"], "england": r["england"]} for g, r in better},
            [_check("gap", g["id"], "group_result.vs_england", eq="better") for g, _ in better],
        ))  # fmt: skip
    for g in p.gaps:
        groups = [x for x in g.get("groups", []) if x.get("value") is not None]
        if len(groups) >= 2 and all(x["vs_england"] == "better" for x in groups):
            text = (
                f"Every minority ethnic group reported achieves above the same group nationally at age "
                f"{g['age']}{_view_periods(groups)}."
            )
            claims.append(Claim(
                f"indicators.ethnic.{g['id']}", "indicators", "CLAIM-ETHNIC-GROUPS", text,
                {x["breakdown"]: {"value": x["value"], "england": x["england"]} for x in groups},
                [_check("gap_groups", g["id"], "vs_england", all_eq="better")],
            ))  # fmt: skip
    return claims


def plan(p: Profile, r: Rating) -> list[Claim]:
    """Every claim of the letter, in the order the letter makes them."""
    return [
        *_overall(p), *_compare_types(p), *_small_counts(p), *_vulnerable(p), *_la_inspections(p),
        *_share(p), *_notable(p), *_attainment(p), *_gaps(p),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------ checking
def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part)
    return obj


def resolve(p: Profile, c: dict[str, Any]) -> Any:
    on, key, fld = c["on"], c.get("key"), c["field"]
    if on == "setting":
        s = p.setting(key)
        if fld == "good_or_better":
            return _gob(s)
        if fld == "satisfactory_or_worse_pct":
            return 100 * (s.counts.get("satisfactory", 0) + s.counts.get("inadequate", 0)) / s.inspected
        return _get(s, fld)
    if on == "vulnerable":
        present = [s for s in p.settings if s.setting_type in VULNERABLE and s.status == "ok"]
        return 100 * sum(_gob(s) for s in present) / sum(s.inspected for s in present)
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


__all__ = ["Claim", "plan", "verify", "SettingType"]
