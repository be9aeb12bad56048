"""APA-CLAIM-OUTCOME: an outcome area's section (being healthy, staying safe, enjoying and achieving,
making a positive contribution, achieving economic well-being) states the council's contribution and its
grade. Source: the outcome sections of the 2007 APA letter (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import OUTCOME_AIMS, SERVICES, ApaContext, grade_claim
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-OUTCOME"


@register("letter", RULE, stage="summary-04", title="The council's contribution to an outcome area")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect is None or ctx.grade is None or ctx.aspect in SERVICES:
        return []
    if ctx.aspect in (ApaAspect.OVERALL, ApaAspect.CAPACITY):
        return []
    return grade_claim(ctx, RULE, "outcome", aim=OUTCOME_AIMS[ApaAspect(ctx.aspect)])
