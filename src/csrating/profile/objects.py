"""From the all-LA profile tables to each LA's :class:`Profile` objects.

``ProfileBuilder.build_all`` and ``build`` lay the rows out with these: rows as dicts, setting and indicator
results made column by column (no dict per row), and the parts a national rating never reads - an LA's
indicator objects and gaps - as lists made when first read, the first read converting every LA's rows in
one pass (``csrating.lazy``).
"""

from __future__ import annotations

from collections.abc import KeysView, Sequence
from dataclasses import fields
from functools import cache
from typing import Any, Literal, TypeVar

import polars as pl

from csrating.enums import EcmOutcome, Marker, Polarity, ResultStatus, SettingGrade, SettingType, Verdict
from csrating.lazy import Once
from csrating.letters.indicator_names import plain_name
from csrating.profile import gaps as gaps_mod
from csrating.profile import settings as set_mod
from csrating.profile.compare import ShareMethod
from csrating.profile.model import Comparison, IndicatorResult, SettingTypeResult

GRADE_LABELS = {int(g): g.label for g in SettingGrade}
_T = TypeVar("_T")
# the fields of the model's dataclasses that _frozen makes, as the keys of a dict (to compare in one step)
_FIELD_NAMES: dict[type, KeysView[str]] = {
    cls: dict.fromkeys(f.name for f in fields(cls)).keys()
    for cls in (Comparison, IndicatorResult, SettingTypeResult)
}
DIRECTION_WORDS = {  # a trend's verdict as the profile words its direction
    "better": "improving",
    "worse": "declining",
    "in_line": "stable",
    "higher": "rising",
    "lower": "falling",
}


# code -> enum member, by dictionary look-up (quicker than calling the enum for tens of thousands of values)
_VERDICTS: dict[str, Verdict] = {v.value: v for v in Verdict}
_POLARITIES: dict[str, Polarity] = {p.value: p for p in Polarity}
_ECM_OUTCOMES: dict[str | None, EcmOutcome | None] = {None: None, **{o.value: o for o in EcmOutcome}}
_MARKERS: dict[str | None, Marker | None] = {None: None, **{m.value: m for m in Marker}}
_SETTING_TYPES: dict[str, SettingType] = {t.value: t for t in SettingType}


# the columns of the indicators table an IndicatorResult is made from, in the order indicator_objects reads
_INDICATOR_COLUMNS = (
    "code", "profile_item", "name", "ecm_outcome", "polarity", "unit", "breakdown", "period", "value",
    "marker", "similar_value", "similar_verdict", "similar_diff", "similar_used", "similar_n",
    "england_value", "england_verdict", "england_diff", "england_period", "england_marker",
    "rank", "rank_of", "band", "q1", "q2", "q3", "trend_years", "trend_values", "previous_value",
    "change_diff", "trend_verdict", "trend_diff", "in_profile", "cross_check_code", "cross_check_period",
    "cross_check_value", "cross_check_diff", "cross_check_verdict", "year",
)  # fmt: skip


def setting_label(setting_type: str) -> str:
    """A setting type's words in a profile: its plural, or "all inspected services and settings"."""
    return _SETTING_LABELS.get(setting_type) or SettingType(setting_type).plural


_SETTING_LABELS = {
    set_mod.ALL: "all inspected services and settings",
    **{t.value: t.plural for t in SettingType},
}


