"""CLAIM-VULNERABLE-BY-GRADE: the vulnerable setting types whose settings all have one grade (or the
single agency's grade) are named together by that grade, best first: "Both special schools and the local
authority fostering agency are outstanding", "... is only satisfactory" (in letters from
``letter_requires_improvement_from``: "... is judged to require improvement to be good"). A type named
alone at a grade below good also says where it falls below both England and similar areas and the
outcomes where its inspections found weaknesses: "The pupil referral unit is only satisfactory, below what
is found nationally and in similar areas, with weaknesses in enjoying and achieving". Source: the 2009
rating letters name agencies and small groups of settings by grade (seeds/000, 001, 004); Kensington and
Chelsea's pupil referral unit, only satisfactory, below both and weak in enjoying and achieving (seeds/001).
"""

from __future__ import annotations

from csrating.letters.claims import (
    GRADE_WORD,
    Claim,
    all_of,
    check,
    present_day_grades,
    versus_comparators,
    vulnerable_by_grade,
    vulnerable_present,
)
from csrating.letters.quantify import capitalise, join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-VULNERABLE-BY-GRADE", stage="settings-08", title="Vulnerable settings of one grade",
    params=("letter_requires_improvement_from",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    by_grade = vulnerable_by_grade(vulnerable_present(ctx.profile))
    claims = []
    for g in sorted(by_grade):
        items = by_grade[g]
        names = [all_of(s) for s in items]
        verb = "is" if len(items) == 1 and (items[0].single or items[0].inspected == 1) else "are"
        only = "only " if g >= 3 else ""
        word = f"{only}{GRADE_WORD[g]}"
        if g == 3 and present_day_grades(ctx):  # social care's word for the third grade since 2014
            word = "judged to require improvement to be good"
        checks = [check("setting", s.setting_type, f"counts.{GRADE_WORD[g]}", eq=s.inspected) for s in items]
        suffix = ""
        if g >= 3 and len(items) == 1:  # one type below good: how it compares, and its weak outcomes
            suffix, compared = versus_comparators(items[0], ("below",))
            checks += compared
        claims.append(Claim(
            f"settings.vulnerable.grade{g}", "settings", "CLAIM-VULNERABLE-BY-GRADE",
            f"{capitalise(join(names))} {verb} {word}{suffix}.",
            {s.setting_type: {"grade": GRADE_WORD[g], "n": s.inspected} for s in items},
            checks,
        ))  # fmt: skip
    return claims
