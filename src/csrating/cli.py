"""The `csrating` command. Every command and option is documented in docs/cli.md (a test checks it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from csrating import dataset as ds_mod
from csrating import summary
from csrating.findings import Findings, ImportRefused

app = typer.Typer(
    help="Reproduce and explain the annual rating of local authorities' children's services.",
    no_args_is_help=True,
    add_completion=False,
)
dataset_app = typer.Typer(help="Build, inspect and verify dataset snapshots.", no_args_is_help=True)
app.add_typer(dataset_app, name="dataset")

# wide enough for the summary tables when the output is a file or a pipe rather than a terminal
_WIDTH = None if sys.stdout.isatty() else 160
console = Console(width=_WIDTH)
err = Console(stderr=True, width=_WIDTH)

DEFAULT_DATASET = "england-latest"


def _frame_table(df: pl.DataFrame, title: str) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for col in df.columns:
        numeric = df[col].dtype.is_numeric()
        t.add_column(col.replace("_", " "), justify="right" if numeric else "left")
    for row in df.iter_rows():
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


def _open(name: str) -> ds_mod.Dataset:
    try:
        return ds_mod.Dataset(name)
    except ds_mod.DatasetNotFound as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _print_findings(findings: Findings, limit: int = 40) -> None:
    items = list(findings)
    errors = [f for f in items if f.severity.value == "error"]
    shown = errors[:limit] if errors else items[:limit]
    t = Table(title="Findings", title_justify="left", header_style="bold")
    for col in ("severity", "code", "file", "row", "column", "message"):
        t.add_column(col)
    for f in shown:
        t.add_row(
            f.severity.value,
            f.code.value,
            f.file,
            "" if f.row is None else str(f.row),
            f.column or "",
            f.message,
        )
    err.print(t)
    rest = len(errors if errors else items) - len(shown)
    if rest > 0:
        err.print(f"... and {rest} more (use --report FILE to write them all)")


@dataset_app.command("build")
def dataset_build(
    recipe: Path = typer.Argument(..., help="YAML recipe listing the source files and their readers."),
    out: Path | None = typer.Option(
        None, "--out", help="Folder to write the snapshot to (default: datasets/NAME)."
    ),
    raw_root: Path | None = typer.Option(
        None,
        "--raw-root",
        help="Folder the recipe's source paths are relative to (overrides the recipe's root).",
    ),
    report: Path | None = typer.Option(
        None, "--report", help="Write every finding (errors and warnings) to this CSV."
    ),
) -> None:
    """Read the published files of a recipe, validate them, and write an immutable snapshot.

    Any error refuses the whole import: nothing is written and an existing snapshot stays as it was.
    The target must be new, empty or a snapshot csrating wrote: a folder holding anything else is
    refused and left untouched. The new snapshot replaces the old one in one atomic step.
    """
    if report is not None and not report.parent.is_dir():
        err.print(
            f"[red]Error:[/red] cannot write the report to {report}: folder {report.parent} does not exist"
        )
        raise typer.Exit(2)
    findings = Findings()
    rec = ds_mod.load_recipe(recipe, findings, raw_root)
    if rec is None or findings.has_errors:
        _print_findings(findings)
        if report:
            findings.write_csv(report)
        raise typer.Exit(1)
    target = out or Path("datasets") / rec.name
    try:
        ds_mod.check_target(target.absolute())
    except ds_mod.UnsafeTarget as exc:
        err.print(f"[red]Refused:[/red] {exc}")
        raise typer.Exit(2) from None
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("reading", total=len(rec.sources))

        def tick(label: str, done: int, total: int) -> None:
            progress.update(task, completed=done, description=f"reading {Path(label).name}")

        try:
            result = ds_mod.build(rec, target, findings, progress=tick)
        except ImportRefused as exc:
            progress.stop()
            _print_findings(exc.findings)
            if report:
                exc.findings.write_csv(report)
            kept = " The existing snapshot was left unchanged." if target.exists() else ""
            err.print(
                f"[red]Import refused:[/red] {len(exc.findings.errors)} errors. No snapshot written.{kept}"
            )
            raise typer.Exit(1) from None
        except ds_mod.UnsafeTarget as exc:
            progress.stop()
            err.print(f"[red]Refused:[/red] {exc}")
            raise typer.Exit(2) from None
    if report:
        findings.write_csv(report)
    m = result.manifest
    console.print(f"Wrote [bold]{m['name']}[/bold] to {result.path} in {m['build_seconds']} s")
    rows = pl.DataFrame({"table": list(m["tables"]), "rows": [v["rows"] for v in m["tables"].values()]})
    console.print(_frame_table(rows, "Tables"))
    if findings.warnings:
        console.print(f"{len(findings.warnings)} warnings (listed in {result.path / 'findings.csv'})")


@dataset_app.command("info")
def dataset_info(
    name: str = typer.Argument(DEFAULT_DATASET, help="Dataset name (embedded or in ./datasets) or folder."),
) -> None:
    """Summarise a dataset: sources and as-at dates, LAs, settings by grade, indicators, LA inspections."""
    ds = _open(name)
    _print_summary(ds)


def _print_summary(ds: ds_mod.Dataset) -> None:
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
    console.print(_frame_table(src, "Sources"))
    if m.get("blocks"):
        blocks = pl.DataFrame({"block": list(m["blocks"]), "as at": list(m["blocks"].values())})
        console.print(_frame_table(blocks, "As-at date of each block"))
    console.print(_frame_table(summary.la_counts(ds), "Local authorities by type"))
    console.print(_frame_table(summary.settings_by_type(ds), "Settings by type (grade of latest inspection)"))
    ref = summary.reference_counts(ds)
    if ref.height:
        console.print(
            _frame_table(ref, "Coverage: the real number of settings then (England), and where it comes from")
        )
    console.print(
        _frame_table(summary.indicators_by_outcome(ds), "Indicators by Every Child Matters outcome")
    )
    console.print(_frame_table(summary.la_inspections_by_type(ds), "Inspections of the LA (judgements)"))


@dataset_app.command("verify")
def dataset_verify(name: str = typer.Argument(DEFAULT_DATASET, help="Dataset name or folder.")) -> None:
    """Check every table file of a dataset against the checksum in its manifest."""
    ds = _open(name)
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


def _methodology(year: str | None, ds: ds_mod.Dataset):
    from csrating.methodology.loader import MethodologyError, load

    y = year or str(ds.manifest.get("defaults", {}).get("year") or "")
    if not y:
        err.print(f"[red]error:[/red] give --year (dataset {ds.name} names no default year)")
        raise typer.Exit(2)
    try:
        return load(y)
    except MethodologyError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _builder(ds: ds_mod.Dataset, year: str | None):
    from csrating.profile.profile import ProfileBuilder, ProfileError

    m = _methodology(year, ds)
    try:
        return ProfileBuilder(ds, m)
    except ProfileError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def _resolve_la(text: str, ds: ds_mod.Dataset, census) -> str:  # noqa: ANN001 - date
    from csrating.sources.la_codes import LaReference, normalise_name

    las = ds.table("local_authorities")
    codes = set(las["la_code"].to_list())
    if text in codes:
        return text
    code = LaReference.default().resolve(text, on=census)
    if code in codes:
        return code
    key = normalise_name(text)
    hits = [c for c, n in zip(las["la_code"], las["name"], strict=True) if normalise_name(n) == key]
    if len(hits) == 1:
        return hits[0]
    err.print(f"[red]error:[/red] no LA {text!r} in dataset {ds.name} (give a DfE code, GSS code or name)")
    raise typer.Exit(2)


def _check_request(la: str | None, all_: bool, fmt: str | None = None) -> None:
    """Exit 2 with a clear message for a command asked for neither an LA nor --all, or a bad --format."""
    if fmt is not None and fmt not in ("table", "json"):
        err.print("[red]error:[/red] --format is table or json")
        raise typer.Exit(2)
    if not all_ and la is None:
        err.print("[red]error:[/red] name an LA, or give --all")
        raise typer.Exit(2)


@app.command("profile")
def profile_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code (314), GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (2009, 2010, 2011, 2025...)."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    fmt: str = typer.Option("table", "--format", help="table (readable) or json."),
    all_: bool = typer.Option(False, "--all", help="Build the profile of every LA of the dataset."),
    out: Path | None = typer.Option(
        None, "--out", help="With --all: write the profiles to this .parquet, .csv or .json file."
    ),
    tables: Path | None = typer.Option(
        None, "--tables", help="With --all: write the profile tables (one Parquet file each) to this folder."
    ),
) -> None:
    """The performance profile of an LA (blocks A, B and C against similar areas and England)."""
    from csrating.profile.export import flatten
    from csrating.profile.render import print_profile

    _check_request(la, all_, fmt)
    if tables is not None and not all_:
        err.print("[red]error:[/red] --tables goes with --all")
        raise typer.Exit(2)
    ds = _open(dataset)
    builder = _builder(ds, year)
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
        profiles = []
        with Progress(
            TextColumn("[bold]profiles"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            task = progress.add_task("profiles", total=len(builder.las()))
            for code in builder.las():
                profiles.append(builder.build(code))
                progress.advance(task)
        flat = flatten(profiles)
        if out is None:
            console.print(
                flat.filter(pl.col("block") == "settings", pl.col("item") == "all").select(
                    "la_code", "la_name", "value", "count", "england_verdict", "similar_verdict"
                )
            )
            console.print(f"{len(profiles)} profiles; give --out FILE to save them all")
            return
        if out.suffix == ".csv":
            flat.write_csv(out)
        elif out.suffix == ".json":
            out.write_text(
                "[" + ",\n".join(p.to_json(indent=None) for p in profiles) + "]\n", encoding="utf-8"
            )
        else:
            flat.write_parquet(out)
        console.print(f"Wrote {len(profiles)} profiles ({flat.height} rows) to {out}")
        return
    code = _resolve_la(la, ds, builder.census)
    p = builder.build(code)
    if fmt == "json":
        print(p.to_json())
    else:
        print_profile(p, console)


def _engine(ds: ds_mod.Dataset, year: str | None, db: str | None, with_judgements: bool = True):
    from csrating.rating.engine import RatingEngine

    builder = _builder(ds, year)
    judgements = {}
    if with_judgements:
        judgements = _store_call(lambda store: store.latest_judgements(builder.m.year, ds.name), db)
    try:
        return RatingEngine(ds, builder.m, builder, judgements)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def _store_call(fn, db: str | None):  # noqa: ANN001, ANN202
    from csrating import store
    from csrating.rating.judgement import JudgementRefused
    from csrating.web.settings import web_settings

    try:
        store.setup(db, settings=web_settings())
        return fn(store)
    except JudgementRefused:
        raise
    except store.StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    except Exception as exc:  # a database that cannot be reached or opened
        err.print(f"[red]error:[/red] application database {store.database_url(db)!r}: {exc}")
        raise typer.Exit(1) from None


DB_HELP = (
    "Application database URL (sqlite:///file.sqlite3 or postgresql://...); "
    "default $CSRATING_DATABASE_URL or sqlite:///csrating.sqlite3."
)


@app.command("rate")
def rate_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (2009, 2010, 2011, 2025)."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    all_: bool = typer.Option(False, "--all", help="Rate every LA of the dataset."),
    explain_: bool = typer.Option(
        False, "--explain", help="Print every rule, parameter and figure behind the rating."
    ),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    csv_out: Path | None = typer.Option(None, "--csv", help="With --all: write the ratings to this CSV."),
    xlsx_out: Path | None = typer.Option(
        None, "--xlsx", help="With --all: write a workbook (cover, notes, ratings, distribution, trace)."
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

    _check_request(la, all_, fmt)
    ds = _open(dataset)
    engine = _engine(ds, year, db, with_judgements=not no_judgements)
    if not all_:
        code = _resolve_la(la, ds, engine.profiles.census)
        r = engine.rate(code)
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
    profiles = engine.profiles.build_all()
    ratings = engine.rate_all(profiles)
    if fmt == "json":
        print("[" + ",\n".join(r.to_json(indent=None) for r in ratings) + "]")
    else:
        national(ratings, console, f"Ratings {engine.m.year} - {ds.name}")
    if csv_out:
        export.write_csv(ratings, csv_out)
        console.print(f"Wrote {csv_out}")
    if xlsx_out:
        export.write_xlsx(ratings, xlsx_out, engine.m.year, ds.name, ds.synthetic)
        console.print(f"Wrote {xlsx_out}")
    if sensitivity:
        from csrating.rating import sensitivity as sens

        rows = sens.run(engine, profiles, step)
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


@app.command("judge")
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

    ds = _open(dataset)
    engine = _engine(ds, year, db, with_judgements=False)
    code = _resolve_la(la, ds, engine.profiles.census)
    if history:
        rows = _store_call(lambda store: store.history(code, engine.m.year, ds.name), db)
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
        j = _store_call(
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


def _letter_formats(fmt: str) -> tuple[str, ...]:
    """The formats of a --format list; exits 2 naming the formats when one is unknown or none is given."""
    from csrating.letters import render

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    if not formats or any(f not in render.FORMATS for f in formats):
        err.print(
            f"[red]error:[/red] --format takes {', '.join(render.FORMATS)} (comma-separated); got {fmt!r}"
        )
        raise typer.Exit(2)
    return formats


@app.command("letter")
def letter_cmd(
    la: str | None = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all."),
    year: str | None = typer.Option(None, "--year", help="Methodology year."),
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    fmt: str = typer.Option("html", "--format", help="Comma-separated formats: md, html, pdf, docx."),
    out: Path = typer.Option(
        Path("letters"), "--out", help="Folder to write the letters and their claims.json to."
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
    from csrating.letters import render
    from csrating.letters.letter import build

    formats = _letter_formats(fmt)
    _check_request(la, all_)
    ds = _open(dataset)
    engine = _engine(ds, year, db, with_judgements=not no_judgements)
    codes = engine.las() if all_ else [_resolve_la(la, ds, engine.profiles.census)]
    import os

    letters = []
    for code in codes:
        p = engine.profiles.build(code, inputs=False)
        rating = engine.rate_profile(p, engine.judgements.get(code))
        letters.append(build(p, rating, ds, signatory=signatory, signatory_title=signatory_title))
    if jobs <= 0:
        jobs = (os.cpu_count() or 1) if "pdf" in formats else 1
    with Progress(
        TextColumn("[bold]letters"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal or len(codes) < 2,
    ) as progress:
        task = progress.add_task("letters", total=len(codes))
        written = render.write_many(letters, out, formats, jobs, lambda: progress.advance(task))
    if len(codes) == 1:
        for f in written:
            console.print(f"Wrote {f}")
    else:
        console.print(f"Wrote {len(codes)} letters ({', '.join(formats)}, with claims.json) to {out}")


methodology_app = typer.Typer(
    help="Show the versioned methodology: rules and parameters.", no_args_is_help=True
)
app.add_typer(methodology_app, name="methodology")


@methodology_app.command("list")
def methodology_list() -> None:
    """List the methodology years and what each changes from the year it extends."""
    from csrating.methodology.loader import available, available_apa, load

    for y in [*available(), *available_apa()]:
        m = load(y)
        ch = m.changes[y]
        console.print(
            f"[bold]{y}[/bold] {m.title} (extends {m.lineage[-2] if len(m.lineage) > 1 else 'nothing'}): "
            f"{len(ch['added'])} added, {len(ch['changed'])} changed, {len(ch['deleted'])} deleted parameters"
        )


@methodology_app.command("show")
def methodology_show(year: str = typer.Argument(..., help="Methodology year.")) -> None:
    """The catalogue of a year: each rule (code, stage, statement) and each parameter (value, source)."""
    from csrating.methodology.loader import MethodologyError, load
    from csrating.rating.engine import rules_for

    try:
        m = load(year)
        rules = rules_for(m)
    except MethodologyError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(
        f"[bold]{m.title}[/bold] ({' -> '.join(m.lineage)}), published {m.published or 'not recorded'}"
    )
    if rules:
        console.print("\n[bold]Rules[/bold] (in the order they run)")
    for r in rules:
        console.print(f"\n[bold]{r.code}[/bold] ({r.stage.value}) - {r.title}")
        console.print("  " + r.doc.replace("\n", "\n  "))
    t = Table(title="Parameters", title_justify="left")
    for col in ("name", "value", "unit", "provenance", "set in"):
        t.add_column(col)
    for p in m.parameters.values():
        value = str(p.value)
        t.add_row(
            p.name,
            value if len(value) < 80 else value[:77] + "...",
            p.unit or "",
            "ASSUMED" if p.assumed else p.reference,
            p.set_in,
        )
    console.print(t)


@app.command("run")
def run(
    dataset: str = typer.Option(DEFAULT_DATASET, "--dataset", help="Dataset name or folder."),
    year: str | None = typer.Option(None, "--year", help="Methodology year (default: the dataset's)."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the outputs (profiles.parquet ...)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The main job: verify and summarise a dataset, then profile, rate and write the letter of every LA."""
    from csrating.profile.evidence import dates_line, short_line
    from csrating.profile.export import flatten
    from csrating.rating import export
    from csrating.rating.engine import RatingEngine, distribution

    ds = _open(dataset)
    bad = ds.verify()
    if bad:
        for b in bad:
            err.print(f"[red]{b}[/red]")
        raise typer.Exit(1)
    _print_summary(ds)
    builder = _builder(ds, year)
    profiles = builder.build_all()
    judgements = _store_call(lambda store: store.latest_judgements(builder.m.year, ds.name), db)
    engine = RatingEngine(ds, builder.m, builder, judgements)
    ratings = {r.la_code: r for r in engine.rate_all(profiles)}
    out.mkdir(parents=True, exist_ok=True)
    flat = flatten(profiles)
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
    from csrating.letters.letter import build as build_letter

    for p in profiles:
        render.write(build_letter(p, ratings[p.la_code], ds), out / "letters", ("html",))
    title = f"Profiles and ratings, methodology {builder.m.year}"
    if ds.synthetic:
        title += " (SYNTHETIC comparators)"
    console.print(_frame_table(pl.DataFrame(rows), title))
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
    _run_apa(ds, out / "apa")


