"""BAND-SETTINGS: the band of the inspected services and settings block.

The share of all inspected services and settings (every setting type of the profile together) whose
overall effectiveness is good or outstanding is placed in a band by fixed cut-off points, not quartiles:
at or above the cut-off for 4 gives band 4, and so on; below the lowest cut-off, band 1. Without inspected
settings the block has no band. Source: Ofsted fixed the performance bands as cut-off points
(METHODOLOGY.md section 3.1); the cut-off values themselves are not published and are assumed.
"""

from __future__ import annotations

from typing import Any

from csrating.profile.model import Profile
from csrating.rating.rule import Outcome, RuleContext, Stage, rule
from csrating.rating.trace import Rows


def band_from(value: float, cutoffs: dict) -> int:
    for band in (4, 3, 2):
        if value >= float(cutoffs[band]):
            return band
    return 1


def setting_rows(p: Profile) -> list[dict[str, Any]]:
    """The rows behind the share: every setting counted (inspected, of a setting type of the profile)
    with the inspection that gave its grade. A profile built without the settings it counted (a national
    run: ``inputs=False``) gives a row per setting type instead, with its counts and ``urns`` None."""
    out: list[dict[str, Any]] = []
    for s in p.settings:
        if s.setting_type == "all" or not s.inspected:
            continue
        t = str(s.setting_type)
        counted = [i for i in s.inputs if i.get("grade")]
        if counted:
            out += [
                {"setting_type": t, "remit": i["remit"], "urn": i["urn"], "inspection_id": i["inspection_id"],
                 "known_at": i["known_at"], "grade": i["grade"]}
                for i in counted
            ]  # fmt: skip
        else:
            good = int(s.counts.get("outstanding", 0)) + int(s.counts.get("good", 0))
            out.append(
                {"setting_type": t, "inspected": s.inspected, "good_or_better": good,
                 "census_date": p.census_date, "urns": None}
            )  # fmt: skip
    return out


@rule("BAND-SETTINGS", Stage.BAND, "Band of the settings block from the share good or better")
def apply(ctx: RuleContext) -> Outcome:
    s = ctx.profile.setting("all")
    rows = Rows(setting_rows, ctx.profile)
    share = ctx.figure("settings.all.good_or_better_pct", s.good_or_better_pct, rows)
    ctx.figure("settings.all.inspected", s.inspected, rows)
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
