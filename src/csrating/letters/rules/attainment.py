"""CLAIM-ATTAINMENT: attainment at five, 11 and 16 (NI72, NI73, NI75) where it is better than, in line
with or worse than both England and similar areas, the ages of one verdict in one sentence, adding "and
continues to improve" when every figure named is improving. Source: the attainment sentences of the 2009
rating letters (seeds/000, 001, 002, 004).
"""

from __future__ import annotations

from csrating.letters.claims import AGES, Claim, check, find_indicator, periods_of, verdict_pair
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.profile.profile import IndicatorResult
from csrating.rules import register


@register(
    "letter",
    "CLAIM-ATTAINMENT",
    stage="indicators-05",
    title="Attainment at five, 11 and 16 against both comparators",
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    groups: dict[str, list[tuple[str, IndicatorResult]]] = {}
    for age, items in AGES:
        rs = [r for i in items if (r := find_indicator(p, i))]
        if rs and (v := verdict_pair(rs[0])):
            groups.setdefault(v, []).append((age, rs[0]))
    words = {
        "better": "above that found nationally and in similar areas",
        "in_line": "in line with similar areas and the national picture",
        "worse": "below that found nationally and in similar areas",
    }
    for v, pairs in groups.items():
        ages = [a for a, _ in pairs]
        periods = periods_of([r for _, r in pairs])
        text = f"Achievement at age{'s' if len(ages) > 1 else ''} {join(ages)} ({periods}) is {words[v]}"
        improving = [r for _, r in pairs if r.trend.get("direction") == "improving"]
        if improving and len(improving) == len(pairs):
            text += " and continues to improve"
        text += "."
        claims.append(Claim(
            f"indicators.attainment.{v}", "indicators", "CLAIM-ATTAINMENT", text,
            {r.item: {"value": r.value, "england": r.england.figure, "similar": r.similar_areas.figure,
                      "period": r.period} for _, r in pairs},
            [c for _, r in pairs for c in (
                check("indicator", r.code, "england.verdict", eq=v),
                check("indicator", r.code, "similar_areas.verdict", eq=v),
                *([check("indicator", r.code, "trend.direction", eq="improving")]
                  if "continues to improve" in text else []))],
        ))  # fmt: skip
    return claims
