"""APA-CLAIM-JAR-NONE: where the council had a joint area review, a section (other than overall) with no
recommendation of the review says so, naming the area (the same words in each section would read as one
sentence repeated). Source: the 2007 APA letter reports on the joint area review's
recommendations area by area (seeds/003).
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, area_words, check, fixed_text
from csrating.enums import ApaAspect
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-JAR-NONE"


@register("letter", RULE, stage="summary-07", title="No joint area review recommendation in the area")
def apply(ctx: ApaContext) -> list[Claim]:
    a = ctx.assessment
    aspect = ctx.aspect
    if a.jar_year is None or aspect is None or aspect == ApaAspect.OVERALL or ctx.recommendations:
        return []
    area = area_words(aspect)
    return [Claim(
        f"{aspect}-jar", aspect, RULE, fixed_text()["jar_none"].format(jar_year=a.jar_year, area=area),
        {"recommendations": 0}, [check("recommendations", aspect, "count", eq=0)],
    )]  # fmt: skip
