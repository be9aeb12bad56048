"""A letter (wording) rule: a rule of kind ``letter`` in the one registry (:mod:`csrating.rules`), one
per module in :mod:`csrating.letters.rules`, with a stable code (``CLAIM-*``), a stage giving its place in
the letter (``settings-NN``, ``indicators-NN``: the paragraph and the order within it), a plain-English
module docstring and the methodology parameters it reads. A rule is pure: it reads the profile, the
rating and the methodology through a :class:`LetterContext` and returns its claims (sentence plans with
their figures and checks); :func:`csrating.letters.claims.plan_letter` composes them in stage order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csrating.methodology.loader import Methodology
from csrating.profile.profile import Profile
from csrating.rating.engine import Rating
from csrating.rules import Rule, rules

PACKAGE = "csrating.letters.rules"


@dataclass(frozen=True)
class LetterContext:
    """What a rating-letter rule reads: the LA's profile, its rating and the year's methodology."""

    profile: Profile
    rating: Rating | None
    methodology: Methodology

    def param(self, name: str) -> Any:
        return self.methodology[name]


def stage_key(stage: str) -> tuple[int, int]:
    """'settings-03' -> (1, 3): the paragraph first (grade, settings, indicators), then the place within
    it."""
    paragraph, _, n = stage.partition("-")
    return (["grade", "settings", "indicators"].index(paragraph), int(n))


def letter_rules() -> list[Rule]:
    """The rating letter's wording rules in the order the letter makes their claims."""
    found = [r for r in rules("letter").values() if r.code.startswith("CLAIM-")]
    return sorted(found, key=lambda r: stage_key(str(r.stage)))


def letter_rules_for(year: str) -> list[Rule]:
    """The wording rules of a methodology year's letter: the rating letter's for a rating year, the APA
    letter's for an APA year."""
    if str(year).startswith("apa-"):
        from csrating.apa.letter import apa_letter_rules

        return apa_letter_rules()
    return letter_rules()
