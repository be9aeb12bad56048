"""The rating letter as data: every block of the letter in order, the claims behind the narrative, and
the fixed text of the year in the project's own words (templates/letter_text.yaml)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from csrating.dataset import Dataset
from csrating.enums import RatingGrade
from csrating.letters.claims import Claim, plan
from csrating.profile.profile import Profile
from csrating.rating.engine import Rating

VERB = {4: "perform excellently", 3: "perform well", 2: "perform adequately", 1: "perform poorly"}


@cache
def fixed_text() -> dict[str, Any]:
    f = resources.files("csrating.letters") / "templates" / "letter_text.yaml"
    return yaml.safe_load(f.read_text(encoding="utf-8"))


@dataclass
class Letter:
    la_code: str
    la_name: str
    year: str
    date: str
    addressee: list[str]
    salutation: str
    heading: str
    intro: list[str]
    scale: list[dict[str, str]]
    scale_note: str
    rating_heading: str
    rating_label: str  # "Performs excellently (4)" or "Withheld"
    verdict: str
    narrative: dict[str, list[Claim]]  # settings, indicators
    statutory: str
    closing: str
    signatory: list[str]
    notes: list[str]  # reproduction and synthetic-data notices
    synthetic: bool
    grade: int | None
    claims: list[Claim] = field(default_factory=list)

    def paragraph(self, name: str) -> str:
        return " ".join(c.text for c in self.narrative.get(name, []))

    def paragraphs(self) -> list[str]:
        """Every paragraph of the letter in order, as plain text (the same in every output format)."""
        out = [*self.addressee, self.salutation, self.heading, *self.intro]
        out += [f"{s['grade']} {s['label']}: {s['meaning']}" for s in self.scale]
        out += [
            self.scale_note,
            self.rating_heading,
            f"Children's services rating: {self.rating_label}",
            self.verdict,
        ]
        out += [t for t in (self.paragraph("settings"), self.paragraph("indicators")) if t]
        out += [self.statutory, self.closing, *self.signatory, *self.notes]
        return [p for p in out if p]

    def claims_json(self) -> dict[str, Any]:
        return {
            "la_code": self.la_code,
            "la_name": self.la_name,
            "year": self.year,
            "synthetic": self.synthetic,
            "grade": self.grade,
            "claims": [c.as_dict() for c in self.claims],
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _contact(ds: Dataset, la: str, year: str) -> dict[str, Any] | None:
    c = ds.table("la_contacts").filter((pl.col("la_code") == la) & (pl.col("year") == int(year)))
    return c.row(0, named=True) if c.height else None


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
    contact = _contact(ds, profile.la_code, year)
    council = contact["council_name"] if contact else profile.la_name
    in_council = (
        f"the {council}"
        if council.split(" ")[0] in ("Royal", "London", "Borough", "City", "Metropolitan")
        else council
    )
    if contact and contact.get("director_name"):
        addressee = [contact["director_name"], contact.get("director_title") or "", council]
        addressee += (contact.get("address") or "").split("\n")
        salutation = contact.get("salutation") or f"Dear {contact['director_name']}"
    else:
        addressee = ["The Director of Children's Services", council]
        salutation = "Dear Director of Children's Services"
    sig_name = signatory or (contact or {}).get("signatory_name") or txt["default_signatory"]["name"]
    sig_title = signatory_title or (contact or {}).get("signatory_title") or txt["default_signatory"]["title"]
    published = letter_date or rating_date(year)
    grade = rating.grade
    if rating.withheld:
        label, verdict = "Withheld", txt["withheld_verdict"].format(council=in_council)
    elif grade is None:
        label, verdict = "Not rated", txt["not_rated_verdict"].format(council=in_council)
    else:
        label = f"{RatingGrade(grade).label.capitalize()} ({grade})"
        verdict = f"Children's services in {in_council} {VERB[grade]}."
    claims = plan(profile, rating) if grade is not None or rating.withheld else []
    narrative = {
        "settings": [c for c in claims if c.paragraph == "settings"],
        "indicators": [c for c in claims if c.paragraph == "indicators"],
    }
    notes = [txt["reproduction_note"]]
    if profile.synthetic:
        notes.append(txt["synthetic_note"])
    return Letter(
        la_code=profile.la_code,
        la_name=profile.la_name,
        year=year,
        date=f"{published.day} {published.strftime('%B %Y')}",
        addressee=[a for a in addressee if a],
        salutation=salutation,
        heading=yt["heading"],
        intro=[p.format(year=year) for p in yt["intro"]],
        scale=txt["scale"],
        scale_note=txt["scale_note"],
        rating_heading=f"{yt['rating_heading']} {year}",
        rating_label=label,
        verdict=verdict,
        narrative=narrative,
        statutory=" ".join(yt["statutory"]),
        closing=txt["closing"],
        signatory=[sig_name, sig_title],
        notes=notes,
        synthetic=profile.synthetic,
        grade=grade,
        claims=claims,
    )


def rating_date(year: str) -> date:
    from csrating.methodology.loader import load

    p = load(year).published
    return p if isinstance(p, date) else date.fromisoformat(str(p)) if p else date.today()
