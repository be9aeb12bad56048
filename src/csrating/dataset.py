"""Dataset snapshots: build one from a recipe of published files, read one back.

A snapshot is a folder of Parquet files, one per canonical table, plus ``manifest.json`` (each source file
with its checksum, publisher, licence and as-at date; row counts; build time; the warnings of the build)
and ``findings.csv``. It is immutable: a rebuild writes a new folder beside the old one and swaps it in
by renaming, so a failed or refused build leaves the previous snapshot untouched.

A recipe is YAML::

    name: england-latest
    title: Every LA in England, latest published data
    root: ../../../shared/data/raw      # folder the source paths are relative to (relative to the recipe)
    include: [england-latest.indicators.yaml]   # more source lists (YAML lists of sources)
    defaults: {neighbour_model: dfe-2021}       # recorded in the manifest for the profile
    blocks: {settings: "as at ...", ...}        # as-at notes per profile block, shown by `dataset info`
    post: {keep_latest_periods: 3}              # keep only the 3 latest periods of each indicator
    # a historical snapshot (england-2009 ...) also keeps only what was there at its date:
    # post: {settings_open_on: 2009-08-31, inspections_known_by: 2009-08-31, indicator_years_until: 2009}
    sources:
      - reader: ofsted_childcare
        path: ofsted-childcare-mi-2021/childcare_providers_most_recent_inspections_2021-08-31.csv
        publisher: Ofsted
        title: Childcare providers and inspections, management information
        licence: OGL-3.0
        as_at: 2021-08-31
        options: {}

Where two sources give a row with the same key (a provider listed in two years' files), the source listed
later wins; the number of rows so replaced is recorded in the manifest.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from csrating import __version__, yamltext
from csrating.enums import SettingType
from csrating.findings import FindingCode, Findings, ImportRefused
from csrating.sources import canonical
from csrating.sources.indicator_common import check_aggregate_units
from csrating.sources.la_codes import LaReference
from csrating.sources.registry import ReadContext, load_readers

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
PROJECT_ROOT = Path(__file__).resolve().parents[2]
EMBEDDED_DIR = PROJECT_ROOT / "data"
RECIPES_DIR = EMBEDDED_DIR / "recipes"

# columns holding LA codes, checked against the dataset's local_authorities table
LA_COLUMNS: dict[str, tuple[str, ...]] = {
    "statistical_neighbours": ("la_code", "neighbour_code"),
    "la_contacts": ("la_code",),
    "settings": ("la_code",),
    "la_inspections": ("la_code",),
    "serious_case_reviews": ("la_code",),
    "apa_judgements": ("la_code",),
    "jar_recommendations": ("la_code",),
    "apa_narrative": ("la_code",),
}


# --------------------------------------------------------------------------------------------- recipes
@dataclass
class SourceSpec:
    reader: str
    path: str
    publisher: str = ""
    title: str = ""
    licence: str = "OGL-3.0"
    as_at: date | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Recipe:
    name: str
    path: Path
    root: Path
    title: str = ""
    description: str = ""
    sources: list[SourceSpec] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    include_reference_las: bool = True
    reference_counts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _source_specs(items: object, where: str, findings: Findings) -> list[SourceSpec]:
    if not isinstance(items, list):
        findings.error(where, FindingCode.BAD_RECIPE, "'sources' must be a list of source entries")
        return []
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "reader" not in item or "path" not in item:
            findings.error(where, FindingCode.BAD_RECIPE, f"source {i} needs at least 'reader' and 'path'")
            continue
        unknown = set(item) - {"reader", "path", "publisher", "title", "licence", "as_at", "options"}
        if unknown:
            findings.error(
                where, FindingCode.BAD_RECIPE, f"source {i} has unknown keys: {', '.join(sorted(unknown))}"
            )
            continue
        as_at = item.get("as_at")
        if isinstance(as_at, str):
            try:
                as_at = date.fromisoformat(as_at)
            except ValueError:
                findings.error(
                    where, FindingCode.BAD_RECIPE, f"source {i}: as_at {as_at!r} is not YYYY-MM-DD"
                )
                continue
        out.append(
            SourceSpec(
                reader=str(item["reader"]),
                path=str(item["path"]),
                publisher=str(item.get("publisher", "")),
                title=str(item.get("title", "")),
                licence=str(item.get("licence", "OGL-3.0")),
                as_at=as_at,
                options=dict(item.get("options") or {}),
            )
        )
    return out


def load_recipe(path: str | Path, findings: Findings, raw_root: str | Path | None = None) -> Recipe | None:
    """Parse a recipe; problems become BAD-RECIPE findings."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        findings.error(where, FindingCode.FILE_NOT_FOUND, f"no such recipe: {path}")
        return None
    try:
        doc = yamltext.parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        findings.error(where, FindingCode.BAD_RECIPE, f"not valid YAML: {exc}")
        return None
    if not isinstance(doc, dict) or "name" not in doc or "sources" not in doc:
        findings.error(
            where, FindingCode.BAD_RECIPE, "a recipe is a mapping with at least 'name' and 'sources'"
        )
        return None
    name_problem = name_error(str(doc["name"]))
    if name_problem:
        findings.error(where, FindingCode.BAD_RECIPE, name_problem, column="name")
        return None
    env_root = os.environ.get("CSRATING_RAW")
    root = Path(raw_root or env_root or (path.parent / str(doc.get("root", "."))))
    sources = _source_specs(doc["sources"], where, findings)
    for inc in doc.get("include", []) or []:
        inc_path = path.parent / inc
        if not inc_path.exists():
            findings.error(where, FindingCode.BAD_RECIPE, f"included file {inc} does not exist")
            continue
        sources += _source_specs(
            yamltext.parse(inc_path.read_text(encoding="utf-8")), str(inc_path), findings
        )
    return Recipe(
        name=str(doc["name"]),
        path=path,
        root=root,
        title=str(doc.get("title", "")),
        description=str(doc.get("description", "")),
        sources=sources,
        defaults=dict(doc.get("defaults") or {}),
        blocks={str(k): str(v) for k, v in (doc.get("blocks") or {}).items()},
        post=dict(doc.get("post") or {}),
        include_reference_las=bool(doc.get("include_reference_las", True)),
        reference_counts=_reference_counts(doc.get("reference_counts"), where, findings),
    )


