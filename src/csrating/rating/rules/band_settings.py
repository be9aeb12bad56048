"""BAND-SETTINGS: the band of the inspected services and settings block.

The share of all inspected services and settings (every setting type of the profile together) whose
overall effectiveness is good or outstanding is placed in a band by fixed cut-off points, not quartiles:
at or above the cut-off for 4 gives band 4, and so on; below the lowest cut-off, band 1. Without inspected
settings the block has no band. Source: Ofsted fixed the performance bands as cut-off points
(METHODOLOGY.md section 3.1); the cut-off values themselves are not published and are assumed.
"""

from __future__ import annotations

from csrating.rating.rule import Outcome, RuleContext, Stage, rule


def band_from(value: float, cutoffs: dict) -> int:
    for band in (4, 3, 2):
        if value >= float(cutoffs[band]):
            return band
    return 1


@rule("BAND-SETTINGS", Stage.BAND, "Band of the settings block from the share good or better")
def apply(ctx: RuleContext) -> Outcome:
    s = ctx.profile.setting("all")
    share = ctx.figure("settings.all.good_or_better_pct", s.good_or_better_pct)
    ctx.figure("settings.all.inspected", s.inspected)
    cutoffs = ctx.param("settings_band_cutoffs")
    if share is None:
        return Outcome(
            False,
            "no inspected settings: the settings block has no band",
            effects={"bands": {"settings": None}},
        )
    band = band_from(share, cutoffs)
    return Outcome(
        True,
        f"{share:.1f}% of {s.inspected} inspected settings good or better: band {band}",
        effects={"bands": {"settings": band}},
    )
