"""CLAIM-GROUP-VS-NATIONAL: the vulnerable groups whose own results are better than the same groups
nationally are named together. Source: the 2009 rating letters compare groups with the same groups
nationally (seeds/002, 004). At most ``letter_groups_per_sentence_most`` groups are named in a sentence;
further groups follow in sentences of their own ("So do ...").
"""

from __future__ import annotations

from csrating.letters.claims import Claim, check, group_ages, group_chunks, view_periods
from csrating.letters.quantify import capitalise, join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter",
    "CLAIM-GROUP-VS-NATIONAL",
    stage="indicators-08",
    title="Vulnerable groups better than the same groups nationally",
    params=("letter_groups_per_sentence_most",),
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims = []
    # the group's own results against the same group nationally
    better = []
    for g in p.gaps:
        r = g.get("group_result")
        if r and r.get("value") is not None and r.get("vs_england") == "better":
            better.append((g, r))
    if better:
        most = int(ctx.param("letter_groups_per_sentence_most"))
        sentences = []
        for n, run in enumerate(group_chunks(better, lambda x: x[0]["group"], most)):
            run_labels = group_ages([(g["group"], g.get("age")) for g, _ in run])
            labels = join(run_labels)
            periods = view_periods([r for _, r in run])
            same = "the same groups" if len(run_labels) > 1 or len(better) > len(run) else "the same group"
            sentences.append(
                f"{capitalise(labels)} do better than {same} nationally{periods}."
                if n == 0
                else f"So do {labels}{periods}."
            )
        text = " ".join(sentences)
        claims.append(Claim(
            "indicators.groups", "indicators", "CLAIM-GROUP-VS-NATIONAL", text,
            {g["id"]: {"value": r["value"], "england": r["england"]} for g, r in better},
            [check("gap", g["id"], "group_result.vs_england", eq="better") for g, _ in better],
        ))  # fmt: skip
    return claims