def _reference_counts(items: object, where: str, findings: Findings) -> dict[str, dict[str, Any]]:
    """The recipe's ``reference_counts``: per setting type, the real number of such settings in England
    at the snapshot's date (``count``), where the figure comes from (``source``) and whether it is an
    estimate (``estimate: true``) - what ``dataset info`` measures the snapshot's coverage against."""
    if items is None:
        return {}
    if not isinstance(items, dict):
        findings.error(where, FindingCode.BAD_RECIPE, "'reference_counts' must map setting types to counts")
        return {}
    out: dict[str, dict[str, Any]] = {}
    known = {t.value for t in SettingType}
    for kind, spec in items.items():
        if kind not in known:
            findings.error(where, FindingCode.BAD_RECIPE, f"reference_counts: {kind!r} is not a setting type")
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("count"), int) or not spec.get("source"):
            findings.error(
                where,
                FindingCode.BAD_RECIPE,
                f"reference_counts: {kind} needs a whole 'count' and a 'source'",
            )
            continue
        out[str(kind)] = {
            "count": int(spec["count"]),
            "source": str(spec["source"]),
            "estimate": bool(spec.get("estimate", False)),
        }
    return out


# ------------------------------------------------------------------------------------ safe targets
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SNAPSHOT_EXTRA_FILES = ("manifest.json", "findings.csv")


def name_error(name: str) -> str | None:
    """Why ``name`` cannot name a dataset (None when it can). A name is one plain folder name - letters,
    digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters - never a path,
    so a recipe cannot make a build write outside the dataset home."""
    if NAME_PATTERN.fullmatch(name) and name not in {".", ".."}:
        return None
    return (
        f"dataset name {name!r} is not a plain folder name: use letters, digits, '.', '_' or '-' "
        "(starting with a letter or digit, at most 64 characters), never a path"
    )


class UnsafeTarget(Exception):
    """The folder a build would write to holds something the build did not make."""


def _snapshot_entries() -> set[str]:
    return {f"{name}.parquet" for name in canonical.TABLES} | set(SNAPSHOT_EXTRA_FILES)


def is_snapshot(path: Path) -> bool:
    """True when ``path`` is a folder csrating wrote as a snapshot: a manifest written by csrating and
    nothing but the files a snapshot holds (so replacing it can lose nothing of anyone else's)."""
    if path.is_symlink() or not path.is_dir():
        return False
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or "csrating_version" not in manifest or "tables" not in manifest:
        return False
    return all(p.name in _snapshot_entries() and p.is_file() for p in path.iterdir())


