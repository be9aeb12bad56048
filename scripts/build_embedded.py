"""Rebuild the embedded datasets in data/ from the public files in ../shared/data/raw.

    .venv/bin/python scripts/build_embedded.py [--raw ../shared/data/raw] [--only seeds-2009]

seeds-2009 is first expanded from its hand-written specification (scripts/build_seeds_2009.py), then every
dataset goes through the same `dataset build` as any user's recipe: seeds-2009, england-latest and the
historical england-2009, england-2010 and england-2011 (the 152 LAs of 2009 as later files let csrating
see them at each year's census). Their total size must stay under 15 MB.
Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LIMIT_MB = 15
EMBEDDED = ["seeds-2009", "england-latest", "england-2009", "england-2010", "england-2011"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", default=str(ROOT.parent / "shared" / "data" / "raw"))
    ap.add_argument("--only", choices=EMBEDDED)
    args = ap.parse_args()
    names = [args.only] if args.only else EMBEDDED
    for name in names:
        if name == "seeds-2009":
            subprocess.run([sys.executable, str(ROOT / "scripts" / "build_seeds_2009.py")], check=True)
        cmd = [
            sys.executable,
            "-m",
            "csrating.cli",
            "dataset",
            "build",
            str(DATA / "recipes" / f"{name}.yaml"),
            "--out",
            str(DATA / name),
        ]
        if name != "seeds-2009":
            cmd += ["--raw-root", args.raw]
        print("$", " ".join(cmd))
        if subprocess.run(cmd).returncode != 0:
            return 1
    size = sum(p.stat().st_size for n in EMBEDDED for p in (DATA / n).rglob("*") if p.is_file())
    print(f"embedded datasets: {size / 1e6:.1f} MB (limit {LIMIT_MB} MB)")
    return 0 if size < LIMIT_MB * 1e6 else 1


if __name__ == "__main__":
    raise SystemExit(main())
