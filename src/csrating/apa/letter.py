"""The annual performance assessment letter as data, from an :class:`ApaAssessment`.

The letter follows the structure of Ofsted's 2007 APA letter (seeds/003) in csrating's own words
(``letters/templates/apa_text.yaml``): a section per judgement of the year with its grade, the council's
contribution, the joint area review's recommendations in that area grouped by timescale, and the progress
made on them. Every sentence is a :class:`Claim` with the figures it states and checks that re-derive them
from the assessment (``verify``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from csrating import yamltext
from csrating.apa.model import ApaAssessment, Recommendation, methodology_for, progress_counts
from csrating.dataset import Dataset
from csrating.enums import ApaAspect, JudgementGrade
from csrating.letters import claims as claims_mod
from csrating.letters.claims import Claim, check
from csrating.letters.indicator_names import plain_name
from csrating.letters.letter import LetterParts, address_block
from csrating.letters.quantify import capitalise, join, number
from csrating.methodology.loader import Methodology
from csrating.rules import Rule, rules

OUTCOME_AREAS = {
    ApaAspect.BEING_HEALTHY: "being healthy",
    ApaAspect.STAYING_SAFE: "staying safe",
    ApaAspect.ENJOYING_AND_ACHIEVING: "enjoying and achieving",
    ApaAspect.POSITIVE_CONTRIBUTION: "making a positive contribution",
    ApaAspect.ECONOMIC_WELL_BEING: "achieving economic well-being",
}
SERVICES = {
    ApaAspect.SOCIAL_CARE: "social care services for children",
    ApaAspect.EDUCATION: "education services",
}
# what each outcome area helps children and young people do, as a sentence ends with it
OUTCOME_AIMS = {
    ApaAspect.BEING_HEALTHY: "be healthy",
    ApaAspect.STAYING_SAFE: "stay safe",
    ApaAspect.ENJOYING_AND_ACHIEVING: "enjoy and achieve",
    ApaAspect.POSITIVE_CONTRIBUTION: "make a positive contribution",
    ApaAspect.ECONOMIC_WELL_BEING: "achieve economic well-being",
}


def area_words(aspect: str) -> str:
    """A section's judgement in words, as the section's own sentences name it (so that no two sections
    repeat one sentence word for word): 'staying safe', 'education services', 'capacity to improve'."""
    a = ApaAspect(aspect)
    return (
        OUTCOME_AREAS.get(a)
        or SERVICES.get(a)
        or ("capacity to improve" if a == ApaAspect.CAPACITY else "overall")
    )


PARTS = (
    "summary",
    "progress",
    "narrative",
    "evidence",
    "development",
    "closing",
)  # where a rule's claims go: its stage's first word


@dataclass(frozen=True)
class ApaContext:
    """What an APA letter rule reads: the assessment, the APA year's methodology, and the section it
    words (``aspect`` and its ``grade``; both None for the closing)."""

    assessment: ApaAssessment
    methodology: Methodology
    aspect: str | None
    grade: int | None

    def param(self, name: str) -> Any:
        return self.methodology[name]

    @property
    def recommendations(self) -> list[Recommendation]:
        return self.assessment.recommendations_for(self.aspect) if self.aspect else []


def apa_letter_rules() -> list[Rule]:
    """The APA letter's wording rules (APA-CLAIM-*), in stage order (``summary-01`` .. ``closing-01``)."""
    found = [r for r in rules("letter").values() if r.code.startswith("APA-CLAIM-")]

    def key(r: Rule) -> tuple[int, int]:
        part, _, n = str(r.stage).partition("-")
        return PARTS.index(part), int(n)

    return sorted(found, key=key)


def plan_apa_section(
    a: ApaAssessment, m: Methodology, aspect: str | None, grade: int | None
) -> dict[str, list[Claim]]:
    """The claims of one section of the APA letter (or of its closing, ``aspect`` None), by part."""
    ctx = ApaContext(a, m, aspect, grade)
    out: dict[str, list[Claim]] = {part: [] for part in PARTS}
    for r in apa_letter_rules():
        part = str(r.stage).partition("-")[0]
        if (part == "closing") == (aspect is None):
            out[part] += r(ctx)
    return out


