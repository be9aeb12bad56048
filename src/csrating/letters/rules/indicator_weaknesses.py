"""CLAIM-INDICATOR-WEAKNESSES: up to ``letter_weaknesses_most`` indicators worse than both England and
similar areas and in the bottom quartile are named as weaknesses, worst ranked first, each sentence within
``letter_sentence_words_most`` words. Source: the 2009 rating letters' "However, ..." sentences on weak
indicators (seeds/000, 001, 004); the limit is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import Claim, indicators_claim, notable_pool, verdict_pair
from csrating.letters.rule import LetterContext
from csrating.rules import register

FIRST = "However, the figures for {} are worse than nationally and in similar areas."


@register(
    "letter", "CLAIM-INDICATOR-WEAKNESSES", stage="indicators-04", title="Indicators worse than both",
    params=("letter_weaknesses_most", "letter_indicators_per_sentence_most", "letter_sentence_words_most"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    weaknesses = sorted(
        (r for r in notable_pool(ctx.profile) if verdict_pair(r) == "worse" and r.band == "D"),
        key=lambda r: -(r.rank or 0),
    )[: int(ctx.param("letter_weaknesses_most"))]
    if not weaknesses:
        return []
    most = int(ctx.param("letter_indicators_per_sentence_most"))
    words_most = int(ctx.param("letter_sentence_words_most"))
    return [
        indicators_claim(
            "indicators.weaknesses",
            "CLAIM-INDICATOR-WEAKNESSES",
            weaknesses,
            FIRST,
            "worse",
            most,
            words_most,
        )
    ]
