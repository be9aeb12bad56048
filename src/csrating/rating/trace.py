"""The trace of a rating: every rule that ran, what it decided, the parameters it read and the profile
figures it used, each figure with the data rows it rests on. A rating without its trace is never shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from csrating.lazy import Lazy


@dataclass
class ParamRead:
    name: str
    value: Any
    source: str | None
    assumed: bool
    set_in: str


class Rows(Lazy[dict[str, Any]]):
    """The rows behind a figure, made from the profile when first read (a national rating reads none of
    them, so none is made). ``make(*args)`` must be a pure function of the profile's values; the rows it
    gives are kept. Serialised (``asdict``, pickle) as the plain list of rows."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> list[dict[str, Any]]:
        # rows hold scalars, dates and lists of them: copied a level down, quicker than copy.deepcopy
        return [{k: list(v) if isinstance(v, list) else v for k, v in r.items()} for r in self._list()]


@dataclass
class FigureUsed:
    name: str  # e.g. settings.all.good_or_better_pct
    value: Any
    # the data rows the figure rests on, where it rests on rows (e.g. the inspections of the LA, the
    # settings counted, the indicator values compared)
    rows: Sequence[dict[str, Any]] = field(default_factory=list)
    # the figure of the same rule whose rows this one rests on too (its own ``rows`` then empty)
    rows_of: str | None = None


@dataclass
class RuleRun:
    code: str
    stage: str
    title: str
    fired: bool  # True when the rule changed or decided something
    grade_before: int | None
    grade_after: int | None
    message: str
    params: list[ParamRead] = field(default_factory=list)
    figures: list[FigureUsed] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
