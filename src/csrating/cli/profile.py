"""csrating profile: the performance profile of an LA, or of every LA."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import typer

from csrating import safe
from csrating.cli.common import (
    DEFAULT_DATASET,
    check_request,
    clear_errors,
    console,
    err,
    open_run,
    out_file,
    out_folder,
    writing,
)


def profile_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code (314), GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (2009, 2010, 2011, 2025...)."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    fmt: str = typer.Option("table", "--format", help="table (readable) or json."),
    all_: bool = typer.Option(False, "--all", help="Build the profile of every LA of the dataset."),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="With --all: write the profiles to this .parquet, .csv or .json file.",
        callback=out_file,
    ),
    tables: Path | None = typer.Option(
        None,
        "--tables",
        help="With --all: write the profile tables (one Parquet file each) to this folder.",
        callback=out_folder,
    ),
) -> None:
    """The performance profile of an LA (blocks A, B and C against similar areas and England)."""
    from csrating.profile.export import flatten
    from csrating.profile.render import print_profile

    check_request(la, all_, fmt)
    if tables is not None and not all_:
        err.print("[red]error:[/red] --tables goes with --all")
        raise typer.Exit(2)
    run = open_run(dataset, year, with_judgements=False)
    ds = run.ds
    with clear_errors():
        builder = run.builder
    if tables is not None:
        about = {
            "dataset": ds.name,
            "year": builder.m.year,
            "census_date": builder.census.isoformat(),
            "la_inspections_cutoff": builder.la_cutoff.isoformat(),
            "la_inspections_cutoff_basis": builder.la_cutoff_basis,
            "neighbour_model": builder.neighbour_model,
            "las": len(builder.subjects),
        }
        builder.tables.write(tables, about)
        console.print(f"Wrote the profile tables of {len(builder.subjects)} LAs to {tables}/")
        if out is None:
            return
    if all_:
        import polars as pl

        n = len(builder.subjects)
        if out is not None and out.suffix == ".json":
            # the JSON file is the profile objects themselves, with the list of every setting counted
            with err.status("building the profiles", spinner="line") if err.is_terminal else nullcontext():
                profiles = run.profiles(inputs=True)
            with writing(out):
                out.write_text(
                    "[" + ",\n".join(p.to_json(indent=None) for p in profiles) + "]\n", encoding="utf-8"
                )
            console.print(f"Wrote {n} profiles to {out}")
            return
        # the tidy table is laid out from the all-LA tables directly (no per-LA objects needed)
        with clear_errors():
            flat = flatten(builder)
        if out is None:
            console.print(
                flat.filter(pl.col("block") == "settings", pl.col("item") == "all").select(
                    "la_code", "la_name", "value", "count", "england_verdict", "similar_verdict"
                )
            )
            console.print(f"{n} profiles; give --out FILE to save them all")
            return
        with writing(out):
            if out.suffix == ".csv":
                safe.write_csv(flat, out)
            else:
                flat.write_parquet(out)
        console.print(f"Wrote {n} profiles ({flat.height} rows) to {out}")
        return
    with clear_errors():
        p = run.profile(la)
    if fmt == "json":
        print(p.to_json())
    else:
        print_profile(p, console)
