"""The four LAs of the 2009 letters get the ratings the letters gave, with no recorded judgement."""

import pytest

from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine

LETTERS = {"314": 4, "207": 4, "886": 3, "202": 4}


@pytest.fixture(scope="module")
def ratings():
    engine = RatingEngine(Dataset("seeds-2009"), load(2009))
    return {r.la_code: r for r in engine.rate_all()}


@pytest.mark.parametrize(("la", "grade"), LETTERS.items())
def test_seed_rating_matches_the_letter(ratings, la, grade):
    r = ratings[la]
    assert r.grade == grade and r.judgement is None and not r.withheld
    assert r.synthetic  # built on synthetic comparators, and says so


def test_which_rules_decided_each(ratings):
    # Kingston: both blocks in band 4
    assert ratings["314"].bands == {"settings": 4, "indicators": 4}
    # Kensington and Chelsea and Camden: settings in band 3 (a large majority / about two thirds good or
    # better), indicators in band 4 (many clearly better than similar areas); the mean 3.5 rounds up
    for la in ("207", "202"):
        assert ratings[la].bands == {"settings": 3, "indicators": 4}
        assert ratings[la].provisional == 4
    # Kent: in line with similar areas almost everywhere but rarely better: indicators band 3
    kent = ratings["886"]
    assert kent.bands == {"settings": 3, "indicators": 3}
    msg = next(t.message for t in kent.trace if t.code == "BAND-INDICATORS")
    assert "0% clearly better" in msg
    for r in ratings.values():
        assert set(r.fired()) == {"BAND-SETTINGS", "BAND-INDICATORS", "BAND-COMBINE"}
        assert not r.limited_by


def test_trace_records_every_parameter_read_with_its_status(ratings):
    t = next(t for t in ratings["314"].trace if t.code == "BAND-SETTINGS")
    p = next(p for p in t.params if p.name == "settings_band_cutoffs")
    assert p.assumed and p.set_in == "2009" and p.value == {4: 80, 3: 65, 2: 50}
    assert any(f.name == "settings.all.good_or_better_pct" and f.value > 80 for f in t.figures)
