"""CLAIM-INDICATOR-WEAKNESSES: up to ``letter_weaknesses_most`` indicators worse than both England and
similar areas and in the bottom quartile are named as weaknesses, worst ranked first, each sentence within
``letter_sentence_words_most`` words. Source: the 2009 rating letters' "However, ..." sentences on weak
indicators (seeds/000, 001, 004); the limit is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import (
    Claim,
    both_comparators,
    frame_words,
    named_runs,
    notable_pool,
    ranked_figures,
    run_sentences,
    verdict_pair,
)  # fmt: skip
from csrating.letters.rule import LetterContext
from csrating.letters.rules.indicator_strengths import SO_ARE
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
    words_most = int(ctx.param("letter_sentence_words_most")) - frame_words(FIRST)
    runs = named_runs(weaknesses, int(ctx.param("letter_indicators_per_sentence_most")), words_most)
    text = run_sentences(FIRST, runs, SO_ARE)
    return [Claim(
        "indicators.weaknesses", "indicators", "CLAIM-INDICATOR-WEAKNESSES", text,
        ranked_figures(weaknesses), both_comparators(weaknesses, "worse"),
    )]  # fmt: skip
