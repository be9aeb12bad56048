"""Fuzz every registered reader through `dataset build`: a seeded mutator over the readers' test files.

The readers come from the registry; each one's seeds are the test files it reads without an error (its
negative fixtures where none reads clean). Each case mutates one seed (drop or blank a column, an extra or a
missing field, an unquoted comma, encoding damage, an extreme value, truncation, a huge cell) and builds a
one-source recipe from it. Outcomes:

* refused with findings - ImportRefused with at least one error, and no snapshot written;
* valid snapshot - the build succeeded and the snapshot verifies and loads;
* traceback - any other exception (a bug);
* partial snapshot - a refused build that left a snapshot or a build folder, or a snapshot that does not
  verify (a bug).

Run: .venv/bin/python scripts/fuzz_readers.py [--cases 1000] [--seed 1] [--seconds 0]
The exit status is 1 when any case ended in a traceback or a partial snapshot.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from csrating import dataset  # noqa: E402
from csrating.findings import Findings, ImportRefused  # noqa: E402
from csrating.sources.registry import ReadContext, load_readers  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
RAW = FIXTURES / "raw"
BAD = FIXTURES / "bad"

# options some readers need to read their test files (the others need none)
OPTIONS: dict[str, dict[str, object]] = {
    "lait": {"dictionary": "lait_data_dictionary.csv"},
    "dfe_neighbours": {"model": "test"},
    "d2i_neighbours": {"model": "test"},
    "dfe_ees": {
        "filters": {"characteristic": "Total"},
        "require_figures": ["t_pupils"],
        "indicators": [{"column": "pt_met", "code": "test:met", "name": "Met", "polarity": "high"}],
    },
}
FOLDER = {"dfe_neighbours": "neighbours"}
OUTCOMES = ("refused with findings", "valid snapshot", "traceback", "partial snapshot")


@dataclass
class Seed:
    reader: str
    path: Path
    options: dict[str, object]


@dataclass
class Report:
    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_reader: dict[str, Counter[str]] = field(default_factory=dict)
    by_mutation: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, reader: str, mutation: str, outcome: str, detail: str = "") -> None:
        self.cases += 1
        self.outcomes[outcome] += 1
        self.by_reader.setdefault(reader, Counter())[outcome] += 1
        self.by_mutation.setdefault(mutation, Counter())[outcome] += 1
        if outcome in ("traceback", "partial snapshot"):
            self.failures.append(f"{reader} / {mutation}: {outcome}\n{detail}")

    @property
    def ok(self) -> bool:
        return not (self.outcomes["traceback"] or self.outcomes["partial snapshot"])


def _reads_clean(reader: str, path: Path, options: dict[str, object]) -> bool:
    findings = Findings()
    try:
        tables = load_readers()[reader].fn(
            path, ReadContext(findings=findings, label=path.name, options=options)
        )
    except Exception:
        return False
    return not findings.has_errors and any(df.height for df in tables.values())


def seeds() -> list[Seed]:
    """One or two seeds per registered reader: test files it reads clean, else its negative fixtures."""
    out: list[Seed] = []
    candidates = sorted(
        p for p in RAW.rglob("*") if p.suffix in (".csv", ".xlsx", ".parquet") and p.is_file()
    )
    candidates.append(FIXTURES / "canonical" / "mini")
    candidates += sorted((FIXTURES / "good").rglob("*.csv"))
    for name in sorted(load_readers()):
        options = OPTIONS.get(name, {})
        mine = [p for p in candidates if _dictionary_beside(p, options) and _reads_clean(name, p, options)][
            :2
        ]
        if not mine:
            folder = BAD / FOLDER.get(name, name)
            mine = (
                [
                    f
                    for f in sorted(folder.iterdir())
                    if f.suffix == ".csv" and not f.name.startswith(("dictionary_", "lait_data_dictionary"))
                ][:2]
                if folder.is_dir()
                else []
            )
        out += [Seed(name, p, options) for p in mine]
    return out


def _dictionary_beside(path: Path, options: dict[str, object]) -> bool:
    d = options.get("dictionary")
    return d is None or (path.parent / str(d)).exists()


# ---- mutations: each takes the rows of a CSV (as text lines) and a random source, returns bytes


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True)


def _split(line: bytes) -> list[bytes]:
    return line.rstrip(b"\r\n").split(b",")


def _join(cells: list[bytes]) -> bytes:
    return b",".join(cells) + b"\n"


def _column_op(raw: bytes, rng: random.Random, op: str) -> bytes:
    lines = _lines(raw)
    head = _split(lines[0])
    if any(b'"' in ln for ln in lines[:1]) or len(head) < 2:
        return raw
    j = rng.randrange(len(head))
    out = []
    for i, ln in enumerate(lines):
        cells = _split(ln)
        if len(cells) != len(head) or b'"' in ln:
            out.append(ln)
            continue
        if op == "drop":
            del cells[j]
        elif i:
            cells[j] = b""
        out.append(_join(cells))
    return b"".join(out)


def drop_column(raw: bytes, rng: random.Random) -> bytes:
    return _column_op(raw, rng, "drop")


def blank_column(raw: bytes, rng: random.Random) -> bytes:
    return _column_op(raw, rng, "blank")


def _body_line(raw: bytes, rng: random.Random) -> tuple[list[bytes], int]:
    lines = _lines(raw)
    return lines, rng.randrange(1, len(lines)) if len(lines) > 1 else 0


def extra_field(raw: bytes, rng: random.Random) -> bytes:
    lines, i = _body_line(raw, rng)
    lines[i] = lines[i].rstrip(b"\r\n") + b",extra\n"
    return b"".join(lines)


def missing_field(raw: bytes, rng: random.Random) -> bytes:
    lines, i = _body_line(raw, rng)
    cells = _split(lines[i])
    if len(cells) > 1:
        del cells[rng.randrange(len(cells))]
    lines[i] = _join(cells)
    return b"".join(lines)


def _change_cell(raw: bytes, rng: random.Random, change: Callable[[bytes], bytes]) -> bytes:
    """A random cell of a random body line replaced by ``change(cell)``."""
    lines, i = _body_line(raw, rng)
    cells = _split(lines[i])
    k = rng.randrange(len(cells))
    cells[k] = change(cells[k])
    lines[i] = _join(cells)
    return b"".join(lines)


def unquoted_comma(raw: bytes, rng: random.Random) -> bytes:
    return _change_cell(raw, rng, lambda cell: cell + b", Borough of")


def encoding_damage(raw: bytes, rng: random.Random) -> bytes:
    lines, i = _body_line(raw, rng)
    junk = rng.choice([b"\xe9", b"\x92", b"\xff\xfe", b"\x00", b"\xc3", "é".encode()])
    pos = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:pos] + junk + lines[i][pos:]
    if rng.random() < 0.5:  # a file that also holds real UTF-8 elsewhere
        lines[0] = lines[0].rstrip(b"\r\n") + b"" + b"\n"
        lines.append("Café,Ünïcode\n".encode())
    return b"".join(lines)


EXTREMES = [
    b"2099-01-01",
    b"1800-06-30",
    b"01/01/2099",
    b"31/12/1800",
    b"-5",
    b"-0.5",
    b"1e23",
    b"inf",
    b"nan",
    b"99999999999999",
    b"-1e23",
    b"0",
]


def extreme_value(raw: bytes, rng: random.Random) -> bytes:
    return _change_cell(raw, rng, lambda cell: rng.choice(EXTREMES))


def truncate(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(max(1, len(raw) // 4), max(2, len(raw)))]


def huge_cell(raw: bytes, rng: random.Random) -> bytes:
    return _change_cell(raw, rng, lambda cell: b"x" * (128 * 1024))


def stray_quote(raw: bytes, rng: random.Random) -> bytes:
    return _change_cell(raw, rng, lambda cell: b'"' + cell)


def duplicate_row(raw: bytes, rng: random.Random) -> bytes:
    lines, i = _body_line(raw, rng)
    lines.insert(i, lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n")
    return b"".join(lines)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    f.__name__: f
    for f in (
        drop_column,
        blank_column,
        extra_field,
        missing_field,
        unquoted_comma,
        encoding_damage,
        extreme_value,
        truncate,
        huge_cell,
        stray_quote,
        duplicate_row,
    )
}


def run_case(seed: Seed, mutation: str, rng: random.Random, work: Path, report: Report) -> None:
    case = work / f"case{report.cases}"
    case.mkdir()
    target = case / seed.path.name
    if seed.path.is_dir():
        shutil.copytree(seed.path, target)
    else:
        shutil.copyfile(seed.path, target)
    d = seed.options.get("dictionary")
    if d is not None:
        shutil.copyfile(seed.path.parent / str(d), case / str(d))
    # the file mutated: the seed itself, one CSV of a folder, or the dictionary beside a Parquet file
    if target.is_dir():
        victim = rng.choice(sorted(target.glob("*.csv")))
    elif target.suffix == ".parquet" and d is not None:
        victim = case / str(d)
    else:
        victim = target
    raw = victim.read_bytes()
    if victim.suffix in (".xlsx", ".parquet"):
        data = truncate(raw, rng) if mutation == "truncate" else raw[: len(raw) // 2]
    else:
        data = MUTATIONS[mutation](raw, rng) if raw.strip() else raw
    victim.write_bytes(data)
    recipe = case / "recipe.yaml"
    import yaml

    recipe.write_text(
        yaml.safe_dump(
            {
                "name": "fuzz",
                "root": str(case),
                "sources": [
                    {
                        "reader": seed.reader,
                        "path": target.name,
                        "as_at": "2023-03-31",
                        "options": seed.options,
                    }
                ],
            }
        )
    )
    out = case / "snapshot"
    findings = Findings()
    try:
        loaded = dataset.load_recipe(recipe, findings)
        if loaded is None:
            report.add(seed.reader, mutation, "refused with findings")
            return
        dataset.build(loaded, out, findings)
    except ImportRefused as exc:
        left = [p.name for p in case.iterdir() if p.name.startswith(".") or p.name == "snapshot"]
        if left or not exc.findings.errors:
            report.add(seed.reader, mutation, "partial snapshot", f"left behind: {left}")
        else:
            report.add(seed.reader, mutation, "refused with findings")
        return
    except Exception:
        report.add(seed.reader, mutation, "traceback", traceback.format_exc())
        return
    try:
        ds = dataset.Dataset(out)
        problems = ds.verify()
        ds.load_all()
    except Exception:
        report.add(seed.reader, mutation, "partial snapshot", traceback.format_exc())
        return
    if problems:
        report.add(seed.reader, mutation, "partial snapshot", str(problems))
    else:
        report.add(seed.reader, mutation, "valid snapshot")


def _read(reader: str, path: Path, options: dict[str, object]) -> tuple[dict[str, object], Findings]:
    findings = Findings()
    ctx = ReadContext(findings=findings, label="seed", options=options)
    return load_readers()[reader].fn(path, ctx), findings


def column_audit(seed: Seed, work: Path) -> list[tuple[str, str, str]]:
    """Remove, then blank, each column of a CSV seed in turn: where the reader's output changes, there
    must be a finding (an error, or a warning naming the default used). Returns (reader, column, what)
    for every silent change."""
    if seed.path.suffix != ".csv":
        return []
    base, _ = _read(seed.reader, seed.path, seed.options)
    raw = seed.path.read_bytes()
    import csv
    import io

    text = raw.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    silent = []
    for j, name in enumerate(rows[0]):
        for op in ("removed", "blanked"):
            if op == "removed":
                mutated = [r[:j] + r[j + 1 :] for r in rows]
            else:
                mutated = [rows[0]] + [r[:j] + [""] + r[j + 1 :] if len(r) > j else r for r in rows[1:]]
            f = work / seed.path.name
            d = seed.options.get("dictionary")
            if d is not None:
                shutil.copyfile(seed.path.parent / str(d), work / str(d))
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(mutated)
            f.write_text(buf.getvalue(), encoding="utf-8")
            try:
                tables, findings = _read(seed.reader, f, seed.options)
            except Exception:
                silent.append((seed.reader, name, f"{op}: traceback"))
                continue
            if len(findings):
                continue
            same = set(tables) == set(base) and all(tables[t].equals(base[t]) for t in base)  # type: ignore[attr-defined]
            if not same:
                silent.append((seed.reader, name, op))
    return silent


def fuzz(cases: int, seed: int, seconds: float = 0.0, readers: list[str] | None = None) -> Report:
    """Run ``cases`` mutated builds (stopping after ``seconds`` when given), round-robin over readers."""
    rng = random.Random(seed)
    all_seeds = [s for s in seeds() if readers is None or s.reader in readers]
    by_reader: dict[str, list[Seed]] = {}
    for s in all_seeds:
        by_reader.setdefault(s.reader, []).append(s)
    names = sorted(by_reader)
    report = Report()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="csrating-fuzz-") as tmp:
        for n in range(cases):
            if seconds and time.monotonic() - started > seconds:
                break
            s = rng.choice(by_reader[names[n % len(names)]])
            mutation = rng.choice(sorted(MUTATIONS))
            run_case(s, mutation, rng, Path(tmp), report)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=0.0, help="stop after this long (0: no limit)")
    ap.add_argument("--reader", action="append", help="only this reader (repeatable)")
    args = ap.parse_args()
    t0 = time.monotonic()
    report = fuzz(args.cases, args.seed, args.seconds, args.reader)
    print(f"cases run: {report.cases} in {time.monotonic() - t0:.0f} s (seed {args.seed})")
    for outcome in OUTCOMES:
        print(f"  {outcome}: {report.outcomes[outcome]}")
    print("by reader:")
    for name, c in sorted(report.by_reader.items()):
        print(f"  {name}: " + ", ".join(f"{o} {c[o]}" for o in OUTCOMES if c[o]))
    print("by mutation:")
    for name, c in sorted(report.by_mutation.items()):
        print(f"  {name}: " + ", ".join(f"{o} {c[o]}" for o in OUTCOMES if c[o]))
    for f in report.failures[:20]:
        print("FAILURE", f)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
