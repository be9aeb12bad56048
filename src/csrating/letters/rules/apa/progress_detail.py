"""APA-CLAIM-PROGRESS-DETAIL: after the progress on a section's joint area review recommendations, the
letter says what was done on each, as the assessment recorded it (table ``apa_narrative``, kind
``progress``), naming the progress on the inspectorate's scale (very good, good, adequate, inadequate)
where it differs between the recommendations (where it is the same, APA-CLAIM-PROGRESS-ALL says it once).
Source: the 2007 APA letter's progress paragraphs (seeds/003), recorded in the project's own paraphrase.
"""

from __future__ import annotations

from csrating.apa.letter import ApaContext, check
from csrating.enums import ApaProgress, NarrativeKind
from csrating.letters.claims import Claim
from csrating.letters.quantify import number
from csrating.rules import register

RULE = "APA-CLAIM-PROGRESS-DETAIL"


@register("letter", RULE, stage="progress-04", title="What was done on each recommendation, and how well")
def apply(ctx: ApaContext) -> list[Claim]:
    if ctx.aspect is None:
        return []
    aspect = str(ctx.aspect)
    kind = NarrativeKind.PROGRESS.value
    claims = []
    items = ctx.assessment.narrative_of(aspect, kind)
    same = len({n.progress for n in items}) == 1  # the progress is said once, by APA-CLAIM-PROGRESS-ALL
    for n in items:
        if n.jar_number is None or n.progress is None:
            continue
        label = ApaProgress(n.progress).label
        said = f"{n.text[:1].lower()}{n.text[1:]}"
        which = number(n.jar_number)
        text = n.text if same else f"On recommendation {which}, progress has been {label}: {said}"
        key = f"{aspect}/{kind}/{n.number}"
        claims.append(Claim(
            f"{aspect}-progress-{n.jar_number}", aspect, RULE, text,
            {"recommendation": n.jar_number, "progress": label},
            [check("narrative", key, "text", eq=n.text), check("narrative", key, "progress", eq=n.progress),
             check("narrative", key, "jar_number", eq=n.jar_number)],
        ))  # fmt: skip
    return claims
