"""The application database: what people change - recorded professional judgements and the users of the
web application today; workflow and the audit log later. One Django model set and one migration history,
shared by the command line and the web application. SQLite file by default; PostgreSQL (or any Django
database) by URL.

    from csrating import store
    store.setup("sqlite:///csrating.sqlite3")          # or postgresql://user:pw@host/db
    store.record_judgement(la_code="314", year="2009", dataset="seeds-2009", from_grade=4, to_grade=3, ...)
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_URL = "sqlite:///csrating.sqlite3"
_configured: dict[str, str] = {}


class StoreError(ValueError):
    pass


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("CSRATING_DATABASE_URL") or DEFAULT_URL


STORE_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "csrating.store"]


def setup(
    url: str | None = None,
    *,
    extra: dict[str, str] | None = None,
    migrate: bool = True,
    settings: dict[str, Any] | None = None,
) -> None:
    """Configure Django for csrating's database(s) and bring the schema up to date with the migrations.

    ``extra`` names more databases by alias (tests use it to hold SQLite and PostgreSQL side by side).
    ``settings``: more Django settings, e.g. the web layer's (``csrating.web.settings.web_settings()``,
    which the command line and the web application pass); without them the store installs its own
    application and Django's authentication only - the store imports nothing of the web layer.
    Django is configured once per process; later calls must name the same databases."""
    import dj_database_url
    import django
    from django.conf import settings as django_settings

    dbs = {"default": database_url(url), **(extra or {})}
    if _configured:
        if any(_configured.get(alias) != u for alias, u in dbs.items()):
            raise StoreError(f"the store is already set up with {_configured}; cannot switch to {dbs}")
    else:
        django_settings.configure(
            DATABASES={alias: dj_database_url.parse(u, conn_max_age=0) for alias, u in dbs.items()},
            USE_TZ=True,
            TIME_ZONE="Europe/London",
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
            SECRET_KEY=os.environ.get("CSRATING_SECRET_KEY", "csrating-cli-not-secret"),
            **(settings or {"INSTALLED_APPS": STORE_APPS}),
        )
        django.setup()
        _configured.update(dbs)
    if migrate:
        from django.core.management import call_command

        for alias in dbs:
            call_command("migrate", database=alias, verbosity=0, interactive=False)


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
    from csrating.store.models import Judgement

    if not reason.strip():
        raise StoreError("a judgement needs a reason")
    if not author.strip():
        raise StoreError("a judgement needs an author")
    previous = latest_judgement(la_code, year, dataset, using=using)
    j = Judgement(
        la_code=la_code,
        year=str(year),
        dataset=dataset,
        from_grade=from_grade,
        to_grade=to_grade,
        reason=reason.strip(),
        author=author.strip(),
        evidence=list(evidence or []),
        supersedes_id=previous["id"] if previous else None,
    )
    j.save(using=using)
    return j.as_dict()


def latest_judgement(la_code: str, year: str, dataset: str, using: str = "default") -> dict[str, Any] | None:
    from csrating.store.models import Judgement

    j = (
        Judgement.objects.using(using)
        .filter(la_code=la_code, year=str(year), dataset=dataset)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return j.as_dict() if j else None


def latest_judgements(year: str, dataset: str, using: str = "default") -> dict[str, dict[str, Any]]:
    from csrating.store.models import Judgement

    out: dict[str, dict[str, Any]] = {}
    for j in (
        Judgement.objects.using(using).filter(year=str(year), dataset=dataset).order_by("recorded_at", "id")
    ):
        out[j.la_code] = j.as_dict()
    return out


def history(la_code: str, year: str, dataset: str, using: str = "default") -> list[dict[str, Any]]:
    from csrating.store.models import Judgement

    qs = Judgement.objects.using(using).filter(la_code=la_code, year=str(year), dataset=dataset)
    return [j.as_dict() for j in qs.order_by("recorded_at", "id")]
