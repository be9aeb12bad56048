"""csrating apa: the annual performance assessment (2005-2008) - recorded judgements, overall grade,
letter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from csrating.cli.common import (
    check_request,
    clear_errors,
    console,
    err,
    letter_formats,
    open_dataset,
    out_folder,
)

if TYPE_CHECKING:
    from csrating.dataset import Dataset

apa_app = typer.Typer(
    help="The annual performance assessment (2005-2008): recorded judgements, overall grade, letter.",
    no_args_is_help=True,
)


APA_LA = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all.")
APA_YEAR = typer.Option(None, "--year", help="APA year, 2005-2008 (default: the latest recorded).")
APA_DATASET = typer.Option("seeds-2009", "--dataset", help="Dataset name or folder.")
APA_ALL = typer.Option(False, "--all", help="Every LA with judgements recorded for the year.")


def apa_targets(ds: Dataset, la: str | None, all_: bool, year: int | None) -> tuple[list[str], int]:
    """The LAs and year an APA command works on; exits 2 with the reason when there are none."""
    import datetime

    import polars as pl

    from csrating.apa.model import YEARS
    from csrating.pipeline import resolve_la

    check_request(la, all_)
    table = ds.table("apa_judgements")
    code = None
    if not all_:
        assert la is not None  # check_request: an LA or --all
        with clear_errors():
            code = resolve_la(ds, la, datetime.date(2008, 12, 31))
        table = table.filter(pl.col("la_code") == code)
    for_la = f" for LA {code}" if code else ""
    if year is None:
        years = sorted(table["year"].unique().to_list())
        if not years:
            err.print(f"[red]error:[/red] dataset {ds.name} records no APA judgements{for_la}")
            raise typer.Exit(2)
        year = int(years[-1])
    if year not in YEARS:
        err.print(f"[red]error:[/red] the APA ran from 2005 to 2008; there is no APA for {year}")
        raise typer.Exit(2)
    codes = sorted(table.filter(pl.col("year") == year)["la_code"].unique().to_list())
    if not codes:
        err.print(f"[red]error:[/red] dataset {ds.name} records no {year} APA judgements{for_la}")
        raise typer.Exit(2)
    return codes, year


@apa_app.command("show")
def apa_show(
    la: str | None = APA_LA,
    year: int | None = APA_YEAR,
    dataset: str = APA_DATASET,
    fmt: str = typer.Option("table", "--format", help="table (readable) or json."),
    all_: bool = APA_ALL,
) -> None:
    """An LA's APA: the grade of each judgement, the overall grade against rule APA-OVERALL with its
    trace, and the joint area review's recommendations with the progress on each."""
    import json

    from csrating.apa.model import assess

    check_request(la, all_, fmt)
    ds = open_dataset(dataset)
    codes, year = apa_targets(ds, la, all_, year)
    assessments = [assess(ds, c, year) for c in codes]
    if fmt == "json":
        print(
            json.dumps(
                [a.to_dict() for a in assessments] if all_ else assessments[0].to_dict(),
                indent=2,
                default=str,
            )
        )
        return
    for a in assessments:
        title = f"{a.la_name} ({a.la_code}): annual performance assessment {a.year}"
        if a.synthetic:
            title += " (SYNTHETIC)"
        from rich.table import Table

        t = Table(title=title, title_justify="left", header_style="bold")
        for col in ("judgement", "grade", ""):
            t.add_column(col)
        for j in a.judgements:
            t.add_row(j.heading, str(j.grade) if j.grade else "[dim]not recorded[/dim]", j.grade_label or "")
        console.print(t)
        if a.overall_trace:
            tr = a.overall_trace
            agrees = "agrees with" if tr["agrees"] else "DIFFERS from"
            console.print(
                f"Rule {tr['code']}: overall {tr['derived']} from the outcomes "
                f"(at least {tr['min_at_grade']} of 5 at the grade, none more than {tr['max_drop']} below); "
                f"{agrees} the recorded overall grade {tr['recorded']}"
            )
            for step in tr["steps"]:
                console.print(f"  {step}")
        if a.recommendations:
            from rich.table import Table

            r = Table(title=f"Joint area review {a.jar_year}: recommendations", title_justify="left")
            for col in ("no.", "area", "timescale", "progress", "recommendation"):
                r.add_column(col)
            for rec in a.recommendations:
                r.add_row(str(rec.number), rec.area, rec.timescale, rec.progress or "not recorded", rec.text)
            console.print(r)
        for f in a.findings:
            console.print(f"[yellow]finding:[/yellow] {f}")


@apa_app.command("letter")
def apa_letter(
    la: str | None = APA_LA,
    year: int | None = APA_YEAR,
    dataset: str = APA_DATASET,
    fmt: str = typer.Option("html", "--format", help="Comma-separated formats: md, html, pdf, docx."),
    out: Path = typer.Option(
        Path("letters"), "--out", help="Folder to write the letters and claims.json to.", callback=out_folder
    ),
    all_: bool = APA_ALL,
    letter_date: str | None = typer.Option(
        None, "--date", help="Date of the letter, YYYY-MM-DD (default: the recorded letter date, else today)."
    ),
    signatory: str | None = typer.Option(None, "--signatory", help="Name in the signature block."),
    signatory_title: str | None = typer.Option(
        None, "--signatory-title", help="Title in the signature block."
    ),
) -> None:
    """Write an LA's APA letter: a section per judgement with its grade, the council's contribution and
    the joint area review's recommendations; every sentence backed by the records in claims.json."""
    import datetime

    from csrating.apa.letter import build
    from csrating.apa.model import assess
    from csrating.letters import render

    formats = letter_formats(fmt)
    when = None
    if letter_date:
        try:
            when = datetime.date.fromisoformat(letter_date)
        except ValueError:
            err.print(f"[red]error:[/red] --date takes a date as YYYY-MM-DD; got {letter_date!r}")
            raise typer.Exit(2) from None
    ds = open_dataset(dataset)
    codes, year = apa_targets(ds, la, all_, year)
    written = []
    for code in codes:
        letter = build(
            assess(ds, code, year), ds, letter_date=when, signatory=signatory, signatory_title=signatory_title
        )
        written += render.write(letter, out, formats, stem=f"{code}-apa-{year}")
    for f in written:
        console.print(f"Wrote {f}")
