"""CLAIM-ETHNIC-GROUPS: where at least ``letter_ethnic_groups_min`` minority ethnic groups are reported at
an age and every one achieves above the same group nationally, the letter says so, adding "and every one
is improving" where each group's result rose by more than ``trend_tolerance_pp`` in every period of its
trend; ages with the same periods and trend are said in one sentence ("at ages 11 and 16"). Source: the
2009 rating letters on minority ethnic groups (seeds/001, 004: Camden's groups at 11 "good and
improving"); the minimum is assumed.
"""

from __future__ import annotations

from typing import Any

from csrating.letters.claims import Claim, check, view_periods
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter",
    "CLAIM-ETHNIC-GROUPS",
    stage="indicators-09",
    title="Every minority ethnic group above the same group nationally",
    params=("letter_ethnic_groups_min", "trend_tolerance_pp"),
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    least = int(ctx.param("letter_ethnic_groups_min"))
    tol = float(ctx.param("trend_tolerance_pp"))
    # the gaps to state, by the words they end with: ages with the same periods and trend go in one sentence
    said: dict[tuple[str, str], list[tuple[dict[str, Any], list[dict[str, Any]]]]] = {}
    for g in p.gaps:
        groups = [x for x in g.get("groups", []) if x.get("value") is not None]
        if len(groups) >= least and all(x["vs_england"] == "better" for x in groups):
            rising = all(
                len(t := [v for v in x.get("trend_values") or [] if v is not None]) >= 2
                and all(b - a > tol for a, b in zip(t, t[1:], strict=False))
                for x in groups
            )
            first = min((x.get("trend_years") or [0])[0] for x in groups)
            since = f" since {first - 1}/{first % 100:02d}" if first else ""
            improving = f", and each has risen in every year{since}" if rising else ""
            said.setdefault((view_periods(groups), improving), []).append((g, groups))
    claims = []
    for (periods, improving), gaps in said.items():
        ages = [str(g["age"]) for g, _ in gaps]
        at = f"age {ages[0]}" if len(ages) == 1 else f"ages {join(ages)}"
        text = (
            f"Every minority ethnic group reported achieves above the same group nationally at "
            f"{at}{periods}{improving}."
        )
        figures = {
            g["id"]: {x["breakdown"]: {"value": x["value"], "england": x["england"],
                                       "trend": x.get("trend_values")} for x in groups}
            for g, groups in gaps
        }  # fmt: skip
        claims.append(Claim(
            f"indicators.ethnic.{'+'.join(figures)}", "indicators", "CLAIM-ETHNIC-GROUPS", text,
            figures if len(figures) > 1 else next(iter(figures.values())),
            [check("gap_groups", g["id"], "vs_england", all_eq="better") for g, _ in gaps],
        ))  # fmt: skip
    return claims
