"""APA-CLAIM-DEVELOPMENT: a section ends with the areas for development the assessment recorded for its
judgement (table ``apa_narrative``, kind ``area_for_development``), one bullet each under "Areas for
development"; none where none is recorded. Source: the 2007 APA letter's "Areas for development" lists
(seeds/003), recorded in the project's own paraphrase.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, narrative_claims
from csrating.enums import NarrativeKind
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-DEVELOPMENT"


@register("letter", RULE, stage="development-01", title="The areas for development of the judgement")
def apply(ctx: ApaContext) -> list[Claim]:
    return narrative_claims(ctx, RULE, NarrativeKind.AREA_FOR_DEVELOPMENT.value)
