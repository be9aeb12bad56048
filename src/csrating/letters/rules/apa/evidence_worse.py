"""APA-CLAIM-EVIDENCE-WORSE: in an outcome area's section, the council's indicators for the APA year that
are worse than England and similar areas, than England only, or than similar areas only, each group in
one sentence naming at most ``letter_evidence_most`` indicators, worst ranked first. Source: the 2007
APA letter cites weaker figures too (seeds/003); the selection is assumed.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, evidence_of
from csrating.letters.claims import Claim
from csrating.rules import register

RULE = "APA-CLAIM-EVIDENCE-WORSE"


@register(
    "letter",
    RULE,
    stage="evidence-02",
    title="An outcome area's indicators worse than England or similar areas",
    params=("letter_evidence_most",),
)
def apply(ctx: ApaContext) -> list[Claim]:
    return evidence_of(ctx, RULE)
