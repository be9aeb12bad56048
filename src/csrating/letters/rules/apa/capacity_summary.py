"""APA-CLAIM-CAPACITY-SUMMARY: the overall section ends with the council's capacity to improve, where it
is graded. Source: the 2007 APA letter's overall section (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, check, fixed_text, grade_label
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-CAPACITY-SUMMARY"


@register("letter", RULE, stage="summary-06", title="Capacity to improve in the overall section")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect != ApaAspect.OVERALL:
        return []
    cap = next((j for j in ctx.assessment.judgements if j.aspect == ApaAspect.CAPACITY and j.grade), None)
    if cap is None or cap.grade is None:
        return []
    return [Claim(
        "overall-capacity", "overall", RULE,
        fixed_text()["capacity_summary"].format(label=grade_label(cap.grade)), {"capacity": cap.grade},
        [check("judgement", "capacity", "grade", eq=cap.grade)],
    )]  # fmt: skip
