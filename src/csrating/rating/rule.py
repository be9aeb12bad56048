"""A rating rule: a stable code, a stage, a plain-English docstring, and a pure function that reads the
profile, the methodology and the state so far through a :class:`RuleContext` (which records every read
in the trace) and returns an :class:`Outcome`: its decision and its effects on the state. Rules never
write into shared state; the engine applies their effects (:func:`apply_outcome`). Rating rules are
rules of kind ``rating`` in the one registry (:mod:`csrating.rules`).

Stages run in this order, so that a recorded judgement can never undo a limit::

    band -> threshold -> judgement -> limit -> withhold -> evidence

The evidence gate runs last: where the profile holds too little evidence the LA is not rated, whatever
the other stages reached (their grade stays in the trace).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from csrating.enums import StrEnum
from csrating.methodology.loader import Methodology
from csrating.profile.model import Profile
from csrating.rating.trace import FigureUsed, ParamRead, Rows
from csrating.rules import Rule, register, rules


class Stage(StrEnum):
    BAND = "band"
    THRESHOLD = "threshold"
    JUDGEMENT = "judgement"
    LIMIT = "limit"
    WITHHOLD = "withhold"
    EVIDENCE = "evidence"


STAGE_ORDER = [Stage.BAND, Stage.THRESHOLD, Stage.JUDGEMENT, Stage.LIMIT, Stage.WITHHOLD, Stage.EVIDENCE]


@dataclass(frozen=True)
class RatingState:
    """What the rules have decided so far for one LA (a value: each rule's effects make a new one)."""

    grade: int | None = None
    bands: Mapping[str, int | None] = field(default_factory=dict)
    provisional: int | None = None  # after bands, before thresholds
    before_judgement: int | None = None
    withheld: bool = False
    withheld_reason: str | None = None
    not_rated: bool = False  # the evidence gate: too little evidence for any grade
    not_rated_reason: str | None = None
    judgement: dict[str, Any] | None = None  # the recorded judgement applied, if any
    limited_by: tuple[str, ...] = ()


EFFECTS = frozenset(f.name for f in fields(RatingState)) - {"grade"}


def apply_outcome(state: RatingState, out: Outcome) -> RatingState:
    """The state after a rule's outcome: its grade, if it sets one, and its effects (``bands`` are
    merged, a ``limited_by`` code is appended, any other field is set)."""
    if out.grade is None and not out.effects:
        return state
    unknown = set(out.effects) - EFFECTS
    if unknown:
        raise ValueError(f"a rule returned unknown effects: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {k: v for k, v in out.effects.items() if k not in ("bands", "limited_by")}
    if out.grade is not None:
        changes["grade"] = out.grade
    if "bands" in out.effects:
        changes["bands"] = {**state.bands, **out.effects["bands"]}
    if "limited_by" in out.effects:
        changes["limited_by"] = (*state.limited_by, out.effects["limited_by"])
    # what ``dataclasses.replace`` gives (RatingState has no __post_init__ and every change is one of its
    # fields, checked above), made without its generic path: thousands of states a national run
    new = object.__new__(RatingState)
    object.__setattr__(new, "__dict__", {**state.__dict__, **changes})
    return new


class RuleContext:
    """The window a rule sees: the profile, the methodology and the state, all reads recorded."""

    def __init__(
        self,
        rule: Rule,
        profile: Profile,
        methodology: Methodology,
        state: RatingState,
        extra: dict[str, Any] | None = None,
    ):
        self.rule = rule
        self.profile = profile
        self.m = methodology
        self.state = state
        self.extra = extra or {}  # the recorded judgement for this LA
        self.params: list[ParamRead] = []
        self.figures: list[FigureUsed] = []

    def param(self, name: str) -> Any:
        if name not in self.rule.params:
            raise KeyError(f"rule {self.rule.code} reads {name!r}, which it does not declare")
        p = self.m.param(name)
        for r in self.params:
            if r.name == name:  # read before by this rule: listed once
                return p.value
        source = p.reference if p.calibrated else p.source
        self.params.append(ParamRead(p.name, p.value, source, p.assumed, p.set_in))
        return p.value

    def has_param(self, name: str) -> bool:
        return name in self.m.parameters

    def figure(self, name: str, value: Any, rows: Rows | list[dict[str, Any]] | None = None) -> Any:
        """Record a figure the rule used and the data rows behind it (copied; :class:`Rows` are made
        from the profile when first read, and a later figure on the same rows names the first figure
        in ``rows_of``); returns the value."""
        if rows is None:
            self.figures.append(FigureUsed(name, value, []))
        elif type(rows) is Rows:
            for f in self.figures:
                if f.rows is rows:  # the rows of an earlier figure: pointed to, not listed twice
                    self.figures.append(FigureUsed(name, value, [], f.name))
                    return value
            self.figures.append(FigureUsed(name, value, rows))
        else:
            self.figures.append(FigureUsed(name, value, [dict(r) for r in rows]))
        return value


@dataclass(frozen=True)
class Outcome:
    fired: bool
    message: str
    grade: int | None = None  # the new grade when the rule sets one
    effects: Mapping[str, Any] = field(default_factory=dict)  # the other fields of the state it sets


_PARAM_READ = re.compile(r"""ctx\.(?:has_)?param\(\s*["']([A-Za-z0-9_]+)["']""")
_PARAM_CHECKED = re.compile(r"""ctx\.has_param\(\s*["']([A-Za-z0-9_]+)["']""")


def rule(code: str, stage: Stage, title: str) -> Callable[[Callable[[RuleContext], Outcome]], Rule]:
    """Register a rating rule. The module's docstring states the rule in plain English and where it
    comes from; the parameters it reads are those its module names in ``ctx.param("...")``, optional
    where it checks ``ctx.has_param("...")`` first."""

    def wrap(fn: Callable[[RuleContext], Outcome]) -> Rule:
        source = inspect.getsource(importlib.import_module(fn.__module__))
        params = tuple(dict.fromkeys(_PARAM_READ.findall(source)))
        optional = tuple(dict.fromkeys(_PARAM_CHECKED.findall(source)))
        return register("rating", code, stage=stage, title=title, params=params, optional=optional)(fn)

    return wrap


def load_rules() -> dict[str, Rule]:
    """The rating rules, by code."""
    return rules("rating")