def records(df: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, built column-wise (several times faster than iterating rows)."""
    names = df.columns
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*(df[c].to_list() for c in names), strict=True)
    ]


def setting_input_records(rows: pl.DataFrame) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per LA and setting type, each setting counted with the inspection that gave its grade (built
    column-wise: one list per column, no intermediate row dicts)."""
    labels = GRADE_LABELS
    outcomes = set_mod.OUTCOMES
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    cols = [
        rows[c].to_list()
        for c in ("la_code", "setting_type", "remit", "urn", "name", "inspection_id", "known_at")
    ]
    overall = rows["overall"].to_list()
    synthetic = rows["synthetic"].to_list()
    outcome_values = zip(*(rows[o].to_list() for o in outcomes), strict=True) if outcomes else None
    for la, t, remit, urn, name, inspection_id, known_at, g, syn in zip(
        *cols, overall, synthetic, strict=True
    ):
        rec = {
            "remit": remit,
            "urn": urn,
            "name": name,
            "inspection_id": inspection_id,
            "known_at": known_at,
            "grade": labels.get(g) if g else None,
            "synthetic": syn,
        }
        if outcome_values is not None:
            for o, v in zip(outcomes, next(outcome_values), strict=True):
                if v is not None:
                    rec[o] = labels.get(v) if v else None
        by_type = out.get(la)
        if by_type is None:
            by_type = out[la] = {}
        lst = by_type.get(t)
        if lst is None:
            by_type[t] = [rec]
        else:
            lst.append(rec)
    return out


def _frozen(cls: type[_T], values: dict[str, Any], *, check: bool = True) -> _T:
    """An instance of a frozen dataclass given every one of its fields, in order, as a dict: the object its
    ``__init__`` makes (no dataclass of the model has a ``__post_init__``), the dict becoming the
    instance's own, without setting each field through ``object.__setattr__`` - several times quicker
    for the tens of thousands a national run makes. ``check=False`` skips comparing the field names: for
    the later objects of one call site, whose keys are fixed in the code and were checked on its first."""
    if check and values.keys() != _FIELD_NAMES[cls]:
        raise TypeError(f"{cls.__name__} takes the fields {sorted(_FIELD_NAMES[cls])}, not {sorted(values)}")
    obj = _NEW(cls)
    _SET_ATTRIBUTE(obj, "__dict__", values)
    return obj


_NEW = object.__new__
_SET_ATTRIBUTE = object.__setattr__


def without_la(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "la_code"}


def indicator_objects(
    columns: Once[list[list[Any]]], start: int, end: int, stat: str
) -> list[IndicatorResult]:
    """An ``IndicatorResult`` for each of the rows ``start:end`` of the indicators table, given as its
    ``_INDICATOR_COLUMNS`` (a list per column, converted for every LA when the first LA's are read), made
    column by column with no dict per row (most of the time of a national run was in those dicts)."""
    names: dict[tuple[str, int | None, str], str] = {}
    out = []
    check = True  # the first object's fields checked, the rest made the same way unchecked
    for (
        code, profile_item, name, ecm_outcome, polarity, unit, breakdown, period, value, marker,
        similar_value, similar_verdict, similar_diff, similar_used, similar_n,
        england_value, england_verdict, england_diff, england_period, england_marker,
        rank, rank_of, band, q1, q2, q3, trend_years, trend_values, previous_value, change_diff,
        trend_verdict, trend_diff, in_profile, cc_code, cc_period, cc_value, cc_diff, cc_verdict, year,
    ) in zip(*(c[start:end] for c in columns()), strict=True):  # fmt: skip
        item = profile_item or code
        short = names.get((item, year, name))
        if short is None:
            short = names[(item, year, name)] = plain_name(item, year, name)
        similar_areas = _frozen(Comparison, {
            "figure": similar_value,
            "verdict": _VERDICTS[similar_verdict],
            "difference": similar_diff,
            "method": stat,
            "detail": {"neighbours_used": similar_used or [], "n": similar_n or 0, "period": period},
        }, check=check)  # fmt: skip
        england = _frozen(Comparison, {
            "figure": england_value,
            "verdict": _VERDICTS[england_verdict],
            "difference": england_diff,
            "method": "England",
            "detail": {"period": england_period, "marker": england_marker},
        }, check=check)  # fmt: skip
        out.append(_frozen(IndicatorResult, {
            "code": code,
            "item": item,
            "name": name,
            "ecm_outcome": _ECM_OUTCOMES[ecm_outcome],
            "polarity": _POLARITIES[polarity],
            "unit": unit,
            "breakdown": breakdown,
            "period": period,
            "value": value,
            "marker": _MARKERS[marker],
            "similar_areas": similar_areas,
            "england": england,
            "rank": rank,
            "rank_of": rank_of,
            "band": band,
            "band_limits": [q1, q2, q3] if q1 is not None else None,
            "trend": {
                "years": trend_years or [],
                "values": trend_values or [],
                "previous": previous_value,
                "change": change_diff,
                "direction": DIRECTION_WORDS.get(trend_verdict, "no_data"),
                "window_change": trend_diff,
            },
            "status": ResultStatus.NO_DATA if value is None else ResultStatus.OK,
            "in_profile": bool(in_profile),
            "cross_check": None if not cc_code else {
                "code": cc_code,
                "period": cc_period,
                "value": cc_value,
                "difference": cc_diff,
                "verdict": cc_verdict,
            },
            "year": year,
            "short_name": short,
        }, check=check))  # fmt: skip
        check = False
    return out


def _runs(codes: pl.Series) -> list[tuple[str, int]]:
    """Each run of equal values of a column (an LA's rows, kept together) and its length, in order."""
    runs = codes.rle()
    return list(zip(runs.struct.field("value").to_list(), runs.struct.field("len").to_list(), strict=True))


def grouped_by_la(df: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, int]]]:
    """The frame with each LA's rows together, and each LA's run of rows: as it is where they already are
    (the profile tables are made LA by LA), else sorted by LA keeping the order within each."""
    runs = _runs(df["la_code"])
    if len({la for la, _ in runs}) == len(runs):
        return df, runs
    df = df.sort("la_code", maintain_order=True)
    return df, _runs(df["la_code"])


