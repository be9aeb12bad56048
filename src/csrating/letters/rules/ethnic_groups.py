"""CLAIM-ETHNIC-GROUPS: where at least ``letter_ethnic_groups_min`` minority ethnic groups are reported at
an age and every one achieves above the same group nationally, the letter says so. Source: the 2009
rating letters on minority ethnic groups (seeds/000, 002); the minimum is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import Claim, check, view_periods
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter",
    "CLAIM-ETHNIC-GROUPS",
    stage="indicators-09",
    title="Every minority ethnic group above the same group nationally",
    params=("letter_ethnic_groups_min",),
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    least = int(ctx.param("letter_ethnic_groups_min"))
    claims = []
    for g in p.gaps:
        groups = [x for x in g.get("groups", []) if x.get("value") is not None]
        if len(groups) >= least and all(x["vs_england"] == "better" for x in groups):
            text = (
                f"Every minority ethnic group reported achieves above the same group nationally at age "
                f"{g['age']}{view_periods(groups)}."
            )
            claims.append(Claim(
                f"indicators.ethnic.{g['id']}", "indicators", "CLAIM-ETHNIC-GROUPS", text,
                {x["breakdown"]: {"value": x["value"], "england": x["england"]} for x in groups},
                [check("gap_groups", g["id"], "vs_england", all_eq="better")],
            ))  # fmt: skip
    return claims
