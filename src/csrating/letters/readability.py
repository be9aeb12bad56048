"""Readability of a letter: its sentences, their length in words, sentences written twice, and raw labels
or codes left in the text (a "(%)", a snake_case name, a rule code, a template field, a placeholder).

Used by ``benchmarks/bench_readability.py`` and by the tests over every present-day letter."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from csrating.letters.letter import LetterParts

# a sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])")
RAW = {
    "(%)": re.compile(r"\(%[),]"),
    "snake_case": re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b"),
    "rule code": re.compile(r"\b(?:APA-)?(?:CLAIM|RULE)-[A-Z0-9-]+\b"),
    "template field": re.compile(r"[{}]|\{\{|\}\}"),
    "placeholder": re.compile(r"\((?:signatory|placeholder|tbc|todo)\)|\b(?:None|nan|NaN|null)\b"),
}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s.strip()]


def words(sentence: str) -> int:
    return len(sentence.split())


@dataclass
class Readability:
    sentences: list[str]
    repeated: list[str] = field(default_factory=list)
    raw: list[tuple[str, str]] = field(default_factory=list)  # (kind, the text found)

    @property
    def longest(self) -> int:
        return max((words(s) for s in self.sentences), default=0)

    @property
    def mean(self) -> float:
        return sum(words(s) for s in self.sentences) / len(self.sentences) if self.sentences else 0.0

    def over(self, limit: int) -> list[str]:
        return [s for s in self.sentences if words(s) > limit]


def narrative_text(letter: LetterParts) -> list[str]:
    """The letter's sentences written from the data: the claims (the fixed text is the same in every
    letter and is measured once, by ``fixed_text``)."""
    return [s for c in letter.claims for s in sentences(c.text)]


def measure(letter: LetterParts, whole: bool = False) -> Readability:
    """The readability of a letter's narrative (its claims), or with ``whole`` of every paragraph."""
    sents = [s for p in letter.paragraphs() for s in sentences(p)] if whole else narrative_text(letter)
    counts = Counter(sents)
    repeated = [s for s, n in counts.items() if n > 1]
    text = "\n".join(letter.paragraphs() if whole else [c.text for c in letter.claims])
    raw = [(kind, m.group(0)) for kind, rx in RAW.items() for m in rx.finditer(text)]
    return Readability(sents, repeated, raw)
