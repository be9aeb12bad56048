"""csrating methodology: the versioned methodology, its rules and parameters."""

from __future__ import annotations

import typer

from csrating.cli.common import console, err

methodology_app = typer.Typer(
    help="Show the versioned methodology: rules and parameters.", no_args_is_help=True
)


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
    from csrating.letters.rule import letter_rules_for
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
    wording = letter_rules_for(m.year)
    if wording:
        console.print(
            "\n[bold]Letter rules[/bold] (the wording rules, in the order the letter makes its claims)"
        )
    for r in wording:
        params = f" [parameters: {', '.join(r.params)}]" if r.params else ""
        console.print(f"\n[bold]{r.code}[/bold] ({r.stage}) - {r.title}{params}")
        console.print("  " + r.doc.replace("\n", "\n  "))
    from rich.table import Table

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
