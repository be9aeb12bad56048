"""What the web application serves: one dataset, chosen when it starts (``csrating web serve --dataset``,
or $CSRATING_WEB_DATASET), under any methodology year; the year first shown is ``--year`` (or
$CSRATING_WEB_YEAR, else the dataset's default) and a visitor may switch to another.

Everything goes through the pipeline (csrating.pipeline). The profiles of a year are built once; the
ratings of every LA are computed once per year and judgement state (the judgements in force, read from
the database on every request) and kept, so a page is not re-rated until a judgement is recorded - and a
judgement recorded takes effect on the next page."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import cache
from typing import Any

from csrating import pipeline
from csrating.dataset import Dataset
from csrating.methodology.loader import available
from csrating.profile.profile import Profile
from csrating.rating.engine import Rating, RatingEngine

_RATINGS_KEPT = 16
_ratings: OrderedDict[tuple[str, str, tuple[tuple[str, Any], ...]], list[Rating]] = OrderedDict()
_lock = threading.Lock()


def choose(dataset: str, year: str | None) -> None:
    os.environ["CSRATING_WEB_DATASET"] = dataset
    if year:
        os.environ["CSRATING_WEB_YEAR"] = str(year)
    dataset_served.cache_clear()
    run.cache_clear()
    with _lock:
        _ratings.clear()


@cache
def dataset_served() -> Dataset:
    return pipeline.open_dataset(os.environ.get("CSRATING_WEB_DATASET", "england-latest"))


def default_year() -> str:
    ds = dataset_served()
    return os.environ.get("CSRATING_WEB_YEAR") or str(ds.manifest.get("defaults", {}).get("year") or "2025")


def years() -> list[str]:
    return available()


@cache
def run(year: str | None = None) -> pipeline.Run:
    """The pipeline's run of the served dataset under a year, without judgements (they are passed in
    per request, read from the database)."""
    ds = dataset_served()
    return pipeline.Run(ds, pipeline.methodology(year or default_year(), ds), {})


def engine(year: str | None = None) -> RatingEngine:
    return run(year).engine


def profiles(year: str | None = None) -> list[Profile]:
    """Every LA's profile under a year: figures that do not change while the server runs."""
    return run(year).profiles()


def ratings(year: str, judgements: dict[str, dict[str, Any]]) -> list[Rating]:
    """Every LA's rating under a year and the judgements in force, in the order of the profiles; computed
    once per judgement state."""
    r = run(year)
    state = tuple(sorted((code, j.get("id")) for code, j in judgements.items()))
    key = (r.ds.name, r.year, state)
    with _lock:
        if key in _ratings:
            _ratings.move_to_end(key)
            return _ratings[key]
    rated = [r.rate_profile(p, judgements.get(p.la_code)) for p in r.profiles()]
    with _lock:
        _ratings[key] = rated
        while len(_ratings) > _RATINGS_KEPT:
            _ratings.popitem(last=False)
    return rated
