"""CLAIM-INDICATOR-STRENGTHS: the indicators better than both England and similar areas and in the top
quartile are named as strengths, best ranked first: up to ``letter_staying_safe_strengths_most`` staying
safe indicators in one sentence, then up to ``letter_other_strengths_most`` of the other outcomes in
another, each sentence within ``letter_sentence_words_most`` words (more names go to further sentences).
Attainment and the gaps for vulnerable groups have rules of their own. Source: the notable
indicators of the 2009 rating letters (seeds/000, 001, 002, 004); the limits are assumed.
"""

from __future__ import annotations

from csrating.letters.claims import Claim, best_ranked, indicators_claim, notable_pool, verdict_pair
from csrating.letters.rule import LetterContext
from csrating.rules import register

FIRST_SAFE = (
    "Among the staying safe indicators, the figures for {} are better than nationally and in similar areas."
)
FIRST_OTHER = "The figures for {} are also better than nationally and in similar areas."


@register(
    "letter", "CLAIM-INDICATOR-STRENGTHS", stage="indicators-03", title="Indicators better than both",
    params=(
        "letter_staying_safe_strengths_most", "letter_other_strengths_most",
        "letter_indicators_per_sentence_most", "letter_sentence_words_most",
    ),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    pool = [r for r in notable_pool(ctx.profile) if verdict_pair(r) == "better" and r.band == "A"]
    strengths = best_ranked([r for r in pool if r.ecm_outcome == "SS"])
    strengths = strengths[: int(ctx.param("letter_staying_safe_strengths_most"))]
    others = best_ranked([r for r in pool if r.ecm_outcome not in ("SS", None)])
    others = others[: int(ctx.param("letter_other_strengths_most"))]
    most = int(ctx.param("letter_indicators_per_sentence_most"))
    words_most = int(ctx.param("letter_sentence_words_most"))
    claims = []
    for cid, rs, first in (
        ("indicators.strengths", strengths, FIRST_SAFE),
        ("indicators.other_strengths", others, FIRST_OTHER),
    ):
        if rs:
            claims.append(
                indicators_claim(cid, "CLAIM-INDICATOR-STRENGTHS", rs, first, "better", most, words_most)
            )
    return claims
