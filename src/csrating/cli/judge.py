"""csrating judge: record a professional judgement on an LA's rating, or list the history."""

from __future__ import annotations

import typer

from csrating.cli.common import DB_HELP, DEFAULT_DATASET, clear_errors, console, err, open_run, store_call


def judge_cmd(
    la: str = typer.Argument(..., help="LA: DfE code, GSS code or name."),
    year: str | None = typer.Option(None, "--year", help="Methodology year."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    to: int | None = typer.Option(None, "--to", help="The grade the judgement sets (1-4)."),
    reason: str = typer.Option("", "--reason", help="Why (required with --to)."),
    author: str = typer.Option("", "--author", help="Who records it (required with --to)."),
    evidence: list[str] = typer.Option([], "--evidence", help="Evidence reference; repeat for several."),
    history: bool = typer.Option(
        False, "--history", help="List every judgement recorded for the LA and year."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Record a professional judgement on an LA's rating (append-only), or list the history."""
    from csrating.rating.judgement import JudgementRefused, record

    run = open_run(dataset, year, with_judgements=False)
    ds = run.ds
    with clear_errors():
        code = run.resolve(la)
        engine = run.engine
    if history:
        rows = store_call(lambda store: store.history(code, engine.m.year, ds.name), db)
        if not rows:
            console.print(f"No judgement recorded for {code} in {engine.m.year} on {ds.name}.")
        for j in rows:
            console.print(
                f"#{j['id']} {j['recorded_at']} {j['author']}: {j['from_grade']} -> {j['to_grade']}: "
                f"{j['reason']} (evidence: {', '.join(j['evidence']) or 'none'})"
                + (f"; supersedes #{j['supersedes']}" if j["supersedes"] else "")
            )
        return
    if to is None or not reason.strip() or not author.strip():
        err.print("[red]error:[/red] a judgement needs --to GRADE, --reason and --author")
        raise typer.Exit(2)
    try:
        j = store_call(
            lambda store: record(
                engine, code, to, reason=reason, author=author, evidence=evidence, save=store.record_judgement
            ),
            db,
        )
    except JudgementRefused as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(
        f"Recorded judgement #{j['id']}: {code} {engine.m.year} {j['from_grade']} -> {j['to_grade']}"
    )
