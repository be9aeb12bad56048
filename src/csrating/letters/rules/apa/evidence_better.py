"""APA-CLAIM-EVIDENCE-BETTER: in an outcome area's section, the council's indicators for the APA year that
are better than England and similar areas, than England only, or than similar areas only, each group in
one sentence naming at most ``letter_evidence_most`` indicators, best ranked first. Source: the APA was
largely data-driven and the 2007 APA letter cites the council's figures against others (seeds/003); the
selection is assumed.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, evidence_of
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-EVIDENCE-BETTER"


@register(
    "letter",
    RULE,
    stage="evidence-01",
    title="An outcome area's indicators better than England or similar areas",
    params=("letter_evidence_most",),
)
def apply(ctx: ApaContext) -> list[Claim]:
    return evidence_of(ctx, RULE)
