"""CLAIM-SETTINGS-OVERALL: the settings paragraph opens with the share of all inspected services and
settings that are good or better for overall effectiveness, put in the inspectorate's quantifier words
(bands in methodology/quantifiers.yaml). Made whenever the profile has the settings figures. Source: the
opening of the settings paragraph of every 2009 rating letter (seeds/000, 001, 002, 004).
"""

from __future__ import annotations

from csrating.letters.claims import Claim, band_bounds, check, good_or_better
from csrating.letters.quantify import capitalise, phrase
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-SETTINGS-OVERALL", stage="settings-01", title="Share of all settings good or better"
)
def apply(ctx: LetterContext) -> list[Claim]:
    s = ctx.profile.setting("all")
    if s.status != "ok" or s.good_or_better_pct is None:
        return []
    q = phrase(s.good_or_better_pct)
    lo, hi = band_bounds(s.good_or_better_pct)
    text = f"{capitalise(q)} of the inspected services and settings are good or better for overall effectiveness."  # noqa: E501
    return [
        Claim(
            "settings.overall", "settings", "CLAIM-SETTINGS-OVERALL", text,
            {"good_or_better_pct": s.good_or_better_pct, "inspected": s.inspected,
             "good_or_better": good_or_better(s)},
            [check("setting", "all", "good_or_better_pct", ge=lo, le=hi)],
        )
    ]  # fmt: skip
