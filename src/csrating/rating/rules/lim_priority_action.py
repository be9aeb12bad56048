"""LIM-PRIORITY-ACTION: from April 2010, any area for priority action means performs poorly.

Where the unannounced inspection of contact, referral and assessment arrangements in force found any
area for priority action, the rating is performs poorly (1). Source: METHODOLOGY.md section 3.3
(from April 2010).
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule

LIMITED = {"limited_by": "LIM-PRIORITY-ACTION"}


@rule("LIM-PRIORITY-ACTION", Stage.LIMIT, "Any area for priority action: performs poorly")
def apply(ctx: RuleContext) -> Outcome:
    grade = ctx.state.grade
    found = [i for i in ctx.profile.la_inspections if i["inspection_type"] == "unannounced"]
    actions = sum(int(i["priority_actions"] or 0) for i in found)
    ctx.figure("la_inspections.unannounced.priority_actions", actions if found else None, found)
    if not actions:
        return Outcome(False, "no area for priority action in force")
    if grade is not None and grade <= 1:
        return Outcome(True, f"{actions} area(s) for priority action: already performs poorly", 1, LIMITED)
    return Outcome(True, f"{actions} area(s) for priority action: performs poorly", 1, LIMITED)
