"""A Django settings module for the type checker only: the django-stubs mypy plugin needs one to load the
apps and models (csrating configures Django in code, ``store.setup``, so it has none). Never used at run
time; the database named here is never opened."""

from __future__ import annotations

from csrating.web.settings import web_settings

globals().update(web_settings())
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SECRET_KEY = "csrating-typecheck-not-secret"
USE_TZ = True
