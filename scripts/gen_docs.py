"""Generate the reference pages in docs/ from the code: tables, findings, readers, rules and parameters.

Run: .venv/bin/python scripts/gen_docs.py   (tests/test_docs.py fails when a page is out of date)
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import csrating.letters  # noqa: F401 - names the letter (wording) rules' package
from csrating.findings import FINDING_DESCRIPTIONS, FindingCode
from csrating.methodology.loader import available, available_apa, load
from csrating.rules import rules
from csrating.sources import school_types
from csrating.sources.canonical import TABLES
from csrating.sources.registry import load_readers

DOCS = Path(__file__).resolve().parents[1] / "docs"


def tables_md() -> str:
    out = [
        "# Canonical tables",
        "",
        "The contract between the readers and the engine",
        "(generated from `src/csrating/sources/canonical.py`).",
        "Grades of settings: 1 outstanding .. 4 inadequate.",
        "Judgements about the LA: 4 outstanding .. 1 inadequate.",
        "A value that is not published carries a marker",
        "(`c` suppressed, `x` not available, `z` not applicable,",
        "`low` rounds to zero; csrating's own `nc`: an England or region figure",
        "in another unit than the LAs', never compared with them) and a null value - never 0.",
        "",
    ]
    for t in TABLES.values():
        out += [f"## `{t.name}`", "", t.description, "", f"Key: {', '.join(t.key) or '(none)'}", ""]
        if t.sort_columns:
            out += [f"Rows stored in the snapshot sorted by: {', '.join(t.sort_columns)}", ""]
        out += ["| column | type | required | allowed values | description |", "|---|---|---|---|---|"]
        for c in t.columns:
            allowed = c.allowed_values()
            shown = ", ".join(map(str, allowed)) if allowed else ""
            out.append(
                f"| `{c.name}` | {c.dtype} | {'yes' if c.required else ''} | {shown} | {c.description} |"
            )
        out.append("")
    return "\n".join(out)


def findings_md() -> str:
    out = [
        "# Finding codes",
        "",
        "Every problem found in input is reported with file, row, column, code, severity and message",
        "(generated from `src/csrating/findings.py`). Any error refuses the whole import.",
        "",
        "| code | meaning |",
        "|---|---|",
    ]
    out += [f"| `{c.value}` | {FINDING_DESCRIPTIONS[c]} |" for c in FindingCode]
    return "\n".join(out) + "\n"


def readers_md() -> str:
    out = [
        "# Readers",
        "",
        "One reader per published format (generated from the readers' docstrings). A recipe names a reader",
        "for each source file; `csrating dataset readers` lists them too.",
        "",
    ]
    for info in sorted(load_readers().values(), key=lambda r: r.name):
        out += [f"## `{info.name}`", "", f"Fills: {', '.join(f'`{t}`' for t in info.tables)}", ""]
        out += [info.description, ""]
        if info.options:
            out += ["Options:", ""]
            out += [f"- `{k}`: {v}" for k, v in info.options.items()]
            out.append("")
    out += [
        "## School typing (shared by the school readers)",
        "",
        inspect.cleandoc(school_types.__doc__ or ""),
        "",
    ]
    return "\n".join(out)


def cla_indicators_md() -> str:
    from csrating.sources.dfe_cla import DEFINITIONS, DEFINITIONS_DATED, HANDBOOK, NOT_DERIVED

    out = [
        "# Looked after children's National Indicators",
        "",
        "What the `dfe_cla_*` readers compute from DfE's looked after children tables of 2007/08-2011/12",
        "(generated from `src/csrating/sources/dfe_cla.py`). Value = scale x numerator / denominator,",
        "unrounded; a suppressed part gives its marker and a null value.",
        "",
        f"Definitions as of {DEFINITIONS_DATED.isoformat()}: {HANDBOOK}.",
        "",
    ]
    for d in DEFINITIONS.values():
        out += [
            f"## `{d.code}` (NI {d.ni}): {d.name}",
            "",
            f"- Outcome: {d.ecm_outcome.value} ({d.ecm_outcome.label}); polarity: {d.polarity.value}; "
            f"unit: {d.unit}; {d.decimal_places} decimal place(s) shown",
            f"- Numerator: {d.numerator}",
            f"- Denominator: {d.denominator}",
            f"- Columns: {d.columns}",
        ]
        if d.deviation:
            out.append(f"- Deviation: {d.deviation}")
        out.append("")
    for code, why in NOT_DERIVED.items():
        out += [f"## `{code}`: not read", "", why, ""]
    return "\n".join(out)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def rules_md() -> str:
    """Every registered rule (by kind, with its docstring and parameters) and every methodology parameter
    of every year (type, unit, provenance and reference), from the registry and the YAML files."""
    years = available() + available_apa()
    out = [
        "# Rules and parameters",
        "",
        "Generated by `scripts/gen_docs.py` from the rule registry (`csrating.rules`) and the methodology",
        "files (`src/csrating/methodology/*.yaml`); do not edit by hand.",
        "",
        "## Rules",
        "",
    ]
    for code, r in sorted(rules().items(), key=lambda kv: (kv[1].kind, str(kv[1].module), kv[0])):
        in_years = [y for y in years if code in load(y).rules] if r.kind == "rating" else []
        out += [f"### {code} ({r.kind}, {r.stage})", "", f"*{r.title}* - `{r.module}`", ""]
        if in_years:
            out += [f"Methodology years: {', '.join(in_years)}", ""]
        if r.params:
            names = ", ".join(f"`{n}`" + (" (optional)" if n in r.optional else "") for n in r.params)
            out += [f"Parameters read: {names}", ""]
        out += [r.doc, ""]
    out += ["## Parameters", ""]
    for y in years:
        m = load(y)
        out += [
            f"### {y}: {m.title}",
            "",
            "| parameter | value | type | unit | provenance | reference | set in |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, p in sorted(m.parameters.items()):
            value = p.as_dict()["value"]
            shown = _cell(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            ref = "" if p.provenance == "assumed" else p.reference
            cells = [f"`{name}`", shown, p.type, _cell(p.unit), p.provenance, _cell(ref), p.set_in]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


PAGES = {
    "tables.md": tables_md,
    "findings.md": findings_md,
    "readers.md": readers_md,
    "cla_indicators.md": cla_indicators_md,
    "rules.md": rules_md,
}


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for name, fn in PAGES.items():
        text = fn()
        path = DOCS / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run scripts/gen_docs.py)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