def _run_apa(ds: ds_mod.Dataset, out: Path) -> None:
    """The APA letters of every LA and year the dataset records APA judgements for (none: nothing)."""
    from csrating.apa.letter import build as build_apa
    from csrating.apa.model import YEARS, assess, assessed_las
    from csrating.letters import render

    written = 0
    for year in YEARS:
        for code in assessed_las(ds, year):
            a = assess(ds, code, year)
            render.write(build_apa(a, ds), out, ("html",), stem=f"{code}-apa-{year}")
            written += 1
            for f in a.findings:
                console.print(f"[yellow]APA {year} {code}:[/yellow] {f}")
    if written:
        noun = "letter" if written == 1 else "letters"
        console.print(
            f"Wrote {written} annual performance assessment {noun} (HTML with claims.json) to {out}"
        )


apa_app = typer.Typer(
    help="The annual performance assessment (2005-2008): recorded judgements, overall grade, letter.",
    no_args_is_help=True,
)
app.add_typer(apa_app, name="apa")
APA_LA = typer.Argument(None, help="LA: DfE code, GSS code or name. Omit with --all.")
APA_YEAR = typer.Option(None, "--year", help="APA year, 2005-2008 (default: the latest recorded).")
APA_DATASET = typer.Option("seeds-2009", "--dataset", help="Dataset name or folder.")
APA_ALL = typer.Option(False, "--all", help="Every LA with judgements recorded for the year.")


