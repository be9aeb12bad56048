"""Issue 11 point 3: every indicator of every present-day profile has a curated short name, and letters
use it, with its period, never a "(%)"."""

from csrating.dataset import Dataset
from csrating.letters.claims import indicator_name
from csrating.letters.indicator_names import short_name, short_names
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


def test_every_present_day_profile_indicator_has_a_short_name():
    engine = RatingEngine(Dataset("england-latest"), load("2025"))
    missing = set()
    for p in engine.profiles.build_all():
        missing |= {r.item for r in p.indicators if r.in_profile and r.item not in short_names()}
    assert missing == set()


def test_short_names_are_plain_words():
    for item, name in short_names().items():
        assert "(%" not in name and "%" not in name and len(name.split()) <= 16, item
        assert name == name.strip() and "_" not in name and not name.endswith("."), item


def test_letters_name_the_short_name_with_its_period():
    engine = RatingEngine(Dataset("england-latest"), load("2025"))
    r = next(r for r in engine.profiles.build("202").indicators if r.item == "NI148")
    want = "care leavers aged 19 to 21 in education, employment or training"
    assert indicator_name(r) == f"{want} ({r.period})"
    assert short_name("NI148", 2009) is None  # the 2009-2011 datasets keep their own names
