"""The catalogue of readers: one name per published format, used by dataset recipes.

A reader is a function ``read(path, ctx) -> dict[table name, DataFrame]`` registered with ``@reader``.
It maps one published file onto canonical tables and adds a finding for every problem it meets; it
never raises on bad input and never returns rows it could not read correctly.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from csrating.findings import Findings
from csrating.sources.la_codes import LaReference


@dataclass
class ReadContext:
    """What a reader needs besides the file: where to report, how to resolve LAs, the recipe's options."""

    findings: Findings
    las: LaReference = field(default_factory=LaReference.default)
    label: str = ""  # how findings name the file
    as_at: date | None = None  # the publication's as-at date, from the recipe
    options: dict[str, Any] = field(default_factory=dict)

    def source(self, reader_name: str) -> str:
        return f"{reader_name}:{self.label}"


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
    "csrating.sources.ofsted_social_care",
    "csrating.sources.la_inspections",
    "csrating.sources.lait",
    "csrating.sources.dfe_ees",
    "csrating.sources.neighbours",
    "csrating.sources.la_lists",
)


def reader(
    name: str, *, tables: tuple[str, ...], options: dict[str, str] | None = None
) -> Callable[[ReaderFn], ReaderFn]:
    """Register a reader. Its docstring is its documentation (shown by ``csrating dataset readers``)."""

    def wrap(fn: ReaderFn) -> ReaderFn:
        doc = inspect.cleandoc(fn.__doc__ or "")
        if not doc:
            raise TypeError(f"reader {name} has no docstring")
        READERS[name] = ReaderInfo(name, fn, doc, tables, dict(options or {}))
        return fn

    return wrap


def load_readers() -> dict[str, ReaderInfo]:
    for mod in READER_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    return READERS
