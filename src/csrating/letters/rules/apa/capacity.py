"""APA-CLAIM-CAPACITY: the capacity section states the council's capacity to improve its services and its
grade. Source: the 2007 APA letter's capacity to improve section (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, grade_claim
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-CAPACITY"


@register("letter", RULE, stage="summary-02", title="The council's capacity to improve and its grade")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect != ApaAspect.CAPACITY or ctx.grade is None:
        return []
    return grade_claim(ctx, RULE, "capacity")
