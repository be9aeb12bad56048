"""The trace of a rating: every rule that ran, what it decided, the parameters it read and the profile
figures it used. A rating without its trace is never shown."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ParamRead:
    name: str
    value: Any
    source: str | None
    assumed: bool
    set_in: str


@dataclass
class FigureUsed:
    name: str  # e.g. settings.all.good_or_better_pct
    value: Any
    # the profile rows the figure rests on, where it rests on rows (e.g. the inspections of the LA)
    rows: list[dict[str, Any]] = field(default_factory=list)


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