def check_target(out_dir: Path) -> None:
    """Refuse to build into ``out_dir`` unless it is absent, an empty folder, or a snapshot csrating
    wrote; raises UnsafeTarget saying what is there. Nothing is touched."""
    if out_dir.is_symlink():
        raise UnsafeTarget(f"{out_dir} is a symbolic link; give a new folder or a snapshot folder")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise UnsafeTarget(f"{out_dir} is a file, not a snapshot folder; it was left untouched")
    if not any(out_dir.iterdir()) or is_snapshot(out_dir):
        return
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in _snapshot_entries())
    what = (
        f"it holds {', '.join(foreign[:5])}{' ...' if len(foreign) > 5 else ''}"
        if foreign
        else ("it has no manifest written by csrating")
    )
    raise UnsafeTarget(
        f"{out_dir} exists and is not a csrating snapshot ({what}); a build only replaces a snapshot "
        "it wrote. It was left untouched: give a new folder with --out"
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove the work folders of builds of ``out_dir`` whose process has died (``.NAME.building-PID``,
    ``.NAME.old-PID``), after restoring a snapshot that a killed swap left only under its old name.
    Only folders that hold nothing but snapshot files are removed. Returns what was removed."""
    parent, name = out_dir.parent, out_dir.name
    if not parent.is_dir():
        return []
    pattern = re.compile(rf"\.{re.escape(name)}\.(building|old)-(\d+)")
    removed = []
    for p in sorted(parent.iterdir()):
        m = pattern.fullmatch(p.name)
        if not m or _pid_alive(int(m.group(2))) and int(m.group(2)) != os.getpid():
            continue
        if p.is_symlink() or not p.is_dir():
            continue
        if not all(c.name in _snapshot_entries() for c in p.iterdir()):
            continue
        if m.group(1) == "old" and not out_dir.exists() and is_snapshot(p):
            p.rename(out_dir)  # a kill between the two renames of a swap: put the old snapshot back
            continue
        shutil.rmtree(p)
        removed.append(p)
    return removed


_RENAME_EXCHANGE = 2
_libc = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = _libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this filesystem or kernel cannot
        return False
    raise OSError(err, os.strerror(err), str(a))


# ---------------------------------------------------------------------------------------------- build
def sha256(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(path).as_posix().encode())
                h.update(p.read_bytes())
        return h.hexdigest()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


ProgressFn = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    path: Path
    manifest: dict[str, Any]
    findings: Findings


def build(
    recipe: Recipe,
    out_dir: str | Path,
    findings: Findings | None = None,
    progress: ProgressFn | None = None,
) -> BuildResult:
    """Read every source, validate, and write the snapshot to ``out_dir`` - or raise ImportRefused."""
    findings = findings if findings is not None else Findings()
    started = time.perf_counter()
    check_target(Path(out_dir).absolute())
    readers = load_readers()
    las = LaReference.default()
    parts: dict[str, list[tuple[int, pl.DataFrame]]] = {}
    source_records = []
    total = len(recipe.sources)
    for i, spec in enumerate(recipe.sources):
        if progress:
            progress(spec.path, i, total)
        info = readers.get(spec.reader)
        if info is None:
            findings.error(
                str(recipe.path),
                FindingCode.BAD_RECIPE,
                f"unknown reader {spec.reader!r}; readers are {', '.join(sorted(readers))}",
            )
            continue
        file = recipe.root / spec.path
        if not file.exists():
            findings.error(spec.path, FindingCode.FILE_NOT_FOUND, f"no such file: {file}")
            continue
        ctx = ReadContext(findings=findings, las=las, label=spec.path, as_at=spec.as_at, options=spec.options)
        tables = info.fn(file, ctx)
        counts = {}
        for name, df in tables.items():
            parts.setdefault(name, []).append((i, df))
            counts[name] = df.height
        source_records.append(
            {
                "reader": spec.reader,
                "path": spec.path,
                "sha256": sha256(file),
                "bytes": sum(p.stat().st_size for p in file.rglob("*") if p.is_file())
                if file.is_dir()
                else file.stat().st_size,
                "publisher": spec.publisher,
                "title": spec.title,
                "licence": spec.licence,
                "as_at": spec.as_at.isoformat() if spec.as_at else None,
                "rows": counts,
                **(
                    {"option_files": [_option_file(file, f) for f in ctx.option_files if f.exists()]}
                    if ctx.option_files
                    else {}
                ),
            }
        )
    if progress:
        progress("validating", total, total)

    tables, superseded = _combine(parts, recipe, las)
    tables = _post(tables, recipe.post)
    tables["indicator_values"] = check_aggregate_units(
        tables["indicator_values"], tables["indicator_definitions"], findings
    )
    canonical.check_rates(tables["indicator_values"], tables["indicator_definitions"], findings)
    for name, df in tables.items():
        canonical.validate(name, df, findings, label=f"table {name}")
    _check_la_codes(tables, findings)
    if findings.has_errors:
        raise ImportRefused(findings)

    manifest = {
        "name": recipe.name,
        "title": recipe.title,
        "description": recipe.description,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 2),
        "csrating_version": __version__,
        "recipe": {"path": recipe.path.name, "sha256": sha256(recipe.path)},
        "licence": "Open Government Licence v3.0",
        "attribution": ATTRIBUTION,
        "synthetic": any(bool(df["synthetic"].any()) for df in tables.values() if df.height),
        "defaults": recipe.defaults,
        "blocks": recipe.blocks,
        "reference_counts": recipe.reference_counts,
        "sources": source_records,
        "tables": {},
        "superseded_rows": superseded,
        "findings": {
            "errors": 0,
            "warnings": len(findings.warnings),
            "by_code": _count_codes(findings),
        },
    }
    path = _write_atomically(Path(out_dir), tables, manifest, findings)
    return BuildResult(path, manifest, findings)


def _option_file(source: Path, file: Path) -> dict[str, Any]:
    """A file a reader read through an option, as the manifest lists it (path relative to the source's)."""
    return {
        "path": os.path.relpath(file, source.parent),
        "sha256": sha256(file),
        "bytes": file.stat().st_size,
    }


def _combine(
    parts: dict[str, list[tuple[int, pl.DataFrame]]], recipe: Recipe, las: LaReference
) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    tables: dict[str, pl.DataFrame] = {}
    superseded: dict[str, int] = {}
    if recipe.include_reference_las:
        parts.setdefault("local_authorities", []).insert(0, (-1, las.frame()))
    for name, t in canonical.TABLES.items():
        frames = [
            canonical.conform(t, df).with_columns(pl.lit(order).alias("_order"))
            for order, df in parts.get(name, [])
        ]
        if not frames:
            tables[name] = t.empty()
            continue
        df = pl.concat(frames, how="vertical")
        if t.key and len(frames) > 1:
            before = df.height
            # within one source a duplicate key stays (validation reports it); across sources the later wins
            last_order = df.group_by(list(t.key)).agg(pl.col("_order").max().alias("_keep"))
            df = df.join(last_order, on=list(t.key), how="left", nulls_equal=True).filter(
                pl.col("_order") == pl.col("_keep")
            )
            df = df.drop("_keep")
            if before - df.height:
                superseded[name] = before - df.height
        tables[name] = df.drop("_order")
    return tables, superseded


def _post(tables: dict[str, pl.DataFrame], post: dict[str, Any]) -> dict[str, pl.DataFrame]:
    """The recipe's ``post`` steps: ``keep_latest_periods`` (the N latest periods of each indicator),
    and for a snapshot of a past date ``settings_open_on`` (settings open on that date: registered by it,
    or with no date, and not closed by it), ``inspections_known_by`` (setting inspections known by that
    date) and ``indicator_years_until`` (indicator periods ending in that year or before). Inspections of
    the LAs are kept whole: an inspection published after the census can still act on a rating."""
    until = post.get("indicator_years_until")
    if until is not None:
        tables["indicator_values"] = tables["indicator_values"].filter(pl.col("year") <= int(until))
    keep = post.get("keep_latest_periods")
    if keep:
        iv = tables["indicator_values"]
        latest = (
            iv.select("code", "year")
            .unique()
            .with_columns(pl.col("year").rank("dense", descending=True).over("code").alias("_r"))
            .filter(pl.col("_r") <= int(keep))
            .drop("_r")
        )
        tables["indicator_values"] = iv.join(latest, on=["code", "year"], how="semi")
    open_on = _post_date(post, "settings_open_on")
    if open_on is not None:
        s = tables["settings"]
        keep = s.filter(canonical.open_on(open_on)).select("remit", "urn")
        if "predecessor_urn" in s.columns:  # and the schools they replaced, for their inspections
            links = s.select("remit", "urn", "predecessor_urn").drop_nulls("predecessor_urn")
            step = keep
            for _ in range(5):
                step = links.join(step, on=["remit", "urn"], how="semi").select(
                    "remit", pl.col("predecessor_urn").alias("urn")
                )
                if step.height == 0:
                    break
                keep = pl.concat([keep, step]).unique()
        tables["settings"] = s.join(keep, on=["remit", "urn"], how="semi")
        tables["setting_inspections"] = tables["setting_inspections"].join(
            keep, on=["remit", "urn"], how="semi"
        )
    known_by = _post_date(post, "inspections_known_by")
    if known_by is not None:
        si = tables["setting_inspections"]
        tables["setting_inspections"] = si.filter(pl.col("known_at") <= known_by)
    return tables


def _post_date(post: dict[str, Any], key: str) -> date | None:
    value = post.get(key)
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _check_la_codes(tables: dict[str, pl.DataFrame], findings: Findings) -> None:
    known = tables["local_authorities"]["la_code"]
    for name, cols in LA_COLUMNS.items():
        df = tables[name].with_row_index("_row", offset=1)
        for col in cols:
            bad = df.filter(~pl.col(col).is_in(known.implode()))
            for row in bad.head(20).iter_rows(named=True):
                findings.error(
                    f"table {name}",
                    FindingCode.UNKNOWN_LA_CODE,
                    f"{row[col]!r} is not in local_authorities (from {row['source']})",
                    row=row["_row"],
                    column=col,
                )
    iv = tables["indicator_values"].with_row_index("_row", offset=1)
    bad = iv.filter((pl.col("area_type") == "la") & ~pl.col("area_code").is_in(known.implode()))
    for row in bad.head(20).iter_rows(named=True):
        findings.error(
            "table indicator_values",
            FindingCode.UNKNOWN_LA_CODE,
            f"{row['area_code']!r} is not in local_authorities (from {row['source']})",
            row=row["_row"],
            column="area_code",
        )


def _count_codes(findings: Findings) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        key = f"{f.severity.value}:{f.code.value}"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


# columns a snapshot derives when it is written (not read from any source), per table, with the table
# each points into
DERIVED = {"setting_inspections": {"setting_row": "settings"}}
# derived columns of row numbers, stored as the step from the previous row's value (null rows skipped) under
# another name: in a sorted table they rise by 0, 1 or a few, which Parquet keeps in a few kilobytes (the
# row numbers themselves took 160 KB and about 1.7 ms to read in england-latest; adding the steps back up,
# which ``Dataset.table`` does, about 0.7 ms).
STORED_AS_STEPS = {("setting_inspections", "setting_row"): "setting_row_step"}


def write_table(file: Path, name: str, df: pl.DataFrame) -> None:
    """Write one table of a snapshot (its derived row numbers as steps: ``STORED_AS_STEPS``)."""
    for (table, column), stored in STORED_AS_STEPS.items():
        if table == name and column in df.columns:
            rows = pl.col(column).cast(pl.Int64)
            previous = rows.forward_fill().shift(1).fill_null(0)
            df = df.with_columns((rows - previous).cast(pl.Int32).alias(column)).rename({column: stored})
    df.write_parquet(file, compression="zstd", compression_level=19, statistics=False)


def _added_up(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """A table as read from its file, with any column stored as steps added back up (``write_table``)."""
    for (table, column), stored in STORED_AS_STEPS.items():
        if table == name and stored in df.columns:
            df = df.select(pl.exclude(stored), pl.col(stored).cum_sum().alias(column))
    return df


def stored_order(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The tables as a snapshot stores them: each sorted by its ``sort_columns``, and the inspections of
    settings given ``setting_row``, the row of their setting in the sorted settings table (``DERIVED``)."""
    out = {}
    for name, df in tables.items():
        order = list(canonical.TABLES[name].sort_columns)
        out[name] = df.sort(order, nulls_last=True, maintain_order=True) if order else df
    if "setting_inspections" in out:
        settings = out.get("settings", canonical.TABLES["settings"].empty())
        out["setting_inspections"] = with_setting_rows(out["setting_inspections"], settings)
    return out


def with_setting_rows(inspections: pl.DataFrame, settings: pl.DataFrame) -> pl.DataFrame:
    """``inspections`` with ``setting_row``: the row (from 0) of each one's setting (same remit and URN)
    in ``settings``, null where none; the row order kept."""
    rows = (
        inspections.select("remit", "urn")
        .join(
            settings.select("remit", "urn").with_row_index("setting_row"),
            on=["remit", "urn"],
            how="left",
            maintain_order="left",
        )["setting_row"]
        .cast(pl.Int32)
    )
    return inspections.with_columns(rows)


def _write_atomically(
    out_dir: Path, tables: dict[str, pl.DataFrame], manifest: dict[str, Any], findings: Findings
) -> Path:
    """Write the snapshot beside ``out_dir`` and swap it in, so that at every instant - even under
    kill -9 - either the previous snapshot or the new one is there under the name. The swap is one
    atomic exchange of the two folders where the system has it (Linux); elsewhere two renames, and a
    later build restores a snapshot a kill left between them (``clean_stale``)."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    swapped = False
    try:
        tables = stored_order(tables)
        for name, df in tables.items():
            file = tmp / f"{name}.parquet"
            write_table(file, name, df)
            manifest["tables"][name] = {
                "file": file.name,
                "rows": df.height,
                "synthetic_rows": int(df["synthetic"].sum()) if df.height else 0,
                "sha256": sha256(file),
                "sorted_by": list(canonical.TABLES[name].sort_columns),
                **({"derived": DERIVED[name]} if name in DERIVED else {}),
            }
        findings.write_csv(tmp / "findings.csv")
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _fsync_tree(tmp)
        check_target(out_dir)  # nothing foreign appeared there while the tables were written
        if out_dir.exists() and _exchange(tmp, out_dir):
            swapped = True  # the previous snapshot now sits in the work folder
        else:
            if out_dir.exists():
                out_dir.rename(old)
            tmp.rename(out_dir)
    except BaseException:
        if not swapped:
            shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise
    shutil.rmtree(tmp if swapped else old, ignore_errors=True)
    return out_dir


def _fsync_tree(folder: Path) -> None:
    """Flush the files of ``folder`` to disk before the swap, so a crash cannot leave a named snapshot
    whose files are empty."""
    for p in folder.iterdir():
        with open(p, "rb") as fh:
            os.fsync(fh.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------------------------- read
class DatasetNotFound(Exception):
    pass


def resolve(name_or_path: str | Path) -> Path:
    """A dataset folder from a path, or a name looked up in $CSRATING_DATASETS, ./datasets and data/."""
    p = Path(name_or_path)
    if (p / "manifest.json").exists():
        return p
    places = [Path(d) for d in os.environ.get("CSRATING_DATASETS", "").split(os.pathsep) if d]
    places += [Path.cwd() / "datasets", EMBEDDED_DIR]
    for place in places:
        if (place / str(name_or_path) / "manifest.json").exists():
            return place / str(name_or_path)
    searched = ", ".join(str(x) for x in places)
    raise DatasetNotFound(
        f"no dataset {str(name_or_path)!r}: not a dataset folder, and not found in {searched}"
    )


class Dataset:
    """A snapshot read back: its manifest and its tables (read lazily, once)."""

    def __init__(self, path: str | Path):
        self.path = resolve(path)
        self.manifest: dict[str, Any] = json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        self._cache: dict[str, pl.DataFrame] = {}

    @property
    def name(self) -> str:
        return str(self.manifest["name"])

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    def table(self, name: str) -> pl.DataFrame:
        if name not in canonical.TABLES:
            raise KeyError(f"{name!r} is not a canonical table")
        if name not in self._cache:
            file = self.path / f"{name}.parquet"
            t = canonical.TABLES[name]
            df = _added_up(name, pl.read_parquet(file)) if file.exists() else t.empty()
            # a snapshot written before a column was added to the schema reads it as null
            missing = [
                pl.lit(None, dtype=c.dtype).alias(c.name) for c in t.columns if c.name not in df.columns
            ]
            self._cache[name] = df.with_columns(missing) if missing else df
        return self._cache[name]

    def derived(self, name: str, column: str) -> bool:
        """Whether this snapshot wrote the derived ``column`` of table ``name`` (``DERIVED``; a snapshot
        written before the column existed reads it as null)."""
        return column in (self.manifest.get("tables", {}).get(name, {}).get("derived") or {})

    def sorted_by(self, name: str) -> list[str]:
        """The columns the table's rows are sorted by in this snapshot (empty: no order recorded)."""
        return list(self.manifest.get("tables", {}).get(name, {}).get("sorted_by") or [])

    def load_all(self) -> None:
        for name in canonical.TABLES:
            self.table(name)

    def verify(self) -> list[str]:
        """Checksums of the table files against the manifest: a list of mismatches (empty = intact)."""
        bad = []
        for rec in self.manifest.get("tables", {}).values():
            file = self.path / rec["file"]
            if not file.exists():
                bad.append(f"{rec['file']} is missing")
            elif sha256(file) != rec["sha256"]:
                bad.append(f"{rec['file']} does not match its checksum")
        return bad
