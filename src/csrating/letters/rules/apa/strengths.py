"""APA-CLAIM-STRENGTHS: a section states the strengths the assessment recorded for its judgement (table
``apa_narrative``, kind ``strength``), one sentence each in the order recorded; the overall section has
none of its own. Source: the 2007 APA letter's paragraphs under "Summary of strengths and areas for
development" (seeds/003), recorded in the project's own paraphrase.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, narrative_claims
from csrating.enums import NarrativeKind
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-STRENGTHS"


@register("letter", RULE, stage="narrative-01", title="The strengths recorded for the judgement")
def apply(ctx: ApaContext) -> list[Claim]:
    return narrative_claims(ctx, RULE, NarrativeKind.STRENGTH.value)
