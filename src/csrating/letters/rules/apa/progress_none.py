"""APA-CLAIM-PROGRESS-NONE: where no progress is recorded on any of a section's joint area review
recommendations, the letter says the progress was not assessed. Source: the 2007 APA letter's progress
paragraphs (seeds/003); the wording for an unassessed recommendation is the project's own.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, check, fixed_text, progress_which
from csrating.apa.model import progress_counts
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-PROGRESS-NONE"


@register("letter", RULE, stage="progress-01", title="No progress recorded on the area's recommendations")
def apply(ctx: ApaContext) -> list[Claim]:
    recs = ctx.recommendations
    counts = progress_counts(recs)
    if not recs or list(counts) != ["not assessed"]:
        return []
    text = fixed_text()["progress_not_assessed"].format(which=progress_which(len(recs)))
    return [Claim(f"{ctx.aspect}-progress", str(ctx.aspect), RULE, text, {"progress": counts},
                  [check("recommendations", ctx.aspect, "progress", eq=counts)])]  # fmt: skip
