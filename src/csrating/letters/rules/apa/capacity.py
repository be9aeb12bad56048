"""APA-CLAIM-CAPACITY: the capacity section states the council's capacity to improve its services and its
grade. Source: the 2007 APA letter's capacity to improve section (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, fixed_text, grade_claim, grade_label
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-CAPACITY"


@register("letter", RULE, stage="summary-02", title="The council's capacity to improve and its grade")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect != ApaAspect.CAPACITY or ctx.grade is None:
        return []
    label = grade_label(ctx.grade)
    text = fixed_text()["contribution"]["capacity"].format(label=label)
    return grade_claim(ctx, RULE, text)
