"""CLAIM-ETHNIC-GROUPS: where at least two minority ethnic groups are reported at an age and every one
achieves above the same group nationally, the letter says so. Source: the 2009 rating letters on minority
ethnic groups (seeds/000, 002).
"""

from __future__ import annotations

from csrating.letters.claims import Claim, _check, _view_periods
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter",
    "CLAIM-ETHNIC-GROUPS",
    stage="indicators-09",
    title="Every minority ethnic group above the same group nationally",
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    for g in p.gaps:
        groups = [x for x in g.get("groups", []) if x.get("value") is not None]
        if len(groups) >= 2 and all(x["vs_england"] == "better" for x in groups):
            text = (
                f"Every minority ethnic group reported achieves above the same group nationally at age "
                f"{g['age']}{_view_periods(groups)}."
            )
            claims.append(Claim(
                f"indicators.ethnic.{g['id']}", "indicators", "CLAIM-ETHNIC-GROUPS", text,
                {x["breakdown"]: {"value": x["value"], "england": x["england"]} for x in groups},
                [_check("gap_groups", g["id"], "vs_england", all_eq="better")],
            ))  # fmt: skip
    return claims
