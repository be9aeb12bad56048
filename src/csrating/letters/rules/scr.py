"""CLAIM-SCR: the evaluations of the LA's serious case reviews: all adequate or better, or how many had
each grade. Source: the 2009 rating letters report the serious case reviews evaluated (seeds/001, 004).
"""

from __future__ import annotations

from csrating.letters.claims import JUDGEMENT_WORD, Claim, check
from csrating.letters.quantify import capitalise, join, number
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register("letter", "CLAIM-SCR", stage="settings-12", title="Serious case reviews evaluated")
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims: list[Claim] = []
    scrs = p.serious_case_reviews
    if scrs:
        n = len(scrs)
        grades = sorted((s["grade"] for s in scrs), reverse=True)
        if all(g >= 2 for g in grades):
            text = (
                f"All {number(n)} serious case reviews evaluated were judged adequate or better."
                if n > 1
                else "The one serious case review evaluated was judged adequate or better."
            )
        else:
            counts = {g: grades.count(g) for g in set(grades)}
            parts = [f"{number(c)} {JUDGEMENT_WORD[g]}" for g, c in sorted(counts.items(), reverse=True)]
            text = (
                f"{capitalise(number(n))} serious case review{'s were' if n > 1 else ' was'} evaluated: "
                f"{join(parts)}."
            )
        claims.append(Claim(
            "settings.scr", "settings", "CLAIM-SCR", text, {"count": n, "grades": grades},
            [check("scr", None, "count", eq=n), check("scr", None, "grades", eq=grades)],
        ))  # fmt: skip
    return claims
