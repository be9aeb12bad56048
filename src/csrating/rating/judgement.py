"""Recording a professional judgement: check it against the methodology, then hand it to ``save`` (the
caller's store, e.g. ``csrating.store.record_judgement``: the rating layer imports no database).

The grade a judgement moves from is the grade the bands and thresholds give today (the rating before its
judgement stage); the methodology bounds how far it may move (``judgement_max_step``, and in 2009 the
completeness condition). A judgement outside the range is refused with the reason, and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csrating.rating.engine import RatingEngine
from csrating.rating.rule import RatingState, RuleContext, load_rules
from csrating.rating.rules.judgement_recorded import allowed


class JudgementRefused(ValueError):
    pass


def record(
    engine: RatingEngine,
    la_code: str,
    to_grade: int,
    *,
    reason: str,
    author: str,
    evidence: list[str] | None = None,
    using: str = "default",
    save: Callable[..., dict[str, Any]],
) -> dict[str, Any]:
    from_grade = check(engine, la_code, to_grade)
    return save(
        la_code=la_code,
        year=engine.m.year,
        dataset=engine.ds.name,
        from_grade=from_grade,
        to_grade=to_grade,
        reason=reason,
        author=author,
        evidence=evidence,
        using=using,
    )


def check(engine: RatingEngine, la_code: str, to_grade: int) -> int:
    """The grade a judgement to ``to_grade`` moves from, or :class:`JudgementRefused` with the reason."""
    profile = engine.profiles.build(la_code, inputs=False)
    today = engine.rate_profile(profile, None)
    from_grade = today.before_judgement
    if today.not_rated:
        raise JudgementRefused(
            f"LA {la_code} is not rated under {engine.m.year} for want of evidence "
            f"({today.not_rated_reason}): a judgement cannot give it a grade"
        )
    if from_grade is None:
        raise JudgementRefused(
            f"LA {la_code} is not rated under {engine.m.year}: there is no grade to moderate"
        )
    ctx = RuleContext(
        load_rules()["JUDGEMENT-RECORDED"], profile, engine.m, RatingState(grade=from_grade), {}
    )
    ok, why = allowed(ctx, from_grade, to_grade)
    if not ok:
        raise JudgementRefused(f"refused: {why}")
    return from_grade
