"""CLAIM-SETTINGS-SINCE: a setting the profile counts as inadequate that was inspected again after the
settings census, up to the cut-off for inspections of the LA (``la_inspections_cutoff``: findings the
inspectorate had before its decision), is followed up in the letter with its later grade: "The inadequate
children's home has since been inspected again and is now good." The later
grade is not counted in the profile's shares; the sentence only reports it. The third grade is put in the
words of the letter's era (from ``letter_requires_improvement_from``: "requires improvement"). Source:
Kensington and Chelsea's letter (seeds/001): one of its two children's homes inadequate, since addressed
and the home now good.
"""

from __future__ import annotations

from typing import Any

from csrating.enums import SettingType
from csrating.letters import claims as letter_claims
from csrating.letters.claims import SETTING_WORDS, Claim, check
from csrating.letters.quantify import capitalise, join, number
from csrating.letters.rule import LetterContext
from csrating.rules import register

SINCE = "has since been inspected again"


@register(
    "letter", "CLAIM-SETTINGS-SINCE", stage="settings-10", title="Inadequate settings inspected again since",
    params=("letter_requires_improvement_from",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.profile.later_setting_inspections:
        if r["grade"] == "inadequate":
            by_type.setdefault(str(r["setting_type"]), []).append(r)
    ri = letter_claims.present_day_grades(ctx)
    return [_claim(ctx, t, rows, ri) for t, rows in by_type.items()]


def _claim(ctx: LetterContext, t: str, rows: list[dict[str, Any]], requires_improvement: bool) -> Claim:
    def now(grade: str, n: int) -> str:
        if grade == "inadequate":
            return f"{'is' if n == 1 else 'are'} still inadequate"
        if grade == "satisfactory" and requires_improvement:
            return "now requires improvement" if n == 1 else "now require improvement"
        return f"{'is' if n == 1 else 'are'} now {grade}"

    inadequate = ctx.profile.setting(t).counts.get("inadequate", 0)
    if len(rows) == 1:
        which = (
            f"the inadequate {SettingType(t).label}"
            if inadequate == 1
            else (f"one of the inadequate {SETTING_WORDS[t]}")
        )
        text = f"{capitalise(which)} {SINCE} and {now(rows[0]['later_grade'], 1)}."
    else:
        grades: dict[str, int] = {}
        for r in rows:
            grades[r["later_grade"]] = grades.get(r["later_grade"], 0) + 1
        which = f"all {number(len(rows))}" if len(rows) == inadequate else number(len(rows))
        parts = [f"{number(n)} {now(g, n)}" for g, n in grades.items()]
        text = f"{capitalise(which)} of the inadequate {SETTING_WORDS[t]} {SINCE.replace('has', 'have')}: "
        text += f"{join(parts)}."
    checks = [check("setting", t, "counts.inadequate", eq=inadequate)]
    for r in rows:
        checks += [check("later_setting", r["urn"], "grade", eq="inadequate"),
                   check("later_setting", r["urn"], "later_grade", eq=r["later_grade"])]  # fmt: skip
    return Claim(
        f"settings.since.{t}", "settings", "CLAIM-SETTINGS-SINCE", text,
        {"inadequate": inadequate, "later": [{k: str(v) for k, v in r.items()} for r in rows]},
        checks,
    )  # fmt: skip
