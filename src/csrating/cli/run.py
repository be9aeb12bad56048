"""csrating run: the main job - verify and summarise a dataset, then profile, rate and write the letter
of every LA (and the APA letters the dataset records)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from csrating.cli.common import (
    DB_HELP,
    DEFAULT_DATASET,
    clear_errors,
    console,
    err,
    frame_table,
    open_dataset,
    open_run,
    out_folder,
)
from csrating.cli.dataset import print_summary

if TYPE_CHECKING:
    from csrating.dataset import Dataset


def run(
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (default: the dataset's)."),
    out: Path = typer.Option(
        Path("out"), "--out", help="Folder for the outputs (profiles.parquet ...).", callback=out_folder
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The main job: verify and summarise a dataset, then profile, rate and write the letter of every LA."""
    import polars as pl

    from csrating.profile.evidence import dates_line, short_line
    from csrating.profile.export import flatten
    from csrating.rating import export
    from csrating.rating.engine import distribution

    ds = open_dataset(dataset)
    bad = ds.verify()
    if bad:
        for b in bad:
            err.print(f"[red]{b}[/red]")
        raise typer.Exit(1)
    print_summary(ds)
    job = open_run(ds, year, db)
    with clear_errors():
        profiles = job.profiles()
        ratings = {r.la_code: r for r in job.ratings()}
    out.mkdir(parents=True, exist_ok=True)
    flat = flatten(job.builder, gaps={p.la_code: p.gaps for p in profiles})
    flat.write_parquet(out / "profiles.parquet")
    export.write_csv(list(ratings.values()), out / "ratings.csv")
    rows = []
    for p in profiles:
        allset = p.setting("all")
        share = p.share("all")
        r = ratings[p.la_code]
        rows.append(
            {
                "LA": f"{p.la_name} ({p.la_code})",
                "rating": r.label + (f" ({r.grade})" if r.grade else ""),
                "settings good+ %": None
                if allset.good_or_better_pct is None
                else round(allset.good_or_better_pct, 1),
                "vs England": allset.england.verdict,
                "indicators ok vs similar %": None
                if share["ok_similar_pct"] is None
                else round(share["ok_similar_pct"]),
                "indicators ok vs England %": None
                if share["ok_england_pct"] is None
                else round(share["ok_england_pct"]),
                "completeness %": round(100 * (p.completeness["overall"]["share"] or 0)),
                "evidence": short_line(r.evidence),
            }
        )
    from csrating.letters import render

    for p in profiles:
        render.write(job.letter(p, ratings[p.la_code]), out / "letters", ("html",))
    title = f"Profiles and ratings, methodology {job.year}"
    if ds.synthetic:
        title += " (SYNTHETIC comparators)"
    console.print(frame_table(pl.DataFrame(rows), title))
    dist = distribution(list(ratings.values()))
    console.print("Distribution: " + "; ".join(f"{k} {v}" for k, v in dist.items()))
    not_rated = [r for r in ratings.values() if r.not_rated]
    if not_rated:
        console.print(
            f"{len(not_rated)} LA(s) not rated for want of evidence (their letters are short notices): "
            + ", ".join(f"{r.la_name} ({r.la_code})" for r in not_rated[:10])
            + (" ..." if len(not_rated) > 10 else "")
        )
    if profiles:
        console.print(dates_line(ratings[profiles[0].la_code].evidence))
    console.print(
        f"Wrote {len(profiles)} profiles ({flat.height} rows) to {out / 'profiles.parquet'}, "
        f"{len(ratings)} ratings to {out / 'ratings.csv'} and their letters (HTML with claims.json) "
        f"to {out / 'letters'}"
    )
    run_apa(ds, out / "apa")


def run_apa(ds: Dataset, out: Path) -> None:
    """The APA letters of every LA and year the dataset records APA judgements for (none: nothing)."""
    from csrating.pipeline import write_apa_letters

    done = write_apa_letters(ds, out)
    for a in done:
        for f in a.findings:
            console.print(f"[yellow]APA {a.year} {a.la_code}:[/yellow] {f}")
    written = len(done)
    if written:
        noun = "letter" if written == 1 else "letters"
        console.print(
            f"Wrote {written} annual performance assessment {noun} (HTML with claims.json) to {out}"
        )