def plan_apa_letter(a: ApaAssessment, m: Methodology) -> list[Claim]:
    """Every claim of the APA letter, in the order the letter makes them: for each graded judgement its
    summary, progress and evidence, then the closing. Pure, composed from the registry."""
    out = []
    for j in a.judgements:
        if j.grade is not None:
            parts = plan_apa_section(a, m, j.aspect, j.grade)
            out += [*parts["summary"], *parts["progress"], *parts["narrative"], *parts["evidence"]]
            out += parts["development"]
    return out + plan_apa_section(a, m, None, None)["closing"]


@cache
def fixed_text() -> dict[str, Any]:
    f = resources.files("csrating.letters") / "templates" / "apa_text.yaml"
    return yamltext.parse(f.read_text(encoding="utf-8"))


def indefinite_article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def grade_label(grade: int) -> str:
    return JudgementGrade(grade).label


@dataclass
class Section:
    aspect: str
    heading: str
    grade_line: str
    claims: list[Claim]  # the summary: the council's contribution, and the JAR's recommendations
    actions: list[dict[str, Any]]  # {"heading": timescale heading, "items": [recommendation texts]}
    progress: list[Claim]
    evidence: list[Claim] = field(default_factory=list)  # the area's indicators against England, neighbours
    narrative: list[Claim] = field(default_factory=list)  # the recorded strengths (apa_narrative)
    development: list[Claim] = field(default_factory=list)  # the areas for development, one bullet each

    def narrative_text(self) -> str:
        return " ".join(c.text for c in self.narrative)

    def summary(self) -> str:
        return " ".join(c.text for c in self.claims)

    def progress_text(self) -> str:
        return " ".join(c.text for c in self.progress)

    def evidence_text(self) -> str:
        return " ".join(c.text for c in self.evidence)


@dataclass(kw_only=True)
class ApaLetter(LetterParts):
    sections: list[Section]
    closing_claims: list[Claim]
    statutory: str
    closing: str
    signatory: list[str]
    notes: list[str]
    development_heading: str = "Areas for development"
    template = "apa_letter"
    kind = "annual performance assessment"

    def closing_text(self) -> str:
        return " ".join(c.text for c in self.closing_claims)

    def paragraphs(self) -> list[str]:
        """Every paragraph of the letter in order, as plain text (the same in every output format)."""
        out = [self.notice, self.date, *self.addressee, self.salutation, self.heading, *self.intro]
        for s in self.sections:
            out += [s.heading, s.grade_line, s.summary()]
            for group in s.actions:
                out += [group["heading"], *group["items"]]
            out += [s.progress_text(), s.narrative_text(), s.evidence_text()]
            if s.development:
                out += [self.development_heading, *(c.text for c in s.development)]
        out += [self.closing_text(), self.statutory, self.closing, *self.signatory, *self.notes]
        return [p for p in out if p]

    def docx_body(self, doc: Any) -> None:
        """The letter's blocks into a python-docx Document, in the same order as ``paragraphs``."""
        self.docx_opening(doc)
        for s in self.sections:
            doc.add_heading(s.heading, level=2)
            doc.add_paragraph().add_run(s.grade_line).bold = True
            doc.add_paragraph(s.summary())
            for group in s.actions:
                doc.add_heading(group["heading"], level=3)
                for item in group["items"]:
                    doc.add_paragraph(item, style="List Bullet")
            for text in (s.progress_text(), s.narrative_text(), s.evidence_text()):
                if text:
                    doc.add_paragraph(text)
            if s.development:
                doc.add_heading(self.development_heading, level=3)
                for c in s.development:
                    doc.add_paragraph(c.text, style="List Bullet")
        for text in (self.closing_text(), self.statutory, self.closing, *self.signatory):
            if text:
                doc.add_paragraph(text)
        for n in self.notes:
            doc.add_paragraph(n).runs[0].italic = True


EVIDENCE_GROUPS = [  # (England verdict, similar-area verdict, words), best news first
    ("better", "better", "better than nationally and in similar areas"),
    ("better", None, "better than nationally"),
    (None, "better", "better than in similar areas"),
    ("worse", "worse", "worse than nationally and in similar areas"),
    ("worse", None, "worse than nationally"),
    (None, "worse", "worse than in similar areas"),
]


# the frames of the further sentences of an evidence group, in turn
SO_WERE = ("So were those for {}.", "The same held for {}.", "So, too, were those for {}.")


