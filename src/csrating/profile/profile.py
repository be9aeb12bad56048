"""The performance profile of an LA: blocks A (settings), B (indicators, gaps) and C (inspections of the
LA), each compared with similar areas and England, with completeness - every figure with its inputs.

``ProfileBuilder(dataset, methodology)`` computes every block for every LA at once (Polars tables and
NumPy arrays, so a national run costs little more than one LA): the result is :class:`ProfileTables`,
one table per block with a row per LA and measure. ``build(la)`` and ``build_all()`` lay an LA's rows
out (:mod:`csrating.profile.objects`) as a typed, JSON-serialisable :class:`Profile`, the object the rating
and the letter read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from csrating import gcpause
from csrating.dataset import Dataset
from csrating.lazy import Lazy, Once
from csrating.methodology.loader import Methodology, ParameterReads
from csrating.profile import completeness
from csrating.profile import gaps as gaps_mod
from csrating.profile import indicators as ind_mod
from csrating.profile import la_inspections as lai_mod
from csrating.profile import series as series_mod
from csrating.profile import settings as set_mod
from csrating.profile.compare import ShareMethod
from csrating.profile.model import Comparison, IndicatorResult, Profile, SettingTypeResult
from csrating.profile.objects import (
    DEFERRED_TABLES,
    GRADE_LABELS,
    all_gaps,
    gaps_for,
    gaps_of,
    grouped_by_la,
    indicator_columns,
    indicator_objects,
    parts_of,
    records,
    setting_input_records,
    setting_objects,
    setting_rows,
    without_la,
)

__all__ = [
    "Comparison",
    "IndicatorResult",
    "Profile",
    "ProfileBuilder",
    "ProfileError",
    "ProfileTables",
    "SettingTypeResult",
    "la_inspections_cutoff",
    "profile_sources",
]


class ProfileError(ValueError):
    pass


PROFILE_TABLES = {
    "settings": "settings",
    "setting_inspections": "settings",
    "setting_benchmarks": "settings",
    "expected_settings": "settings",
    "indicator_definitions": "indicators",
    "indicator_values": "indicators",
    "la_inspections": "la_inspections",
    "serious_case_reviews": "la_inspections",
    "statistical_neighbours": "neighbours",
}


def profile_sources(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The sources of a dataset manifest that feed a profile: title, publisher, as-at date and the
    profile blocks they feed, one entry per title and as-at date (a source without an as-at date says
    so: ``as_at`` None)."""
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for src in manifest.get("sources") or []:
        blocks = sorted({PROFILE_TABLES[t] for t in src.get("rows") or {} if t in PROFILE_TABLES})
        if not blocks:
            continue
        title = str(src.get("title") or src.get("path") or src.get("reader"))
        key = (title, src.get("as_at"))
        entry = out.setdefault(
            key, {"title": title, "publisher": src.get("publisher"), "as_at": src.get("as_at"), "blocks": []}
        )
        entry["blocks"] = sorted(set(entry["blocks"]) | set(blocks))
    return sorted(out.values(), key=lambda e: (e["blocks"], e["as_at"] or "", e["title"]))


def la_inspections_cutoff(m: Methodology | ParameterReads) -> tuple[date, str]:
    """The cut-off for inspections of the LA and the date it is held against. A methodology without one
    (an older file) uses its settings census date, the inspection's own date."""
    cutoff = m.get("la_inspections_cutoff", m["census_date"])
    cutoff = cutoff if isinstance(cutoff, date) else date.fromisoformat(str(cutoff))
    return cutoff, str(m.get("la_inspections_cutoff_basis", "inspection"))


def _gap_table(
    arrays: ind_mod.IndicatorArrays | None,
    indicator_keys: dict[tuple[str, str], Any],
    gap_defs: list[dict[str, Any]],
    min_change: float,
    tolerance_pp: float,
    subjects: list[str] | None,
) -> pl.DataFrame:
    """The gaps table for the LAs of ``subjects`` (None: every LA of block B's arrays)."""
    table = gaps_mod.compute(arrays, indicator_keys, gap_defs, min_change, tolerance_pp)
    return table.filter(pl.col("la_code").is_in(subjects)) if subjects is not None else table


