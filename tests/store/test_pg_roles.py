"""Issue 12, points 4 and 5 on a real PostgreSQL server (scripts/pg.sh creates the roles csrating_owner
and csrating_app): the application connects as a role that owns nothing and may only SELECT and INSERT
the judgement log; every attempt to rewrite it is refused. And a long-lived caller of the store survives
its connection being closed by the server."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import throwaway_database
from tests.store.test_log_integrity import PG, assert_linear, concurrent_first_uses, record, verify

OWNER = os.environ.get("CSRATING_TEST_POSTGRES_OWNER")
APP = os.environ.get("CSRATING_TEST_POSTGRES_APP")
TABLE = "csrating_store_judgement"


@pytest.fixture
def roles_db():
    if not (PG and OWNER and APP):
        pytest.skip("no PostgreSQL server with the two roles: run the tests with scripts/test.sh")
    base = PG.rsplit("/", 1)[0].replace("postgres@", "{}@")
    with throwaway_database(PG, "csrating_roles", owner=OWNER) as name:
        yield base.format(OWNER) + "/" + name, base.format(APP) + "/" + name


ATTACKS = {
    "UPDATE": f"UPDATE {TABLE} SET to_grade = 1",
    "DELETE": f"DELETE FROM {TABLE}",
    "TRUNCATE": f"TRUNCATE {TABLE}",
    "DISABLE TRIGGER ALL": f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
    "DISABLE TRIGGER": f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_append_only",
    "DROP TRIGGER": f"DROP TRIGGER {TABLE}_append_only ON {TABLE}",
    "DROP TABLE": f"DROP TABLE {TABLE} CASCADE",
    "INSERT ON CONFLICT UPDATE": (
        f"INSERT INTO {TABLE} SELECT * FROM {TABLE} ON CONFLICT (id) DO UPDATE SET reason = 'x'"
    ),
    "replication role": "SET session_replication_role = replica",
}


def test_the_application_role_may_only_select_and_insert_the_log(roles_db):
    import psycopg

    owner_url, app_url = roles_db
    # 10 concurrent first uses as the application, the migrations run as the owner
    assert_linear(concurrent_first_uses(app_url, owner=owner_url))
    refused = {}
    with psycopg.connect(app_url, autocommit=True) as conn:
        assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone() == (10,)
        owned = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = current_user"
        ).fetchone()
        assert owned == (0,)  # the application's role owns nothing
        for what, sql in ATTACKS.items():
            with pytest.raises(psycopg.Error) as exc:
                conn.execute(sql)
            refused[what] = type(exc.value).__name__
        assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone() == (10,)
    assert set(refused) == set(ATTACKS), refused
    assert record(app_url, 11, owner_url).returncode == 0  # it still appends
    v = verify(app_url)
    assert v.returncode == 0 and "11 entries" in v.stdout, v.stdout + v.stderr


def test_a_long_lived_caller_reconnects_after_the_server_closes_its_connection(postgres_alias):
    import psycopg
    from django.db import connections

    from csrating import store

    ds = f"test-{uuid.uuid4().hex[:8]}"
    args = dict(la_code="314", year="2009", dataset=ds, from_grade=4, to_grade=3, reason="r", author="a")
    first = store.record_judgement(using=postgres_alias, **args)
    pid = connections[postgres_alias].connection.info.backend_pid
    with psycopg.connect(PG, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    assert store.latest_judgement("314", "2009", ds, using=postgres_alias) == first  # a read reconnects
    pid = connections[postgres_alias].connection.info.backend_pid
    with psycopg.connect(PG, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    second = store.record_judgement(using=postgres_alias, **args)  # and so does a write
    assert second["supersedes"] == first["id"]
