"""Every letter states what it rests on (coverage, dates, sources with their as-at dates); an LA that is
not rated for want of evidence gets a short notice, not a rating letter."""

from csrating.dataset import Dataset
from csrating.letters import render
from csrating.letters.letter import VERB, build
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


def test_a_not_rated_la_gets_a_notice_without_grade_or_narrative():
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(2009))
    p = engine.profiles.build("886", inputs=False)
    rating = engine.rate_profile(p)
    assert rating.not_rated and rating.grade is None
    letter = build(p, rating, ds)
    assert letter.rating_label == "Not rated: insufficient evidence"
    assert not letter.claims and not letter.scale and not letter.statutory
    text = " ".join(letter.paragraphs())
    assert "notice, not a rating letter" in text and "insufficient evidence" in text
    assert "as at 2021-08-31" in text and "counted to 2009-11-30" in text
    assert not any(v in letter.verdict for v in VERB.values())


def test_a_rating_letter_states_its_evidence(seed_letters):
    letter = seed_letters["886"]
    assert letter.grade == 3 and letter.evidence
    assert letter.evidence[0].startswith("Evidence - settings:")
    assert any("as at 2009-12-09" in line for line in letter.evidence[1:])
    assert "What this assessment rests on" in render.html(letter)
