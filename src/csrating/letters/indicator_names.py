"""Short plain-English names of the indicators (``indicator_names.yaml``, curated by hand), as letters,
the profile's output and the web pages name them, by item code: the present-day list for figures of
periods ending from 2012, the National Indicator Set list for earlier ones (the 2009-2011 ratings and the
2005-2008 APA letters)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from csrating import yamltext
from csrating.letters.quantify import in_sentence

PRESENT_DAY_FROM = 2012  # the first year whose figures are named from the present-day list


@cache
def _lists() -> dict[str, Any]:
    f = resources.files("csrating.letters") / "indicator_names.yaml"
    return dict(yamltext.parse(f.read_text(encoding="utf-8")))


@cache
def short_names() -> dict[str, str]:
    """The present-day short names by item code."""
    return {str(k): str(v) for k, v in _lists()["present_day"].items()}


@cache
def nis_names() -> dict[str, str]:
    """The short names of the National Indicator Set items (years before ``PRESENT_DAY_FROM``) by code."""
    return {str(k): str(v) for k, v in _lists()["national_indicator_set"].items()}


def names_for(year: int) -> dict[str, str]:
    """The list that names figures of ``year``."""
    return short_names() if year >= PRESENT_DAY_FROM else nis_names()


def short_name(item: str, year: int | None) -> str | None:
    """The short name of an indicator whose figure is of ``year`` (None: none curated for it)."""
    if year is None:
        return None
    return names_for(year).get(item)


def named_item(item: str) -> str:
    """An indicator known only by its item code (one the profile expects but the data lack): 'its short
    name (CODE)', the present-day name first, else the National Indicator Set one; the code alone where
    neither list names it."""
    name = short_names().get(item) or nis_names().get(item)
    return f"{name} ({item})" if name else item


def plain_name(item: str, year: int | None, name: str) -> str:
    """An indicator as it is named in words: its short name where one is curated, else its definition's
    name as it reads inside a sentence, without a unit in brackets."""
    return short_name(item, year) or in_sentence(name).removesuffix(" (%)")
