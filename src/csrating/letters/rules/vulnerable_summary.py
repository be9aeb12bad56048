"""CLAIM-VULNERABLE-SUMMARY: provision for vulnerable children (special schools, pupil referral units,
children's homes, the LA's fostering and adoption agencies, private fostering) is summed up by the share
of its settings good or better: "good or better in almost all respects" from
``letter_vulnerable_almost_all_pct``, "mostly good" from ``letter_vulnerable_mostly_good_pct``, otherwise
"more mixed"; also "more mixed" where at least ``letter_vulnerable_mixed_types_pct`` of the types present
have no setting good or better (whole services only satisfactory, as Kingston upon Thames's adoption
agency and private fostering in seeds/000). Source: the vulnerable-children sentences of the 2009 rating
letters (seeds/000, 001, 002, 004); the boundaries are assumed (those of the quantifier bands).
"""

from __future__ import annotations

from typing import Any

from csrating.letters.claims import Claim, check, good_or_better, vulnerable_present
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-VULNERABLE-SUMMARY", stage="settings-07", title="Provision for vulnerable children",
    params=(
        "letter_vulnerable_almost_all_pct", "letter_vulnerable_mostly_good_pct",
        "letter_vulnerable_mixed_types_pct",
    ),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    present = vulnerable_present(ctx.profile)
    if not present:
        return []
    almost_all = ctx.param("letter_vulnerable_almost_all_pct")
    mostly = ctx.param("letter_vulnerable_mostly_good_pct")
    n = sum(s.inspected for s in present)
    pct = 100 * sum(good_or_better(s) for s in present) / n
    weak_types = [s.setting_type for s in present if s.inspected and not good_or_better(s)]
    weak_pct = 100 * len(weak_types) / len(present)
    checks: list[dict[str, Any]] = []
    if weak_pct >= ctx.param("letter_vulnerable_mixed_types_pct"):
        summary = "more mixed"
        checks = [check("setting", t, "good_or_better", eq=0) for t in weak_types]
    elif pct >= almost_all:
        summary, lo, hi = "good or better in almost all respects", almost_all, 100
    elif pct >= mostly:
        summary, lo, hi = "mostly good", mostly, almost_all
    else:
        summary, lo, hi = "more mixed", 0, mostly
    if not checks:
        checks = [check("vulnerable", None, "good_or_better_pct", ge=lo, le=hi)]
    return [Claim(
        "settings.vulnerable", "settings", "CLAIM-VULNERABLE-SUMMARY",
        f"Provision for children and young people whose circumstances make them vulnerable is {summary}.",
        {"good_or_better_pct": pct, "inspected": n, "types": [s.setting_type for s in present],
         "types_none_good": weak_types},
        checks,
    )]  # fmt: skip