def grade_claim(ctx: ApaContext, rule: str, wording: str, **fields: str) -> list[Claim]:
    """A section's opening sentence (the council's contribution, with the section's grade) as a claim:
    the ``contribution`` wording of ``apa_text.yaml`` named ``wording``, given the grade's ``label`` and
    its ``article`` and any other ``fields``."""
    assert ctx.grade is not None
    label = grade_label(ctx.grade)
    text = fixed_text()["contribution"][wording].format(
        label=label, article=indefinite_article(label), **fields
    )
    aspect = str(ctx.aspect)
    return [Claim(f"{aspect}-grade", aspect, rule, text, {"grade": ctx.grade},
                  [check("judgement", aspect, "grade", eq=ctx.grade)])]  # fmt: skip


def narrative_claims(ctx: ApaContext, rule: str, kind: str) -> list[Claim]:
    """The section's recorded narrative statements of a kind (``apa_narrative``), a claim each, checked
    against the record (strengths, areas for development)."""
    if ctx.aspect is None:
        return []
    aspect = str(ctx.aspect)
    return [
        Claim(f"{aspect}-{kind}-{n.number}", aspect, rule, n.text, {"kind": kind, "number": n.number},
              [check("narrative", f"{aspect}/{kind}/{n.number}", "text", eq=n.text)])
        for n in ctx.assessment.narrative_of(aspect, kind)
    ]  # fmt: skip


def evidence_of(ctx: ApaContext, rule: str) -> list[Claim]:
    """The evidence sentences of the section that ``rule`` makes (see :func:`evidence_claims`)."""
    if ctx.aspect is None:
        return []
    most, words_most = int(ctx.param("letter_evidence_most")), int(ctx.param("letter_sentence_words_most"))
    return [c for c in evidence_claims(ctx.assessment, ctx.aspect, most, words_most) if c.rule == rule]


def progress_which(n: int) -> str:
    """The recommendations a progress sentence speaks of: 'this recommendation', 'both', 'all three'."""
    return "this recommendation" if n == 1 else "both" if n == 2 else f"all {number(n)}"


def evidence_claims(a: ApaAssessment, aspect: str, most: int, words_most: int = 0) -> list[Claim]:
    """The area's indicators for the APA year that differ from England or similar areas, grouped by how
    they differ (a verdict of None: in line, or no comparator), at most ``most`` named in a group, in
    sentences of at most ``words_most`` words (0: one sentence; more names go to a further one). The
    rules APA-CLAIM-EVIDENCE-BETTER and -WORSE each take their own groups of these (a later sentence
    leaves out a period an earlier one has said)."""
    p = a.evidence
    if p is None or aspect not in OUTCOME_AREAS:
        return []
    pool = [
        r for r in p.indicators
        if r.in_profile and r.breakdown == "all" and r.value is not None and r.polarity != "none"
        and r.ecm_outcome == aspect
    ]  # fmt: skip
    pool = claims_mod.one_per_item(pool)
    claims: list[Claim] = []
    for england, similar, words in EVIDENCE_GROUPS:

        def fits(verdict: str, want: str | None) -> bool:
            return verdict == want if want else verdict not in ("better", "worse")

        rs = [r for r in pool if fits(r.england.verdict, england) and fits(r.similar_areas.verdict, similar)]
        if not rs:
            continue
        worse = "worse" in (england, similar)
        rs = sorted(rs, key=lambda r: (r.rank or 0) * (-1 if worse else 1))[:most]
        if not rs:  # none may be named (``letter_evidence_most`` 0)
            continue
        periods = sorted({r.period for r in rs if r.period})
        when = f"In {periods[0]}, the" if len(periods) == 1 else "In the latest figures, the"
        if claims and len(periods) == 1 and periods[0] in claims[0].text:
            when = "The"  # the period is already said
        first = f"{when} figures for {{}} were {words}."
        budget = words_most - claims_mod.frame_words(first) if words_most else 0
        runs = claims_mod.fit_runs([plain_name(r.item, r.year, r.name) for r in rs], join, budget)
        text = claims_mod.run_sentences(first, [join(run) for run in runs], SO_WERE)
        checks = []
        for r in rs:
            for fld, want in (("england.verdict", england), ("similar_areas.verdict", similar)):
                if want:
                    checks.append(check("indicator", r.code, fld, eq=want))
        claims.append(
            Claim(
                f"{aspect}-evidence-{england or 'x'}-{similar or 'x'}", aspect,
                "APA-CLAIM-EVIDENCE-WORSE" if worse else "APA-CLAIM-EVIDENCE-BETTER", text,
                {r.item: {"period": r.period, "value": r.value, "england": r.england.figure,
                          "similar": r.similar_areas.figure, "rank": r.rank, "of": r.rank_of} for r in rs},
                checks,
            )
        )  # fmt: skip
    return claims


