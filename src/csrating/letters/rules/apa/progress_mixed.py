"""APA-CLAIM-PROGRESS-MIXED: where different progress is recorded on a section's joint area review
recommendations, the letter counts each kind, the best first. Source: the 2007 APA letter's progress
paragraphs (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, check, fixed_text
from csrating.apa.model import progress_counts
from csrating.letters.claims import Claim
from csrating.letters.quantify import join, number
from csrating.rules import register

RULE = "APA-CLAIM-PROGRESS-MIXED"


@register("letter", RULE, stage="progress-03", title="Mixed progress on the area's recommendations")
def apply(ctx: ApaContext) -> list[Claim]:
    recs = ctx.recommendations
    counts = progress_counts(recs)
    if not recs or len(counts) < 2:
        return []
    order = ["very good", "good", "adequate", "inadequate", "not assessed"]
    parts = [f"{p} on {number(counts[p])}" for p in order if p in counts]
    text = fixed_text()["progress_mixed"].format(parts=join(parts))
    return [Claim(f"{ctx.aspect}-progress", str(ctx.aspect), RULE, text, {"progress": counts},
                  [check("recommendations", ctx.aspect, "progress", eq=counts)])]  # fmt: skip
