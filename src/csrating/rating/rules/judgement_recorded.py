"""JUDGEMENT-RECORDED: apply the latest recorded professional judgement, if there is one.

A professional judgement is never silent: it is a record (from, to, reason, author, time, evidence) in
the application database, the latest record for the LA and year wins, and it can move the grade at most
``judgement_max_step`` grades from the grade the bands and thresholds gave. In 2009, the transitional
year, the bands were "interpreted with flexibility" where data were incomplete: a judgement may move the
grade only when the profile's completeness is below ``flexibility_completeness``. A judgement recorded
against a different starting grade than today's is reported and not applied. Limiting judgements run
after this rule, so a judgement can never undo a limit. Source: seeds 000-004 (2009 flexibility and
professional judgement "with caution"); METHODOLOGY.md section 3.
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


def allowed(ctx: RuleContext, from_grade: int, to_grade: int) -> tuple[bool, str]:
    """Whether a judgement from one grade to another is within the methodology's range."""
    step = int(ctx.param("judgement_max_step"))
    if not 1 <= to_grade <= 4:
        return False, f"grade {to_grade} is not on the four-point scale (1-4)"
    if abs(to_grade - from_grade) > step:
        return (
            False,
            f"a judgement may move the grade at most {step} from {from_grade}; {to_grade} is further",
        )
    if ctx.has_param("flexibility_completeness") and to_grade != from_grade:
        level = float(ctx.param("flexibility_completeness"))
        share = ctx.figure("completeness.overall.share", ctx.profile.completeness["overall"]["share"])
        if share is not None and share >= level:
            return False, (
                f"{ctx.m.year} allows moderation only where the profile is less than {level:.0%} complete; "
                f"this profile is {share:.0%} complete"
            )
    return True, "within the allowed range"


@rule("JUDGEMENT-RECORDED", Stage.JUDGEMENT, "Recorded professional judgement (latest record)")
def apply(ctx: RuleContext) -> Outcome:
    j = ctx.extra.get("judgement")
    grade = ctx.state.grade
    before = {"before_judgement": grade}
    if not j:
        return Outcome(False, "no recorded judgement", effects=before)
    ctx.figure("judgement.id", j["id"])
    if grade is None:
        return Outcome(False, f"judgement {j['id']} not applied: the LA is not rated", effects=before)
    if j["from_grade"] != grade:
        return Outcome(
            False,
            f"judgement {j['id']} was recorded from grade {j['from_grade']} but the grade is now {grade}: "
            "not applied (record a new judgement)",
            effects=before,
        )
    ok, why = allowed(ctx, grade, j["to_grade"])
    if not ok:
        return Outcome(False, f"judgement {j['id']} not applied: {why}", effects=before)
    return Outcome(
        True,
        f"judgement {j['id']} by {j['author']} ({j['recorded_at']}): "
        f"{grade} -> {j['to_grade']}: {j['reason']}",
        j["to_grade"],
        {**before, "judgement": j},
    )
