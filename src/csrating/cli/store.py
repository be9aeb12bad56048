"""csrating store: the application database itself - check that the judgement log was never rewritten."""

from __future__ import annotations

import typer

from csrating.cli.common import DB_HELP, console, err, store_call

store_app = typer.Typer(help="The application database: verify the judgement log.", no_args_is_help=True)


@store_app.command("verify")
def verify_cmd(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Check every judgement against the log's hash chain: a rewritten, removed or inserted entry, or a
    fork in the history, is reported (exit 1)."""
    n, problems = store_call(lambda store: store.verify(), db)
    if problems:
        for p in problems:
            err.print(f"[red]{p}[/red]")
        err.print(f"[red]the judgement log does not verify: {len(problems)} problems in {n} entries[/red]")
        raise typer.Exit(1)
    console.print(f"The judgement log verifies: {n} entries, one unbroken chain.")
