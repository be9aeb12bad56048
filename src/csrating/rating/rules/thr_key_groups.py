"""THR-KEY-GROUPS: thresholds on the staying safe and the enjoying and achieving indicators.

Where the share of staying safe indicators, or of enjoying and achieving indicators, that are better than
or in line with similar areas falls below the threshold (an inadequate band for that key group), the
grade can be no higher than the cap (performs adequately). A key group with no compared indicator
applies no threshold. Source: the overall rating was subject to thresholds when the staying safe or
enjoying and achieving indicators fall in an inadequate band (Ofsted's 2008 proposal, METHODOLOGY.md
section 3.2); the threshold and cap values are assumed.
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule
from csrating.rating.rules.band_indicators import indicator_rows
from csrating.rating.trace import Rows

KEY_GROUPS = {"SS": "staying safe", "EA": "enjoying and achieving"}


@rule("THR-KEY-GROUPS", Stage.THRESHOLD, "Cap when staying safe or enjoying and achieving is inadequate")
def apply(ctx: RuleContext) -> Outcome:
    grade = ctx.state.grade
    if grade is None:
        return Outcome(False, "not rated")
    threshold = float(ctx.param("key_group_threshold_pct"))
    cap = int(ctx.param("key_group_cap"))
    low = []
    for code, label in KEY_GROUPS.items():
        share = ctx.profile.share(code)
        rows = Rows(indicator_rows, ctx.profile, code)
        pct = ctx.figure(f"indicators.{code}.ok_similar_pct", share["ok_similar_pct"], rows)
        if pct is not None and share["compared_similar"] and pct < threshold:
            low.append(f"{label} {pct:.0f}%")
    if low and grade > cap:
        return Outcome(True, f"{' and '.join(low)} below {threshold:g}%: grade capped at {cap}", cap)
    if low:
        return Outcome(
            False, f"{' and '.join(low)} below {threshold:g}%, but grade {grade} is within the cap"
        )
    return Outcome(False, f"staying safe and enjoying and achieving at or above {threshold:g}%")
