"""CLAIM-STAYING-SAFE-CONSISTENT: when every staying safe indicator compared with similar areas (at least
``letter_staying_safe_min_compared`` of them) is better than or in line with them, the letter says so.
Source: the 2009 rating letters single out staying safe (seeds/000, 002); the minimum is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import Claim, check, counted_indicators, span_of
from csrating.letters.quantify import number
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-STAYING-SAFE-CONSISTENT", stage="indicators-02",
    title="Every staying safe indicator in line or better", params=("letter_staying_safe_min_compared",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    ss = p.share("SS")
    least = int(ctx.param("letter_staying_safe_min_compared"))
    if ss["compared_similar"] < least or ss["ok_similar"] != ss["compared_similar"]:
        return []
    span = span_of(counted_indicators(p, "SS"))
    return [Claim(
        "indicators.staying_safe", "indicators", "CLAIM-STAYING-SAFE-CONSISTENT",
        f"All {number(ss['compared_similar'])} staying safe indicators{span} are "
        "better than or in line with similar areas.",
        {"compared": ss["compared_similar"], "ok": ss["ok_similar"]},
        [check("share", "SS", "ok_similar_pct", ge=100, le=100)],
    )]  # fmt: skip
