"""What the web application serves: one dataset under one methodology year, chosen when it starts
(``csrating web serve --dataset --year``, or $CSRATING_WEB_DATASET and $CSRATING_WEB_YEAR)."""

from __future__ import annotations

import os
from functools import cache

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.profile.profile import Profile
from csrating.rating.engine import RatingEngine


def choose(dataset: str, year: str | None) -> None:
    os.environ["CSRATING_WEB_DATASET"] = dataset
    if year:
        os.environ["CSRATING_WEB_YEAR"] = str(year)
    engine.cache_clear()
    profiles.cache_clear()


@cache
def engine() -> RatingEngine:
    """The rating engine of the served dataset and year; profiles are built once, when first asked for.
    Recorded judgements are read from the database on every request, never cached."""
    ds = Dataset(os.environ.get("CSRATING_WEB_DATASET", "england-latest"))
    year = os.environ.get("CSRATING_WEB_YEAR") or str(ds.manifest.get("defaults", {}).get("year") or "2025")
    return RatingEngine(ds, load(year))


@cache
def profiles() -> list[Profile]:
    """Every LA's profile: figures that do not change while the server runs (judgements do)."""
    return engine().profiles.build_all()
