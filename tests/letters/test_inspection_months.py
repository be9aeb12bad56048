"""Issue 11: every month a present-day letter names for an inspection of the LA is the month that
inspection was held (its end date, else its start date), or the month it was published where the record
gives no date of the inspection itself ("published in ..."); never the publication month given as the
inspection's own."""

import re
from datetime import date

import pytest

from csrating.dataset import Dataset
from csrating.letters.claims import inspection_when
from csrating.letters.letter import build
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# a month and year not preceded by a day (the letter's own date and the sources' as-at dates are full dates)
MONTH_YEAR = re.compile(rf"(?<!\d )(published in )?\b({MONTHS}) (\d{{4}})\b")


@pytest.fixture(scope="module")
def letters():
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(2025))
    return [(p, build(p, engine.rate_profile(p), ds)) for p in engine.profiles.build_all()]


def _month(d: date) -> str:
    return d.strftime("%B %Y")


def _held(row: dict) -> str | None:
    d = row.get("end_date") or row.get("start_date")
    return _month(d) if d else None


def test_every_inspection_month_is_the_month_the_inspection_was_held(letters):
    assert len(letters) == 153
    named = wrong = 0
    problems = []
    for p, letter in letters:
        for c in letter.claims:
            keys = {ch["key"] for ch in c.checks if ch["on"] == "la_inspection"}
            rows = [i for i in p.la_inspections if f"{i['inspection_type']}:{i['aspect']}" in keys]
            held = {m for i in rows if (m := _held(i))}
            published = {_month(i["published_date"]) for i in rows if not _held(i) and i["published_date"]}
            said = set()
            for m in MONTH_YEAR.finditer(c.text):
                named += 1
                month = f"{m.group(2)} {m.group(3)}"
                said.add(month)
                if month not in (published if m.group(1) else held):
                    wrong += 1
                    problems.append((p.la_code, c.rule, month, sorted(held), sorted(published)))
            if c.rule == "CLAIM-LA-INSPECTION":  # each inspection it names is dated
                missing = (held | published) - said
                assert not missing, (p.la_code, c.text, missing)
    assert problems == []
    assert named > 153 and wrong == 0


def test_the_month_held_not_the_month_published():
    rows = [{"start_date": date(2025, 1, 20), "published_date": date(2025, 3, 4), "date": date(2025, 3, 4)}]
    assert inspection_when(rows) == " of January 2025"
    assert inspection_when([{**rows[0], "end_date": date(2025, 1, 31)}]) == " of January 2025"
    only_published = [{"start_date": None, "published_date": date(2022, 11, 5), "date": date(2022, 11, 5)}]
    assert inspection_when(only_published) == " published in November 2022"
    assert inspection_when([{**rows[0], "date_precision": "year"}]) == " of 2025"
