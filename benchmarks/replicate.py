"""A dataset replicated k times with new LA codes, to measure how the cost grows with the data.

Every row that belongs to an LA (local authorities, neighbours, contacts, settings and their inspections,
indicator values of LAs, inspections of LAs, serious case reviews, expected settings, APA judgements)
is copied k-1 times with the LA's code, GSS code and name suffixed ``x1``, ``x2``..., and setting URNs
and inspection ids suffixed likewise, so each copy is a separate set of LAs with its own neighbours
(within the copy) and its own settings. England's rows and the definitions are not copied. Tables are
sorted and written as a snapshot stores them (``stored_order``, ``write_table``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl

from csrating.dataset import Dataset, stored_order, write_table

# columns holding an LA's code, and columns holding other keys that must stay unique per copy
LA_COLUMNS = ("la_code", "neighbour_code")
KEY_COLUMNS = ("urn", "predecessor_urn", "inspection_id", "gss_code", "name")
KEYED_BY_URN = ("settings", "setting_inspections")


def _suffixed(df: pl.DataFrame, table: str, k: int, la_codes: set[str]) -> pl.DataFrame:
    s = f"x{k}"
    cols = [c for c in LA_COLUMNS if c in df.columns]
    if table in KEYED_BY_URN:
        cols += [c for c in ("urn", "predecessor_urn", "inspection_id") if c in df.columns]
    if table == "local_authorities":
        cols += [c for c in ("gss_code", "name", "formal_name") if c in df.columns]
    out = df.with_columns([(pl.col(c) + s).alias(c) for c in cols])
    if "area_code" in df.columns:
        out = out.filter(pl.col("area_code").is_in(la_codes)).with_columns(pl.col("area_code") + s)
    return out


def replicate(name: str, k: int, folder: Path) -> Path:
    """``name`` replicated ``k`` times into ``folder`` (made afresh); the folder is a dataset."""
    ds = Dataset(name)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    la_codes = set(ds.table("local_authorities")["la_code"].to_list())
    manifest = json.loads(json.dumps(ds.manifest))
    manifest["name"] = f"{ds.name}-x{k}"
    tables = {}
    for f in ds.path.glob("*.parquet"):
        table = f.stem
        df = ds.table(table)
        has_la = any(c in df.columns for c in (*LA_COLUMNS, "area_code")) or table == "setting_inspections"
        if k > 1 and has_la and df.height:
            df = pl.concat([df, *(_suffixed(df, table, i, la_codes) for i in range(1, k))], how="vertical")
        tables[table] = df
    # sorted, and the inspections' setting rows derived again, as a snapshot stores them
    for table, df in stored_order(tables).items():
        write_table(folder / f"{table}.parquet", table, df)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder


# the peak memory (resident set, MB) of the last process process_seconds ran, for scaling() to print
PEAK_MB: list[float] = []

# run by a small Python of its own: times the command and reports the command's peak memory. (The peak of a
# process forked straight from this benchmark would include this benchmark's own memory, which holds
# the replicated datasets: Linux counts a process's memory before exec in its peak.)
_TIMED = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
took = time.perf_counter() - t0
print(done.returncode, took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def process_seconds(args: list[str], repeat: int) -> float:
    """Median wall-clock time of a whole ``csrating`` process (imports and set-up included); the largest
    peak resident memory of its runs goes to ``PEAK_MB``."""
    import statistics
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("csrating"))
    times, peaks = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _TIMED, exe, *args], capture_output=True, text=True)
        code, took, peak_kb = out.stdout.split()
        if int(code):
            raise subprocess.CalledProcessError(int(code), [exe, *args])
        times.append(float(took))
        peaks.append(int(peak_kb) / 1024)  # kB on Linux
    PEAK_MB[:] = [max(peaks)]
    return statistics.median(times)


def scaling(name: str, factors: list[int], measure, label: str) -> None:  # noqa: ANN001
    """Print ``measure(dataset folder)`` (seconds) for the dataset replicated by each factor, and its
    ratio to 1x (linear growth: 10x the data in at most 12x the time)."""
    import tempfile

    base = None
    with tempfile.TemporaryDirectory(prefix="csrating-replicated-") as tmp:
        for k in [1, *[f for f in factors if f != 1]]:
            folder = Dataset(name).path if k == 1 else replicate(name, k, Path(tmp) / f"x{k}")
            seconds = measure(folder)
            base = base or seconds
            peak = f", peak memory {PEAK_MB.pop():.0f} MB" if PEAK_MB else ""
            print(f"{label}, dataset x{k}: {seconds:.3f} s ({seconds / base:.1f}x the time of x1){peak}")
