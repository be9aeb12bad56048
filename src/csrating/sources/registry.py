"""The catalogue of readers: one name per published format, used by dataset recipes.

A reader is a function ``read(path, ctx) -> dict[table name, DataFrame]`` registered with ``@reader``.
It maps one published file onto canonical tables and adds a finding for every problem it meets; it
never raises on bad input and never returns rows it could not read correctly.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from csrating.enums import SettingType, remit_of
from csrating.findings import FindingCode, Findings
from csrating.sources.la_codes import LaReference


@dataclass
class ReadContext:
    """What a reader needs besides the file: where to report, how to resolve LAs, the recipe's options."""

    findings: Findings
    las: LaReference = field(default_factory=LaReference.default)
    label: str = ""  # how findings name the file
    as_at: date | None = None  # the publication's as-at date, from the recipe
    options: dict[str, Any] = field(default_factory=dict)
    option_files: list[Path] = field(default_factory=list)  # files read through an option (for the manifest)

    def source(self, reader_name: str) -> str:
        return f"{reader_name}:{self.label}"

    def option_file(self, name: str, beside: Path) -> Path:
        """A file an option names, relative to the folder of the file read (as LAIT's dictionary is);
        recorded so that the manifest lists it with its checksum."""
        file = beside.parent / name
        self.option_files.append(file)
        return file


REMIT_BY_TYPE = {t.value: r.value for t in SettingType if (r := remit_of(t.value)) is not None}

ReaderFn = Callable[[Path, ReadContext], dict[str, pl.DataFrame]]


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    fn: ReaderFn
    description: str
    tables: tuple[str, ...]
    options: dict[str, str]


READERS: dict[str, ReaderInfo] = {}

# modules that register readers when imported
READER_MODULES = (
    "csrating.sources.canonical_csv",
    "csrating.sources.ofsted_childcare",
    "csrating.sources.ofsted_schools",
    "csrating.sources.school_registers",
    "csrating.sources.ofsted_social_care",
    "csrating.sources.la_inspections",
    "csrating.sources.lait",
    "csrating.sources.dfe_ees",
    "csrating.sources.dfe_cla",
    "csrating.sources.neighbours",
    "csrating.sources.la_lists",
)


def reader(
    name: str, *, tables: tuple[str, ...], options: dict[str, str] | None = None, remit: str | None = None
) -> Callable[[ReaderFn], ReaderFn]:
    """Register a reader. Its docstring is its documentation (shown by ``csrating dataset readers``).

    ``remit``: the Ofsted register of every setting the reader emits; where it is not given, a setting's
    remit follows from its type, and an inspection's from its setting in the same output.
    """

    def wrap(fn: ReaderFn) -> ReaderFn:
        doc = inspect.cleandoc(fn.__doc__ or "")
        if not doc:
            raise TypeError(f"reader {name} has no docstring")

        @functools.wraps(fn)
        def run(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
            return fill_remit(fn(path, ctx), remit, ctx)

        READERS[name] = ReaderInfo(name, run, doc, tables, dict(options or {}))
        return run

    return wrap


def fill_remit(
    tables: dict[str, pl.DataFrame], remit: str | None, ctx: ReadContext
) -> dict[str, pl.DataFrame]:
    """Give settings and their inspections their Ofsted remit where the reader left it blank."""
    settings = tables.get("settings")
    if settings is not None and settings.height and settings["remit"].null_count():
        by_type = pl.col("setting_type").replace_strict(REMIT_BY_TYPE, default=None, return_dtype=pl.String)
        settings = settings.with_columns(pl.coalesce(pl.col("remit"), pl.lit(remit) if remit else by_type))
        tables["settings"] = settings
    insp = tables.get("setting_inspections")
    if insp is not None and insp.height and insp["remit"].null_count():
        if remit:
            insp = insp.with_columns(pl.col("remit").fill_null(remit))
        elif settings is not None:
            lookup = settings.select("urn", pl.col("remit").alias("_r")).unique("urn")
            insp = insp.join(lookup, on="urn", how="left").with_columns(pl.coalesce("remit", "_r")).drop("_r")
        missing = insp.filter(pl.col("remit").is_null())
        for urn in missing["urn"].unique().sort().head(20):
            ctx.findings.error(
                ctx.label,
                FindingCode.MISSING_VALUE,
                f"inspection of URN {urn}: its remit is unknown (no setting with that URN in the file); "
                "give a remit column",
                column="remit",
            )
        tables["setting_inspections"] = insp.filter(pl.col("remit").is_not_null())
    return tables


def load_readers() -> dict[str, ReaderInfo]:
    for mod in READER_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    return READERS
