"""CLAIM-LEVEL-19: when the shares of young people gaining Level 2 and Level 3 qualifications by 19 (NI79,
NI80) are both better than England and similar areas, the letter says so. Source: the 2009 rating letters
on qualifications at 19 (seeds/001, 004).
"""

from __future__ import annotations

from csrating.letters.claims import AT_19, Claim, both_comparators, find_indicator, periods_of, verdict_pair
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register("letter", "CLAIM-LEVEL-19", stage="indicators-06", title="Level 2 and 3 at 19 better than both")
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    at19 = [r for i in AT_19 if (r := find_indicator(p, i))]
    if at19 and all(verdict_pair(r) == "better" for r in at19):
        claims.append(Claim(
            "indicators.level_19", "indicators", "CLAIM-LEVEL-19",
            "More young people than nationally or in similar areas gain Level 2 or Level 3 qualifications "
            f"by the age of 19 ({periods_of(at19)}).",
            {r.item: {"value": r.value, "england": r.england.figure, "similar": r.similar_areas.figure,
                      "period": r.period} for r in at19},
            both_comparators(at19, "better"),
        ))  # fmt: skip
    return claims
