"""The application database: what people change - recorded professional judgements and the users of the
web application today; workflow and the audit log later. One Django model set and one migration history,
shared by the command line and the web application. SQLite file by default; PostgreSQL (or any Django
database) by URL.

    from csrating import store
    store.setup("sqlite:///csrating.sqlite3")          # or postgresql://user:pw@host/db
    store.record_judgement(la_code="314", year="2009", dataset="seeds-2009", from_grade=4, to_grade=3, ...)
"""

from __future__ import annotations

import functools
import os
import random
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

DEFAULT_URL = "sqlite:///csrating.sqlite3"
_configured: dict[str, str] = {}
T = TypeVar("T")
OWNER_SUFFIX = "__owner"  # alias of the owner connection that runs the migrations (when one is given)
TABLE = "csrating_store_judgement"


class StoreError(ValueError):
    pass


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("CSRATING_DATABASE_URL") or DEFAULT_URL


def owner_url(url: str | None = None) -> str | None:
    """The URL of the role that owns the schema and runs the migrations ($CSRATING_DATABASE_OWNER_URL);
    none: the application's own URL does both (a single-role database such as a SQLite file)."""
    return url or os.environ.get("CSRATING_DATABASE_OWNER_URL") or None


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, for messages (no secret is ever printed)."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def masked(text: str) -> str:
    """Any URL passwords in a message masked (a driver's error may quote its connection string)."""
    text = re.sub(r"(\w+://[^:/@\s]*:)[^@/\s]*@", r"\1***@", text)
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", text, flags=re.IGNORECASE)


# what the store itself needs; an interface adds its own (the web application: sessions, templates...)
STORE_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "csrating.store"]


def setup(
    url: str | None = None,
    *,
    owner: str | None = None,
    extra: dict[str, str] | None = None,
    extra_owners: dict[str, str] | None = None,
    migrate: bool = True,
    settings: dict[str, Any] | None = None,
) -> None:
    """Configure Django for csrating's database(s) and bring the schema up to date with the migrations.

    ``owner`` (or $CSRATING_DATABASE_OWNER_URL) is the URL of the role that owns the schema: the
    migrations run as it, and it grants the application's role (``url``) only what it needs (``grant``).
    ``extra`` names more databases by alias (tests use it to hold SQLite and PostgreSQL side by side),
    ``extra_owners`` their owners' URLs.
    ``settings`` adds Django settings of an interface (the web application passes its own; its
    INSTALLED_APPS must include the store's). Django is configured once per process; later calls must
    name the same databases."""
    import django
    from django.conf import settings as django_settings

    dbs = {"default": database_url(url), **(extra or {})}
    owners = {a: o for a, o in {"default": owner_url(owner)}.items() if o}
    owners.update(extra_owners or {})
    dbs.update({a + OWNER_SUFFIX: o for a, o in owners.items()})
    if _configured:
        if any(_configured.get(alias) != u for alias, u in dbs.items()):
            shown = {a: mask_url(u) for a, u in _configured.items()}
            raise StoreError(
                f"the store is already set up with {shown}; cannot switch to "
                + str({a: mask_url(u) for a, u in dbs.items()})
            )
    else:
        django_settings.configure(
            DATABASES={alias: _database(u) for alias, u in dbs.items()},
            USE_TZ=True,
            TIME_ZONE="Europe/London",
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
            SECRET_KEY=os.environ.get("CSRATING_SECRET_KEY", "csrating-cli-not-secret"),
            **{"INSTALLED_APPS": STORE_APPS, **(settings or {})},
        )
        django.setup()
        _configured.update(dbs)
    if migrate:
        for alias in dbs:
            if alias.endswith(OWNER_SUFFIX):
                continue
            if alias in owners:
                _migrate(alias + OWNER_SUFFIX, then=functools.partial(grant, alias))
            else:
                _migrate(alias)


def _database(url: str) -> dict[str, Any]:
    import dj_database_url

    db: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if db["ENGINE"].endswith("sqlite3"):
        # writers queue for the file (up to 30 s) instead of failing, and a transaction takes the write
        # lock when it begins, so one that read the log's tail cannot be overtaken before it writes
        db.setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
    return db


def _migrate(alias: str, then: Callable[[], None] | None = None) -> None:
    """Bring the schema up to date, one process at a time: concurrent first uses of a fresh database wait
    for the first to finish (a file lock beside a SQLite file; an advisory lock on PostgreSQL)."""
    from django.core.management import call_command
    from django.db import connections

    conn = connections[alias]
    if conn.vendor == "postgresql":
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(727274)")
        try:
            call_command("migrate", database=alias, verbosity=0, interactive=False)
            if then:
                then()  # the grants too, one process at a time (concurrent GRANTs collide)
        finally:
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(727274)")
    elif conn.vendor == "sqlite" and conn.settings_dict["NAME"] not in ("", ":memory:"):
        import fcntl

        with open(f"{conn.settings_dict['NAME']}.migrate-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            call_command("migrate", database=alias, verbosity=0, interactive=False)
    else:
        call_command("migrate", database=alias, verbosity=0, interactive=False)
    if then and conn.vendor != "postgresql":
        then()


def grant(alias: str = "default") -> None:
    """As the owner, give the application's role (the user of the alias's URL) what it needs and no more:
    SELECT and INSERT on the judgement log (never UPDATE, DELETE, TRUNCATE or TRIGGER; it owns nothing, so
    it cannot disable the triggers either), and the web application's own tables (users, sessions)."""
    from django.db import connections

    owner = connections[alias + OWNER_SUFFIX]
    app_role = connections[alias].settings_dict["USER"]
    if owner.vendor != "postgresql" or not app_role or app_role == owner.settings_dict["USER"]:
        return
    with owner.cursor() as cur:
        role = owner.ops.quote_name(app_role)
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [t for (t,) in cur.fetchall()]
        cur.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        for t in tables:
            q = owner.ops.quote_name(t)
            cur.execute(f"REVOKE ALL ON {q} FROM {role}")
            if t in (TABLE, "django_migrations") or t.startswith("csrating_store_"):
                cur.execute(f"GRANT SELECT, INSERT ON {q} TO {role}")
            else:
                cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q} TO {role}")
        cur.execute(f"REVOKE INSERT ON django_migrations FROM {role}")
        cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")


