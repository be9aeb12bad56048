"""csrating rate: an LA's rating (or every LA's) with the trace of every decision."""

from __future__ import annotations

from pathlib import Path

import typer

from csrating.cli.common import (
    DB_HELP,
    DEFAULT_DATASET,
    check_request,
    clear_errors,
    console,
    open_run,
    out_file,
    writing,
)


def rate_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (2009, 2010, 2011, 2025)."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    all_: bool = typer.Option(False, "--all", help="Rate every LA of the dataset."),
    explain_: bool = typer.Option(
        False, "--explain", help="Print every rule, parameter and figure behind the rating."
    ),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    csv_out: Path | None = typer.Option(
        None, "--csv", help="With --all: write the ratings to this CSV.", callback=out_file
    ),
    xlsx_out: Path | None = typer.Option(
        None,
        "--xlsx",
        help="With --all: write a workbook (cover, notes, ratings, distribution, trace).",
        callback=out_file,
    ),
    sensitivity: bool = typer.Option(
        False, "--sensitivity", help="With --all: how many LAs change grade when each assumed cut-off moves."
    ),
    step: float = typer.Option(
        5.0, "--step", help="With --sensitivity: how far each cut-off moves, in percentage points."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    no_judgements: bool = typer.Option(
        False, "--no-judgements", help="Ignore recorded judgements (the mechanical rating)."
    ),
) -> None:
    """Rate an LA (or all LAs) under a year's methodology, with the trace of every decision."""
    from csrating.rating import export
    from csrating.rating.render import evidence, explain, national

    check_request(la, all_, fmt)
    run = open_run(dataset, year, db, with_judgements=not no_judgements)
    ds = run.ds
    if not all_:
        with clear_errors():
            r = run.rate(la)
        if fmt == "json":
            print(r.to_json())
        elif explain_:
            explain(r, console)
        else:
            console.print(
                f"{r.la_name} ({r.la_code}): {r.label}"
                + (f" ({r.grade})" if r.grade else "")
                + f" - methodology {r.year}; rules fired: {', '.join(r.fired())}"
            )
            evidence(r, console)
        return
    with clear_errors():
        profiles = run.profiles()
        ratings = run.ratings()
    if fmt == "json":
        print("[" + ",\n".join(r.to_json(indent=None) for r in ratings) + "]")
    else:
        national(ratings, console, f"Ratings {run.year} - {ds.name}")
    if csv_out:
        with writing(csv_out):
            export.write_csv(ratings, csv_out)
        console.print(f"Wrote {csv_out}")
    if xlsx_out:
        with writing(xlsx_out):
            export.write_xlsx(ratings, xlsx_out, run.year, ds.name, ds.synthetic)
        console.print(f"Wrote {xlsx_out}")
    if sensitivity:
        from csrating.rating import sensitivity as sens

        rows = sens.run(run.engine, profiles, step)
        from rich.table import Table

        t = Table(
            title=f"Sensitivity: LAs changing grade when a cut-off moves by {step:g} points",
            title_justify="left",
        )
        for col in ("parameter", "value", "assumed", "down: changed (up/down)", "up: changed (up/down)"):
            t.add_column(col)
        for s in rows:
            t.add_row(
                s.parameter,
                f"{s.value:g}",
                "yes" if s.assumed else "no",
                f"{s.down_changed} ({s.down_up}/{s.down_down})",
                f"{s.up_changed} ({s.up_up}/{s.up_down})",
            )
        console.print(t)
