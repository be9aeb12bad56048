"""The web application's state: profiles built once per year, every LA's ratings kept per judgement state."""

from __future__ import annotations

from csrating.web import state


def test_ratings_are_kept_per_judgement_state_and_a_new_judgement_rates_anew(monkeypatch):
    monkeypatch.setenv("CSRATING_WEB_DATASET", "seeds-2009")  # put back when the test ends
    monkeypatch.setenv("CSRATING_WEB_YEAR", "2009")
    state.choose("seeds-2009", "2009")
    first = state.ratings("2009", {})
    assert state.ratings("2009", {}) is first  # kept, not re-rated
    code = next(r.la_code for r in first if r.before_judgement == 4)
    j = {"id": 7, "la_code": code, "from_grade": 4, "to_grade": 3, "reason": "r", "author": "a",
         "evidence": [], "recorded_at": "2009-12-01", "supersedes": None}  # fmt: skip
    judged = state.ratings("2009", {code: j})
    assert judged is not first
    assert {r.la_code: r for r in judged}[code].judgement is not None
    assert {r.la_code: r for r in first}[code].judgement is None
    assert state.ratings("2009", {code: j}) is judged
    assert [r.la_code for r in judged] == [p.la_code for p in state.profiles("2009")]
