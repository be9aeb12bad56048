"""Block A: inspected services and settings, for every LA at once.

A setting counts at the census date when it was registered by then (or has no registration date) and had
not closed; its grade is that of its latest graded inspection known by the census date. Per LA and
setting type: settings open, settings inspected, counts by grade, the inspected settings by who runs them
(``run_by_<sector>``), share good or better; the same over all
the profile's setting types together; and the Every Child Matters outcomes in which the type is weak.
Each share is compared with England (a published benchmark for the census date where the dataset has
one, else the sum over every LA of the dataset) and with similar areas (the mean or median share of the
LA's statistical neighbours with an inspected setting of the type).

``block_a`` counts every LA and type at once into arrays LA x type.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl

from csrating.enums import EcmOutcome, Sector
from csrating.profile.arrays import neighbour_index, neighbour_statistic, neighbours_used, positions
from csrating.profile.compare import SHARE_VERDICTS, share_comparisons
from csrating.sources import canonical

GRADE_COLUMNS = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
OUTCOMES = [o.value for o in EcmOutcome]
ALL = "all"


INSPECTION_ORDER = ["remit", "urn", "known_at", "inspection_id"]
KEY = ["remit", "urn"]  # a setting
MAX_PREDECESSORS = 10  # links followed back from a setting to find a graded predecessor (guards a cycle)


def current_grades(
    settings: pl.DataFrame,
    inspections: pl.DataFrame,
    census: date,
    *,
    sorted_by: list[str] | None = None,
    indexed: bool = False,
) -> pl.DataFrame:
    """Settings open at the census date, each with its latest graded inspection known by then (on a tie
    of dates, the highest inspection id). ``sorted_by``: the order the inspections are already in (a
    snapshot stores them by setting, oldest first, which saves sorting them here). ``indexed``: the
    inspections' ``setting_row`` gives the row of each one's setting in ``settings``, as a snapshot
    writes it for its own two tables (``Dataset.derived``): each setting's inspection is then looked up
    by row, not joined on remit and URN.

    Predecessors (``settings.predecessor_urn``, same remit): a setting with no graded inspection of its
    own by the census date carries the latest one of its predecessor, or of the predecessor's predecessor
    and so on (``graded_urn`` says whose inspection it is); a setting whose predecessor is itself open at
    the census date does not count - the predecessor counts for itself."""
    is_open = settings.select(canonical.open_on(census).fill_null(False)).to_series()
    open_ = settings.filter(is_open)
    graded = inspections.filter(pl.col("overall").is_not_null() & (pl.col("known_at") <= census))
    if sorted_by != INSPECTION_ORDER:
        graded = graded.sort(INSPECTION_ORDER, nulls_last=True)
    # the last row of each setting's run of consecutive rows is its latest inspection
    last = (pl.col("urn") != pl.col("urn").shift(-1)) | (pl.col("remit") != pl.col("remit").shift(-1))
    columns = ("inspection_id", "known_at", "overall", *OUTCOMES)
    latest = graded.filter(last.fill_null(True)).select(
        "remit", "urn", *columns, *(["setting_row"] if indexed else [])
    )
    current = _with_sector(open_).select("remit", "urn", "setting_type", "la_code", "sector", "synthetic")
    # each setting's own latest inspection
    if indexed:
        # the row of latest for each setting (-1: none), then for each open one; -1 becomes a null row
        rows = latest["setting_row"]
        found = rows.is_not_null()
        at = np.full(settings.height, -1, dtype=np.int64)
        at[rows.filter(found).to_numpy()] = np.flatnonzero(found.to_numpy())
        row = pl.Series(at[is_open.to_numpy()]).cast(pl.UInt32, strict=False)  # -1 -> null
        out = pl.concat([current, latest.select(columns)[row]], how="horizontal")
        latest = latest.drop("setting_row")
    else:
        out = current.join(latest, on=KEY, how="left", maintain_order="left")
    out = out.with_columns(
        pl.when(pl.col("inspection_id").is_not_null()).then(pl.col("urn")).alias("graded_urn")
    )
    links = _predecessors(settings)
    if not links.height:
        return out
    # a successor whose predecessor is still open at the census date is not open yet in its own right
    early = current.join(links, on=KEY).join(
        open_.select("remit", pl.col("urn").alias("predecessor_urn")), on=["remit", "predecessor_urn"]
    )
    out = out.join(early.select(KEY), on=KEY, how="anti", maintain_order="left")
    # a setting with none of its own carries its nearest predecessor's, in the order the settings came
    out = out.with_row_index("_row")
    without = out.filter(pl.col("graded_urn").is_null())
    carried = (
        without.select("_row", *current.columns)
        .join(_graded_urns(without.select(KEY), links, latest), on=KEY)
        .join(latest.rename({"urn": "graded_urn"}), on=["remit", "graded_urn"])
        .select(out.columns)
    )
    kept = out.join(carried.select("_row"), on="_row", how="anti")
    return pl.concat([kept, carried]).sort("_row").drop("_row")


def _with_sector(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with a ``sector`` column (null where a frame has none: who runs the settings unknown)."""
    if "sector" in df.columns:
        return df
    return df.with_columns(pl.lit(None, dtype=pl.String).alias("sector"))


