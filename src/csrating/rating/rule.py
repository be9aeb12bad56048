"""A rule: a stable code, a stage, a plain-English docstring, and a function that reads the profile and
the methodology through a :class:`RuleContext` (which records every read in the trace).

Stages run in this order, so that a recorded judgement can never undo a limit::

    band -> threshold -> judgement -> limit -> withhold -> evidence

The evidence gate runs last: where the profile holds too little evidence the LA is not rated, whatever
the other stages reached (their grade stays in the trace).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from csrating.enums import StrEnum
from csrating.methodology.loader import Methodology
from csrating.profile.profile import Profile
from csrating.rating.trace import FigureUsed, ParamRead


class Stage(StrEnum):
    BAND = "band"
    THRESHOLD = "threshold"
    JUDGEMENT = "judgement"
    LIMIT = "limit"
    WITHHOLD = "withhold"
    EVIDENCE = "evidence"


STAGE_ORDER = [Stage.BAND, Stage.THRESHOLD, Stage.JUDGEMENT, Stage.LIMIT, Stage.WITHHOLD, Stage.EVIDENCE]


@dataclass
class RatingState:
    """What the rules build up for one LA."""

    grade: int | None = None
    bands: dict[str, int | None] = field(default_factory=dict)
    provisional: int | None = None  # after bands, before thresholds
    before_judgement: int | None = None
    withheld: bool = False
    withheld_reason: str | None = None
    not_rated: bool = False  # the evidence gate: too little evidence for any grade
    not_rated_reason: str | None = None
    judgement: dict[str, Any] | None = None  # the recorded judgement applied, if any
    limited_by: list[str] = field(default_factory=list)


class RuleContext:
    """The window a rule sees: the profile, the methodology and the state, all reads recorded."""

    def __init__(
        self, rule: Rule, profile: Profile, methodology: Methodology, state: RatingState, extra: dict
    ):
        self.rule = rule
        self.profile = profile
        self.m = methodology
        self.state = state
        self.extra = extra  # e.g. the recorded judgement for this LA
        self.params: list[ParamRead] = []
        self.figures: list[FigureUsed] = []

    def param(self, name: str) -> Any:
        p = self.m.param(name)
        if not any(r.name == name for r in self.params):
            source = p.reference if p.calibrated else p.source
            self.params.append(ParamRead(p.name, p.value, source, p.assumed, p.set_in))
        return p.value

    def has_param(self, name: str) -> bool:
        return name in self.m.parameters

    def figure(self, name: str, value: Any) -> Any:
        self.figures.append(FigureUsed(name, value))
        return value


@dataclass(frozen=True)
class Outcome:
    fired: bool
    message: str
    grade: int | None = None  # the new grade when the rule sets one


@dataclass(frozen=True)
class Rule:
    code: str
    stage: Stage
    title: str
    fn: Callable[[RuleContext], Outcome]
    doc: str
    module: str


RULES: dict[str, Rule] = {}


def rule(code: str, stage: Stage, title: str) -> Callable[[Callable[[RuleContext], Outcome]], Rule]:
    """Register a rule. The module's docstring states the rule in plain English and where it comes from."""

    def wrap(fn: Callable[[RuleContext], Outcome]) -> Rule:
        module = importlib.import_module(fn.__module__)
        doc = inspect.cleandoc(module.__doc__ or "")
        if not doc:
            raise TypeError(f"rule {code} has no docstring in {fn.__module__}")
        r = Rule(code, stage, title, fn, doc, fn.__module__)
        if code in RULES and RULES[code].module != r.module:
            raise TypeError(f"rule code {code} is used twice")
        RULES[code] = r
        return r

    return wrap


def load_rules() -> dict[str, Rule]:
    import csrating.rating.rules as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
    return RULES
