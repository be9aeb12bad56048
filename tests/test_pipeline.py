"""The pipeline: the one composition the command line, the web application and Python code call."""

from __future__ import annotations

import pytest

from csrating import pipeline


@pytest.fixture(scope="module")
def run():
    return pipeline.open("seeds-2009", year=2009, judgements={})


def test_open_rates_every_la_with_its_trace(run):
    ratings = run.ratings()
    assert len(ratings) == len(run.profiles()) == len(run.las())
    assert all(r.trace for r in ratings)
    assert run.ratings() is ratings  # computed once


def test_an_la_by_name_or_code_gives_the_same_rating(run):
    code = run.las()[0]
    name = run.profiles()[0].la_name
    assert run.resolve(name) == code
    assert run.rate(name).to_json() == run.rate(code).to_json()
    assert code in run.explain(code)


def test_judgements_are_data_passed_in():
    plain = pipeline.open("seeds-2009", year=2009, judgements={})
    code = plain.las()[0]
    before = plain.rate(code)
    if before.before_judgement is None:
        pytest.skip("first LA not rated")
    to = 3 if before.before_judgement != 3 else 2
    j = {"id": 1, "la_code": code, "from_grade": before.before_judgement, "to_grade": to, "reason": "r",
         "author": "a", "evidence": [], "recorded_at": "2009-01-01", "supersedes": None}  # fmt: skip
    judged = pipeline.open("seeds-2009", year=2009, judgements={code: j})
    assert judged.rate(code).judgement is not None
    assert before.judgement is None


def test_bad_input_is_a_clear_error():
    with pytest.raises(pipeline.PipelineError, match="no dataset"):
        pipeline.open("no-such-dataset")
    with pytest.raises(pipeline.PipelineError):
        pipeline.open("seeds-2009", year=1999, judgements={})
    run = pipeline.open("seeds-2009", year=2009, judgements={})
    with pytest.raises(pipeline.PipelineError, match="no LA"):
        run.resolve("Atlantis")


def test_no_database_no_judgements_and_none_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSRATING_DATABASE_URL", raising=False)
    assert not pipeline.database_in_use()
    assert pipeline.stored_judgements("2009", "seeds-2009") == {}
    assert not (tmp_path / "csrating.sqlite3").exists()


def test_letters_are_written(run, tmp_path):
    written = run.write_letters(tmp_path, ("md",), run.las()[:1])
    assert written and all(p.exists() for p in written)
