"""An LA's annual performance assessment as recorded: the grade of each judgement of the year, the
overall grade checked against rule APA-OVERALL, the joint area review's recommendations with the progress
made on each, and the JAR's own judgements. Built from the canonical tables ``apa_judgements``,
``jar_recommendations``, ``la_inspections`` (type ``jar``) and ``la_contacts``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, cast

import polars as pl

from csrating.apa import evidence as apa_evidence
from csrating.apa import overall as overall_rule
from csrating.dataset import Dataset
from csrating.enums import ApaAspect, ApaProgress, JudgementGrade
from csrating.methodology.loader import Methodology, MethodologyError, load
from csrating.profile.profile import Profile

HEADINGS = {
    ApaAspect.OVERALL: "Overall effectiveness of children's services",
    ApaAspect.BEING_HEALTHY: "Being healthy",
    ApaAspect.STAYING_SAFE: "Staying safe",
    ApaAspect.ENJOYING_AND_ACHIEVING: "Enjoying and achieving",
    ApaAspect.POSITIVE_CONTRIBUTION: "Making a positive contribution",
    ApaAspect.ECONOMIC_WELL_BEING: "Achieving economic well-being",
    ApaAspect.CAPACITY: (
        "Capacity to improve, including the management of services for children and young people"
    ),
    ApaAspect.SOCIAL_CARE: "Social care services for children",
    ApaAspect.EDUCATION: "Education services",
}
# the judgement of a joint area review that speaks to an APA area
JAR_ASPECT_FOR = {ApaAspect.STAYING_SAFE: "safeguarding"}
YEARS = (2005, 2006, 2007, 2008)


class ApaError(ValueError):
    pass


@dataclass
class Judgement:
    aspect: str
    heading: str
    grade: int | None  # 4 outstanding .. 1 inadequate; None: not recorded
    grade_label: str | None


@dataclass
class Recommendation:
    number: int
    area: str
    timescale: str
    text: str
    progress: str | None


@dataclass
class NarrativeItem:
    """One statement of the APA narrative (table ``apa_narrative``): a strength, an area for development,
    or the progress on a joint area review recommendation (``jar_number``, ``progress``)."""

    aspect: str
    kind: str  # NarrativeKind
    number: int
    text: str
    jar_number: int | None = None
    progress: str | None = None  # ApaProgress


@dataclass
class ApaAssessment:
    la_code: str
    la_name: str
    year: int
    letter_date: date | None
    judgements: list[Judgement]
    overall_trace: dict[str, Any] | None  # rule APA-OVERALL, from 2007
    jar_year: int | None
    recommendations: list[Recommendation]
    jar_judgements: list[dict[str, Any]]
    synthetic: bool
    findings: list[str] = field(default_factory=list)
    methodology: dict[str, Any] = field(default_factory=dict)
    evidence: Profile | None = None  # the council's indicators for the APA year (apa.evidence)
    narrative: list[NarrativeItem] = field(default_factory=list)  # apa_narrative, in order

    def narrative_of(self, aspect: str, kind: str) -> list[NarrativeItem]:
        return [n for n in self.narrative if n.aspect == aspect and n.kind == kind]

    def judgement(self, aspect: str) -> Judgement:
        for j in self.judgements:
            if j.aspect == aspect:
                return j
        raise KeyError(aspect)

    def recommendations_for(self, area: str) -> list[Recommendation]:
        return [r for r in self.recommendations if r.area == area]

    def to_dict(self) -> dict[str, Any]:
        """Everything but the evidence profile, which is summarised (``csrating profile`` shows it)."""
        evidence = self.evidence
        d = asdict(replace(self, evidence=None))
        d["letter_date"] = self.letter_date.isoformat() if self.letter_date else None
        d["evidence"] = (
            {
                "methodology": evidence.methodology["lineage"],
                "census_date": evidence.census_date.isoformat(),
                "indicators_with_value": sum(r.value is not None for r in evidence.indicators),
                "synthetic": evidence.synthetic,
            }
            if evidence
            else None
        )
        return d


def methodology_for(year: int) -> Methodology:
    if year not in YEARS:
        raise ApaError(f"the APA ran from 2005 to 2008; there is no APA for {year}")
    try:
        return load(f"apa-{year}")
    except MethodologyError as exc:  # pragma: no cover - the files ship with the package
        raise ApaError(str(exc)) from None


def progress_counts(recs: list[Recommendation]) -> dict[str, int]:
    """How many recommendations made each kind of progress ("not assessed" where none is recorded)."""
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.progress or "not assessed"] = counts.get(r.progress or "not assessed", 0) + 1
    return counts


def assessed_years(ds: Dataset, la_code: str) -> list[int]:
    """The APA years (2005-2008) with any judgement recorded for an LA."""
    t = ds.table("apa_judgements").filter(pl.col("la_code") == la_code)
    return sorted(int(y) for y in t["year"].unique().to_list() if int(y) in YEARS)


def assessed_las(ds: Dataset, year: int) -> list[str]:
    """LAs with any APA judgement recorded for the year."""
    t = ds.table("apa_judgements").filter(pl.col("year") == year)
    return sorted(t["la_code"].unique().to_list())


def assess(ds: Dataset, la_code: str, year: int) -> ApaAssessment:
    """The APA of one LA and year from the dataset's recorded judgements."""
    m = methodology_for(year)
    rows = ds.table("apa_judgements").filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    if rows.height == 0:
        raise ApaError(f"dataset {ds.name} records no {year} APA judgements for LA {la_code}")
    grades = dict(zip(rows["aspect"], rows["grade"], strict=True))
    findings = []
    extra = sorted(set(grades) - set(m["judgements"]))
    if extra:
        findings.append(f"judgements recorded that the {year} APA did not grade: {', '.join(extra)}")
    judgements = []
    for aspect in m["judgements"]:
        g = grades.get(aspect)
        if g is None:
            findings.append(f"no grade recorded for {HEADINGS[ApaAspect(aspect)].lower()}")
        judgements.append(
            Judgement(aspect, HEADINGS[ApaAspect(aspect)], g, JudgementGrade(g).label if g else None)
        )
    trace = None
    if m["overall_from_outcomes"]:
        t = overall_rule.derive(grades, int(m["overall_min_outcomes_at_grade"]), int(m["overall_max_drop"]))
        trace = t.as_dict()
        recorded = grades.get(ApaAspect.OVERALL)
        trace["recorded"] = recorded
        trace["agrees"] = recorded is not None and t.derived == recorded
        if t.derived is not None and recorded is not None and t.derived != recorded:
            findings.append(
                f"recorded overall grade {recorded} differs from rule {t.code}, which gives {t.derived}"
            )
    recs = (
        ds.table("jar_recommendations")
        .filter((pl.col("la_code") == la_code) & (pl.col("apa_year") == year))
        .sort("number")
    )
    jar_year = int(recs["jar_year"][0]) if recs.height else None
    jars = ds.table("la_inspections").filter(
        (pl.col("la_code") == la_code) & (pl.col("inspection_type") == "jar")
    )
    jars = jars.filter(pl.col("start_date").dt.year() <= year).sort("start_date")
    narrative, recommendations = narrative_items(ds, la_code, year, recs, findings)
    dates = rows["letter_date"].drop_nulls()
    synthetic = bool(rows["synthetic"].any() or recs["synthetic"].any() or jars["synthetic"].any())
    la = ds.table("local_authorities").filter(pl.col("la_code") == la_code)
    evidence, why = apa_evidence.profile(ds, m, la_code, year)
    if why:
        findings.append(why)
    return ApaAssessment(
        la_code=la_code,
        la_name=la["name"][0] if la.height else la_code,
        year=year,
        letter_date=cast(date, dates.max()) if len(dates) else None,
        judgements=judgements,
        overall_trace=trace,
        jar_year=jar_year,
        recommendations=recommendations,
        jar_judgements=[
            {
                "aspect": r["aspect"],
                "grade": r["grade"],
                "start_date": r["start_date"],
                "synthetic": r["synthetic"],
            }
            for r in jars.iter_rows(named=True)
        ],
        synthetic=synthetic,
        findings=findings,
        methodology={
            "year": m.year,
            "lineage": m.lineage,
            "parameters": {n: p.as_dict() for n, p in m.parameters.items()},
        },
        evidence=evidence,
        narrative=narrative,
    )