def _predecessors(settings: pl.DataFrame) -> pl.DataFrame:
    """(remit, urn, predecessor_urn) of the settings that name a predecessor."""
    if "predecessor_urn" not in settings.columns:
        return pl.DataFrame(schema={"remit": pl.String, "urn": pl.String, "predecessor_urn": pl.String})
    named = settings.filter(pl.col("predecessor_urn").is_not_null())
    return named.select("remit", "urn", "predecessor_urn")


def _graded_urns(todo: pl.DataFrame, links: pl.DataFrame, latest: pl.DataFrame) -> pl.DataFrame:
    """(remit, urn, graded_urn) for the settings of ``todo`` (remit, urn; none with a graded inspection of
    its own) whose chain of predecessors reaches one with: the nearest such predecessor. One join per link
    followed, all settings at once."""
    graded = latest.select(KEY)
    found = [pl.DataFrame(schema={"remit": pl.String, "urn": pl.String, "graded_urn": pl.String})]
    # settings still looking, and the URN they have reached along their chain of predecessors
    todo = todo.with_columns(pl.col("urn").alias("at"))
    step = links.rename({"urn": "at", "predecessor_urn": "next"})
    for _ in range(MAX_PREDECESSORS):
        todo = todo.join(step, on=["remit", "at"]).select("remit", "urn", pl.col("next").alias("at"))
        if not todo.height:
            break
        hit = todo.join(graded.rename({"urn": "at"}), on=["remit", "at"], how="semi")
        found.append(hit.rename({"at": "graded_urn"}))
        todo = todo.join(hit, on=KEY, how="anti")
    return pl.concat(found, how="vertical")


# the inspected settings by who runs them (``settings.sector``; a setting with none is unknown)
SECTORS = [s.value for s in Sector]
RUN_BY = {s: f"run_by_{s}" for s in SECTORS}
COUNTS = [
    "settings", "inspected", *GRADE_COLUMNS.values(),
    *[f"{o}_graded" for o in OUTCOMES], *[f"{o}_weak" for o in OUTCOMES], *RUN_BY.values(),
]  # fmt: skip


