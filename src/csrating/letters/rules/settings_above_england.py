"""CLAIM-SETTINGS-ABOVE-ENGLAND: the mainstream setting types better than England but not shown better
than similar areas (in line, no figure or too few settings to compare) are named as better than
nationally. Source: the 2009 rating letters compare setting types with England where the similar-area
comparison says nothing (seeds/001, 002); the wording is the project's own.
"""

from __future__ import annotations

from csrating.letters.claims import SETTING_WORDS, UNSHOWN, Claim, check, compared_types
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-SETTINGS-ABOVE-ENGLAND", stage="settings-03", title="Setting types above England only"
)
def apply(ctx: LetterContext) -> list[Claim]:
    items = [
        s
        for s in compared_types(ctx.profile)
        if s.england.verdict == "above" and s.similar_areas.verdict in UNSHOWN
    ]
    if not items:
        return []
    names = [SETTING_WORDS[s.setting_type] for s in items]
    return [Claim(
        "settings.above_england", "settings", "CLAIM-SETTINGS-ABOVE-ENGLAND",
        f"More {join(names)} are good or better than nationally.",
        {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure} for s in items},
        [check("setting", s.setting_type, "england.verdict", eq="above") for s in items],
    )]  # fmt: skip
