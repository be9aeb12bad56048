"""Crash test of `csrating judge`: kill -9 the command at random moments, N times, on a SQLite database, and
check after each kill that the database is intact and the judgement log still reads: every judgement seen
before is still there, unchanged, and the history is a chain (each entry supersedes the one before).

Run: .venv/bin/python scripts/crash_judge.py [--kills 50] [--seed 1] [--la 207] [--dataset seeds-2009]
Prints the number of kills, how many judgements were recorded, and every failure; exit 1 on any failure.
When a `csrating store verify` command exists it is called after each kill as well.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "csrating.cli"]
ENTRY = re.compile(r"^#(\d+) (.*)$")


def judge(db: str, la: str, dataset: str, grade: int, i: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "judge", la, "--dataset", dataset, "--to", str(grade), "--reason", f"crash test {i}"]
        + ["--author", "crash_judge", "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def history(db: str, la: str, dataset: str) -> tuple[int, dict[int, str], str]:
    r = subprocess.run(
        [*CLI, "judge", la, "--dataset", dataset, "--history", "--db", db], capture_output=True, text=True
    )
    entries = {int(m.group(1)): m.group(2) for line in r.stdout.splitlines() if (m := ENTRY.match(line))}
    return r.returncode, entries, r.stdout + r.stderr


def has_verify() -> bool:
    r = subprocess.run([*CLI, "store", "verify", "--help"], capture_output=True, text=True)
    return r.returncode == 0


def check(path: Path, db: str, la: str, dataset: str, seen: dict[int, str], verify: bool) -> list[str]:
    problems = []
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
    finally:
        con.close()
    code, entries, out = history(db, la, dataset)
    if code != 0:
        problems.append(f"the history does not read (exit {code}): {out[-300:]}")
        return problems
    for n, text in seen.items():
        if entries.get(n) != text:
            problems.append(f"judgement #{n} changed or vanished: {text!r} -> {entries.get(n)!r}")
    numbers = sorted(entries)
    for prev, n in zip(numbers, numbers[1:], strict=False):
        if f"supersedes #{prev}" not in entries[n]:
            problems.append(f"judgement #{n} does not supersede #{prev}: the chain is broken")
    if verify:
        r = subprocess.run([*CLI, "store", "verify", "--db", db], capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"store verify failed: {(r.stdout + r.stderr)[-300:]}")
    seen.update(entries)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--la", default="207")
    ap.add_argument("--dataset", default="seeds-2009")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    verify = has_verify()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.sqlite3"
        db = f"sqlite:///{path}"
        if judge(db, args.la, args.dataset, 3, 0).wait() != 0:  # the first one also creates the tables
            print("the first judgement failed; nothing to test")
            return 1
        t0 = time.perf_counter()
        judge(db, args.la, args.dataset, 4, 0).wait()
        full = time.perf_counter() - t0
        seen: dict[int, str] = {}
        failures += check(path, db, args.la, args.dataset, seen, verify)
        completed = 0
        for i in range(1, args.kills + 1):
            grade = 4 if i % 2 else 3
            proc = judge(db, args.la, args.dataset, grade, i)
            time.sleep(rng.uniform(0.0, full * 0.9))
            if proc.poll() is not None:
                completed += 1
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            for p in check(path, db, args.la, args.dataset, seen, verify):
                failures.append(f"kill {i}: {p}")
        print(f"kills: {args.kills} (the command had already finished in {completed} of them)")
        print(f"judgements in the log: {len(seen)}; store verify: {'called' if verify else 'not available'}")
    print(f"failures: {len(failures)}")
    for f in failures[:20]:
        print("FAILURE", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
