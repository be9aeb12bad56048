"""APA-CLAIM-JAR-CLOSING: the closing says the council made the same progress on all the joint area
review's recommendations, where every one has that progress recorded; where each is good or very good,
it says good (the 2007 letter sums up very good and good progress as good). Source: the closing of the
2007 APA letter (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, check, fixed_text
from csrating.apa.model import progress_counts
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-JAR-CLOSING"


@register(
    "letter", RULE, stage="closing-01", title="The same progress on every joint area review recommendation"
)
def apply(ctx: ApaContext) -> list[Claim]:
    a = ctx.assessment
    if not a.recommendations or not all(r.progress for r in a.recommendations):
        return []
    kinds = {r.progress for r in a.recommendations}
    if kinds == {"very good", "good"}:
        progress = "good"
    elif len(kinds) == 1:
        progress = str(next(iter(kinds)))
    else:
        return []
    counts = progress_counts(a.recommendations)
    return [Claim(
        "closing-jar", "closing", RULE,
        fixed_text()["closing_jar"].format(progress=progress, jar_year=a.jar_year),
        {"recommendations": len(a.recommendations), "progress": progress},
        [check("recommendations", None, "progress", eq=counts)],
    )]  # fmt: skip
