"""Ratings printed for people: one LA explained rule by rule, or a national table with its distribution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from csrating.profile.evidence import coverage_line, dates_line, short_line, source_lines
from csrating.rating.engine import Rating, distribution


def evidence(r: Rating, console: Console, *, sources: bool = True) -> None:
    """The evidence a rating rests on: coverage of each block, the dates, and every source's as-at date."""
    if r.not_rated:
        console.print(
            escape(f"Not rated: {r.not_rated_reason} (the rules reached grade {r.computed_grade}).")
        )
    console.print(escape(coverage_line(r.evidence)))
    console.print(escape(dates_line(r.evidence)))
    if sources:
        console.print("Sources (as at):")
        for line in source_lines(r.evidence):
            console.print(escape(f"  {line}"))


def explain(r: Rating, console: Console) -> None:
    head = f"[bold]{r.la_name} ({r.la_code}): {r.label}"
    head += f" ({r.grade})[/bold]" if r.grade else "[/bold]"
    console.print(f"{head} - methodology {r.year}, dataset {r.dataset}")
    if r.synthetic:
        console.print("[yellow]SYNTHETIC:[/yellow] built from made-up figures (fixture data).")
    if r.withheld:
        console.print(f"Withheld: {r.withheld_reason} (the rules reached grade {r.computed_grade}).")
    evidence(r, console)
    for t in r.trace:
        mark = "[green]fired[/green]" if t.fired else "[dim]no change[/dim]"
        before = "-" if t.grade_before is None else t.grade_before
        after = "-" if t.grade_after is None else t.grade_after
        grades = f"{before} -> {after}"
        console.print(f"\n[bold]{t.code}[/bold] ({t.stage}) {mark}  grade {grades}")
        console.print(f"  {t.title}")
        console.print(f"  {escape(t.message)}")
        for p in t.params:
            where = "assumed" if p.assumed else f"source: {p.source}"
            console.print(escape(f"  parameter {p.name} = {p.value}  [{where}; set in {p.set_in}]"))
        for f in t.figures:
            console.print(escape(f"  figure {f.name} = {f.value}"))
            if f.rows_of:
                console.print(escape(f"    rows: those of {f.rows_of}"))
            _rows(f.rows, console)


ROWS_SHOWN = 12


def _cell(v: Any) -> str:
    if isinstance(v, list):
        return " ".join(map(str, v))
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _rows(rows: Sequence[dict[str, Any]], console: Console) -> None:
    """The data rows behind a figure, one a line (the first ``ROWS_SHOWN``; JSON lists every one)."""
    for row in rows[:ROWS_SHOWN]:
        cells = (f"{k} {_cell(v)}" for k, v in row.items() if v is not None and v != [])
        console.print(escape("    row: " + "; ".join(cells)), soft_wrap=True)
    if len(rows) > ROWS_SHOWN:
        console.print(f"    ... and {len(rows) - ROWS_SHOWN} more rows (--format json lists every row)")


NATIONAL_COLUMNS = (
    "LA",
    "rating",
    "grade",
    "settings band",
    "indicators band",
    "limited by",
    "judgement",
    "evidence",
)


def _national_row(r: Rating) -> tuple[str, ...]:
    return (
        f"{r.la_name} ({r.la_code})",
        r.label,
        "" if r.grade is None else str(r.grade),
        "" if r.bands.get("settings") is None else str(r.bands["settings"]),
        "" if r.bands.get("indicators") is None else str(r.bands["indicators"]),
        ", ".join(r.limited_by),
        "" if not r.judgement else f"#{r.judgement['id']}",
        short_line(r.evidence),
    )


def plain_table(title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """A table as aligned plain text, a line per row and nothing wrapped: what a pipe or a file gets,
    easy to grep, sort or paste (a terminal gets the boxed table)."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(header)]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def national(ratings: list[Rating], console: Console, title: str) -> None:
    """Every LA's rating, the dates and sources, and the distribution: a boxed table in a terminal,
    aligned plain text (no wrapping) when the output goes to a pipe or a file."""
    rows = [_national_row(r) for r in ratings]
    dist = [(k, str(v)) for k, v in distribution(ratings).items()]
    if not console.is_terminal:
        console.out(plain_table(title, NATIONAL_COLUMNS, rows), highlight=False)
    else:
        t = Table(title=title, title_justify="left")
        for col in NATIONAL_COLUMNS:
            t.add_column(col)
        # cells as Text, not markup strings: the values hold no markup
        for row in rows:
            t.add_row(*(Text(cell) for cell in row))
        console.print(t)
    if ratings:
        console.out(dates_line(ratings[0].evidence), highlight=False)
        console.out("Sources (as at):", highlight=False)
        for line in source_lines(ratings[0].evidence):
            console.out(f"  {line}", highlight=False)
    if not console.is_terminal:
        console.out("\n" + plain_table("Distribution", ("rating", "LAs"), dist), highlight=False)
        return
    d = Table(title="Distribution", title_justify="left")
    d.add_column("rating")
    d.add_column("LAs", justify="right")
    for k, v in dist:
        d.add_row(k, v)
    console.print(d)
