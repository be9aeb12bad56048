"""CLAIM-SETTINGS-COUNT: where an LA has few secondary schools or school sixth forms (between
``letter_count_settings_min`` and ``letter_count_settings_max`` inspected) and not all are good or
better, the letter counts them: how many are good or better and how many inadequate. Source: the 2009
rating letters count small numbers of settings in words (seeds/001, 004); the bounds are assumed.
"""

from __future__ import annotations

from csrating.letters.claims import SETTING_WORDS, Claim, check, good_or_better, setting_or_none
from csrating.letters.quantify import capitalise, number
from csrating.letters.rule import LetterContext
from csrating.profile.profile import SettingTypeResult
from csrating.rules import register

COUNTED = ("secondary_school", "school_sixth_form")


def counted(s: SettingTypeResult, least: int, most: int) -> bool:
    """Whether the letter counts the settings of this type: a secondary school or sixth form type of
    between ``least`` and ``most`` inspected settings, not all good or better."""
    return (
        s.setting_type in COUNTED
        and s.status == "ok"
        and least <= s.inspected <= most
        and good_or_better(s) < s.inspected
    )


@register(
    "letter", "CLAIM-SETTINGS-COUNT", stage="settings-06", title="Few secondary schools counted",
    params=("letter_count_settings_min", "letter_count_settings_max"),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    least, most = int(ctx.param("letter_count_settings_min")), int(ctx.param("letter_count_settings_max"))
    claims = []
    for t in COUNTED:
        s = setting_or_none(ctx.profile, t)
        if s is None or not counted(s, least, most):
            continue
        good = good_or_better(s)
        inadequate = s.counts.get("inadequate", 0)
        text = (
            f"{capitalise(number(good))} of the {number(s.inspected)} {SETTING_WORDS[t]} "
            f"{'is' if good == 1 else 'are'} good or better"
        )
        text += " and none is inadequate." if inadequate == 0 else f" and {number(inadequate)} inadequate."
        claims.append(Claim(
            f"settings.count.{t}", "settings", "CLAIM-SETTINGS-COUNT", text,
            {"good_or_better": good, "inspected": s.inspected, "inadequate": inadequate},
            [check("setting", t, "good_or_better", eq=good),
             check("setting", t, "inspected", eq=s.inspected),
             check("setting", t, "counts.inadequate", eq=inadequate)],
        ))  # fmt: skip
    return claims
