"""CLAIM-SETTINGS-ABOVE: the mainstream setting types (schools, colleges, childcare) of which a larger
share is good or better than both in England and in similar areas are named together as a strength.
Single settings are left out. Each of them not wholly good or better then gets a sentence on how its
settings divide: the share good or better in words (an exact third or two thirds as such; else, for at
most ``letter_count_settings_max`` settings, counted; else the quantifier of quantifiers.yaml) and how
many of the rest are satisfactory (from ``letter_requires_improvement_from``: require improvement) and
inadequate. Types that CLAIM-SETTINGS-COUNT counts (few secondary schools or sixth forms, between
``letter_count_settings_min`` and ``letter_count_settings_max``) are left to it. A type wholly good or
better with at most ``letter_count_settings_max`` settings gets a sentence counting how many are
outstanding and how many good ("Of the three school sixth forms, one is outstanding and the other two are
good."), or saying all are of the one grade. Source: the strengths against both comparators named in the
2009 rating letters (seeds/000, 001, 004); Kensington and Chelsea's primary schools, a very high share
good or better and a small number satisfactory, its childcare settings, two thirds at least good and one
third satisfactory, both above similar areas and England, and its three sixth forms, one outstanding and
two good (seeds/001).
"""

from __future__ import annotations

from csrating.letters import claims as letter_claims
from csrating.letters.claims import (
    SETTING_WORDS,
    Claim,
    all_of,
    check,
    compared_types,
    counted_words,
    good_or_better,
    outstanding_and_good,
)
from csrating.letters.quantify import capitalise, fractions, join, number, share_of
from csrating.letters.rule import LetterContext
from csrating.letters.rules.settings_count import counted
from csrating.profile.profile import SettingTypeResult
from csrating.rules import register


@register(
    "letter", "CLAIM-SETTINGS-ABOVE", stage="settings-02",
    title="Setting types above England and similar areas",
    params=("letter_count_settings_min", "letter_count_settings_max", "letter_requires_improvement_from"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    items = [
        s for s in compared_types(ctx.profile) if s.england.verdict == "above" == s.similar_areas.verdict
    ]
    if not items:
        return []
    names = [SETTING_WORDS[s.setting_type] for s in items]
    text = f"A larger share of {join(names)} is good or better than is found nationally or in similar areas."
    claims = [Claim(
        "settings.above", "settings", "CLAIM-SETTINGS-ABOVE", text,
        {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure,
                          "similar": s.similar_areas.figure, "n": s.inspected} for s in items},
        [c for s in items for c in (
            check("setting", s.setting_type, "england.verdict", eq="above"),
            check("setting", s.setting_type, "similar_areas.verdict", eq="above"))],
    )]  # fmt: skip
    least, most = int(ctx.param("letter_count_settings_min")), int(ctx.param("letter_count_settings_max"))
    ri = letter_claims.present_day_grades(ctx)
    for s in items:
        if good_or_better(s) < s.inspected and not counted(s, least, most):
            claims.append(_split(s, ri, most))
        elif good_or_better(s) == s.inspected <= most:  # few, all good or better: counted by grade
            claims.append(_best(s))
    return claims


def _best(s: SettingTypeResult) -> Claim:
    """'Of the three school sixth forms, one is outstanding and the other two are good.' (or 'All three
    school sixth forms are outstanding.')"""
    t, best, good = s.setting_type, s.counts.get("outstanding", 0), s.counts.get("good", 0)
    if best and good:
        text = f"Of the {number(s.inspected)} {counted_words(t)}, {outstanding_and_good(s)}."
    else:
        text = f"{capitalise(all_of(s))} are {'outstanding' if best else 'good'}."
    return Claim(
        f"settings.above.grades.{t}", "settings", "CLAIM-SETTINGS-ABOVE", text,
        {"outstanding": best, "good": good, "inspected": s.inspected},
        [check("setting", t, "counts.outstanding", eq=best), check("setting", t, "counts.good", eq=good),
         check("setting", t, "inspected", eq=s.inspected)],
    )  # fmt: skip


def _split(s: SettingTypeResult, requires_improvement: bool, count_most: int) -> Claim:
    """'Almost all of the 26 primary schools are good or better and the other two are satisfactory.'"""
    good = good_or_better(s)
    third, inadequate = s.counts.get("satisfactory", 0), s.counts.get("inadequate", 0)

    def grade3(n: int) -> str:
        if requires_improvement:
            return "requires improvement" if n == 1 else "require improvement"
        return f"{'is' if n == 1 else 'are'} satisfactory"

    share = share_of(good, s.inspected)
    if share not in fractions() and s.inspected <= count_most:  # few settings: counted
        share = number(good)
    share = capitalise(share)
    text = f"{share} of the {number(s.inspected)} {counted_words(s.setting_type)} "
    text += f"{'is' if good == 1 else 'are'} good or better"
    bad = f"{'is' if inadequate == 1 else 'are'} inadequate"
    if inadequate == 0:
        text += f" and the other {number(third)} {grade3(third)}."
    elif third == 0:
        text += f" and the other {number(inadequate)} {bad}."
    else:
        text += f"; of the rest, {number(third)} {grade3(third)} and {number(inadequate)} {bad}."
    t = s.setting_type
    return Claim(
        f"settings.above.split.{t}", "settings", "CLAIM-SETTINGS-ABOVE", text,
        {"good_or_better": good, "inspected": s.inspected, "satisfactory": third, "inadequate": inadequate},
        [check("setting", t, "good_or_better", eq=good), check("setting", t, "inspected", eq=s.inspected),
         check("setting", t, "counts.satisfactory", eq=third),
         check("setting", t, "counts.inadequate", eq=inadequate)],
    )  # fmt: skip