def reconnecting(fn: Callable[[], T], using: str = "default") -> T:
    """Run a store operation; when the server dropped the connection (a restart, a terminated backend),
    open a new one and run it again (once). A long-lived caller never needs to reconnect by hand."""
    from django.db import InterfaceError, OperationalError, connections

    try:
        return fn()
    except (OperationalError, InterfaceError):
        conn = connections[using]
        if conn.in_atomic_block or conn.vendor == "sqlite":
            raise
        conn.close()
        return fn()


def record_judgement(
    *,
    la_code: str,
    year: str,
    dataset: str,
    from_grade: int,
    to_grade: int,
    reason: str,
    author: str,
    evidence: list[str] | None = None,
    using: str = "default",
) -> dict[str, Any]:
    """Append a judgement; the previous latest one for the LA, year and dataset stays, superseded."""
    if not reason.strip():
        raise StoreError("a judgement needs a reason")
    if not author.strip():
        raise StoreError("a judgement needs an author")
    if not (1 <= int(from_grade) <= 4 and 1 <= int(to_grade) <= 4):
        raise StoreError("grades are 1 to 4")
    return reconnecting(
        lambda: _append(
            la_code=la_code,
            year=str(year),
            dataset=dataset,
            from_grade=from_grade,
            to_grade=to_grade,
            reason=reason.strip(),
            author=author.strip(),
            evidence=list(evidence or []),
            using=using,
        ),
        using,
    )


def _append(*, using: str, **fields: Any) -> dict[str, Any]:
    """Append at the tail of the chain, superseding the LA's latest judgement. Two writers that read the
    same tail cannot both commit (unique predecessor, unique supersedes): the loser retries on the new
    tail, so the history stays linear."""
    from django.db import IntegrityError, OperationalError, transaction
    from django.utils import timezone

    from csrating.store import chain
    from csrating.store.models import Judgement

    for attempt in range(100):
        try:
            with transaction.atomic(using=using):
                previous = latest_judgement(fields["la_code"], fields["year"], fields["dataset"], using=using)
                tail = Judgement.objects.using(using).order_by("-id").only("entry_hash").first()
                j = Judgement(
                    **fields,
                    recorded_at=timezone.now(),
                    supersedes_id=previous["id"] if previous else None,
                    prev_hash=tail.entry_hash if tail else chain.GENESIS,
                )
                j.entry_hash = chain.entry_hash(j)
                j.save(using=using)
            return j.as_dict()
        except (IntegrityError, OperationalError) as exc:
            retry = isinstance(exc, IntegrityError) or "locked" in str(exc) or "serializ" in str(exc)
            if not retry or attempt == 99:
                raise
            time.sleep(random.uniform(0.001, 0.02) * min(attempt + 1, 10))
    raise AssertionError("unreachable")


def verify(using: str = "default") -> tuple[int, list[str]]:
    """Check the whole judgement log against its hash chain: (entries, problems)."""
    from csrating.store import chain
    from csrating.store.models import Judgement

    rows = reconnecting(lambda: list(Judgement.objects.using(using).order_by("id")), using)
    return len(rows), chain.verify(rows)


def latest_judgement(la_code: str, year: str, dataset: str, using: str = "default") -> dict[str, Any] | None:
    from csrating.store.models import Judgement

    j = reconnecting(
        lambda: (
            Judgement.objects.using(using)
            .filter(la_code=la_code, year=str(year), dataset=dataset)
            .order_by("-recorded_at", "-id")
            .first()
        ),
        using,
    )
    return j.as_dict() if j else None


def latest_judgements(year: str, dataset: str, using: str = "default") -> dict[str, dict[str, Any]]:
    from csrating.store.models import Judgement

    out: dict[str, dict[str, Any]] = {}
    rows = reconnecting(
        lambda: list(
            Judgement.objects.using(using)
            .filter(year=str(year), dataset=dataset)
            .order_by("recorded_at", "id")
        ),
        using,
    )
    for j in rows:
        out[j.la_code] = j.as_dict()
    return out


def history(la_code: str, year: str, dataset: str, using: str = "default") -> list[dict[str, Any]]:
    from csrating.store.models import Judgement

    qs = Judgement.objects.using(using).filter(la_code=la_code, year=str(year), dataset=dataset)
    return [j.as_dict() for j in reconnecting(lambda: list(qs.order_by("recorded_at", "id")), using)]
