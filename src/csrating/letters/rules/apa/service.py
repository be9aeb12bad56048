"""APA-CLAIM-SERVICE: a service section (social care services for children, education services; graded
in the APA's early years) states the grade of the service. Source: the APA's graded services by year
(methodology/apa-2005.yaml, judgements); the wording follows the 2007 APA letter (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import SERVICES, ApaContext, grade_claim
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-SERVICE"


@register("letter", RULE, stage="summary-03", title="A service's grade (social care, education)")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect not in SERVICES or ctx.grade is None:
        return []
    return grade_claim(ctx, RULE, "service", service=SERVICES[ApaAspect(ctx.aspect)])
