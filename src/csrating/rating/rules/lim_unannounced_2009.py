"""LIM-UNANNOUNCED-2009: an unannounced inspection with areas for priority action limits the rating by
one grade.

In 2009 the findings of the annual unannounced inspection of contact, referral and assessment
arrangements limited ratings: where the inspection in force found any area for priority action, the
rating is one grade lower than it would otherwise be (``unannounced_limit_steps``), never below 1.
Source: seven councils were limited to performs adequately and three to performs poorly this way in
2009 (METHODOLOGY.md section 3.3).
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


@rule("LIM-UNANNOUNCED-2009", Stage.LIMIT, "Unannounced inspection with priority actions: one grade lower")
def apply(ctx: RuleContext) -> Outcome:
    grade = ctx.state.grade
    steps = int(ctx.param("unannounced_limit_steps"))
    found = [i for i in ctx.profile.la_inspections if i["inspection_type"] == "unannounced"]
    actions = sum(int(i["priority_actions"] or 0) for i in found)
    ctx.figure("la_inspections.unannounced.priority_actions", actions if found else None, found)
    if grade is None or not actions:
        return Outcome(False, "no unannounced inspection with areas for priority action in force")
    new = max(1, grade - steps)
    return Outcome(
        True,
        f"{actions} area(s) for priority action: limited from {grade} to {new}",
        new,
        {"limited_by": "LIM-UNANNOUNCED-2009"},
    )
