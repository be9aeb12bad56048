"""Shares and counts in the inspectorate's words: "a very large majority", "half", "two of the nine".

The bands come from ``methodology/quantifiers.yaml`` (terms attested in the letters, boundaries
assumed). Figures are rounded half up with ``decimal`` where they are shown, never half to even.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from csrating import yamltext

WORDS = [
    "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
]  # fmt: skip


@cache
def config() -> dict[str, Any]:
    f = resources.files("csrating.methodology") / "quantifiers.yaml"
    return yamltext.parse(f.read_text(encoding="utf-8"))


def phrase(share_pct: float) -> str:
    """The quantifier for a share in percent (100 -> 'all', 85 -> 'a very large majority')."""
    for band in config()["bands"]:
        if share_pct >= band["min"] - 1e-9:
            return band["phrase"]
    return "none"


def before_noun(words: str) -> str:
    """A quantifier as it stands before a plural noun: 'almost all' schools, but 'a majority of' and 'half
    of' schools."""
    nouns = {"majority", "minority", "half", "third", "thirds"}
    return f"{words} of" if nouns & set(words.split()) else words


def fractions() -> list[str]:
    """The fractions a share may be put as (quantifiers.yaml): 'two thirds', 'a third'."""
    return [str(f["phrase"]) for f in config().get("fractions") or []]


def share_of(part: int, whole: int) -> str:
    """The share ``part`` of ``whole`` in words: the fraction where it is exactly one listed in
    quantifiers.yaml (12 of 18 -> 'two thirds'), else the quantifier of its percentage (24 of 26 -> 'almost
    all')."""
    for f in config().get("fractions") or []:
        if part * int(f["denominator"]) == whole * int(f["numerator"]):
            return str(f["phrase"])
    return phrase(100 * part / whole)


def number(n: int) -> str:
    """A count as Ofsted writes it: words up to twenty, figures beyond."""
    return WORDS[n] if 0 <= n <= int(config()["words_up_to"]) else str(n)


def round_half_up(x: float, dp: int = 0) -> Decimal:
    q = Decimal(1).scaleb(-dp)
    return Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)


def percent(x: float, dp: int = 0) -> str:
    return f"{round_half_up(x, dp)}%"


def _at_the_same_head(items: list[str]) -> list[str]:
    """Items that differ only in where they are measured, side by side, said once: 'the gap at 16' and
    'the gap at 11' become 'the gap at 16 and at 11'."""
    groups: list[tuple[str | None, list[str]]] = []  # (head, the places measured), or (None, [item])
    for item in items:
        head, sep, tail = item.rpartition(" at ")
        if not sep or " " in tail:
            groups.append((None, [item]))
        elif groups and groups[-1][0] == head:
            groups[-1][1].append(tail)
        else:
            groups.append((head, [tail]))
    return [
        places[0]
        if head is None
        else f"{head} at " + _plain_join([places[0], *(f"at {t}" for t in places[1:])])
        for head, places in groups
    ]


def _plain_join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'; where an item holds a comma of its own ('education, employment or
    training'), the items are parted by semicolons so that none runs into the next: 'a; b, c or d; and e';
    items that differ only in where they are measured are said once ('the gap at 16 and at 11')."""
    items = _at_the_same_head([i for i in items if i])
    if len(items) <= 1:
        return "".join(items)
    if len(items) > 2 and any("," in i for i in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return _plain_join(items)


def capitalise(s: str) -> str:
    return s[:1].upper() + s[1:]


def in_sentence(name: str) -> str:
    """A name that opens with a capital, as it reads inside a sentence: 'Core assessments ...' becomes
    'core assessments ...', but a proper name ('Early Years Foundation Stage ...') keeps its capitals."""
    words = name.split(" ", 2)
    if len(words) > 1 and words[1][:1].isupper():
        return name
    if words[0][1:2].isupper():  # an acronym: 'NEET', 'CAMHS'
        return name
    return name[:1].lower() + name[1:]
