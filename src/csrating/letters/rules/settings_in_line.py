"""CLAIM-SETTINGS-IN-LINE: the mainstream setting types in line with both England and similar areas, and
of which at least ``letter_settings_in_line_good_pct`` percent are good or better, are said to perform
well overall, with their shares in quantifier words. Source: the 2009 rating letters' "in line with what
is found nationally and in similar areas" (seeds/000, 002); the threshold is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import SETTING_WORDS, Claim, check, compared_types
from csrating.letters.quantify import before_noun, capitalise, join, phrase
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-SETTINGS-IN-LINE", stage="settings-04", title="Setting types in line and mostly good",
    params=("letter_settings_in_line_good_pct",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    least = ctx.param("letter_settings_in_line_good_pct")
    items = [
        s for s in compared_types(ctx.profile)
        if s.england.verdict == "in_line" == s.similar_areas.verdict and (s.good_or_better_pct or 0) >= least
    ]  # fmt: skip
    if not items:
        return []
    names = [SETTING_WORDS[s.setting_type] for s in items]
    # the types by the words their shares take, the highest share first
    by_phrase: dict[str, list[str]] = {}
    for s in sorted(items, key=lambda s: -(s.good_or_better_pct or 0)):
        by_phrase.setdefault(phrase(s.good_or_better_pct or 0), []).append(SETTING_WORDS[s.setting_type])
    if len(by_phrase) == 1:
        text = (
            f"{capitalise(join(names))} perform well overall: {next(iter(by_phrase))} are good or better, "
            "in line with what is found nationally and in similar areas."
        )
    else:  # "all and almost all are good" would not say which is which
        text = (
            f"{capitalise(join(names))} perform well overall, in line with what is found nationally and in "
            "similar areas. "
            + capitalise(join([f"{before_noun(words)} {join(kinds)}" for words, kinds in by_phrase.items()]))
            + " are good or better."
        )
    return [Claim(
        "settings.in_line", "settings", "CLAIM-SETTINGS-IN-LINE", text,
        {s.setting_type: {"pct": s.good_or_better_pct, "england": s.england.figure,
                          "similar": s.similar_areas.figure} for s in items},
        [c for s in items for c in (
            check("setting", s.setting_type, "england.verdict", eq="in_line"),
            check("setting", s.setting_type, "similar_areas.verdict", eq="in_line"),
            check("setting", s.setting_type, "good_or_better_pct", ge=least, le=100))],
    )]  # fmt: skip