def build(
    a: ApaAssessment,
    ds: Dataset,
    *,
    letter_date: date | None = None,
    signatory: str | None = None,
    signatory_title: str | None = None,
) -> ApaLetter:
    txt = fixed_text()
    block = address_block(
        ds, a.la_code, a.la_name, a.year, txt["default_signatory"], signatory, signatory_title
    )
    when = letter_date or a.letter_date or date.today()
    with_jar = a.jar_year is not None
    intro = txt["intro"].format(
        year=a.year,
        jar_plan=txt["intro_jar_plan"] if with_jar else "",
        jar_progress=txt["intro_jar_progress"].format(jar_year=a.jar_year) if with_jar else "",
    )
    sections = []
    timescales = a.methodology["parameters"]["timescales"]["value"]
    m = methodology_for(a.year)
    for j in a.judgements:
        if j.grade is None:
            continue
        recs = a.recommendations_for(j.aspect)
        actions = [
            {"heading": txt["timescales"][t], "items": [r.text for r in recs if r.timescale == t]}
            for t in timescales
            if any(r.timescale == t for r in recs)
        ]
        parts = plan_apa_section(a, m, j.aspect, j.grade)
        sections.append(
            Section(
                j.aspect, j.heading, txt["grade_line"].format(grade=j.grade), parts["summary"], actions,
                parts["progress"], parts["evidence"], parts["narrative"], parts["development"],
            )
        )  # fmt: skip
    closing_claims = plan_apa_section(a, m, None, None)["closing"]
    notes = []
    if any(s.evidence for s in sections) and a.evidence is not None:
        notes.append(" ".join(txt["evidence_note"].format(census=a.evidence.census_date.year).split()))
    if a.synthetic or any(s.evidence for s in sections) and a.evidence is not None and a.evidence.synthetic:
        notes.append(" ".join(txt["synthetic_note"].split()))
    overall = next((j.grade for j in a.judgements if j.aspect == ApaAspect.OVERALL), None)
    statutory = txt["statutory"].get(str(a.year)) or txt["statutory"]["default"]
    claims = [
        c for s in sections for c in (*s.claims, *s.progress, *s.narrative, *s.evidence, *s.development)
    ] + closing_claims
    evidence_used = any(s.evidence for s in sections)
    synthetic = a.synthetic or (evidence_used and a.evidence is not None and a.evidence.synthetic)
    return ApaLetter(
        la_code=a.la_code,
        la_name=a.la_name,
        year=str(a.year),
        date=f"{when.day} {when.strftime('%B %Y')}",
        addressee=block.addressee,
        salutation=block.salutation,
        heading=capitalise(txt["heading"].format(year=a.year, council=block.in_council)),
        intro=[" ".join(intro.split())],
        sections=sections,
        closing_claims=closing_claims,
        statutory=" ".join(statutory.split()),
        closing=txt["closing"],
        signatory=block.signatory,
        notes=notes,
        synthetic=synthetic,
        grade=overall,
        claims=claims,
        notice=" ".join(
            (
                txt["reproduction_note"]
                + " "
                + txt["reproduction_narrative" if a.narrative else "reproduction_no_narrative"]
            ).split()
        ),
    )


def resolve(a: ApaAssessment, c: dict[str, Any]) -> Any:
    on, fld = c["on"], c["field"]
    key: str = c.get("key") or ""
    if on == "judgement":
        return getattr(a.judgement(key), fld)
    if on == "recommendations":
        recs = a.recommendations_for(key) if key else a.recommendations
        return len(recs) if fld == "count" else progress_counts(recs)
    if on == "indicator":
        if a.evidence is None:
            raise KeyError("no indicator evidence")
        return claims_mod.resolve(a.evidence, c)
    if on == "narrative":  # key "aspect/kind/number"
        aspect, kind, number = key.split("/")
        found = [n for n in a.narrative_of(aspect, kind) if n.number == int(number)]
        return getattr(found[0], fld) if found else None
    if on == "jar":
        rows = [j for j in a.jar_judgements if j["aspect"] == key and j["grade"]]
        return rows[-1][fld] if rows else None
    raise ValueError(f"unknown check target {on}")


def verify(claim: Claim, a: ApaAssessment) -> list[str]:
    """The checks of a claim that the assessment contradicts (empty: the claim holds)."""
    return claims_mod.verify(claim, a, resolve)
