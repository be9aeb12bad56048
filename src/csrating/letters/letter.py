"""The rating letter as data: every block of the letter in order, the claims behind the narrative, and
the fixed text of the year in the project's own words (templates/letter_text.yaml)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from csrating import yamltext
from csrating.dataset import Dataset
from csrating.enums import RatingGrade
from csrating.letters.claims import Claim, plan_letter
from csrating.methodology.loader import load
from csrating.profile.evidence import coverage_line, dates_line, source_lines
from csrating.profile.profile import Profile
from csrating.rating.engine import Rating

VERB = {4: "perform excellently", 3: "perform well", 2: "perform adequately", 1: "perform poorly"}


@cache
def fixed_text() -> dict[str, Any]:
    f = resources.files("csrating.letters") / "templates" / "letter_text.yaml"
    return yamltext.parse(f.read_text(encoding="utf-8"))


@dataclass(kw_only=True)
class LetterParts:
    """What every letter (rating, annual performance assessment) has and does the same way."""

    la_code: str
    la_name: str
    year: str
    date: str
    addressee: list[str]
    salutation: str
    heading: str
    intro: list[str]
    synthetic: bool
    grade: int | None
    claims: list[Claim] = field(default_factory=list)
    # that the letter is a reproduction, not an inspectorate letter: at the top of every format
    notice: str = ""
    kind = "rating"
    template = "letter"  # letters/templates/<template>.md.j2 and .html.j2

    def paragraphs(self) -> list[str]:
        """Every paragraph of the letter in order, as plain text (the same in every output format)."""
        raise NotImplementedError

    def docx_body(self, doc: Any) -> None:
        """The letter's blocks into a python-docx Document, in the same order as ``paragraphs``."""
        raise NotImplementedError

    def claims_json(self) -> dict[str, Any]:
        return {
            "la_code": self.la_code,
            "la_name": self.la_name,
            "year": self.year,
            "kind": self.kind,
            "synthetic": self.synthetic,
            "grade": self.grade,
            "claims": [c.as_dict() for c in self.claims],
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def docx_opening(self, doc: Any) -> None:
        """The reproduction notice, date, addressee, salutation, heading and the opening paragraphs into a
        Word document."""
        if self.notice:
            doc.add_paragraph(self.notice).runs[0].bold = True
        doc.add_paragraph(self.date)
        for line in self.addressee:
            doc.add_paragraph(line)
        doc.add_paragraph(self.salutation)
        doc.add_heading(self.heading, level=1)
        for p in self.intro:
            doc.add_paragraph(p)


@dataclass(kw_only=True)
class Letter(LetterParts):
    scale: list[dict[str, str]]
    scale_note: str
    rating_heading: str
    rating_label: str  # "Performs excellently (4)" or "Withheld"
    verdict: str
    narrative: dict[str, list[Claim]]  # grade (what set it), settings, indicators
    statutory: str
    closing: str
    signatory: list[str]
    notes: list[str]  # reproduction and synthetic-data notices
    evidence_heading: str = ""
    evidence: list[str] = field(default_factory=list)  # coverage, dates, then a line per source (as at)

    def paragraph(self, name: str) -> str:
        return " ".join(c.text for c in self.narrative.get(name, []))

    def paragraphs(self) -> list[str]:
        """Every paragraph of the letter in order, as plain text (the same in every output format)."""
        out = [self.notice, *self.addressee, self.salutation, self.heading, *self.intro]
        out += [f"{s['grade']} {s['label']}: {s['meaning']}" for s in self.scale]
        out += [
            self.scale_note,
            self.rating_heading,
            f"Children's services rating: {self.rating_label}",
            self.verdict,
        ]
        out += [t for t in map(self.paragraph, ("grade", "settings", "indicators")) if t]
        out += [self.evidence_heading, *self.evidence]
        out += [self.statutory, self.closing, *self.signatory, *self.notes]
        return [p for p in out if p]

    def docx_body(self, doc: Any) -> None:
        """The letter's blocks into a python-docx Document, in the same order as ``paragraphs``."""
        self.docx_opening(doc)
        if self.scale:
            t = doc.add_table(rows=1, cols=3)
            for cell, text in zip(t.rows[0].cells, ("Grade", "Rating", "Meaning"), strict=True):
                cell.text = text
            for s in self.scale:
                row = t.add_row().cells
                row[0].text, row[1].text, row[2].text = s["grade"], s["label"], s["meaning"]
            doc.add_paragraph(self.scale_note)
        doc.add_heading(self.rating_heading, level=2)
        r = doc.add_table(rows=1, cols=2)
        r.rows[0].cells[0].text, r.rows[0].cells[1].text = "Children's services rating", self.rating_label
        doc.add_paragraph().add_run(self.verdict).bold = True
        for name in ("grade", "settings", "indicators"):
            if text := self.paragraph(name):
                doc.add_paragraph(text)
        if self.evidence:
            doc.add_heading(self.evidence_heading, level=2)
            doc.add_paragraph(self.evidence[0])
            for line in self.evidence[1:]:
                doc.add_paragraph(line)
        if self.statutory:
            doc.add_paragraph(self.statutory)
        doc.add_paragraph(self.closing)
        for line in self.signatory:
            doc.add_paragraph(line)
        for n in self.notes:
            doc.add_paragraph(n).runs[0].italic = True


def contact(ds: Dataset, la: str, year: str | int) -> dict[str, Any] | None:
    """The addressee and signatory recorded for an LA's letter of a year (``la_contacts``)."""
    c = ds.table("la_contacts").filter((pl.col("la_code") == la) & (pl.col("year") == int(year)))
    return c.row(0, named=True) if c.height else None


@dataclass
class AddressBlock:
    council: str  # as the address writes it
    in_council: str  # "the Royal Borough of ...", "Kent County Council"
    addressee: list[str]
    salutation: str
    signatory: list[str]


def address_block(
    ds: Dataset,
    la: str,
    la_name: str,
    year: str | int,
    default_signatory: dict[str, str],
    signatory: str | None = None,
    signatory_title: str | None = None,
) -> AddressBlock:
    """Addressee, salutation and signature of an LA's letter: as recorded for the year, else the Director
    of Children's Services of the council and the default signatory; a name given overrides."""
    return recorded_address_block(
        contact(ds, la, year), la_name, default_signatory, signatory, signatory_title
    )


def recorded_address_block(
    c: dict[str, Any] | None,
    la_name: str,
    default_signatory: dict[str, str],
    signatory: str | None = None,
    signatory_title: str | None = None,
) -> AddressBlock:
    """The address block from a recorded contact (a ``la_contacts`` row, as ``Profile.addressee`` holds
    it), or the defaults where none is recorded."""
    council = c["council_name"] if c else la_name
    the = council.split(" ")[0] in ("Royal", "London", "Borough", "City", "Metropolitan")
    if c and c.get("director_name"):
        addressee = [c["director_name"], c.get("director_title") or "", council]
        addressee += (c.get("address") or "").split("\n")
        salutation = c.get("salutation") or f"Dear {c['director_name']}"
    else:
        addressee = ["The Director of Children's Services", council]
        salutation = "Dear Director of Children's Services"
    recorded = signatory or (c or {}).get("signatory_name")
    name = recorded or default_signatory.get("name") or ""
    title = signatory_title or (c or {}).get("signatory_title") if recorded else None
    title = title or (default_signatory["title"] if recorded else default_signatory["unsigned"])
    return AddressBlock(
        council,
        f"the {council}" if the else council,
        [a for a in addressee if a],
        salutation,
        [line for line in (name, title) if line],
    )


def build(
    profile: Profile,
    rating: Rating,
    ds: Dataset,
    *,
    letter_date: date | None = None,
    signatory: str | None = None,
    signatory_title: str | None = None,
) -> Letter:
    txt = fixed_text()
    year = rating.year
    yt = txt["years"].get(year) or txt["years"]["default"]
    block = recorded_address_block(
        profile.addressee, profile.la_name, txt["default_signatory"], signatory, signatory_title
    )
    in_council = block.in_council
    published = letter_date or rating_date(year)
    grade = rating.grade
    notice = rating.not_rated  # no grade for want of evidence: a short notice, not a rating letter
    if notice:
        label = "Not rated: insufficient evidence"
        verdict = txt["not_rated_evidence_verdict"].format(council=in_council, year=year)
    elif rating.withheld:
        label, verdict = "Withheld", txt["withheld_verdict"].format(council=in_council)
    elif grade is None:
        label, verdict = "Not rated", txt["not_rated_verdict"].format(council=in_council)
    else:
        label = f"{RatingGrade(grade).label.capitalize()} ({grade})"
        verdict = f"Children's services in {in_council} {VERB[grade]}."
    planned = not notice and (grade is not None or rating.withheld)
    claims = plan_letter(profile, rating, load(year)) if planned else []
    narrative = {
        "grade": [c for c in claims if c.paragraph == "grade"],
        "settings": [c for c in claims if c.paragraph == "settings"],
        "indicators": [c for c in claims if c.paragraph == "indicators"],
    }
    notes = [txt["synthetic_note"]] if profile.synthetic else []
    return Letter(
        la_code=profile.la_code,
        la_name=profile.la_name,
        year=year,
        date=f"{published.day} {published.strftime('%B %Y')}",
        addressee=block.addressee,
        salutation=block.salutation,
        heading=yt["heading"],
        intro=[] if notice else [p.format(year=year) for p in yt["intro"]],
        scale=[] if notice else txt["scale"],
        scale_note="" if notice else txt["scale_note"],
        rating_heading=f"{yt['rating_heading']} {year}",
        rating_label=label,
        verdict=verdict,
        narrative=narrative,
        statutory="" if notice else " ".join(yt["statutory"]),
        closing=txt["closing"],
        signatory=block.signatory,
        notes=notes,
        evidence_heading=txt["evidence_heading"],
        evidence=evidence_statement(rating),
        synthetic=profile.synthetic,
        grade=grade,
        claims=claims,
        notice=" ".join(txt["reproduction_note"].split()),
    )


def evidence_statement(rating: Rating) -> list[str]:
    """What the assessment rests on: for a notice, why there is no rating; then each block's coverage,
    the dates, and a line per source with its as-at date."""
    e = rating.evidence
    lines = [f"{coverage_line(e)}. {dates_line(e)}. Sources, each as at the date given:"]
    if rating.not_rated and rating.not_rated_reason:
        lines[0] = f"Not rated for {rating.not_rated_reason}. " + lines[0]
    return lines + source_lines(e)


def rating_date(year: str) -> date:
    p = load(year).published
    return p if isinstance(p, date) else date.fromisoformat(str(p)) if p else date.today()