def _england(
    counts: dict[str, np.ndarray],
    synthetic: np.ndarray,
    benchmarks: pl.DataFrame,
    census: date,
    kinds: list[str],
) -> dict[str, list[Any]]:
    """England's share good or better per setting type (and all together): a published benchmark when the
    dataset has one for the census date (the latest on or before it), else the sum over every LA."""
    bench: dict[str, dict[str, Any]] = {}
    if benchmarks.height:
        latest = (
            benchmarks.filter((pl.col("area_type") == "england") & (pl.col("census_date") <= census))
            .sort("census_date")
            .group_by("setting_type")
            .last()
        )
        bench = {r["setting_type"]: r for r in latest.iter_rows(named=True) if r["setting_type"] in kinds}
    out: dict[str, list[Any]] = {
        "england_pct": [],
        "england_source": [],
        "england_inspected": [],
        "england_synthetic": [],
    }
    inspected, gob = counts["inspected"].sum(axis=0), (counts["outstanding"] + counts["good"]).sum(axis=0)
    for k, kind in enumerate(kinds):
        if bench and (kind in bench or kind == ALL):
            rows = list(bench.values()) if kind == ALL else [bench[kind]]
            n = sum(r["outstanding"] + r["good"] + r["satisfactory"] + r["inadequate"] for r in rows)
            g = sum(r["outstanding"] + r["good"] for r in rows)
            source, syn = "benchmark", any(r["synthetic"] for r in rows)
        else:
            n, g = int(inspected[k]), int(gob[k])
            source, syn = "all LAs in the dataset", bool(synthetic[:, k].any())
        out["england_pct"].append(100 * g / n if n > 0 else None)
        out["england_source"].append(source)
        out["england_inspected"].append(n)
        out["england_synthetic"].append(syn)
    return out


