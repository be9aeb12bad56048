"""CLAIM-VULNERABLE-TYPE: each vulnerable setting type of mixed grades gets its own sentence: how many are
good or better (counted up to ``letter_vulnerable_count_max`` settings, else a share in quantifier words),
how many inadequate, how it compares with England and similar areas where it differs from both, and the
outcomes where inspections found weaknesses. A share names the settings "the council's" only where the
council runs every one of them (the profile's ``sectors``: who runs the inspected settings, from the
providers' sector in Ofsted's and DfE's files; a pupil referral unit is the LA's own); otherwise they are
"in the area", however many of them the council runs. A type all good or better (outstanding and good
both found: one of a single grade is left to CLAIM-VULNERABLE-BY-GRADE) with at most
``letter_vulnerable_count_max`` settings ends with how many are outstanding and how many good. Source: the
2009 rating letters' sentences on special schools, pupil referral units and children's homes (seeds/000,
001, 002, 004; Kent's speaks of the local authority's pupil referral units and of the children's homes in
the area); Kensington and Chelsea's two special schools, one outstanding and the other good (seeds/001);
the count limit is assumed.
"""

from __future__ import annotations

from csrating.letters.claims import (
    SETTING_WORDS,
    Claim,
    all_of,
    band_bounds,
    check,
    good_or_better,
    outstanding_and_good,
    run_by_council,
    versus_comparators,
    vulnerable_by_grade,
    vulnerable_present,
)  # fmt: skip
from csrating.letters.quantify import capitalise, number, phrase
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-VULNERABLE-TYPE", stage="settings-09", title="A vulnerable setting type of mixed grades",
    params=("letter_vulnerable_count_max",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    present = vulnerable_present(ctx.profile)
    by_grade = vulnerable_by_grade(present)
    count_max = int(ctx.param("letter_vulnerable_count_max"))
    claims = []
    for s in present:
        if s.single or not s.inspected or any(s in v for v in by_grade.values()):
            continue
        good_n = good_or_better(s)
        inadequate = s.counts.get("inadequate", 0)
        share = 100 * good_n / s.inspected
        plural = SETTING_WORDS[s.setting_type]
        if good_n == s.inspected:
            text = f"{capitalise(all_of(s))} {'is' if s.inspected == 1 else 'are'} good or better"
        elif s.inspected <= count_max:
            text = f"{capitalise(number(good_n))} of the {number(s.inspected)} {plural} "
            text += "is good or better" if good_n == 1 else "are good or better"
        else:
            whose = (
                f"the council's {number(s.inspected)} {plural}"
                if run_by_council(s)
                else f"the {number(s.inspected)} {plural} in the area"
            )
            text = f"{capitalise(phrase(share))} of {whose} are good or better"
        none_inadequate = inadequate == 0 and good_n < s.inspected
        if inadequate and good_n + inadequate == s.inspected and s.inspected <= count_max:
            # the rest are all inadequate: "one of the two ... is good and the other is inadequate"
            rest = "the other is" if inadequate == 1 else f"the other {number(inadequate)} are"
            text += f" and {rest} inadequate"
        elif inadequate:
            text += f" and {number(inadequate)} {'is' if inadequate == 1 else 'are'} inadequate"
        lo, hi = band_bounds(share)
        checks = [
            check("setting", s.setting_type, "good_or_better_pct", ge=lo, le=hi),
            check("setting", s.setting_type, "counts.inadequate", eq=inadequate),
        ]
        if "the council's" in text:
            checks.append(check("setting", s.setting_type, "sectors.local_authority", eq=s.inspected))
        suffix, compared = versus_comparators(s)
        text += suffix
        checks += compared
        if none_inadequate:  # after the comparison, which is of the share good or better
            text += ", and none is inadequate" if suffix else " and none is inadequate"
        if good_n == s.inspected <= count_max:  # few, all good or better: how many outstanding
            text += f": {outstanding_and_good(s)}"
            checks += [
                check("setting", s.setting_type, "counts.outstanding", eq=s.counts.get("outstanding", 0)),
                check("setting", s.setting_type, "counts.good", eq=s.counts.get("good", 0)),
            ]
        claims.append(Claim(
            f"settings.vulnerable.{s.setting_type}", "settings", "CLAIM-VULNERABLE-TYPE", text + ".",
            {"good_or_better": good_n, "inspected": s.inspected, "inadequate": inadequate,
             "england": s.england.figure, "similar": s.similar_areas.figure},
            checks,
        ))  # fmt: skip
    return claims
