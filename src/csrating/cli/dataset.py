"""csrating dataset: build, inspect and verify dataset snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from csrating.cli.common import (
    DEFAULT_DATASET,
    console,
    err,
    frame_table,
    open_dataset,
    out_file,
    out_folder,
    print_findings,
    progress,
)

if TYPE_CHECKING:
    from csrating.dataset import Dataset

dataset_app = typer.Typer(help="Build, inspect and verify dataset snapshots.", no_args_is_help=True)


@dataset_app.command("build")
def dataset_build(
    recipe: Path = typer.Argument(..., help="YAML recipe listing the source files and their readers."),
    out: Path | None = typer.Option(
        None, "--out", help="Folder to write the snapshot to (default: datasets/NAME).", callback=out_folder
    ),
    raw_root: Path | None = typer.Option(
        None,
        "--raw-root",
        help="Folder the recipe's source paths are relative to (overrides the recipe's root).",
    ),
    report: Path | None = typer.Option(
        None, "--report", help="Write every finding (errors and warnings) to this CSV.", callback=out_file
    ),
) -> None:
    """Read the published files of a recipe, validate them, and write an immutable snapshot.

    Any error refuses the whole import: nothing is written and an existing snapshot stays as it was.
    The target must be new, empty or a snapshot csrating wrote: a folder holding anything else is
    refused and left untouched. The new snapshot replaces the old one in one atomic step.
    """
    import polars as pl

    from csrating import dataset as ds_mod
    from csrating.findings import Findings, ImportRefused

    findings = Findings()
    rec = ds_mod.load_recipe(recipe, findings, raw_root)
    if rec is None or findings.has_errors:
        print_findings(findings)
        if report:
            findings.write_csv(report)
        raise typer.Exit(1)
    target = out or Path("datasets") / rec.name  # build checks it before reading anything
    with progress("[bold]{task.description}") as bar:
        task = bar.add_task("reading", total=len(rec.sources))

        def tick(label: str, done: int, total: int) -> None:
            bar.update(task, completed=done, description=f"reading {Path(label).name}")

        try:
            result = ds_mod.build(rec, target, findings, progress=tick)
        except ImportRefused as exc:
            bar.stop()
            print_findings(exc.findings)
            if report:
                exc.findings.write_csv(report)
            kept = " The existing snapshot was left unchanged." if target.exists() else ""
            err.print(
                f"[red]Import refused:[/red] {len(exc.findings.errors)} errors. No snapshot written.{kept}"
            )
            raise typer.Exit(1) from None
        except ds_mod.UnsafeTarget as exc:
            bar.stop()
            err.print(f"[red]Refused:[/red] {exc}")
            raise typer.Exit(2) from None
    if report:
        findings.write_csv(report)
    m = result.manifest
    console.print(f"Wrote [bold]{m['name']}[/bold] to {result.path} in {m['build_seconds']} s")
    rows = pl.DataFrame({"table": list(m["tables"]), "rows": [v["rows"] for v in m["tables"].values()]})
    console.print(frame_table(rows, "Tables"))
    if findings.warnings:
        console.print(f"{len(findings.warnings)} warnings (listed in {result.path / 'findings.csv'})")


@dataset_app.command("info")
def dataset_info(
    name: str = typer.Argument(DEFAULT_DATASET, help="Dataset name (embedded or in ./datasets) or folder."),
) -> None:
    """Summarise a dataset: sources and as-at dates, LAs, settings by grade, indicators, LA inspections."""
    ds = open_dataset(name)
    print_summary(ds)


def print_summary(ds: Dataset) -> None:
    import polars as pl

    from csrating import summary

    m = ds.manifest
    console.print(f"[bold]{m['name']}[/bold] - {m.get('title', '')}")
    console.print(f"built {m['built_at']} by csrating {m['csrating_version']}; folder {ds.path}")
    if ds.synthetic:
        console.print(
            "[yellow]SYNTHETIC:[/yellow] this dataset holds made-up figures (rows flagged synthetic)."
        )
    console.print(m.get("attribution", ""))
    src = pl.DataFrame(
        {
            "source": [s["path"] for s in m["sources"]],
            "publisher": [s.get("publisher", "") for s in m["sources"]],
            "as_at": [s.get("as_at") or "" for s in m["sources"]],
        }
    )
    console.print(frame_table(src, "Sources"))
    if m.get("blocks"):
        blocks = pl.DataFrame({"block": list(m["blocks"]), "as at": list(m["blocks"].values())})
        console.print(frame_table(blocks, "As-at date of each block"))
    console.print(frame_table(summary.la_counts(ds), "Local authorities by type"))
    console.print(frame_table(summary.settings_by_type(ds), "Settings by type (grade of latest inspection)"))
    ref = summary.reference_counts(ds)
    if ref.height:
        console.print(
            frame_table(ref, "Coverage: the real number of settings then (England), and where it comes from")
        )
    console.print(frame_table(summary.indicators_by_outcome(ds), "Indicators by Every Child Matters outcome"))
    console.print(frame_table(summary.la_inspections_by_type(ds), "Inspections of the LA (judgements)"))


@dataset_app.command("verify")
def dataset_verify(name: str = typer.Argument(DEFAULT_DATASET, help="Dataset name or folder.")) -> None:
    """Check every table file of a dataset against the checksum in its manifest."""
    ds = open_dataset(name)
    bad = ds.verify()
    for b in bad:
        err.print(f"[red]{b}[/red]")
    if bad:
        raise typer.Exit(1)
    console.print(f"{ds.name}: {len(ds.manifest['tables'])} tables intact")


@dataset_app.command("readers")
def dataset_readers() -> None:
    """List the readers a recipe can name, with the tables they fill and their options."""
    from csrating.sources.registry import load_readers

    for info in sorted(load_readers().values(), key=lambda r: r.name):
        console.print(f"[bold]{info.name}[/bold] -> {', '.join(info.tables)}")
        console.print("  " + info.description.splitlines()[0])
        for opt, desc in info.options.items():
            console.print(f"  option [italic]{opt}[/italic]: {desc}")
