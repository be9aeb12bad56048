"""CLAIM-SETTINGS-WEAKNESS: a mainstream setting type with a smaller share good or better than England
(and than similar areas, or where that comparison says nothing) is a relative weakness: the sentence gives
the share no better than satisfactory (from ``letter_requires_improvement_from``: the share that requires
improvement or is inadequate) in quantifier words and the outcomes where inspections found weaknesses.
Types below both comparators come first. A type whose share good or better is at least
``letter_weakness_most_good_pct`` is not called a weakness: most are good or better, although fewer than
the comparators. Such a type whose share good or better is more than ``share_tolerance_pp`` points above
that of all the LA's inspected settings is said to be so ("Even so, a higher share of them is good or
better than across all ..."). Source: the relative weaknesses of the 2009 rating letters (seeds/000, 001,
002, 004); Kent's nurseries, "most ... good or better" though below (seeds/002); Kensington and Chelsea's
nurseries, a higher than average share good or better though below both comparators (seeds/001, 5 of 6
against 75% of all its settings).
"""

from __future__ import annotations

from csrating.enums import EcmOutcome
from csrating.letters import claims as letter_claims
from csrating.letters.claims import (
    SETTING_WORDS,
    UNSHOWN,
    Claim,
    band_bounds,
    check,
    compared_types,
    setting_or_none,
)
from csrating.letters.quantify import capitalise, join, phrase
from csrating.letters.rule import LetterContext
from csrating.profile.profile import SettingTypeResult
from csrating.rules import register


@register(
    "letter", "CLAIM-SETTINGS-WEAKNESS", stage="settings-05", title="Setting types below England",
    params=("letter_weakness_most_good_pct", "letter_requires_improvement_from", "share_tolerance_pp"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    types = compared_types(ctx.profile)
    most = float(ctx.param("letter_weakness_most_good_pct"))
    both = [s for s in types if s.england.verdict == "below" == s.similar_areas.verdict]
    england = [s for s in types if s.england.verdict == "below" and s.similar_areas.verdict in UNSHOWN]
    ri = letter_claims.present_day_grades(ctx)
    everything = setting_or_none(ctx.profile, "all")
    over: float | None = None  # the share good or better a type must pass to be above the LA's own
    if everything is not None and everything.status == "ok" and everything.good_or_better_pct is not None:
        over = everything.good_or_better_pct + float(ctx.param("share_tolerance_pp"))
    return [
        *(_weakness(s, True, most, ri, over) for s in both),
        *(_weakness(s, False, most, ri, over) for s in england),
    ]


def _weakness(
    s: SettingTypeResult, both: bool, most: float, requires_improvement: bool, over: float | None
) -> Claim:
    name = SETTING_WORDS[s.setting_type]
    sat = s.counts.get("satisfactory", 0) + s.counts.get("inadequate", 0)
    share_sat = 100 * sat / s.inspected
    where = "nationally or in similar areas" if both else "nationally"
    mostly_good = s.good_or_better_pct is not None and s.good_or_better_pct >= most
    if mostly_good:
        text = (
            f"Most {name} are good or better, although fewer than {where}, and "
            f"{phrase(share_sat)} are no better than satisfactory"
        )
    else:
        text = (
            f"{capitalise(name)} are a relative weakness: fewer are good or better than {where}, and "
            f"{phrase(share_sat)} are no better than satisfactory"
        )
    if requires_improvement:  # the third grade in the frameworks from 2012-2014
        text = text.replace("are no better than satisfactory", "require improvement or are inadequate")
    checks = [check("setting", s.setting_type, "england.verdict", eq="below")]
    bound = {"ge": most} if mostly_good else {"le": most}
    checks.append(check("setting", s.setting_type, "good_or_better_pct", **bound))
    if both:
        checks.append(check("setting", s.setting_type, "similar_areas.verdict", eq="below"))
    lo, hi = band_bounds(share_sat)
    checks.append(check("setting", s.setting_type, "satisfactory_or_worse_pct", ge=lo, le=hi))
    if s.weak_outcomes:
        outcomes = [EcmOutcome(o).label for o in s.weak_outcomes]
        text += f", partly because of weaknesses in {join(outcomes)}"
        checks += [check("setting", s.setting_type, "weak_outcomes", contains=o) for o in s.weak_outcomes]
    text += "."
    if mostly_good and over is not None and s.good_or_better_pct is not None and s.good_or_better_pct > over:
        text += (
            " Even so, a higher share of them is good or better than across all the inspected services and"
            " settings in the area."
        )
        checks.append(check("setting", s.setting_type, "good_or_better_pct", ge=over))
    return Claim(
        f"settings.weak.{s.setting_type}", "settings", "CLAIM-SETTINGS-WEAKNESS", text,
        {"pct": s.good_or_better_pct, "england": s.england.figure, "similar": s.similar_areas.figure,
         "n": s.inspected, "satisfactory_or_worse": sat, "weak_outcomes": s.weak_outcomes},
        checks,
    )  # fmt: skip
