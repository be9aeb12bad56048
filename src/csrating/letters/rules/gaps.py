"""CLAIM-GAPS: the attainment gaps between vulnerable groups (free school meals, looked after children,
special educational needs) and their peers that are wider, or narrower, than both nationally and in
similar areas, each direction in one sentence (at most ``letter_groups_per_sentence_most`` groups a
sentence; further groups in sentences of their own, "So is the gap for ..."), saying in a sentence of its
own which gaps are closing. Source: the gap sentences of the 2009 rating letters (seeds/000, 001, 002,
004).
"""

from __future__ import annotations

from csrating.letters.claims import Claim, check, gap_view, group_ages, group_chunks, view_periods
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-GAPS", stage="indicators-07",
    title="Gaps for vulnerable groups against both comparators", params=("letter_groups_per_sentence_most",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    wider, narrower = [], []
    for g in p.gaps:
        found = gap_view(g)
        if not found:
            continue
        key, v = found
        pair = (v["vs_england"], v["vs_similar"])
        label = f"{g['group']} at {g['age']}" if g.get("age") else g["group"]
        if pair == ("wider", "wider"):
            wider.append((g, key, v, label))
        elif pair == ("narrower", "narrower"):
            narrower.append((g, key, v, label))
    for kind, items in (("wider", wider), ("narrower", narrower)):
        if not items:
            continue
        most = int(ctx.param("letter_groups_per_sentence_most"))
        runs = []
        for n, run in enumerate(group_chunks(items, lambda x: x[0]["group"], most)):
            labels = join(group_ages([(g["group"], g.get("age")) for g, *_ in run]))
            periods = view_periods([v for _g, _k, v, _l in run])
            runs.append(
                f"The gap between {labels} and their peers{periods} is {kind} than nationally and in "
                "similar areas"
                if n == 0
                else f"So is the gap for {labels}{periods}"
            )
        text = ". ".join(runs)
        closing = [lb for g, key, v, lb in items if (v.get("trend") or {}).get("direction") == "closing"]
        checks = [
            c
            for g, key, v, _ in items
            for c in (
                check("gap", g["id"], f"{key}.vs_england", eq=kind),
                check("gap", g["id"], f"{key}.vs_similar", eq=kind),
            )
        ]
        if closing:
            checks += [
                check("gap", g["id"], f"{key}.trend.direction", eq="closing")
                for g, key, v, lb in items
                if lb in closing
            ]
            one = len(runs) == 1
            if len(closing) == len(items) and one:
                text += ", although it is closing" if kind == "wider" else ", and it is still closing"
            elif len(closing) == len(items):
                text += ". Each of these gaps is closing" if kind == "wider" else ". Each is still closing"
            else:
                pairs = [(g["group"], g.get("age")) for g, _k, _v, lb in items if lb in closing]
                text += f". The gap is closing for {join(group_ages(pairs))}"
        claims.append(Claim(
            f"indicators.gaps.{kind}", "indicators", "CLAIM-GAPS", text + ".",
            {g["id"]: {"gap": v["value"], "england": v["england"], "similar": v.get("similar"),
                       "trend": (v.get("trend") or {}).get("values")} for g, key, v, _ in items},
            checks,
        ))  # fmt: skip
    return claims
