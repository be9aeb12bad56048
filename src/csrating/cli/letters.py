"""csrating letter: the rating letter of an LA (or of every LA), every sentence backed by its figures."""

from __future__ import annotations

from pathlib import Path

import typer

from csrating.cli.common import (
    DB_HELP,
    DEFAULT_DATASET,
    check_request,
    clear_errors,
    console,
    letter_formats,
    open_run,
    out_folder,
    progress,
)


def letter_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    fmt: str = typer.Option("html", "--format", help="Comma-separated formats: md, html, pdf, docx."),
    out: Path = typer.Option(
        Path("letters"),
        "--out",
        help="Folder to write the letters and their claims.json to.",
        callback=out_folder,
    ),
    all_: bool = typer.Option(False, "--all", help="Write the letter of every LA of the dataset."),
    signatory: str | None = typer.Option(None, "--signatory", help="Name in the signature block."),
    signatory_title: str | None = typer.Option(
        None, "--signatory-title", help="Title in the signature block."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    no_judgements: bool = typer.Option(False, "--no-judgements", help="Ignore recorded judgements."),
    jobs: int = typer.Option(
        0, "--jobs", help="Processes rendering letters (0: one per CPU for PDF, else 1)."
    ),
) -> None:
    """Write the rating letter of an LA (or of every LA): every sentence backed by figures in claims.json."""
    import os

    formats = letter_formats(fmt)
    check_request(la, all_)
    run = open_run(dataset, year, db, with_judgements=not no_judgements)
    with clear_errors():
        codes = run.las() if all_ else [run.resolve(la)]
    if jobs <= 0:
        jobs = (os.cpu_count() or 1) if "pdf" in formats else 1
    with progress("[bold]letters", show=len(codes) >= 2) as bar:
        task = bar.add_task("letters", total=len(codes))
        written = run.write_letters(
            out,
            formats,
            codes,
            jobs=jobs,
            tick=lambda: bar.advance(task),
            signatory=signatory,
            signatory_title=signatory_title,
        )
    if len(codes) == 1:
        for f in written:
            console.print(f"Wrote {f}")
    else:
        console.print(f"Wrote {len(codes)} letters ({', '.join(formats)}, with claims.json) to {out}")
