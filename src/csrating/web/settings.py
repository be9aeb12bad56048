"""Django settings of the web layer, passed to ``store.setup`` by the commands that serve or administer the
web application (the store itself never imports the web layer)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# GOV.UK Frontend, installed from the npm registry by scripts/install.sh (package.json)
ROOT = Path(__file__).resolve().parents[3]
GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


def web_settings() -> dict[str, Any]:
    hosts = os.environ.get("CSRATING_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    return {
        "INSTALLED_APPS": [
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "csrating.store",
            "csrating.web",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        "ROOT_URLCONF": "csrating.web.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                        "csrating.web.views.common",
                    ]
                },
            }
        ],
        "STATIC_URL": "/static/",
        "STATICFILES_DIRS": [("govuk", str(GOVUK))] if GOVUK.is_dir() else [],
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": False,
        "ALLOWED_HOSTS": [h.strip() for h in hosts.split(",") if h.strip()],
        "LOGIN_URL": "login",
        "LOGIN_REDIRECT_URL": "index",
        "LOGOUT_REDIRECT_URL": "index",
        "DEBUG": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "LANGUAGE_CODE": "en-gb",
    }


def setup(url: str | None = None, **kw: Any) -> None:
    """The application database set up for the web application (``store.setup`` with these settings)."""
    from csrating import store

    store.setup(url, settings=web_settings(), **kw)