def narrative_items(
    ds: Dataset, la_code: str, year: int, recs: pl.DataFrame, findings: list[str]
) -> tuple[list[NarrativeItem], list[Recommendation]]:
    """The APA narrative recorded for the LA and year, and the JAR recommendations with the progress the
    narrative records on each (on the inspectorate's scale, "very good" included) where it records one;
    a finding where the narrative names a recommendation the review did not make, or where its progress
    differs from the one ``jar_recommendations`` records."""
    t = ds.table("apa_narrative").filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    items = [
        NarrativeItem(r["aspect"], r["kind"], r["number"], r["text"], r["jar_number"], r["progress"])
        for r in t.sort("aspect", "kind", "number").iter_rows(named=True)
    ]
    said = {n.jar_number: ApaProgress(n.progress).label for n in items if n.jar_number and n.progress}
    out = []
    for r in recs.iter_rows(named=True):
        progress = ApaProgress(r["progress"]).label if r["progress"] else None
        if r["number"] in said:
            if progress and progress != said[r["number"]]:
                findings.append(
                    f"JAR recommendation {r['number']}: the APA narrative records {said[r['number']]} "
                    f"progress, jar_recommendations {progress}; the narrative's is used"
                )
            progress = said.pop(r["number"])
        out.append(Recommendation(r["number"], r["area"], r["timescale"], r["text"], progress))
    for n in sorted(said):
        findings.append(
            f"the APA narrative records progress on JAR recommendation {n}, which is not recorded"
        )
    return items, out
