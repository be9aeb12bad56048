"""What the web application serves: one dataset, chosen when it starts (``csrating web serve --dataset``,
or $CSRATING_WEB_DATASET), under any methodology year; the year first shown is ``--year`` (or
$CSRATING_WEB_YEAR, else the dataset's default) and a visitor may switch to another."""

from __future__ import annotations

import os
from functools import cache

from csrating.dataset import Dataset
from csrating.methodology.loader import available, load
from csrating.profile.profile import Profile
from csrating.rating.engine import RatingEngine


def choose(dataset: str, year: str | None) -> None:
    os.environ["CSRATING_WEB_DATASET"] = dataset
    if year:
        os.environ["CSRATING_WEB_YEAR"] = str(year)
    dataset_served.cache_clear()
    engine.cache_clear()
    profiles.cache_clear()


@cache
def dataset_served() -> Dataset:
    return Dataset(os.environ.get("CSRATING_WEB_DATASET", "england-latest"))


def default_year() -> str:
    ds = dataset_served()
    return os.environ.get("CSRATING_WEB_YEAR") or str(ds.manifest.get("defaults", {}).get("year") or "2025")


def years() -> list[str]:
    return available()


@cache
def engine(year: str | None = None) -> RatingEngine:
    """The rating engine of the served dataset under a year; profiles are built once, when first asked
    for. Recorded judgements are read from the database on every request, never cached."""
    return RatingEngine(dataset_served(), load(year or default_year()))


@cache
def profiles(year: str | None = None) -> list[Profile]:
    """Every LA's profile under a year: figures that do not change while the server runs."""
    return engine(year).profiles.build_all()
