"""CLAIM-GAPS: the attainment gaps between vulnerable groups (free school meals, looked after children,
special educational needs) and their peers that are wider, or narrower, than both nationally and in
similar areas, each direction in one sentence (at most ``letter_groups_per_sentence_most`` groups a
sentence; further groups in sentences of their own, "So is the gap for ..."), saying whether the gaps are
closing (closing "slowly" when the change over the trend is under ``letter_gap_closing_slowly_pp``); and
the gaps of ``letter_gap_in_line_groups`` that are in line with both, "the same as nationally and in
similar areas". Source: the gap sentences of the 2009 rating letters (seeds/000, 001, 002, 004; Kent's
in-line and slowly closing free school meals gaps, seeds/002).
"""

from __future__ import annotations

from typing import Any

from csrating.letters.claims import Claim, check, gap_view, group_ages, group_chunks, view_periods
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-GAPS", stage="indicators-07",
    title="Gaps for vulnerable groups against both comparators",
    params=("letter_gap_closing_slowly_pp", "letter_gap_in_line_groups", "letter_groups_per_sentence_most"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    wider, narrower, in_line = [], [], []
    slow_pp = float(ctx.param("letter_gap_closing_slowly_pp"))
    in_line_ids = set(ctx.param("letter_gap_in_line_groups"))
    most = int(ctx.param("letter_groups_per_sentence_most"))
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
        elif pair == ("in_line", "in_line") and g["id"] in in_line_ids:
            in_line.append((g, key, v, label))
    for kind, items in (("wider", wider), ("narrower", narrower), ("in_line", in_line)):
        if not items:
            continue
        if kind == "in_line":  # a group and age already said wider or narrower (another measure) is left out
            said = {(g["group"], g.get("age")) for g, *_ in (*wider, *narrower)}
            items = [x for x in items if (x[0]["group"], x[0].get("age")) not in said]
            if not items:
                continue
            sentences = _sentences(items, most, "the same as nationally and in similar areas")
            claims.append(Claim(
                "indicators.gaps.in_line", "indicators", "CLAIM-GAPS", ". ".join(sentences) + ".",
                {g["id"]: {"gap": v["value"], "england": v["england"], "similar": v.get("similar")}
                 for g, key, v, _ in items},
                [c for g, key, v, _ in items for c in (
                    check("gap", g["id"], f"{key}.vs_england", eq="in_line"),
                    check("gap", g["id"], f"{key}.vs_similar", eq="in_line"),
                )],
            ))  # fmt: skip
            continue
        runs = _sentences(items, most, f"{kind} than nationally and in similar areas")
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
            slow = all(
                abs((v.get("trend") or {}).get("change") or 0) < slow_pp
                for g, key, v, lb in items
                if lb in closing
            )
            if slow:
                checks += [
                    check("gap", g["id"], f"{key}.trend.change", ge=-slow_pp, le=slow_pp)
                    for g, key, v, lb in items
                    if lb in closing
                ]
            how = "closing slowly" if slow else "closing"
            one = len(runs) == 1
            if len(closing) == len(items) and one:
                text += f", although it is {how}" if kind == "wider" else f", and it is still {how}"
            elif len(closing) == len(items):
                text += f". Each of these gaps is {how}" if kind == "wider" else f". Each is still {how}"
            else:
                pairs = [(g["group"], g.get("age")) for g, _k, _v, lb in items if lb in closing]
                text += f". The gap is {how} for {join(group_ages(pairs))}"
        claims.append(Claim(
            f"indicators.gaps.{kind}", "indicators", "CLAIM-GAPS", text + ".",
            {g["id"]: {"gap": v["value"], "england": v["england"], "similar": v.get("similar"),
                       "trend": (v.get("trend") or {}).get("values")} for g, key, v, _ in items},
            checks,
        ))  # fmt: skip
    return claims


def _sentences(items: list[Any], most: int, verdict: str) -> list[str]:
    """The gaps of ``items`` in sentences naming at most ``most`` groups each (without the full stop): the
    first says the ``verdict``, the others "So is the gap for ..."."""
    out = []
    for n, run in enumerate(group_chunks(items, lambda x: x[0]["group"], most)):
        groups = group_ages([(g["group"], g.get("age")) for g, *_ in run])
        labels = join(groups)
        periods = view_periods([v for _g, _k, v, _l in run])
        if n:
            out.append(f"So is the gap for {labels}{periods}")
        elif len(groups) == 1:
            out.append(f"The gap between {labels} and their peers{periods} is {verdict}")
        else:  # "the gap between A and B and their peers" would read as a gap between A and B
            out.append(f"For {labels}{periods}, the gap with their peers is {verdict}")
    return out
