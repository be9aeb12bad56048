"""What the command groups share: the consoles, the options every command takes, and the turning of
the pipeline's errors into a clear message and an exit code (never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from csrating.pipeline import DEFAULT_DATASET, PipelineError

if TYPE_CHECKING:
    import polars as pl
    from rich.progress import Progress

    from csrating.dataset import Dataset
    from csrating.findings import Findings

__all__ = ["DEFAULT_DATASET", "console", "err"]

# wide enough for the summary tables when the output is a file or a pipe rather than a terminal
_WIDTH = None if sys.stdout.isatty() else 160
console = Console(width=_WIDTH)
err = Console(stderr=True, width=_WIDTH)

DB_HELP = (
    "Application database URL (sqlite:///file.sqlite3 or postgresql://...); "
    "default $CSRATING_DATABASE_URL or sqlite:///csrating.sqlite3."
)


@contextmanager
def clear_errors() -> Iterator[None]:
    """Turn the pipeline's errors into the message and exit code of the command line."""
    try:
        yield
    except PipelineError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(exc.exit_code) from None


def out_file(path: Path | None) -> Path | None:
    """Option callback for a file to write (--csv, --xlsx, --report, profile --out): checked before any
    work, so a bad path is a clear usage error (exit 2) and never a traceback or half an output."""
    if path is None:
        return None
    reason = None
    if path.is_dir():
        reason = "it is a folder; give a file name"
    elif not path.parent.exists():
        reason = f"folder {path.parent} does not exist"
    elif not path.parent.is_dir():
        reason = f"{path.parent} is a file, not a folder"
    else:
        reason = _cannot_write(path.parent)
    if reason:
        raise typer.BadParameter(f"cannot write {path}: {reason}")
    return path


def out_folder(path: Path | None) -> Path | None:
    """Option callback for a folder to write into (--out, --tables): it is made when missing, so the
    nearest folder that exists must be writable and nothing on the way may be a file."""
    if path is None:
        return None
    at = path
    while not at.exists() and at != at.parent:
        at = at.parent
    reason = None
    if not at.is_dir():
        reason = f"{at} is a file, not a folder"
    else:
        reason = _cannot_write(at)
    if reason:
        raise typer.BadParameter(f"cannot write into {path}: {reason}")
    return path


def _cannot_write(folder: Path) -> str | None:
    """Why no file can be made in the folder (tried for real: permission bits do not stop root), or None."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as exc:
        return f"no permission to write in {folder} ({exc.strerror or exc})"


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """A write that fails anyway (a disk full, a folder removed meanwhile) is a clear error, exit 1."""
    try:
        yield
    except OSError as exc:
        err.print(f"error: cannot write {path}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def frame_table(df: pl.DataFrame, title: str) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for col in df.columns:
        numeric = df[col].dtype.is_numeric()
        t.add_column(col.replace("_", " "), justify="right" if numeric else "left")
    for row in df.iter_rows():
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


def progress(label: str, *, elapsed: bool = True, show: bool = True) -> Progress:
    """A progress bar on standard error, shown only on a terminal (and when ``show``), gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn()]
    if elapsed:
        columns.append(TimeElapsedColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal or not show)


def open_dataset(name: str) -> Dataset:
    from csrating import pipeline

    with clear_errors():
        return pipeline.open_dataset(name)


def open_run(
    dataset: str | Dataset, year: str | None, db: str | None = None, with_judgements: bool = True
) -> Any:
    """The pipeline's run over a dataset and year, with the judgements recorded in the application
    database (where there is one) unless told not to read them; exits with the reason on bad input."""
    from csrating import pipeline

    with clear_errors():
        ds = pipeline.open_dataset(dataset) if isinstance(dataset, str) else dataset
        m = pipeline.methodology(year, ds)
    judgements: dict[str, Any] = {}
    if with_judgements:
        judgements = store_call(
            lambda store: pipeline.stored_judgements(m.year, ds.name, db), db, setup=False
        )
    return pipeline.Run(ds, m, judgements)


def print_findings(findings: Findings, limit: int = 40) -> None:
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


def check_request(la: str | None, all_: bool, fmt: str | None = None) -> None:
    """Exit 2 with a clear message for a command asked for neither an LA nor --all, or a bad --format."""
    if fmt is not None and fmt not in ("table", "json"):
        err.print("[red]error:[/red] --format is table or json")
        raise typer.Exit(2)
    if not all_ and la is None:
        err.print("[red]error:[/red] name an LA, or give --all")
        raise typer.Exit(2)


def store_call(fn, db: str | None, setup: bool = True, settings: dict[str, Any] | None = None):  # noqa: ANN001, ANN202
    """Call ``fn(store)`` with the application database set up (``setup``, with an interface's Django
    ``settings``) and its errors made clear."""
    from csrating import store
    from csrating.rating.judgement import JudgementRefused

    try:
        if setup:
            store.setup(db, settings=settings)
        return fn(store)
    except JudgementRefused:
        raise
    except store.StoreError as exc:
        err.print(f"[red]error:[/red] {store.masked(str(exc))}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    except Exception as exc:  # a database that cannot be reached or opened; no password is ever shown
        url = store.mask_url(store.database_url(db))
        msg = store.masked(str(exc).strip())
        err.print(f"error: application database {url!r}: {msg}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def letter_formats(fmt: str) -> tuple[str, ...]:
    """The formats of a --format list; exits 2 naming the formats when one is unknown or none is given."""
    from csrating.letters.render import FORMATS

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    if not formats or any(f not in FORMATS for f in formats):
        err.print(f"[red]error:[/red] --format takes {', '.join(FORMATS)} (comma-separated); got {fmt!r}")
        raise typer.Exit(2)
    return formats
