"""CLAIM-INDICATORS-SHARE: the indicators paragraph opens with the share of the national indicators that
are better than or in line with similar areas, in quantifier words, naming staying safe and enjoying and
achieving when both key groups reach ``key_group_threshold_pct`` (the rating's threshold for a key group's
inadequate band), and adding "and the national figures" when the share against England falls in the same
band. Source: the opening of the indicators paragraph of the 2009 rating letters (seeds/000, 001, 002,
004).
"""

from __future__ import annotations

from csrating.enums import EcmOutcome
from csrating.letters.claims import Claim, band_bounds, check, counted_indicators, span_of
from csrating.letters.quantify import join, phrase
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-INDICATORS-SHARE", stage="indicators-01", title="Share of indicators in line or better",
    params=("key_group_threshold_pct",),
)  # fmt: skip
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    s = p.share("all")
    if not s["compared_similar"]:
        return []
    threshold = ctx.param("key_group_threshold_pct")
    pct = s["ok_similar_pct"]
    lo, hi = band_bounds(pct)
    keys = []
    checks = [check("share", "all", "ok_similar_pct", ge=lo, le=hi)]
    for code in ("SS", "EA"):
        k = p.share(code)
        if k["compared_similar"] and k["ok_similar_pct"] is not None and k["ok_similar_pct"] >= threshold:
            keys.append(EcmOutcome(code).label)
            checks.append(check("share", code, "ok_similar_pct", ge=threshold, le=100))
    including = f", including those for {join(keys)}," if len(keys) == 2 else ""
    eng = s["ok_england_pct"]
    also = ""
    if eng is not None and phrase(eng) == phrase(pct):
        also = " and the national figures"
        checks.append(check("share", "all", "ok_england_pct", ge=lo, le=hi))
    span = span_of(counted_indicators(p))
    text = (
        f"Performance against {phrase(pct)} of the national indicators{span}{including} is "
        f"better than or in line with similar areas{also}."
    )
    return [Claim(
        "indicators.share", "indicators", "CLAIM-INDICATORS-SHARE", text,
        {"ok_similar_pct": pct, "compared": s["compared_similar"], "ok_england_pct": eng,
         "SS": p.share("SS")["ok_similar_pct"], "EA": p.share("EA")["ok_similar_pct"]},
        checks,
    )]  # fmt: skip
