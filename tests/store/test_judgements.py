"""Recorded professional judgements in the application database: SQLite and a real PostgreSQL server."""

import uuid

import pytest
from django.db import connections

from csrating import store
from csrating.dataset import Dataset
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine
from csrating.rating.judgement import JudgementRefused, record
from csrating.store.models import AppendOnlyError, Judgement


def _record(alias, dataset, **kw):
    args = dict(
        la_code="314",
        year="2010",
        dataset=dataset,
        from_grade=3,
        to_grade=2,
        reason="evidence of drift",
        author="A. Inspector",
        evidence=["letter-2010-314", "visit note 12"],
    )
    args.update(kw)
    return store.record_judgement(using=alias, **args)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_same_judgement_reads_back_identically_on_both_backends(backend, request):
    alias = "default" if backend == "sqlite" else request.getfixturevalue("postgres_alias")
    assert connections[alias].vendor == backend
    ds = f"test-{uuid.uuid4().hex[:8]}"
    first = _record(alias, ds)
    second = _record(alias, ds, to_grade=4, reason="second look")
    assert second["supersedes"] == first["id"]
    latest = store.latest_judgement("314", "2010", ds, using=alias)
    assert latest == second
    hist = store.history("314", "2010", ds, using=alias)
    assert [h["reason"] for h in hist] == ["evidence of drift", "second look"]  # the old record is kept
    assert hist[0]["evidence"] == ["letter-2010-314", "visit note 12"]


def test_sqlite_and_postgresql_give_identical_records(postgres_alias):
    ds = f"test-{uuid.uuid4().hex[:8]}"
    a = _record("default", ds)
    b = _record(postgres_alias, ds)
    strip = lambda d: {k: v for k, v in d.items() if k not in ("id", "recorded_at", "supersedes")}  # noqa: E731
    assert strip(a) == strip(b)
    assert strip(store.latest_judgement("314", "2010", ds)) == strip(
        store.latest_judgement("314", "2010", ds, using=postgres_alias)
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_log_is_append_only_in_the_model_and_in_the_database(backend, request):
    alias = "default" if backend == "sqlite" else request.getfixturevalue("postgres_alias")
    j = _record(alias, f"test-{uuid.uuid4().hex[:8]}")
    obj = Judgement.objects.using(alias).get(id=j["id"])
    obj.to_grade = 4
    with pytest.raises(AppendOnlyError):
        obj.save(using=alias)
    with pytest.raises(AppendOnlyError):
        obj.delete()
    # a client that bypasses the model meets the database trigger
    with pytest.raises(Exception, match="append-only"):
        Judgement.objects.using(alias).filter(id=j["id"]).update(to_grade=4)
    with pytest.raises(Exception, match="append-only"):
        Judgement.objects.using(alias).filter(id=j["id"])._raw_delete(alias)


def test_grades_outside_the_scale_are_refused_by_the_database():
    with pytest.raises(Exception):  # noqa: B017 - the CHECK constraint's error class differs by backend
        _record("default", f"test-{uuid.uuid4().hex[:8]}", to_grade=7)


def test_a_judgement_outside_the_allowed_range_is_refused_and_nothing_is_stored():
    engine = RatingEngine(Dataset("seeds-2009"), load(2009))
    before = len(store.history("886", "2009", "seeds-2009"))
    # Kent is rated 3; a judgement of 1 is two grades away
    with pytest.raises(JudgementRefused, match="at most 1"):
        record(engine, "886", 1, reason="r", author="a", save=store.record_judgement)
    # and in 2009 the seed profile is complete enough that no moderation is allowed at all
    m = engine.profiles.build("886").completeness["overall"]["share"]
    if m >= 0.8:
        with pytest.raises(JudgementRefused, match="less than 80% complete"):
            record(engine, "886", 4, reason="r", author="a", save=store.record_judgement)
    assert len(store.history("886", "2009", "seeds-2009")) == before


def test_a_judgement_on_an_la_not_rated_for_want_of_evidence_is_refused():
    # england-latest holds no indicator for 2009: no LA has a grade to moderate
    engine = RatingEngine(Dataset("england-latest"), load(2009))
    before = len(store.history("886", "2009", "england-latest"))
    with pytest.raises(JudgementRefused, match="for want of evidence"):
        record(engine, "886", 3, reason="r", author="a", save=store.record_judgement)
    assert len(store.history("886", "2009", "england-latest")) == before


def test_a_recorded_judgement_changes_the_rating_and_shows_in_the_trace(tmp_path):
    # (2010 on the seed dataset, so that other tests' 2009 ratings of the seeds stay unjudged)
    ds = Dataset("seeds-2009")
    engine = RatingEngine(ds, load(2010))
    base = engine.rate("886")
    to = base.before_judgement - 1
    j = record(
        engine,
        "886",
        to,
        reason="strong recent evidence",
        author="B. Moderator",
        evidence=["ref-1"],
        save=store.record_judgement,
    )
    judged = RatingEngine(ds, load(2010), judgements=store.latest_judgements("2010", "seeds-2009")).rate(
        "886"
    )
    assert judged.grade == to and judged.before_judgement == base.before_judgement
    assert judged.judgement["id"] == j["id"]
    run = next(t for t in judged.trace if t.code == "JUDGEMENT-RECORDED")
    assert run.fired and "B. Moderator" in run.message
