"""Rule APA-OVERALL: the overall APA grade from the grades of the five Every Child Matters outcomes.

From 2007 the APA graded the five outcomes and overall effectiveness. The overall grade is the highest
grade g such that at least ``min_at_grade`` of the five outcomes are graded g or better and none is more
than ``max_drop`` grades below g (methodology ``overall_min_outcomes_at_grade``, ``overall_max_drop``; both
assumed, from the one case the public record describes). Grades run 4 outstanding .. 1 inadequate.
"""

from __future__ import annotations

from dataclasses import dataclass

from csrating.enums import ApaAspect, JudgementGrade
from csrating.rules import register

CODE = "APA-OVERALL"
OUTCOMES = [
    ApaAspect.BEING_HEALTHY,
    ApaAspect.STAYING_SAFE,
    ApaAspect.ENJOYING_AND_ACHIEVING,
    ApaAspect.POSITIVE_CONTRIBUTION,
    ApaAspect.ECONOMIC_WELL_BEING,
]


@dataclass(frozen=True)
class OverallTrace:
    """How the overall grade was reached: the outcome grades, the rule's parameters, each grade tried."""

    code: str
    outcomes: dict[str, int | None]
    min_at_grade: int
    max_drop: int
    derived: int | None
    steps: list[str]

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "outcomes": self.outcomes,
            "min_at_grade": self.min_at_grade,
            "max_drop": self.max_drop,
            "derived": self.derived,
            "steps": self.steps,
        }


@register(
    "apa",
    CODE,
    stage="overall",
    title="Overall APA grade from the grades of the five outcomes",
    params=("overall_min_outcomes_at_grade", "overall_max_drop"),
)
def derive(outcomes: dict[str, int | None], min_at_grade: int, max_drop: int) -> OverallTrace:
    """The overall grade from the five outcome grades (None when any outcome is not graded)."""
    grades = {str(o): outcomes.get(str(o)) for o in OUTCOMES}
    missing = [o for o, g in grades.items() if g is None]
    if missing:
        return OverallTrace(
            CODE, grades, min_at_grade, max_drop, None, [f"not derived: no grade for {', '.join(missing)}"]
        )
    values = [g for g in grades.values() if g is not None]
    steps = []
    for g in sorted((int(x) for x in JudgementGrade), reverse=True):
        at = sum(v >= g for v in values)
        lowest = min(values)
        ok = at >= min_at_grade and lowest >= g - max_drop
        label = JudgementGrade(g).label
        steps.append(
            f"{label} ({g}): {at} of 5 outcomes at {g} or better (needs {min_at_grade}), lowest {lowest} "
            f"(needs {max(g - max_drop, 1)} or better): {'met' if ok else 'not met'}"
        )
        if ok:
            return OverallTrace(CODE, grades, min_at_grade, max_drop, g, steps)
    return OverallTrace(CODE, grades, min_at_grade, max_drop, int(JudgementGrade.INADEQUATE), steps)
