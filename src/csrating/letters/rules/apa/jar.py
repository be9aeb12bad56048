"""APA-CLAIM-JAR: where the council had a joint area review, a section with recommendations of the review
counts them and gives the review's judgement of the area where it made one. Source: the 2007 APA letter
(seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, area_words, check, fixed_text, grade_label
from csrating.apa.model import JAR_ASPECT_FOR
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.letters.quantify import number
from csrating.rules import register

RULE = "APA-CLAIM-JAR"


@register("letter", RULE, stage="summary-08", title="The joint area review's recommendations in the area")
def apply(ctx: ApaContext) -> list[Claim]:
    a, recs, aspect = ctx.assessment, ctx.recommendations, ctx.aspect
    if a.jar_year is None or aspect is None or aspect == ApaAspect.OVERALL or not recs:
        return []
    txt = fixed_text()
    judged, figures = "", {"recommendations": len(recs)}
    checks = [check("recommendations", aspect, "count", eq=len(recs))]
    jar_aspect = JAR_ASPECT_FOR.get(ApaAspect(aspect))
    jar = [j for j in a.jar_judgements if j["aspect"] == jar_aspect and j["grade"]] if jar_aspect else []
    if jar:
        grade = jar[-1]["grade"]
        judged = txt["jar_judged"].format(label=grade_label(grade))
        figures["jar_grade"] = grade
        checks.append(check("jar", jar_aspect, "grade", eq=grade))
    noun = "recommendation" if len(recs) == 1 else "recommendations"
    text = txt["jar_some"].format(
        jar_year=a.jar_year, count=number(len(recs)), noun=noun, area=area_words(aspect), judged=judged
    )
    return [Claim(f"{aspect}-jar", aspect, RULE, text, figures, checks)]
