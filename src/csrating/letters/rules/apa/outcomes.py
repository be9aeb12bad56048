"""APA-CLAIM-OUTCOMES: the overall section sums up the outcome areas' grades, grouped by grade, best
first. Source: the 2007 APA letter's overall summary of the outcomes (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import OUTCOME_AREAS, ApaContext, check, fixed_text, grade_label, indefinite_article
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.letters.quantify import join
from csrating.rules import register

RULE = "APA-CLAIM-OUTCOMES"


@register("letter", RULE, stage="summary-05", title="The outcome grades summed up in the overall section")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect != ApaAspect.OVERALL:
        return []
    txt = fixed_text()
    graded = [(j.aspect, j.grade) for j in ctx.assessment.judgements if j.aspect in OUTCOME_AREAS and j.grade]
    if not graded:
        return []
    parts = []
    for g in sorted({g for _, g in graded}, reverse=True):
        areas = [OUTCOME_AREAS[ApaAspect(x)] for x, gx in graded if gx == g]
        label = grade_label(g)
        parts.append(
            txt["outcomes_part"].format(article=indefinite_article(label), label=label, areas=join(areas))
        )
    text = txt["outcomes_summary"].format(parts=", and ".join(parts))
    return [Claim(
        "overall-outcomes", "overall", RULE, text,
        {x: g for x, g in graded}, [check("judgement", x, "grade", eq=g) for x, g in graded],
    )]  # fmt: skip
