"""CLAIM-SINGLE-SETTINGS: a mainstream setting type with a single inspected setting in the area (a general
further education college, a sixth form college) is too small for a share and a comparison, so the letter
gives its grade: "the general further education college is good". Types named in one sentence, by grade,
best first; the third grade in the words of the letter's era ("satisfactory", or from
``letter_requires_improvement_from`` "requires improvement"). Source: Kensington and Chelsea's letter
(seeds/001: its general further education provision good, its sixth form college outstanding).
"""

from __future__ import annotations

from csrating.letters import claims as letter_claims
from csrating.letters.claims import MAINSTREAM, SETTING_WORDS, Claim, check, setting_or_none
from csrating.letters.quantify import capitalise, join
from csrating.letters.rule import LetterContext
from csrating.rules import register

ORDER = ["outstanding", "good", "satisfactory", "inadequate"]


SINGULAR = {
    "nursery_school": "nursery school", "primary_school": "primary school",
    "secondary_school": "secondary school", "school_sixth_form": "school sixth form",
    "general_fe_college": "general further education college", "sixth_form_college": "sixth form college",
    "childcare_non_domestic": "childcare setting",
    "childcare_domestic": "childcare provider on domestic premises",
    "childminder": "childminder",
}  # fmt: skip


@register(
    "letter", "CLAIM-SINGLE-SETTINGS", stage="settings-06", title="Single settings of a mainstream type",
    params=("letter_requires_improvement_from",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    found = []
    for t in MAINSTREAM:
        s = setting_or_none(ctx.profile, t)
        if s is not None and s.status == "ok" and s.single and s.inspected == 1 and s.grade in ORDER:
            found.append(s)
    if not found:
        return []
    by_grade: dict[str, list[str]] = {}
    for s in found:
        by_grade.setdefault(str(s.grade), []).append(
            f"the {SINGULAR.get(s.setting_type, SETTING_WORDS[s.setting_type])}"
        )
    words = {"satisfactory": "requires improvement"} if letter_claims.present_day_grades(ctx) else {}
    parts = []
    for g, names in sorted(by_grade.items(), key=lambda kv: ORDER.index(kv[0])):
        word = words.get(g, g)
        if len(names) == 1:
            parts.append(
                f"{join(names)} {'requires improvement' if word == 'requires improvement' else 'is ' + word}"
            )
        else:
            parts.append(
                f"{join(names)} {'require improvement' if word == 'requires improvement' else 'are ' + word}"
            )
    return [
        Claim(
            "settings.single", "settings", "CLAIM-SINGLE-SETTINGS", capitalise(join(parts)) + ".",
            {s.setting_type: s.grade for s in found},
            [check("setting", s.setting_type, "grade", eq=s.grade) for s in found],
        )
    ]  # fmt: skip
