"""BAND-INDICATORS: the band of the national indicators block.

The share of the profile's indicators (with a polarity and compared with similar areas) that are better
than or in line with similar areas is placed in a band by fixed cut-off points. Band 4 also needs a
minimum share clearly better than similar areas, so that an area merely in line everywhere does not
"significantly exceed" minimum requirements. Without compared indicators the block has no band.
Source: the letters report the share of indicators better than or in line with similar areas
(seeds 000-004); fixed cut-offs (METHODOLOGY.md section 3.1). Cut-off values are assumed; they were set
so that the four 2009 seed letters' ratings follow from their profiles.
"""

from __future__ import annotations

from typing import Any

from csrating.enums import Polarity, Verdict
from csrating.profile.model import Profile
from csrating.rating.rule import Outcome, RuleContext, Stage, rule
from csrating.rating.rules.band_settings import band_from
from csrating.rating.trace import Rows


def indicator_rows(p: Profile, outcome: str = "all") -> list[dict[str, Any]]:
    """The rows behind a share of indicators better than or in line with similar areas: every indicator
    of the profile (all pupils, with a polarity) of the ECM outcome (``all``: every outcome) compared with
    similar areas: its code, breakdown and period, the LA's value and the comparators' figures, which point
    to their ``indicator_values`` rows (the LA's and each neighbour's used at that period, area type
    ``la``; England's at ``england_period``)."""
    return [
        {
            "code": r.code, "breakdown": r.breakdown, "period": r.period,
            "area_code": p.la_code, "value": r.value,
            "similar_areas": r.similar_areas.figure, "similar_verdict": str(r.similar_areas.verdict),
            "neighbours": list(r.similar_areas.detail.get("neighbours_used") or []),
            "england": r.england.figure, "england_period": r.england.detail.get("period"),
        }
        for r in p.indicators
        if r.breakdown == "all"
        and r.in_profile
        and r.polarity != Polarity.NONE
        and r.similar_areas.verdict != Verdict.NO_DATA
        and (outcome == "all" or r.ecm_outcome == outcome)
    ]  # fmt: skip


@rule("BAND-INDICATORS", Stage.BAND, "Band of the indicators block from the shares better or in line")
def apply(ctx: RuleContext) -> Outcome:
    share = ctx.profile.share("all")
    rows = Rows(indicator_rows, ctx.profile)
    compared = ctx.figure("indicators.all.compared_similar", share["compared_similar"], rows)
    ok_pct = ctx.figure("indicators.all.ok_similar_pct", share["ok_similar_pct"], rows)
    if "better_similar" in share:
        better = share["better_similar"]
    else:  # a profile written before the shares counted them: counted from its indicators
        better = sum(1 for r in indicator_rows(ctx.profile) if r["similar_verdict"] == Verdict.BETTER)
    better_pct = ctx.figure(
        "indicators.all.better_similar_pct", 100 * better / compared if compared else None, rows
    )
    cutoffs = ctx.param("indicator_band_cutoffs")
    need_better = float(ctx.param("indicator_band4_better_min"))
    if not compared or ok_pct is None:
        return Outcome(
            False,
            "no indicators compared with similar areas: the indicators block has no band",
            effects={"bands": {"indicators": None}},
        )
    band = band_from(ok_pct, cutoffs)
    note = ""
    if band == 4 and better_pct < need_better:
        band = 3
        note = f"; only {better_pct:.0f}% clearly better (band 4 needs {need_better:g}%)"
    return Outcome(
        True,
        f"{ok_pct:.0f}% of {compared} indicators better than or in line with similar areas"
        f"{note}: band {band}",
        effects={"bands": {"indicators": band}},
    )
