"""WITHHOLD-PENDING: withhold the rating where a decisive inspection is pending.

In 2010 and 2011 a rating was withheld where an inspection that could decide it was under way: an
inspection of a kind in ``decisive_inspections`` whose report came out within ``pending_report_lag_days``
after the ratings were published (so its fieldwork was done, its outcome not yet known, when they were).
The rating is then not published; the trace still shows the grade it would have had. Source: 6 ratings
were withheld in 2010 and 5 in 2011 (METHODOLOGY.md section 1a); how "pending" was decided is not
published and is assumed. With a 35-day lag the real inspection outcomes give 4 withheld in 2010 and 4
in 2011.
"""

from __future__ import annotations

from datetime import date, timedelta

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


@rule("WITHHOLD-PENDING", Stage.WITHHOLD, "Withhold where a decisive inspection is pending")
def apply(ctx: RuleContext) -> Outcome:
    kinds = set(ctx.param("decisive_inspections"))
    lag = int(ctx.param("pending_report_lag_days"))
    published = ctx.m.published
    if published is None:
        return Outcome(False, "the methodology has no publication date: nothing can be pending")
    published = published if isinstance(published, date) else date.fromisoformat(str(published))
    until = published + timedelta(days=lag)
    pending = [
        i
        for i in ctx.profile.later_la_inspections
        if i["inspection_type"] in kinds and published < i["published_date"] <= until
    ]
    ctx.figure(
        "la_inspections.pending",
        [f"{i['inspection_type']} published {i['published_date']}" for i in pending],
        pending,
    )
    if not pending:
        return Outcome(False, "no decisive inspection pending")
    first = min(pending, key=lambda i: i["published_date"])
    reason = f"{first['inspection_type']} inspection published {first['published_date']}"
    return Outcome(
        True,
        f"withheld: {reason}, within {lag} days after the ratings' publication ({published})",
        ctx.state.grade,
        {"withheld": True, "withheld_reason": reason},
    )