# the columns of the settings table a SettingTypeResult is made from, in the order setting_objects reads
SETTING_COLUMNS = (
    "setting_type", "status", "settings", "inspected", *set_mod.GRADE_COLUMNS.values(), "good_or_better_pct",
    "single", "grade", "england_pct", "england_verdict", "england_diff", "england_lo", "england_hi",
    "england_source", "england_inspected", "england_synthetic", "similar_pct", "similar_verdict",
    "similar_diff", "similar_lo", "similar_hi", "similar_used", "similar_n",
    *[f"weak_{o}" for o in set_mod.OUTCOMES], *set_mod.RUN_BY.values(),
)  # fmt: skip
_GRADES = tuple(set_mod.GRADE_COLUMNS.values())
_N_FIXED = 26  # the columns before the weak outcomes
_SECTOR_NAMES = tuple(set_mod.RUN_BY)


def setting_rows(df: pl.DataFrame) -> list[tuple[Any, ...]]:
    """The rows of a settings table as tuples of its ``SETTING_COLUMNS``, in that order (made column by
    column: no dict per row)."""
    return list(zip(*column_lists(df, SETTING_COLUMNS), strict=True))


def setting_objects(
    rows: list[tuple[Any, ...]],
    start: int,
    end: int,
    inputs: dict[str, list[dict[str, Any]]],
    method: ShareMethod,
    statistic: str,
) -> list[SettingTypeResult]:
    """A ``SettingTypeResult`` for each of the rows ``start:end`` of the settings table, each given as the
    tuple of its ``SETTING_COLUMNS`` (``setting_rows``); ``method`` words how each comparison was made."""
    out = []
    n_out = len(set_mod.OUTCOMES)
    check = True  # the first objects' fields checked, the rest made the same way unchecked
    for row in rows[start:end]:
        (
            t, status, n_settings, n, outstanding, good, satisfactory, inadequate, gob_pct, single, grade,
            england_pct, england_verdict, england_diff, england_lo, england_hi, england_source,
            england_inspected, england_synthetic, similar_pct, similar_verdict, similar_diff, similar_lo,
            similar_hi, similar_used, similar_n,
        ) = row[:_N_FIXED]  # fmt: skip
        setting_type: SettingType | Literal["all"] = "all" if t == set_mod.ALL else _SETTING_TYPES[t]
        if status == ResultStatus.NO_DATA:
            england, similar_areas = (
                _frozen(Comparison, {
                    "figure": pct, "verdict": Verdict.NO_DATA, "difference": None, "method": "", "detail": {},
                }, check=check)
                for pct in (england_pct, similar_pct)
            )  # fmt: skip
            counts: dict[str, int] = {}
            n, gob_pct, single, grade, weak_outcomes, run_by = 0, None, False, None, [], {}
        else:
            england = _frozen(Comparison, {
                "figure": england_pct,
                "verdict": _VERDICTS[england_verdict],
                "difference": england_diff,
                "method": method(england_verdict, england_diff, n, england_lo is not None),
                "detail": {
                    "source": england_source,
                    "inspected": england_inspected,
                    "synthetic": bool(england_synthetic),
                    "interval": [england_lo, england_hi] if england_lo is not None else None,
                },
            }, check=check)  # fmt: skip
            similar_areas = _frozen(Comparison, {
                "figure": similar_pct,
                "verdict": _VERDICTS[similar_verdict],
                "difference": similar_diff,
                "method": method(similar_verdict, similar_diff, n, similar_lo is not None),
                "detail": {
                    "neighbours_used": similar_used or [],
                    "n": similar_n or 0,
                    "statistic": statistic,
                    "interval": [similar_lo, similar_hi] if similar_lo is not None else None,
                },
            }, check=check)  # fmt: skip
            counts = dict(zip(_GRADES, (outstanding, good, satisfactory, inadequate), strict=True))
            weak_outcomes = list(_weak_outcomes(row[_N_FIXED : _N_FIXED + n_out]))
            run_by = {s: k for s, k in zip(_SECTOR_NAMES, row[_N_FIXED + n_out :], strict=True) if k}
        out.append(_frozen(SettingTypeResult, {
            "setting_type": setting_type,
            "label": setting_label(t),
            "settings": n_settings,
            "inspected": n,
            "counts": counts,
            "good_or_better_pct": gob_pct,
            "single": single,
            "grade": grade,
            "england": england,
            "similar_areas": similar_areas,
            "weak_outcomes": weak_outcomes,
            "inputs": inputs.get(t, []),
            "status": ResultStatus.NO_DATA if status == ResultStatus.NO_DATA else ResultStatus.OK,
            "sectors": run_by,
        }, check=check))  # fmt: skip
        check = False
    return out


