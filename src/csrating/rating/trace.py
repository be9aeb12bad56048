"""The trace of a rating: every rule that ran, what it decided, the parameters it read and the profile
figures it used, each figure with the data rows it rests on. A rating without its trace is never shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, overload


@dataclass
class ParamRead:
    name: str
    value: Any
    source: str | None
    assumed: bool
    set_in: str


class Rows(Sequence[dict[str, Any]]):
    """The rows behind a figure, made from the profile when first read (a national rating reads none of
    them, so none is made). ``make(*args)`` must be a pure function of the profile's values; the rows it
    gives are kept. Serialised (``asdict``, pickle) as the plain list of rows."""

    __slots__ = ("_args", "_make", "_rows")

    def __init__(self, make: Callable[..., list[dict[str, Any]]], *args: Any):
        self._make = make
        self._args = args
        self._rows: list[dict[str, Any]] | None = None

    def _list(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = self._make(*self._args)
        return self._rows

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._list()[i]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._list())

    def __deepcopy__(self, memo: dict[int, Any]) -> list[dict[str, Any]]:
        # rows hold scalars, dates and lists of them: copied a level down, quicker than copy.deepcopy
        return [{k: list(v) if isinstance(v, list) else v for k, v in r.items()} for r in self._list()]

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (self._list(),))


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
