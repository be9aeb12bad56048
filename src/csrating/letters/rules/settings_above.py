"""CLAIM-SETTINGS-ABOVE: the mainstream setting types (schools, colleges, childcare) of which a larger
share is good or better than both in England and in similar areas are named together as a strength.
Single settings are left out. Source: the strengths against both comparators named in the 2009 rating
letters (seeds/000, 001, 004).
"""

from __future__ import annotations

from csrating.letters.claims import SETTING_WORDS, Claim, check, compared_types
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter",
    "CLAIM-SETTINGS-ABOVE",
    stage="settings-02",
    title="Setting types above England and similar areas",
)
def apply(ctx: LetterContext) -> list[Claim]:
    items = [
        s for s in compared_types(ctx.profile) if s.england.verdict == "above" == s.similar_areas.verdict
    ]
    if not items:
        return []
    names = [SETTING_WORDS[s.setting_type] for s in items]
    text = f"A larger share of {join(names)} is good or better than is found nationally or in similar areas."
    return [Claim(
        "settings.above", "settings", "CLAIM-SETTINGS-ABOVE", text,
        {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure,
                          "similar": s.similar_areas.figure, "n": s.inspected} for s in items},
        [c for s in items for c in (
            check("setting", s.setting_type, "england.verdict", eq="above"),
            check("setting", s.setting_type, "similar_areas.verdict", eq="above"))],
    )]  # fmt: skip