@cache
def _weak_outcomes(weak: tuple[bool, ...]) -> tuple[str, ...]:
    """The ECM outcomes flagged weak in a row's ``weak_<outcome>`` columns (a few patterns recur)."""
    return tuple(o for o, w in zip(set_mod.OUTCOMES, weak, strict=True) if w)


DEFERRED_TABLES = ("indicators", "gaps")  # tables an LA's part holds as lists made when first read


def parts_of(partitions: dict[str, dict[str, pl.DataFrame]], la_code: str) -> dict[str, pl.DataFrame]:
    """One LA's frame of each partitioned table that has rows for it."""
    return {name: parts[la_code] for name, parts in partitions.items() if la_code in parts}


def column_lists(df: pl.DataFrame, names: Sequence[str]) -> list[list[Any]]:
    """The columns ``names`` of ``df`` as Python lists, in that order."""
    return [df[c].to_list() for c in names]


def _gap_rows(
    df: pl.DataFrame, indicator_keys: dict[tuple[str, str], Any], gap_defs: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Per LA, the rows of the indicators table ``df`` that the gap definitions name, as dicts."""
    named = {
        g.get(k)
        for g in gap_defs
        for k in ("gap_indicator", "group_indicator", "peer_indicator", "all_indicator")
    }
    wanted = {v for (name, _), v in indicator_keys.items() if name in named}
    out: dict[str, list[dict[str, Any]]] = {}
    if not wanted or df.height == 0:
        return out
    keys = pl.DataFrame(
        [list(k) for k in wanted], schema={"code": pl.String, "breakdown": pl.String}, orient="row"
    )
    rows = df.join(keys, on=["code", "breakdown"], how="semi").select("la_code", *gaps_mod.ROW_COLUMNS)
    for row in records(rows):
        out.setdefault(row["la_code"], []).append(row)
    return out


def gaps_for(
    indicator_keys: dict[tuple[str, str], Any],
    gap_defs: list[dict[str, Any]],
    gap_rows: list[dict[str, Any]],
    gap_table_rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One LA's gaps as the profile holds them: the gap definitions laid over its rows."""
    rows = gaps_mod.rows_for_la(indicator_keys, gap_rows)
    return gaps_mod.gaps_for_la(rows, gap_defs, {r["gap_id"]: r for r in gap_table_rows})


def all_gaps(
    table: pl.DataFrame | Once[pl.DataFrame],
    gaps: pl.DataFrame | Once[pl.DataFrame],
    indicator_keys: dict[tuple[str, str], Any],
    gap_defs: list[dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """The gaps of every LA with rows in the indicators ``table``, in one pass over the two tables."""
    indicators = table() if isinstance(table, Once) else table
    gap_table = gaps() if isinstance(gaps, Once) else gaps
    gap_rows = _gap_rows(indicators, indicator_keys, gap_defs)
    table_rows: dict[str, list[dict[str, Any]]] = {}
    for row in records(gap_table):
        table_rows.setdefault(row["la_code"], []).append(row)
    las = dict.fromkeys(indicators["la_code"].unique(maintain_order=True).to_list())
    return {
        la: gaps_for(indicator_keys, gap_defs, gap_rows.get(la, []), table_rows.get(la, [])) for la in las
    }


def indicator_columns(
    table: pl.DataFrame | Once[pl.DataFrame], runs: list[tuple[str, int]]
) -> list[list[Any]]:
    """The columns of the indicators table an ``IndicatorResult`` is made from, as lists, checked to hold
    each LA's rows where ``runs`` says they are."""
    df = table() if isinstance(table, Once) else table
    if _runs(df["la_code"]) != runs:
        raise RuntimeError("the indicators table does not hold each LA's rows where the profiles expect them")
    return column_lists(df, _INDICATOR_COLUMNS)


def gaps_of(every_gap: Once[dict[str, list[dict[str, Any]]]], la_code: str) -> list[dict[str, Any]]:
    """One LA's gaps, from every LA's (made on the first call of any LA)."""
    return every_gap().get(la_code, [])