def _indicator_table(
    table: Once[pl.DataFrame],
    choices: pl.DataFrame,
    values: pl.DataFrame,
    tolerance: float,
    subjects: list[str] | None,
) -> pl.DataFrame:
    """Block B's table of every row with the cross-checks of the items answered by several series (the
    chosen series' period is the year ``series.choose`` found it latest in), for the LAs of ``subjects``
    (None: every LA of the table)."""
    if choices.height:
        chosen = choices.filter(pl.col("year").is_not_null()).select("code", "year").unique()
        checks = series_mod.cross_checks(
            choices, values, {c: int(y) for c, y in chosen.iter_rows()}, tolerance
        )
    else:
        checks = pl.DataFrame(schema=series_mod.CROSS_CHECK_SCHEMA)
    frame = _with_cross_checks(table(), checks)
    return frame.filter(pl.col("la_code").is_in(subjects)) if subjects is not None else frame


def _with_cross_checks(frame: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """The indicator rows with the other series of their item beside them (all pupils only): matched on
    the key columns alone, then laid beside the rows (at most one check per row), so that the wide frame
    is not copied through a join."""
    keys = ["la_code", "code", "breakdown"]
    checks = checks.with_columns(pl.lit("all").alias("breakdown"))
    beside = frame.select(keys).join(checks, on=keys, how="left", maintain_order="left").drop(keys)
    return frame.hstack(beside)


@dataclass
class ProfileTables:
    """The profiles of every LA as tables: what ``ProfileBuilder`` computes, before any per-LA object is
    made. Each frame has a ``la_code`` column; together they hold every figure of every profile. The
    indicators and gaps tables are laid out when first asked for (``indicators``, ``gaps``): the shares
    and completeness come from block B's arrays, so a national rating never needs either."""

    las: pl.DataFrame
    settings: pl.DataFrame
    indicator_table: Once[pl.DataFrame]
    indicator_shares: pl.DataFrame
    gap_table: Once[pl.DataFrame]
    la_inspections: pl.DataFrame
    serious_case_reviews: pl.DataFrame
    completeness: pl.DataFrame

    DESCRIPTIONS = {
        "las": "A row per LA profiled: name, and whether any figure of its profile is synthetic.",
        "settings": (
            "Block A: a row per LA and setting type (and 'all'): settings open, inspected, counts by grade, "
            "share good or better, England and similar-area shares with verdicts (Wilson interval where "
            "used), single-agency grade, weak ECM outcomes (weak_*)."
        ),
        "indicators": (
            "Block B: a row per LA, indicator and breakdown: value or marker, similar-area figure with the "
            "neighbours used, England, verdicts, national rank and quartile band, trend and change."
        ),
        "indicator_shares": (
            "Per LA and ECM outcome (and 'all'): indicators compared, those better than or in line with "
            "similar areas and England, and those better than similar areas."
        ),
        "gaps": (
            "A row per gap and LA: the computed gap (peers minus group) for the LA, similar areas and "
            "England with verdicts and trend, and the trend of a published gap."
        ),
        "la_inspections": "Block C: the inspections of the LA in force at la_inspections_cutoff.",
        "serious_case_reviews": "Serious case review evaluations within the methodology's window.",
        "completeness": "Per LA: the setting types, indicators and expected judgements with no data.",
    }

    @property
    def indicators(self) -> pl.DataFrame:
        return self.indicator_table()

    @property
    def gaps(self) -> pl.DataFrame:
        return self.gap_table()

    def frames(self) -> dict[str, pl.DataFrame]:
        """Every table by name (the indicators table laid out if it is not yet)."""
        return {name: getattr(self, name) for name in self.DESCRIPTIONS}

    def write(self, folder: Path, about: dict[str, Any]) -> Path:
        """Each table as ``folder/<name>.parquet`` with ``manifest.json`` (``about``: dataset, year,
        census date...; plus the tables, their rows and columns, and whether any figure is synthetic)."""
        folder.mkdir(parents=True, exist_ok=True)
        tables = {}
        for name, df in self.frames().items():
            df.write_parquet(folder / f"{name}.parquet")
            tables[name] = {
                "file": f"{name}.parquet",
                "description": self.DESCRIPTIONS[name],
                "rows": df.height,
                "columns": df.columns,
            }
        synthetic = bool(self.las["synthetic"].any()) if self.las.height else False
        manifest = {
            **about,
            "synthetic": synthetic,
            "note": "SYNTHETIC figures included: see the synthetic columns" if synthetic else None,
            "licence": "Contains public sector information licensed under the Open Government Licence v3.0",
            "tables": tables,
        }
        (folder / "manifest.json").write_text(
            json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8"
        )
        return folder


class ProfileBuilder:
    """All blocks for all LAs of a dataset under one methodology year.

    Construction computes :class:`ProfileTables` for every LA at once (``self.tables``); ``build(la)``
    and ``build_all()`` then lay the rows of an LA out as a :class:`Profile`."""

    # the tables of every LA, set by _compute (blocks A and B run in two threads)
    settings_table: pl.DataFrame
    _with_settings: list[str]
    inspections: pl.DataFrame
    scrs: pl.DataFrame
    _settings_missing: pl.Series
    _inspections_missing: pl.Series
    _computed: ind_mod.Computed
    _values: pl.DataFrame
    _series_tolerance: float
    shares: pl.DataFrame
    _missing_b: pl.Series
    _gap_defs: list[dict[str, Any]]
    _gap_limits: tuple[float, float]

    def __init__(self, ds: Dataset, methodology: Methodology | ParameterReads):
        self.ds = ds
        # every parameter the profile reads goes through this view, which records it: the profile's
        # methodology record lists exactly those (and a parameter first read later is refused)
        self.m = ParameterReads(methodology)
        census = self.m["census_date"]
        self.census: date = census if isinstance(census, date) else date.fromisoformat(str(census))
        self.la_cutoff, self.la_cutoff_basis = la_inspections_cutoff(self.m)
        self.neighbour_model = self._model()
        nb = ds.table("statistical_neighbours").filter(pl.col("model") == self.neighbour_model)
        self.neighbours = nb.select("la_code", "neighbour_code", "rank")
        las = ds.table("local_authorities")
        self.la_names = dict(zip(las["la_code"], las["name"], strict=True))
        self.la_synthetic = dict(zip(las["la_code"], las["synthetic"], strict=True))
        self._by_la: dict[str, dict[str, Any]] | None = None
        self.candidates = self._candidates()
        self._compute()

    # ------------------------------------------------------------------------------------------ setup
    def _model(self) -> str | None:
        want = self.m.get("neighbour_model") or self.ds.manifest.get("defaults", {}).get("neighbour_model")
        models = self.ds.table("statistical_neighbours")["model"].unique().to_list()
        if want:
            if want not in models:
                raise ProfileError(
                    f"neighbour model {want!r} is not in dataset {self.ds.name} "
                    f"(it has {', '.join(models) or 'none'})"
                )
            return str(want)
        if len(models) == 1:
            return str(models[0])
        if not models:
            return None
        raise ProfileError(
            f"dataset {self.ds.name} has several neighbour models ({', '.join(models)}); name one"
        )

    def _compute(self) -> None:
        m = self.m
        types = list(m["profile_setting_types"])
        self.setting_types = types
        # block A (mostly Polars) runs in a second thread while block B's arrays, then block C, are worked
        # on in this one (the two threads take about as long)
        with ThreadPoolExecutor(max_workers=1) as pool:
            settings_block = pool.submit(self._settings_block)
            self._indicator_block()
            self._inspections_block()
            settings_block.result()
        self._completeness_table = pl.DataFrame(
            {
                "la_code": self.candidates,
                "settings_missing": self._settings_missing,
                "indicators_missing": self._missing_b,
                "la_inspections_missing": self._inspections_missing,
            }
        )
        # LAs that get a profile: candidates with settings, an inspection of the LA or an indicator row
        with_data = (
            set(self._with_settings)
            | set(self.ds.table("la_inspections")["la_code"].unique().to_list())
            | set(self._las_with_indicator_rows())
        )
        self.subjects = [c for c in self.candidates if c in with_data]
        fewer = len(self.subjects) < len(self.candidates)
        subjects = self.subjects if fewer else None
        if fewer:
            keep = pl.col("la_code").is_in(self.subjects)
            self.shares = self.shares.filter(keep)
            self.settings_table = self.settings_table.filter(keep)
        self.inspections = self.inspections.filter(pl.col("la_code").is_in(self.subjects))
        self.scrs = self.scrs.filter(pl.col("la_code").is_in(self.subjects))
        self.completeness = self._completeness_table.filter(pl.col("la_code").is_in(self.subjects))
        self.tables = ProfileTables(
            las=self._las_table(),
            settings=self.settings_table,
            indicator_table=Once(
                _indicator_table,
                self._computed.table,
                self.series_choices,
                self._values,
                self._series_tolerance,
                subjects,
            ),
            indicator_shares=self.shares,
            gap_table=Once(
                _gap_table,
                self._computed.arrays,
                self._indicator_keys,
                self._gap_defs,
                *self._gap_limits,
                subjects,
            ),
            la_inspections=self.inspections,
            serious_case_reviews=self.scrs,
            completeness=self.completeness,
        )
        # the levels the profile's evidence is held against, shown with its coverage (profile.render; the
        # EVIDENCE-GATE rule applies them to the rating): read here so that the record holds them
        m.get("evidence_min_indicator_share")
        m.get("evidence_min_settings_share")
        self._methodology_record = {"year": m.year, "lineage": m.lineage, "parameters": m.record()}

    def _settings_block(self) -> None:
        """Block A for every candidate LA."""
        m = self.m
        self.current = set_mod.current_grades(
            self.ds.table("settings"),
            self.ds.table("setting_inspections"),
            self.census,
            sorted_by=self.ds.sorted_by("setting_inspections"),
            indexed=self.ds.derived("setting_inspections", "setting_row"),
        )
        self.settings_table, self._with_settings = set_mod.block_a(
            self.current,
            self.ds.table("setting_benchmarks"),
            self.neighbours,
            self.candidates,
            self.setting_types,
            self.census,
            statistic=m["similar_area_statistic"],
            min_neighbours=int(m["min_neighbours"]),
            single_agency_types=list(m["single_agency_types"]),
            weak_outcome_share=float(m["weak_outcome_share"]),
            **self._share_params(),
        )
        self._settings_missing = completeness.settings_missing(
            self.settings_table, self.candidates, self.setting_types
        )

    def _inspections_block(self) -> None:
        """Block C for every candidate LA."""
        m = self.m
        self.inspections = lai_mod.in_force(
            self.ds.table("la_inspections"),
            self.la_cutoff,
            dict(m["la_inspection_validity_years"]),
            self.la_cutoff_basis,
        )
        self.scrs = lai_mod.serious_case_reviews(
            self.ds.table("serious_case_reviews"), self.la_cutoff, int(m["scr_window_months"])
        )
        self._inspections_missing = completeness.inspections_missing(
            self.inspections, self.candidates, list(m["expected_la_judgements"])
        )

    def _indicator_block(self) -> None:
        """Block B and the gaps, for every candidate LA (the table of every row, with the series'
        cross-checks, laid out when first asked for: ``indicators``)."""
        m = self.m
        # indicators: the profile list plus the indicators the gaps need
        wanted = list(m["profile_indicators"])
        self._gap_defs = list(m["gaps"])
        gap_codes = []
        for g in self._gap_defs:
            keys = ("gap_indicator", "group_indicator", "all_indicator", "peer_indicator")
            gap_codes += [g[k] for k in keys if g.get(k)]
        defs = ind_mod.select_definitions(self.ds.table("indicator_definitions"), wanted + gap_codes)
        self.profile_items = wanted
        # every step below reads only the codes of these definitions, up to the latest year: keep those
        # rows once
        latest_year = int(m["indicator_latest_year"])
        values = self.ds.table("indicator_values").filter(
            pl.col("code").is_in(defs["code"].implode()) & (pl.col("year") <= latest_year)
        )
        # one series per item of the profile list; the others are kept as cross-checks
        self.defs, self.series_choices = series_mod.choose(
            defs.with_columns(pl.col("profile_item").is_in(wanted).alias("in_profile")),
            values,
            latest_year=latest_year,
            preference=dict(m.get("indicator_series") or {}),
            keep_codes=set(gap_codes),
        )
        computed = ind_mod.compute(
            values,
            self.defs,
            self.neighbours,
            latest_year=latest_year,
            trend_periods=int(m["trend_periods"]),
            statistic=m["similar_area_statistic"],
            min_neighbours=int(m["min_neighbours"]),
            tolerance_pp=float(m["indicator_tolerance_pp"]),
            tolerance_relative=float(m["indicator_tolerance_relative"]),
            trend_tolerance_pp=float(m["trend_tolerance_pp"]),
            trend_tolerance_relative=float(m["trend_tolerance_relative"]),
            la_codes=self.candidates,
        )
        self._computed, self._values = computed, values
        # read only where an item has several series (the record lists the parameters the profile used)
        self._series_tolerance = float(m["series_agreement_tolerance"]) if self.series_choices.height else 0.0
        self.shares = ind_mod.shares(computed.arrays)
        self._missing_b = completeness.indicators_missing(computed.arrays, self.candidates, wanted)
        self._indicator_keys = gaps_mod.item_keys(
            computed.arrays.items.select("code", "breakdown", "profile_item").iter_rows()
            if computed.arrays
            else []
        )
        # the gaps table is laid out when first asked for (a rating reads no gap): its parameters read now
        self._gap_limits = (float(m["gap_closing_min_change"]), float(m["indicator_tolerance_pp"]))

    @property
    def indicators(self) -> pl.DataFrame:
        """Block B's table: a row per LA, indicator and breakdown (``tables.indicators``)."""
        return self.tables.indicators

    @property
    def gaps(self) -> pl.DataFrame:
        """The gaps table: a row per gap and LA (``tables.gaps``)."""
        return self.tables.gaps

    def _no_gaps(self) -> list[dict[str, Any]]:
        """The gaps of an LA with no indicator row: the gap definitions over nothing."""
        return gaps_for(self._indicator_keys, self._gap_defs, [], [])

    def _las_with_indicator_rows(self) -> list[str]:
        """The candidate LAs with a row (a value or a marker) for any indicator's period."""
        a = self._computed.arrays
        if a is None:
            return []
        rows = a.has_row.reshape(len(a.targets), a.items.height).any(axis=1)
        return [a.targets[t] for t in np.flatnonzero(rows)]

    @cached_property
    def _neighbour_lists(self) -> dict[str, list[str]]:
        """Each LA's statistical neighbours in rank order (for the objects, so made when first needed)."""
        out: dict[str, list[str]] = {}
        ranked = self.neighbours.sort("la_code", "rank")
        for la, code in zip(ranked["la_code"].to_list(), ranked["neighbour_code"].to_list(), strict=True):
            out.setdefault(la, []).append(code)
        return out

    @cached_property
    def sources(self) -> list[dict[str, Any]]:
        """The dataset's sources that feed a profile (one entry per title and as-at date)."""
        return profile_sources(self.ds.manifest)

    @property
    def source_notes(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.ds.manifest.get("blocks") or {}).items()}

    def _share_params(self) -> dict[str, Any]:
        return {
            "tolerance_pp": float(self.m["share_tolerance_pp"]),
            "min_n": int(self.m["min_settings_to_compare"]),
            "wilson_min_n": int(self.m["wilson_min_settings"]),
            "confidence": float(self.m["wilson_confidence"]),
        }

    @cached_property
    def _share_method(self) -> ShareMethod:
        """How each share comparison of block A reached its verdict, in words."""
        p = self._share_params()
        return ShareMethod(tolerance_pp=p["tolerance_pp"], min_n=p["min_n"], confidence=p["confidence"])

    @cached_property
    def _similar_statistic(self) -> str:
        return str(self.m["similar_area_statistic"])

    def _candidates(self) -> list[str]:
        """Real (not synthetic) LAs existing at the census date."""
        las = self.ds.table("local_authorities").filter(
            (pl.col("valid_from").is_null() | (pl.col("valid_from") <= self.census))
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= self.census))
            & ~pl.col("synthetic")
        )
        return sorted(las["la_code"].to_list())

    def _las_table(self) -> pl.DataFrame:
        """Per LA: name, and whether any figure of its profile is synthetic."""
        # (the LA codes selected before filtering: the wide frame is not copied)
        settings = self.settings_table
        flagged = set(
            settings.select("la_code").filter(settings["synthetic"] | settings["england_synthetic"])[
                "la_code"
            ]
        )
        a = self._computed.arrays
        if a is not None:
            rows = a.synthetic.reshape(len(a.targets), a.items.height).any(axis=1)
            flagged |= {a.targets[t] for t in np.flatnonzero(rows)}
        return pl.DataFrame(
            {
                "la_code": self.subjects,
                "la_name": [self.la_names[c] for c in self.subjects],
                "synthetic": [
                    bool(self.la_synthetic.get(c)) or c in flagged or self.ds.synthetic for c in self.subjects
                ],
            },
            schema={"la_code": pl.String, "la_name": pl.String, "synthetic": pl.Boolean},
        )

    # ---------------------------------------------------------------------------------------- per LA
    def las(self) -> list[str]:
        return list(self.subjects)

    @cached_property
    def _partitions(self) -> dict[str, dict[str, pl.DataFrame]]:
        """Every profile table split by LA once (``partition_by``): an LA's rows are then looked up, never
        filtered out of the all-LA table, so one LA or all cost the same per LA."""
        return {
            name: {str(k[0]): part for k, part in df.partition_by("la_code", as_dict=True).items()}
            for name, df in self.tables.frames().items()
        }

    def _part(self, la_code: str) -> dict[str, Any]:
        """The rows of one LA in every table, as Python values: row dicts (without the LA's code), except the
        settings (their columns, made into objects by ``_settings``), the indicators and gaps,
        which come as ``Lazy`` lists of ``IndicatorResult`` objects and gap dicts (``indicator_results``,
        ``gaps``)."""
        if self._by_la is not None:
            return self._by_la.get(la_code, {})
        out: dict[str, Any] = {}
        for name, parts in self._partitions.items():
            df = parts.get(la_code)
            if name == "settings":
                if df is not None:
                    out[name] = (setting_rows(df), 0, df.height)
            elif name not in DEFERRED_TABLES:
                out[name] = records(df.drop("la_code")) if df is not None else []
        tables = parts_of(self._partitions, la_code)
        indicators = tables.get("indicators")
        if indicators is not None:
            gap_table = tables.get("gaps", self.tables.gaps.clear())
            out.update(self._deferred_parts(indicators, gap_table, [(la_code, indicators.height)])[la_code])
        return out

    def _deferred_parts(
        self,
        indicators: pl.DataFrame | Once[pl.DataFrame],
        gap_table: pl.DataFrame | Once[pl.DataFrame],
        runs: list[tuple[str, int]],
    ) -> dict[str, dict[str, Any]]:
        """Per LA of ``runs`` (each LA's rows of the indicators table, in order, and how many): its
        ``indicator_results`` and ``gaps``, each a list made when first read (a national rating reads
        neither). The first LA to read one converts the rows of every LA in one pass (``Once``), laying the
        indicators table out first where it waits (``indicators`` a ``Once``); until then nothing is made."""
        out: dict[str, dict[str, Any]] = {}
        if not runs:
            return out
        columns = Once(indicator_columns, indicators, runs)
        stat = f"{self._similar_statistic} of neighbours with a value"
        every_gap = Once(all_gaps, indicators, gap_table, self._indicator_keys, self._gap_defs)
        start = 0
        for la, n in runs:
            out[la] = {
                "indicator_results": Lazy(indicator_objects, columns, start, start + n, stat),
                "gaps": Lazy(gaps_of, every_gap, la),
            }
            start += n
        return out

    def _indicator_runs(self) -> list[tuple[str, int]]:
        """Each profiled LA's rows of the indicators table, in order: one per item of block B (the table is
        laid out LA by LA, every LA with every item)."""
        a = self._computed.arrays
        return [] if a is None else [(la, a.items.height) for la in self.subjects]

    def gaps_by_la(self, la_codes: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The gaps of each LA of ``la_codes`` (as ``build`` makes them), from the all-LA tables in one pass
        and without making the LAs' other objects: what the flat export of the profiles needs."""
        keep = pl.col("la_code").is_in(list(la_codes))
        found = all_gaps(
            self.tables.indicators.filter(keep),
            self.tables.gaps.filter(keep),
            self._indicator_keys,
            self._gap_defs,
        )
        return {la: found[la] if la in found else self._no_gaps() for la in la_codes}

    def build(
        self,
        la_code: str,
        *,
        inputs: bool = True,
        _inputs: dict[str, dict[str, list[dict[str, Any]]]] | None = None,
    ) -> Profile:
        """The profile of one LA. ``inputs=False`` (national runs) leaves out the list of every setting
        counted; ``setting_inputs(la)`` gives it on demand."""
        if la_code not in self.la_names:
            raise ProfileError(f"LA {la_code!r} is not in dataset {self.ds.name}")
        part = self._part(la_code)
        if not inputs:
            setting_inputs: dict[str, list[dict[str, Any]]] = {}
        elif _inputs is not None:
            setting_inputs = _inputs.get(la_code, {})
        else:
            setting_inputs = self.setting_inputs(la_code)
        settings = self._settings(la_code, part, setting_inputs)
        indicators = part.get("indicator_results", [])
        gaps = part.get("gaps")
        if gaps is None:
            gaps = self._no_gaps()
        inspections = part.get("la_inspections", [])
        scrs = part.get("serious_case_reviews", [])
        shares = part.get("indicator_shares", [])
        neighbours = [
            {"code": c, "name": self.la_names.get(c, c)} for c in self._neighbour_lists.get(la_code, [])
        ]
        la_row = (part.get("las") or [{}])[0]
        return Profile(
            la_code=la_code,
            la_name=self.la_names[la_code],
            year=self.m.year,
            census_date=self.census,
            dataset=self.ds.name,
            synthetic=bool(la_row.get("synthetic", self.la_synthetic.get(la_code) or self.ds.synthetic)),
            methodology=self._methodology_record,
            neighbour_model=self.neighbour_model,
            neighbours=neighbours,
            settings=settings,
            indicators=indicators,
            indicator_shares=shares,
            gaps=gaps,
            la_inspections=inspections,
            serious_case_reviews=scrs,
            completeness=self._completeness(la_code, part, settings),
            sources=self.sources,
            source_notes=self.source_notes,
            later_la_inspections=self._later_inspections.get(la_code, []),
            later_setting_inspections=self._later_setting_inspections.get(la_code, []),
            addressee=self._addressees.get(la_code),
        )

    def build_all(self, *, inputs: bool = False) -> list[Profile]:
        """Every LA's profile as an object (the rows of all LAs are converted to Python in one pass).

        Tens of thousands of small objects are made and none is garbage: the cyclic garbage collector is
        paused meanwhile (``gcpause``)."""
        with gcpause.paused():
            if self._by_la is None:
                parts_by_la: dict[str, dict[str, Any]] = {}
                t = self.tables
                deferred = self._deferred_parts(t.indicator_table, t.gap_table, self._indicator_runs())
                for la, parts in deferred.items():
                    parts_by_la.setdefault(la, {}).update(parts)
                frames = {n: getattr(t, n) for n in t.DESCRIPTIONS if n not in DEFERRED_TABLES}
                settings, runs = grouped_by_la(frames["settings"])
                rows = setting_rows(settings)
                start = 0
                for la, n in runs:
                    parts_by_la.setdefault(la, {})["settings"] = (rows, start, start + n)
                    start += n
                for name, df in frames.items():
                    if name in DEFERRED_TABLES or name == "settings":
                        continue
                    for la, row in zip(df["la_code"].to_list(), records(df.drop("la_code")), strict=True):
                        parts_by_la.setdefault(la, {}).setdefault(name, []).append(row)
                self._by_la = parts_by_la
            all_inputs = self._all_setting_inputs() if inputs else None
            return [self.build(c, inputs=inputs, _inputs=all_inputs) for c in self.subjects]

    @cached_property
    def _setting_inputs_by_la(self) -> dict[str, pl.DataFrame]:
        """The settings counted in block A, with their names, split by LA once."""
        rows = (
            self.current.filter(pl.col("setting_type").is_in(self.setting_types))
            .join(self.ds.table("settings").select("remit", "urn", "name"), on=["remit", "urn"], how="left")
            .sort("la_code", "remit", "urn")
        )
        return {str(k[0]): part for k, part in rows.partition_by("la_code", as_dict=True).items()}

    def setting_inputs(self, la: str) -> dict[str, list[dict[str, Any]]]:
        """Every setting counted in block A for an LA, with the inspection that gave its grade."""
        rows = self._setting_inputs_by_la.get(la)
        if rows is None:
            return {}
        return setting_input_records(rows).get(la, {})

    def _all_setting_inputs(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """``setting_inputs`` of every LA, converted to Python in one pass over all the rows."""
        parts = list(self._setting_inputs_by_la.values())
        if not parts:
            return {}
        return setting_input_records(pl.concat(parts, how="vertical_relaxed"))

    def _settings(
        self, la: str, part: dict[str, Any], inputs: dict[str, list[dict[str, Any]]]
    ) -> list[SettingTypeResult]:
        rows = part.get("settings")
        if rows is None:
            return []
        table, start, end = rows
        return setting_objects(table, start, end, inputs, self._share_method, self._similar_statistic)

    @cached_property
    def _later_inspections(self) -> dict[str, list[dict[str, Any]]]:
        """Per LA: the inspections of the LA dated after the cut-off with a publication date (not counted
        in block C; the withholding rule reads them), in one pass over the table."""
        later = lai_mod.dated(self.ds.table("la_inspections"), self.la_cutoff_basis).filter(
            pl.col("published_date").is_not_null() & (pl.col("date") > self.la_cutoff)
        )
        out: dict[str, list[dict[str, Any]]] = {}
        for r in records(later.select("la_code", "inspection_type", "aspect", "published_date")):
            out.setdefault(r["la_code"], []).append(without_la(r))
        return out

    @cached_property
    def _later_setting_inspections(self) -> dict[str, list[dict[str, Any]]]:
        """Per LA: the settings counted at the census (of the profile's types, graded) whose latest
        inspection known after the census and by the cut-off for inspections of the LA (findings the
        inspectorate had before its decision) gave a grade, with their grade at the census and that later
        grade; none where the cut-off is not after the census. In one pass over the table."""
        if self.la_cutoff <= self.census:
            return {}
        later = self.ds.table("setting_inspections").filter(
            pl.col("overall").is_not_null()
            & (pl.col("known_at") > self.census)
            & (pl.col("known_at") <= self.la_cutoff)
        )
        if not later.height:
            return {}
        last = later.sort(set_mod.INSPECTION_ORDER, nulls_last=True).group_by("remit", "urn").last()
        counted = self.current.filter(
            pl.col("setting_type").is_in(self.setting_types) & pl.col("overall").is_not_null()
        ).select("remit", "urn", "la_code", "setting_type", pl.col("overall").alias("grade"))
        later_grades = last.select("remit", "urn", "known_at", pl.col("overall").alias("later_grade"))
        rows = counted.join(later_grades, on=["remit", "urn"]).sort("la_code", "setting_type", "urn")
        out: dict[str, list[dict[str, Any]]] = {}
        for r in records(rows.select("la_code", "setting_type", "urn", "grade", "later_grade", "known_at")):
            r["grade"], r["later_grade"] = GRADE_LABELS[int(r["grade"])], GRADE_LABELS[int(r["later_grade"])]
            out.setdefault(r["la_code"], []).append(without_la(r))
        return out

    @cached_property
    def _addressees(self) -> dict[str, dict[str, Any]]:
        """Per LA: the addressee and signatory recorded for the methodology's year (``la_contacts``)."""
        try:
            year = int(self.m.year)
        except ValueError:
            return {}
        rows = self.ds.table("la_contacts").filter(pl.col("year") == year)
        out: dict[str, dict[str, Any]] = {}
        for r in records(rows):
            out.setdefault(r["la_code"], {k: v for k, v in r.items() if k not in ("la_code", "year")})
        return out

    @cached_property
    def _expected_settings(self) -> dict[str, dict[str, tuple[int, date]]]:
        """Per LA and setting type of the profile: the real number of settings then (the dataset's
        optional ``expected_settings`` table, latest count on or before the census) and its date."""
        df = self.ds.table("expected_settings").filter(
            pl.col("setting_type").is_in(self.setting_types) & (pl.col("census_date") <= self.census)
        )
        out: dict[str, dict[str, tuple[int, date]]] = {}
        for la, kind, n, when in (
            df.sort("census_date").select("la_code", "setting_type", "settings", "census_date").iter_rows()
        ):
            out.setdefault(la, {})[kind] = (int(n), when)
        return out

    def _settings_coverage(self, la_code: str, settings: list[SettingTypeResult]) -> dict[str, Any]:
        """How many of the LA's settings block A rests on: inspected of those counted open at the census,
        and - where the dataset gives the real number of settings then - inspected of the real number."""
        rows: dict[str, SettingTypeResult] = {r.setting_type: r for r in settings}  # (str enum keys)
        total = rows.get(set_mod.ALL)
        counted, inspected = (total.settings, total.inspected) if total else (0, 0)
        real = self._expected_settings.get(la_code, {})
        expected = sum(n for n, _ in real.values())
        covered = sum(rows[t].inspected for t in real if t in rows)
        return {
            "settings_counted": counted,
            "settings_inspected": inspected,
            "inspected_share": round(inspected / counted, 4) if counted else None,
            "expected_settings": expected if real else None,
            "expected_settings_types": sorted(real),
            "expected_settings_as_at": max(w for _, w in real.values()).isoformat() if real else None,
            "coverage_vs_real": round(covered / expected, 4) if expected else None,
        }

    def _completeness(
        self, la_code: str, part: dict[str, Any], settings: list[SettingTypeResult]
    ) -> dict[str, Any]:
        row = (part.get("completeness") or [{}])[0]
        n_settings, n_indicators, n_judgements, dates = self._completeness_constants
        blocks = {
            "settings": (n_settings, row.get("settings_missing") or []),
            "indicators": (n_indicators, row.get("indicators_missing") or []),
            "la_inspections": (n_judgements, row.get("la_inspections_missing") or []),
        }
        out: dict[str, Any] = {}
        tot_e = tot_p = 0
        for name, (expected, missing) in blocks.items():
            present = expected - len(missing)
            tot_e += expected
            tot_p += present
            out[name] = {
                "expected": expected,
                "present": present,
                "share": round(present / expected, 4) if expected else None,
                "missing": missing,
            }
        out["overall"] = {
            "expected": tot_e,
            "present": tot_p,
            "share": round(tot_p / tot_e, 4) if tot_e else None,
        }
        out["settings"].update(self._settings_coverage(la_code, settings))
        out["dates"] = dict(dates)
        return out

    @cached_property
    def _completeness_constants(self) -> tuple[int, int, int, dict[str, str]]:
        """What every LA's completeness expects (setting types, indicators, judgements) and its dates."""
        dates = {
            "census_date": self.census.isoformat(),
            "la_inspections_cutoff": self.la_cutoff.isoformat(),
            "la_inspections_cutoff_basis": self.la_cutoff_basis,
        }
        return len(self.setting_types), len(self.profile_items), len(self.m["expected_la_judgements"]), dates
