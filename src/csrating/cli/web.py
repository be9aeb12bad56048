"""csrating web: serve the web application, and add its users."""

from __future__ import annotations

import os
import sys

import typer

from csrating.cli.common import DB_HELP, DEFAULT_DATASET, clear_errors, console, err, open_dataset, store_call

web_app = typer.Typer(
    help="The web application: ratings, each LA's rating and profile, letters, judgements.",
    no_args_is_help=True,
)


@web_app.command("serve")
def web_serve(
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder to serve."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (default: the dataset's)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    threads: int = typer.Option(4, "--threads", help="Worker threads."),
) -> None:
    """Serve the web application (waitress) until interrupted."""
    import secrets

    from csrating.web import state
    from csrating.web.settings import GOVUK, web_settings

    ds = open_dataset(dataset)
    from csrating import pipeline

    with clear_errors():
        pipeline.methodology(year, ds)  # exits 2 with the reason for a bad year
    if not os.environ.get("CSRATING_SECRET_KEY"):
        os.environ["CSRATING_SECRET_KEY"] = secrets.token_urlsafe(50)
        err.print("note: no $CSRATING_SECRET_KEY; sessions last until the server stops")
    if not GOVUK.is_dir():
        err.print(
            "note: GOV.UK Frontend is not installed (scripts/install.sh runs npm ci): pages are unstyled"
        )
    state.choose(str(ds.path), year)
    store_call(lambda store: None, db, settings=web_settings())
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    run = state.run()
    run.profiles()  # profiles are built before the first request
    console.print(f"csrating web: {run.ds.name}, {run.m.title}, on http://{host}:{port}/ (Ctrl+C stops it)")
    serve(get_wsgi_application(), host=host, port=port, threads=threads, ident="csrating")


@web_app.command("adduser")
def web_adduser(
    name: str = typer.Argument(..., help="User name to sign in with."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input instead of asking."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add a user of the web application, or set the password of an existing one."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        err.print("[red]error:[/red] the password needs at least 8 characters")
        raise typer.Exit(2)

    def add(store):  # noqa: ANN001, ANN202
        from django.contrib.auth import get_user_model

        user, created = get_user_model().objects.get_or_create(username=name)
        user.set_password(password)
        user.save()
        return created

    from csrating.web.settings import web_settings

    created = store_call(add, db, settings=web_settings())
    console.print(f"{'Added' if created else 'Updated'} user {name}")
