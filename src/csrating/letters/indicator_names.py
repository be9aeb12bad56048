"""Short plain-English names of the indicators (``indicator_names.yaml``, curated by hand), as letters,
the profile's output and the web pages name them: for the present-day datasets (figures of periods ending
from 2012) by item code; earlier datasets keep the names of their own definitions."""

from __future__ import annotations

from functools import cache
from importlib import resources

from csrating import yamltext
from csrating.letters.quantify import in_sentence

PRESENT_DAY_FROM = 2012  # the first year whose figures are named from the present-day list


@cache
def short_names() -> dict[str, str]:
    """The present-day short names by item code."""
    f = resources.files("csrating.letters") / "indicator_names.yaml"
    data = yamltext.parse(f.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data["present_day"].items()}


def short_name(item: str, year: int | None) -> str | None:
    """The short name of an indicator whose figure is of ``year`` (None: none curated for it)."""
    if year is None or year < PRESENT_DAY_FROM:
        return None
    return short_names().get(item)


def plain_name(item: str, year: int | None, name: str) -> str:
    """An indicator as it is named in words: its short name where one is curated, else its definition's
    name as it reads inside a sentence, without a unit in brackets."""
    return short_name(item, year) or in_sentence(name).removesuffix(" (%)")