def _apa_targets(ds: ds_mod.Dataset, la: str | None, all_: bool, year: int | None) -> tuple[list[str], int]:
    """The LAs and year an APA command works on; exits 2 with the reason when there are none."""
    import datetime

    from csrating.apa.model import YEARS

    _check_request(la, all_)
    table = ds.table("apa_judgements")
    code = None
    if not all_:
        code = _resolve_la(la, ds, datetime.date(2008, 12, 31))
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

    _check_request(la, all_, fmt)
    ds = _open(dataset)
    codes, year = _apa_targets(ds, la, all_, year)
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
        Path("letters"), "--out", help="Folder to write the letters and claims.json to."
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

    formats = _letter_formats(fmt)
    when = None
    if letter_date:
        try:
            when = datetime.date.fromisoformat(letter_date)
        except ValueError:
            err.print(f"[red]error:[/red] --date takes a date as YYYY-MM-DD; got {letter_date!r}")
            raise typer.Exit(2) from None
    ds = _open(dataset)
    codes, year = _apa_targets(ds, la, all_, year)
    written = []
    for code in codes:
        letter = build(
            assess(ds, code, year), ds, letter_date=when, signatory=signatory, signatory_title=signatory_title
        )
        written += render.write(letter, out, formats, stem=f"{code}-apa-{year}")
    for f in written:
        console.print(f"Wrote {f}")


web_app = typer.Typer(
    help="The web application: ratings, each LA's rating and profile, letters, judgements.",
    no_args_is_help=True,
)
app.add_typer(web_app, name="web")


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
    from csrating.web.settings import GOVUK

    ds = _open(dataset)
    _methodology(year, ds)  # exits 2 with the reason for a bad year
    if not os.environ.get("CSRATING_SECRET_KEY"):
        os.environ["CSRATING_SECRET_KEY"] = secrets.token_urlsafe(50)
        err.print("note: no $CSRATING_SECRET_KEY; sessions last until the server stops")
    if not GOVUK.is_dir():
        err.print(
            "note: GOV.UK Frontend is not installed (scripts/install.sh runs npm ci): pages are unstyled"
        )
    state.choose(str(ds.path), year)
    _store_call(lambda store: None, db)
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    engine = state.engine()  # profiles and ratings are built before the first request
    console.print(
        f"csrating web: {engine.ds.name}, {engine.m.title}, on http://{host}:{port}/ (Ctrl+C stops it)"
    )
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

    created = _store_call(add, db)
    console.print(f"{'Added' if created else 'Updated'} user {name}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
