"""EVIDENCE-GATE: no grade without evidence.

A rating rests on the performance profile; where the profile holds too little of what the methodology
year expects, there is no rating to give. The LA is "not rated: insufficient evidence" - a distinct
outcome, never a grade - when either

- fewer than ``evidence_min_indicator_share`` of the year's expected indicator items (the profile list)
  have a value for the LA, or
- fewer than ``evidence_min_settings_share`` of its settings have an inspection counted in block A:
  measured against the real number of settings then where the dataset gives it, otherwise against the
  settings the dataset counts open at the census date (and the coverage against the real number is then
  unknown, and said so).

Block C (inspections of the LA) is reported, not gated: many LAs had no inspection of a kind yet, and
that is a fact about the LA, not a gap in the data. The gate runs last, so the trace still shows the grade
the other rules reached. Source: csrating's own safeguard (a rating from a profile with, say, no
indicators and a twentieth of its settings is not a rating); Ofsted rated every LA each year, so the
levels are assumed, set low enough to let the 2009 transitional year's data gaps through.
"""

from __future__ import annotations

from typing import Any

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


def _share(block: dict[str, Any], key: str) -> float | None:
    v = block.get(key)
    return None if v is None else float(v)


@rule("EVIDENCE-GATE", Stage.EVIDENCE, "Not rated where the profile holds too little evidence")
def apply(ctx: RuleContext) -> Outcome:
    c = ctx.profile.completeness
    ind, sett = c.get("indicators", {}), c.get("settings", {})
    min_ind = float(ctx.param("evidence_min_indicator_share"))
    min_set = float(ctx.param("evidence_min_settings_share"))
    ind_share = ctx.figure("completeness.indicators.share", _share(ind, "share"))
    real = ctx.figure("completeness.settings.coverage_vs_real", _share(sett, "coverage_vs_real"))
    counted = ctx.figure("completeness.settings.inspected_share", _share(sett, "inspected_share"))
    set_share, against = (
        (real, "the real number of settings")
        if real is not None
        else (
            counted,
            "the settings open at the census (coverage against the real number unknown)",
        )
    )
    short = []
    if ind_share is None or ind_share < min_ind:
        have = "none" if not ind_share else f"{ind_share:.0%}"
        short.append(f"indicators: {have} of the expected items have a value (needs {min_ind:.0%})")
    if set_share is None or set_share < min_set:
        have = "none" if not set_share else f"{set_share:.0%}"
        short.append(f"settings: {have} inspected of {against} (needs {min_set:.0%})")
    if not short:
        return Outcome(
            False,
            f"enough evidence: {ind_share:.0%} of the expected indicators, {set_share:.0%} of the settings "
            f"inspected (against {against})",
        )
    reason = "insufficient evidence: " + "; ".join(short)
    return Outcome(
        True,
        f"not rated, {reason}",
        ctx.state.grade,
        {"not_rated": True, "not_rated_reason": reason},
    )
