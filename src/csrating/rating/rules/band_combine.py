"""BAND-COMBINE: the provisional grade from the two block bands.

The provisional grade is the mean of the settings band and the indicators band, rounded half up (a 3 and
a 4 give 4; a 2 and a 3 give 3). Where only one block has a band, that band is the provisional grade;
where neither has, the LA is not rated. Source: the rating derives from the performance profile as a
whole (seeds, standard paragraph); how the blocks combine is not published and is assumed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


@rule("BAND-COMBINE", Stage.BAND, "Provisional grade: mean of the block bands, rounded half up")
def apply(ctx: RuleContext) -> Outcome:
    method = ctx.param("band_combination")
    bands = {k: v for k, v in ctx.state.bands.items() if v is not None}
    if not bands:
        return Outcome(False, "neither block has a band: not rated", None)
    if method != "mean_round_half_up":
        raise ValueError(f"unknown band_combination {method!r}")
    mean = Decimal(sum(bands.values())) / Decimal(len(bands))
    grade = int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    parts = ", ".join(f"{k} {v}" for k, v in bands.items())
    return Outcome(
        True, f"bands {parts}: mean {mean:.1f}, provisional grade {grade}", grade, {"provisional": grade}
    )
