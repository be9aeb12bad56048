"""CLAIM-INDICATOR-WEAKNESSES: up to ``letter_weaknesses_most`` indicators worse than both England and
similar areas and in the bottom quartile are named as weaknesses, worst ranked first. Source: the 2009
rating letters' "However, ..." sentences on weak indicators (seeds/000, 001, 004); the limit is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import (
    Claim,
    both_comparators,
    named_runs,
    notable_pool,
    ranked_figures,
    verdict_pair,
)  # fmt: skip
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-INDICATOR-WEAKNESSES", stage="indicators-04", title="Indicators worse than both",
    params=("letter_weaknesses_most", "letter_indicators_per_sentence_most"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    weaknesses = sorted(
        (r for r in notable_pool(ctx.profile) if verdict_pair(r) == "worse" and r.band == "D"),
        key=lambda r: -(r.rank or 0),
    )[: int(ctx.param("letter_weaknesses_most"))]
    if not weaknesses:
        return []
    runs = named_runs(weaknesses, int(ctx.param("letter_indicators_per_sentence_most")))
    text = f"However, the figures for {runs[0]} are worse than nationally and in similar areas."
    text += "".join(f" So are those for {run}." for run in runs[1:])
    return [Claim(
        "indicators.weaknesses", "indicators", "CLAIM-INDICATOR-WEAKNESSES", text,
        ranked_figures(weaknesses), both_comparators(weaknesses, "worse"),
    )]  # fmt: skip
