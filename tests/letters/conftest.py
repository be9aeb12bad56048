import pytest

from csrating.dataset import Dataset
from csrating.letters.letter import build
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


@pytest.fixture(scope="session")
def seed_letters():
    ds = Dataset("seeds-2009")
    engine = RatingEngine(ds, load(2009))
    out = {}
    for la in engine.las():
        p = engine.profiles.build(la, inputs=False)
        out[la] = build(p, engine.rate_profile(p), ds)
    return out
