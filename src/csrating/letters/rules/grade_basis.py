"""CLAIM-GRADE-BASIS: the letter says what set the grade, as the rating's trace records it.

Right after the verdict the letter names, in order: the bands the two blocks of the profile fell in and
the grade they gave together (BAND-COMBINE); a key-group threshold that capped it (THR-KEY-GROUPS); a
recorded professional judgement that moved it (JUDGEMENT-RECORDED); and a limiting judgement of an
inspection of the LA that lowered it (LIM-*), naming that inspection and the month it was held. A withheld
rating or one not given for want of evidence says so in its verdict and gets no sentence here. Source: the
2009 letters say the rating is drawn from the profile, with thresholds and limiting judgements (seeds/000-004,
standard paragraphs); the sentences are the project's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csrating.enums import RatingGrade
from csrating.letters.claims import Claim, check, inspection_when, month_year
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rating.rules.thr_key_groups import KEY_GROUPS
from csrating.rules import register

BLOCK_WORDS = {
    "settings": "what inspection and regulation found of services and settings",
    "indicators": "the national indicators",
}
LIMIT_RULES = ("LIM-SAFEGUARDING", "LIM-UNANNOUNCED-2009", "LIM-PRIORITY-ACTION")
KIND_WORDS = {
    "slac": "inspection of safeguarding and looked after children services",
    "jar": "joint area review",
    "ilacs_standard": "inspection of local authority children's services",
    "ilacs_short": "short inspection of local authority children's services",
    "sif": "single inspection",
}


def performs(grade: int) -> str:
    return RatingGrade(grade).label.lower()


def _figure(run: Any, name: str) -> Any:
    return next((f for f in run.figures if f.name == name), None)


def band_checks(ctx: LetterContext, bands: dict[str, int]) -> list[dict[str, Any]]:
    """The profile figures each block's band rests on, within that band's cut-offs (the indicators'
    band 4 also needs a share clearly better, so only its lower bound is checked from band 3 up)."""
    out = []
    for block, band in bands.items():
        if block == "settings":
            cut = {int(k): float(v) for k, v in ctx.param("settings_band_cutoffs").items()}
            target = ("setting", "all", "good_or_better_pct")
        else:
            cut = {int(k): float(v) for k, v in ctx.param("indicator_band_cutoffs").items()}
            target = ("share", "all", "ok_similar_pct")
        bounds: dict[str, float] = {}
        if band > 1:
            bounds["ge"] = cut[band]
        if band < (4 if block == "settings" else 3):
            bounds["le"] = cut[band + 1] - 1e-6
        on, key, fld = target
        out.append({**check(on, key, fld), **bounds})
    return out


def _when(ctx: LetterContext, kind: Callable[[dict[str, Any]], bool], when: Any) -> str:
    """' of June 2022': when the inspection the limiting rule read (its kind, and the date held against the
    cut-off, a figure or a date) was held, from its rows in the profile (``inspection_when``)."""
    value = getattr(when, "value", when)
    if not value:
        return ""
    held = [i for i in ctx.profile.la_inspections if kind(i) and str(i["date"]) == str(value)]
    return inspection_when(held) if held else f" of {month_year(value)}"


def limit_sentence(ctx: LetterContext, run: Any) -> str:
    """The limiting inspection named with the month it was held (``inspection_when``), from the figures
    the limiting rule used."""
    after = performs(run.grade_after)
    if run.code == "LIM-SAFEGUARDING":
        kind = _figure(run, "la_inspections.safeguarding.kind")
        when = _figure(run, "la_inspections.safeguarding.date")
        kind_value = str(kind.value if kind else ":")
        itype, _, aspect = kind_value.partition(":")
        title = KIND_WORDS.get(itype.removesuffix("_reinspection"), "inspection")
        what = "Safeguarding" if aspect == "safeguarding" else "Overall effectiveness"
        month = _when(ctx, lambda i: f"{i['inspection_type']}:{i['aspect']}" == kind_value, when)
        return (
            f"{what} was judged inadequate at the {title}{month}. "
            f"This limits the grade to {run.grade_after}, {after}."
        )
    f = _figure(run, "la_inspections.unannounced.priority_actions")
    dates = [r["date"] for r in (f.rows if f else []) if r.get("priority_actions")]
    month = _when(ctx, lambda i: i["inspection_type"] == "unannounced", max(dates) if dates else None)
    n = f.value if f else None
    areas = "an area" if n == 1 else f"{n} areas" if n else "areas"
    return (
        f"The unannounced inspection of contact, referral and assessment arrangements{month} found {areas} "
        f"for priority action. This limits the grade to {run.grade_after}, {after}."
    )


@register("letter", "CLAIM-GRADE-BASIS", stage="grade-01", title="What set the grade")
def apply(ctx: LetterContext) -> list[Claim]:
    r = ctx.rating
    if r is None or r.withheld or r.not_rated or r.grade is None:
        return []
    runs = {t.code: t for t in r.trace}
    sentences, basis = [], []
    checks: list[dict[str, Any]] = []
    bands = {k: v for k, v in r.bands.items() if v is not None}
    if bands and r.provisional is not None:
        parts = [f"{BLOCK_WORDS.get(k, k)} in band {v} of 4" for k, v in bands.items()]
        sentences.append(
            f"The performance profile places {join(parts)}. "
            + ("Together these point" if len(parts) > 1 else "This points")
            + f" to a grade of {r.provisional}, {performs(r.provisional)}."
        )
        basis.append("BAND-COMBINE")
        checks += band_checks(ctx, bands)
    thr = runs.get("THR-KEY-GROUPS")
    if thr is not None and thr.fired and thr.grade_after is not None:
        low = [
            KEY_GROUPS.get(f.name.split(".")[1], f.name.split(".")[1])
            for f in thr.figures
            if f.value is not None
            and f.name.endswith("ok_similar_pct")
            and f.value < float(ctx.param("key_group_threshold_pct"))
        ]
        sentences.append(
            f"Too few of the {join(low) or 'key group'} indicators are better than or in line with similar "
            f"areas, so the grade can be no higher than {thr.grade_after}, {performs(thr.grade_after)}."
        )
        basis.append("THR-KEY-GROUPS")
        threshold = float(ctx.param("key_group_threshold_pct"))
        checks += [
            check("share", f.name.split(".")[1], "ok_similar_pct", le=threshold - 1e-6)
            for f in thr.figures
            if f.value is not None and f.name.endswith("ok_similar_pct") and f.value < threshold
        ]
    jr = runs.get("JUDGEMENT-RECORDED")
    if jr is not None and jr.fired and jr.grade_before and jr.grade_after:
        sentences.append(
            f"A recorded professional judgement moves the grade from {jr.grade_before} to "
            f"{jr.grade_after}, {performs(jr.grade_after)}."
        )
        basis.append("JUDGEMENT-RECORDED")
    for code in LIMIT_RULES:
        run = runs.get(code)
        if run is not None and run.fired and run.grade_after is not None:
            sentences.append(limit_sentence(ctx, run))
            basis.append(code)
            kind = _figure(run, "la_inspections.safeguarding.kind")
            if kind is not None:
                checks.append(check("la_inspection", str(kind.value), "grade", eq=1))
    if not sentences:
        return []
    return [
        Claim(
            "grade.basis", "grade", "CLAIM-GRADE-BASIS", " ".join(sentences),
            {"basis": basis, "bands": bands, "provisional": r.provisional, "grade": r.grade,
             "limited_by": list(r.limited_by)},
            checks,
        )
    ]  # fmt: skip
