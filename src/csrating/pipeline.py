"""The pipeline: the one composition every interface calls - open a dataset, choose the methodology year,
build the profiles, rate them (recorded judgements passed in as data), explain, and write the letters.
The command line, the web application and Python code all go through it; none composes its own.

    from csrating import pipeline
    run = pipeline.open("england-latest", year=2025)
    run.ratings()                       # every LA's Rating, with its trace
    run.rate("Camden").trace            # one LA, by DfE code, GSS code or name
    run.write_letters("letters", formats=("html",))

Importing this module is cheap: Polars, the engine and the letters load when first used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csrating.dataset import Dataset
    from csrating.methodology.loader import Methodology
    from csrating.profile.profile import Profile, ProfileBuilder
    from csrating.rating.engine import Rating, RatingEngine

DEFAULT_DATASET = "england-latest"

Judgements = Mapping[str, dict[str, Any]]


class PipelineError(ValueError):
    """Bad input a person can correct (an unknown dataset, year or LA); ``exit_code`` is the command
    line's: 2 for a bad request, 1 for data the pipeline cannot work with."""

    exit_code = 2


class DataError(PipelineError):
    exit_code = 1


def open_dataset(name: str | Path = DEFAULT_DATASET) -> Dataset:
    """A dataset by name (embedded or in ./datasets) or folder."""
    from csrating import dataset as ds_mod

    try:
        return ds_mod.Dataset(name)
    except ds_mod.DatasetNotFound as exc:
        raise PipelineError(str(exc)) from None


def methodology(year: str | int | None, ds: Dataset) -> Methodology:
    """The methodology of a year; no year: the dataset's default."""
    from csrating.methodology.loader import MethodologyError, load

    y = str(year) if year is not None else str(ds.manifest.get("defaults", {}).get("year") or "")
    if not y:
        raise PipelineError(f"give --year (dataset {ds.name} names no default year)")
    try:
        return load(y)
    except MethodologyError as exc:
        raise PipelineError(str(exc)) from None


def database_in_use(db: str | None = None) -> bool:
    """Whether there is an application database to read judgements from: one named (``db`` or
    $CSRATING_DATABASE_URL), or the default SQLite file where it already exists. Reading none spares a
    read-only command setting up Django and creating an empty database."""
    from csrating.store import DEFAULT_URL

    if db or os.environ.get("CSRATING_DATABASE_URL"):
        return True
    return Path(DEFAULT_URL.removeprefix("sqlite:///")).exists()


def stored_judgements(year: str, dataset: str, db: str | None = None) -> dict[str, dict[str, Any]]:
    """The judgements in force (the latest per LA) recorded for a year and dataset; none where there is
    no database."""
    if not database_in_use(db):
        return {}
    from csrating import store

    store.setup(db)
    return store.latest_judgements(year, dataset)


def resolve_la(ds: Dataset, text: str, on: Any) -> str:
    """The LA code in a dataset of a DfE code, GSS code or name (codes and names as on a date)."""
    from csrating.sources.la_codes import LaReference, normalise_name

    las = ds.table("local_authorities")
    codes = set(las["la_code"].to_list())
    if text in codes:
        return text
    code = LaReference.default().resolve(text, on=on)
    if code is not None and code in codes:
        return code
    key = normalise_name(text)
    hits = [c for c, n in zip(las["la_code"], las["name"], strict=True) if normalise_name(n) == key]
    if len(hits) == 1:
        return hits[0]
    raise PipelineError(f"no LA {text!r} in dataset {ds.name} (give a DfE code, GSS code or name)")


