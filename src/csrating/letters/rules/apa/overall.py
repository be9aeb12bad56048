"""APA-CLAIM-OVERALL: the overall section opens with the council's overall contribution to improving
outcomes for children and young people and its grade (fixed wording in letters/templates/apa_text.yaml).
Source: the 2007 APA letter's overall effectiveness section (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, grade_claim
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-OVERALL"


@register("letter", RULE, stage="summary-01", title="The council's overall contribution and its grade")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect != ApaAspect.OVERALL or ctx.grade is None:
        return []
    return grade_claim(ctx, RULE, "overall")
