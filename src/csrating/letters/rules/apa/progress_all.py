"""APA-CLAIM-PROGRESS-ALL: where the same progress (very good, good, adequate, inadequate) is recorded on
every one of a section's joint area review recommendations, the letter says so once. Source: the 2007 APA
letter's progress paragraphs (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, area_words, check, fixed_text, progress_which
from csrating.apa.model import progress_counts
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-PROGRESS-ALL"


@register("letter", RULE, stage="progress-02", title="One kind of progress on all the area's recommendations")
def apply(ctx: ApaContext) -> list[Claim]:
    recs = ctx.recommendations
    counts = progress_counts(recs)
    if not recs or len(counts) != 1 or "not assessed" in counts:
        return []
    text = fixed_text()["progress_all"].format(
        area=area_words(str(ctx.aspect)), which=progress_which(len(recs)), progress=next(iter(counts))
    )
    return [Claim(f"{ctx.aspect}-progress", str(ctx.aspect), RULE, text, {"progress": counts},
                  [check("recommendations", ctx.aspect, "progress", eq=counts)])]  # fmt: skip