class Run:
    """One dataset under one methodology year: its profiles, ratings, explanations and letters.
    Profiles and ratings are computed once, when first asked for."""

    def __init__(self, ds: Dataset, m: Methodology, judgements: Judgements | None = None):
        self.ds = ds
        self.m = m
        self.judgements: dict[str, dict[str, Any]] = dict(judgements or {})

    @property
    def year(self) -> str:
        return self.m.year

    @cached_property
    def builder(self) -> ProfileBuilder:
        from csrating.profile.profile import ProfileBuilder, ProfileError

        try:
            return ProfileBuilder(self.ds, self.m)
        except ProfileError as exc:
            raise DataError(str(exc)) from None

    @cached_property
    def engine(self) -> RatingEngine:
        from csrating.rating.engine import RatingEngine

        try:
            return RatingEngine(self.ds, self.m, profiles=self.builder, judgements=self.judgements)
        except ValueError as exc:
            raise DataError(str(exc)) from None

    @property
    def census(self) -> Any:
        return self.builder.census

    def las(self) -> list[str]:
        return self.builder.las()

    def resolve(self, text: str) -> str:
        """The LA code of a DfE code, GSS code or name in the dataset (names as at the census date)."""
        return resolve_la(self.ds, text, self.census)

    def profiles(self, *, inputs: bool = False) -> list[Profile]:
        """Every LA's profile (built once); ``inputs=True`` adds the list of every setting counted (built
        anew each time: it is large and only the profile export asks for it)."""
        if inputs:
            return self._build_all(inputs=True)
        return self._profiles

    @cached_property
    def _profiles(self) -> list[Profile]:
        return self._build_all(inputs=False)

    def _build_all(self, *, inputs: bool) -> list[Profile]:
        import gc

        # the profiles are long-lived: keep the collector from walking them again and again while building,
        # and leave them out of its later passes
        enabled = gc.isenabled()
        gc.disable()
        try:
            built = self.builder.build_all(inputs=inputs)
        finally:
            if enabled:
                gc.enable()
        gc.freeze()
        return built

    def profile(self, la: str, *, inputs: bool = True) -> Profile:
        return self.builder.build(self.resolve(la), inputs=inputs)

    def ratings(self) -> list[Rating]:
        """Every LA's rating, in the order of the profiles (computed once)."""
        return self._ratings

    @cached_property
    def _ratings(self) -> list[Rating]:
        return self.engine.rate_all(self.profiles())

    def rate(self, la: str) -> Rating:
        """One LA's rating under the recorded judgement in force, with its trace (its profile built with
        the settings it counts, so the trace lists them)."""
        code = self.resolve(la)
        return self.engine.rate_profile(self.builder.build(code, inputs=True), self.judgements.get(code))

    def rate_profile(self, p: Profile, judgement: dict[str, Any] | None = None) -> Rating:
        return self.engine.rate_profile(p, judgement)

    def explain(self, la: str) -> str:
        """The rating of an LA with every rule, parameter and figure behind it, as plain text."""
        import io

        from rich.console import Console

        from csrating.rating.render import explain

        console = Console(record=True, width=120, file=io.StringIO())
        explain(self.rate(la), console)
        return console.export_text()

    def letter(self, p: Profile, rating: Rating, **kw: Any) -> Any:
        """The parts of a rating letter (sentences tied to their figures), ready to render."""
        from csrating.letters.letter import build

        return build(p, rating, self.ds, **kw)

    def letters(
        self,
        las: Iterable[str] | None = None,
        *,
        signatory: str | None = None,
        signatory_title: str | None = None,
    ) -> list[Any]:
        """The letters of the LAs named (codes; default every LA)."""
        codes = list(las) if las is not None else self.las()
        if len(codes) > 1:  # several LAs: every profile in one pass
            by_code = {p.la_code: p for p in self.profiles()}
            profiles = [by_code[c] if c in by_code else self.builder.build(c, inputs=False) for c in codes]
        else:
            profiles = [self.builder.build(c, inputs=False) for c in codes]
        out = []
        for p in profiles:
            r = self.engine.rate_profile(p, self.judgements.get(p.la_code))
            out.append(self.letter(p, r, signatory=signatory, signatory_title=signatory_title))
        return out

    def write_letters(
        self,
        out: str | Path,
        formats: tuple[str, ...] = ("html",),
        las: Iterable[str] | None = None,
        *,
        jobs: int = 1,
        tick: Callable[[], None] | None = None,
        **kw: Any,
    ) -> list[Path]:
        """Write the letters (and their claims.json) of the LAs named (default every LA) to a folder."""
        from csrating.letters import render

        letters = self.letters(las, **kw)
        return render.write_many(letters, Path(out), formats, jobs, tick or (lambda: None))


def apa_assessments(ds: Dataset) -> Iterator[Any]:
    """Every annual performance assessment (2005-2008) a dataset records, year by year, LA by LA."""
    from csrating.apa.model import YEARS, assess, assessed_las

    for year in YEARS:
        for code in assessed_las(ds, year):
            yield assess(ds, code, year)


def apa_letter(ds: Dataset, assessment: Any, **kw: Any) -> Any:
    """The parts of an APA letter (sentences tied to the records), ready to render."""
    from csrating.apa.letter import build

    return build(assessment, ds, **kw)


def write_apa_letters(ds: Dataset, out: str | Path, formats: tuple[str, ...] = ("html",)) -> list[Any]:
    """Write the APA letter (and its claims.json) of every assessment the dataset records; the
    assessments written, with their findings."""
    from csrating.letters import render

    done = []
    for a in apa_assessments(ds):
        render.write(apa_letter(ds, a), Path(out), formats, stem=f"{a.la_code}-apa-{a.year}")
        done.append(a)
    return done


def open(  # noqa: A001 - pipeline.open reads as it should
    dataset: str | Path = DEFAULT_DATASET,
    year: str | int | None = None,
    *,
    judgements: Judgements | None = None,
    db: str | None = None,
) -> Run:
    """A run over a dataset (name or folder) under a methodology year (default: the dataset's).

    ``judgements`` maps LA codes to the recorded judgement in force (as the store returns them); without
    it the judgements recorded in the application database are read where there is one."""
    ds = open_dataset(dataset)
    m = methodology(year, ds)
    if judgements is None:
        judgements = stored_judgements(m.year, ds.name, db)
    return Run(ds, m, judgements)
