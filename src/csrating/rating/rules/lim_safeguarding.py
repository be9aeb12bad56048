"""LIM-SAFEGUARDING: an inadequate safeguarding judgement means performs poorly.

Where the latest safeguarding judgement in force at the census date - at an inspection of safeguarding
and looked after children services, or another inspection kind the methodology names in
``safeguarding_judgements`` (written type:aspect) - is inadequate, the rating is performs poorly (1),
even from performs well. It runs after recorded judgements, so no judgement can lift it. An LA with no
safeguarding judgement in force is not limited. Source: METHODOLOGY.md section 3.3.
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


@rule("LIM-SAFEGUARDING", Stage.LIMIT, "Inadequate safeguarding judgement: performs poorly")
def apply(ctx: RuleContext) -> Outcome:
    kinds = set(ctx.param("safeguarding_judgements"))
    found = [
        i
        for i in ctx.profile.la_inspections
        if f"{i['inspection_type']}:{i['aspect']}" in kinds and i["grade"] is not None
    ]
    if not found:
        ctx.figure("la_inspections.safeguarding", None)
        return Outcome(False, "no safeguarding judgement in force")
    latest = max(found, key=lambda i: i["date"])
    ctx.figure("la_inspections.safeguarding.kind", f"{latest['inspection_type']}:{latest['aspect']}")
    ctx.figure("la_inspections.safeguarding.date", str(latest["date"]))
    ctx.figure("la_inspections.safeguarding.grade", latest["grade"], [latest])
    if latest["grade"] != 1:
        return Outcome(
            False,
            f"latest safeguarding judgement ({latest['inspection_type']}, {latest['date']}) "
            f"is not inadequate",
        )
    return Outcome(
        True,
        f"safeguarding judged inadequate ({latest['inspection_type']}, {latest['date']}): performs poorly",
        1,
        {"limited_by": "LIM-SAFEGUARDING"},
    )