def block_a(
    current: pl.DataFrame,
    benchmarks: pl.DataFrame,
    neighbours: pl.DataFrame,
    la_codes: list[str],
    setting_types: list[str],
    census: date,
    *,
    statistic: str,
    min_neighbours: int,
    single_agency_types: list[str],
    weak_outcome_share: float,
    tolerance_pp: float,
    min_n: int,
    wilson_min_n: int,
    confidence: float,
) -> tuple[pl.DataFrame, list[str]]:
    """Block A for the LAs of ``la_codes``: a row per LA and setting type (and 'all', in that order), with
    the counts, the share good or better, the comparisons with England and similar areas, the grade of a
    single agency and, per ECM outcome, whether the type is weak in it (``weak_BH`` ...). An LA with no
    inspected setting of a type has status 'no_data' there. Also: the LAs with any setting of the types."""
    kinds = [*setting_types, ALL]
    n_types = len(setting_types)
    type_of = {t: k for k, t in enumerate(setting_types)}
    # counts per LA and type (one pass over the settings), then arrays LA x kind
    per_type = (
        _with_sector(current)
        .group_by("la_code", "setting_type")
        .agg(
            pl.len().alias("settings"),
            pl.col("overall").is_not_null().sum().alias("inspected"),
            *[(pl.col("overall") == g).sum().alias(name) for g, name in GRADE_COLUMNS.items()],
            *[pl.col(o).is_not_null().sum().alias(f"{o}_graded") for o in OUTCOMES],
            *[(pl.col(o) >= 3).sum().alias(f"{o}_weak") for o in OUTCOMES],
            *[
                (pl.col("overall").is_not_null() & (pl.col("sector").fill_null(Sector.UNKNOWN.value) == s))
                .sum()
                .alias(name)
                for s, name in RUN_BY.items()
            ],
            pl.col("synthetic").any().alias("synthetic"),
        )
        .filter(pl.col("setting_type").is_in(setting_types))
    )
    las = sorted(set(per_type["la_code"].to_list()) | set(la_codes))
    la_of = {c: n for n, c in enumerate(las)}
    n_las = len(las)
    at_l = positions(per_type["la_code"], la_of)
    at_k = positions(per_type["setting_type"], type_of)

    def spread(values: np.ndarray) -> np.ndarray:
        """LAs x kinds: the counts per type, and all types together in the last column."""
        out = np.zeros((n_las, n_types + 1), dtype=values.dtype)
        out[at_l, at_k] = values
        out[:, n_types] = (
            out[:, :n_types].sum(axis=1) if values.dtype != bool else out[:, :n_types].any(axis=1)
        )
        return out

    counts = {name: spread(per_type[name].to_numpy().astype(np.int64)) for name in COUNTS}
    synthetic = spread(per_type["synthetic"].to_numpy())
    with_settings = [las[i] for i in np.flatnonzero(counts["settings"][:, :n_types].sum(axis=1) > 0)]
    england = _england(counts, synthetic, benchmarks, census, kinds)
    n_all, gob_all = counts["inspected"], counts["outstanding"] + counts["good"]
    with np.errstate(invalid="ignore", divide="ignore"):
        pct_all = np.where(n_all > 0, 100 * gob_all / n_all, np.nan)  # LAs x kinds
    # similar areas: the neighbours with an inspected setting of the type (neighbours in code order)
    targets = np.array([la_of[c] for c in la_codes], dtype=np.intp)
    nb_ix = neighbour_index(neighbours, la_codes, la_of)
    nb_pct = np.where(
        (nb_ix >= 0)[:, :, None], pct_all[np.maximum(nb_ix, 0)], np.nan
    )  # targets x width x kinds
    used = ~np.isnan(nb_pct)
    stat, n_used = neighbour_statistic(nb_pct, used, 1, statistic)
    similar = np.where(n_used >= min_neighbours, stat, np.nan)
    n_rows = len(la_codes) * len(kinds)
    used_rows = used.transpose(0, 2, 1).reshape(n_rows, nb_ix.shape[1])
    # the rows of the targets: target-major, kinds in order
    rows = {name: c[targets].ravel() for name, c in counts.items()}
    n, good = rows["inspected"], rows["outstanding"] + rows["good"]
    ok = n > 0
    kind_of_row = np.tile(np.arange(len(kinds)), len(la_codes))
    england_pct = np.array([np.nan if v is None else v for v in england["england_pct"]])[kind_of_row]
    similar_pct = similar.ravel()
    params: dict[str, Any] = dict(
        tolerance_pp=tolerance_pp, min_n=min_n, wilson_min_n=wilson_min_n, confidence=confidence
    )
    vs_england = share_comparisons(good, n, england_pct, **params)
    vs_similar = share_comparisons(good, n, similar_pct, **params)
    singles = np.array([k < n_types and setting_types[k] in single_agency_types for k in range(len(kinds))])
    single = ok & (kind_of_row < n_types) & (singles[kind_of_row] | (n == 1))
    first_grade = np.select([rows[g] > 0 for g in GRADE_COLUMNS.values()], [0, 1, 2, 3], default=4)
    verdicts = pl.Series([v.value for v in SHARE_VERDICTS])
    grades = pl.Series([*GRADE_COLUMNS.values(), None], dtype=pl.String)
    with np.errstate(invalid="ignore", divide="ignore"):
        columns: dict[str, Any] = {
            "la_code": pl.Series(la_codes).gather(np.repeat(np.arange(len(la_codes)), len(kinds))),
            "setting_type": pl.Series(kinds).gather(kind_of_row),
            **{name: pl.Series(rows[name], dtype=pl.UInt32) for name in COUNTS},
            "synthetic": synthetic[targets].ravel(),
            "good_or_better_pct": pl.Series(np.where(ok, 100 * good / n, np.nan), nan_to_null=True),
            **{name: pl.Series(values).gather(kind_of_row) for name, values in england.items()},
            "similar_pct": pl.Series(similar_pct, nan_to_null=True),
            "status": pl.Series(["no_data", "ok"]).gather(ok.astype(np.int8)),
            "single": single,
            "grade": grades.gather(np.where(single & (n == 1), first_grade, 4)),
            **{
                f"weak_{o}": ok
                & (rows[f"{o}_graded"] > 0)
                & (rows[f"{o}_weak"] / np.maximum(rows[f"{o}_graded"], 1) >= weak_outcome_share)
                for o in OUTCOMES
            },
        }
    for prefix, c in (("england", vs_england), ("similar", vs_similar)):
        columns[f"{prefix}_verdict"] = verdicts.gather(c["verdict"])
        for part in ("diff", "lo", "hi"):
            columns[f"{prefix}_{part}"] = pl.Series(c[part], nan_to_null=True)
    table = pl.DataFrame(columns).with_columns(
        *neighbours_used(used_rows, np.repeat(nb_ix, len(kinds), axis=0), las)
    )
    order = [c for c in table.columns if c != "similar_n"]
    order.insert(order.index("similar_pct") + 1, "similar_n")
    return table.select(order), with_settings
