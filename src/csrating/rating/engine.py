"""The rating engine: run the year's rules, stage by stage, over an LA's profile.

    band -> threshold -> judgement -> limit -> withhold -> evidence

The year's methodology file lists its rules by code; the engine runs them in stage order (and in the
file's order within a stage). Each rule's decision, the parameters it read and the profile figures it
used go into the rating's trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from csrating import gcpause, jsonio
from csrating.dataset import Dataset
from csrating.enums import RatingGrade
from csrating.methodology.loader import Methodology, MethodologyError
from csrating.profile.evidence import evidence_of
from csrating.profile.profile import Profile, ProfileBuilder
from csrating.rating.rule import STAGE_ORDER, RatingState, Rule, RuleContext, apply_outcome, load_rules
from csrating.rating.trace import RuleRun


@dataclass
class Rating:
    la_code: str
    la_name: str
    year: str
    dataset: str
    synthetic: bool
    grade: int | None  # None: not rated (no data) or withheld
    label: str
    withheld: bool
    withheld_reason: str | None
    computed_grade: int | None  # the grade the rules reached, published or not
    provisional: int | None
    bands: dict[str, int | None]
    before_judgement: int | None
    judgement: dict[str, Any] | None
    limited_by: list[str]
    methodology: dict[str, Any]
    trace: list[RuleRun] = field(default_factory=list)
    not_rated: bool = False  # the evidence gate fired: no grade, for want of evidence
    not_rated_reason: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # coverage, dates, sources (rating.evidence)

    def to_dict(self) -> dict[str, Any]:
        return jsonio.plain(self, default=str)

    def to_json(self, indent: int | None = 2) -> str:
        return jsonio.dumps(self, indent=indent, default=str)

    def fired(self) -> list[str]:
        return [r.code for r in self.trace if r.fired]


NOT_RATED_EVIDENCE = "not rated: insufficient evidence"


def grade_label(grade: int | None, withheld: bool = False, not_rated: bool = False) -> str:
    if not_rated:
        return NOT_RATED_EVIDENCE
    if withheld:
        return "withheld"
    if grade is None:
        return "not rated"
    return RatingGrade(grade).label


def rules_for(m: Methodology) -> list[Rule]:
    registry = load_rules()
    unknown = [c for c in m.rules if c not in registry]
    if unknown:
        raise MethodologyError(f"methodology {m.year} names unknown rules: {', '.join(unknown)}")
    chosen = [registry[c] for c in m.rules]
    return sorted(chosen, key=lambda r: STAGE_ORDER.index(r.stage))


def rate(
    profile: Profile,
    methodology: Methodology,
    judgement: dict[str, Any] | None = None,
    *,
    rules: list[Rule] | None = None,
) -> Rating:
    """The rating of one LA's profile under a methodology: a pure function of its arguments.

    The year's rules run in stage order; each returns its decision and effects, which make the next
    state; the trace holds every rule's decision, the parameters it read and the figures it used.
    ``judgement``: the LA's latest recorded judgement (a dict, as the store gives it), or None.
    ``rules``: the methodology's rules, when the caller has them already (``rules_for(methodology)``)."""
    m = methodology
    p = profile
    chosen = rules if rules is not None else rules_for(m)
    state = RatingState()
    extra = {"judgement": judgement}
    trace = []
    for r in chosen:
        ctx = RuleContext(r, p, m, state, extra)
        before = state.grade
        out = r.fn(ctx)
        state = apply_outcome(state, out)
        trace.append(
            RuleRun(
                r.code,
                r.stage.value,
                r.title,
                out.fired,
                before,
                state.grade,
                out.message,
                ctx.params,
                ctx.figures,
            )
        )
    grade = None if state.withheld or state.not_rated else state.grade
    return Rating(
        la_code=p.la_code,
        la_name=p.la_name,
        year=m.year,
        dataset=p.dataset,
        synthetic=p.synthetic,
        grade=grade,
        label=grade_label(state.grade, state.withheld, state.not_rated),
        withheld=state.withheld,
        withheld_reason=state.withheld_reason,
        computed_grade=state.grade,
        provisional=state.provisional,
        bands=dict(state.bands),
        before_judgement=state.before_judgement,
        judgement=state.judgement,
        limited_by=list(state.limited_by),
        methodology={"year": m.year, "lineage": m.lineage, "rules": [r.code for r in chosen]},
        trace=trace,
        not_rated=state.not_rated,
        not_rated_reason=state.not_rated_reason,
        evidence=evidence_of(p),
    )


class RatingEngine:
    """Ratings of the LAs of a dataset under one methodology year: a convenience over :func:`rate` that
    builds the profiles (``ProfileBuilder``) and holds the recorded judgements (as data, by LA code)."""

    def __init__(
        self,
        ds: Dataset,
        methodology: Methodology,
        profiles: ProfileBuilder | None = None,
        judgements: dict[str, dict[str, Any]] | None = None,
    ):
        self.ds = ds
        self.m = methodology
        self.rules = rules_for(methodology)
        self.profiles = profiles or ProfileBuilder(ds, methodology)
        self.judgements = judgements or {}

    def las(self) -> list[str]:
        return self.profiles.las()

    def rate(self, la_code: str, profile: Profile | None = None, *, judgement: Any = "stored") -> Rating:
        p = profile or self.profiles.build(la_code, inputs=False)
        j = self.judgements.get(la_code) if judgement == "stored" else judgement
        return self.rate_profile(p, j)

    def rate_profile(
        self, p: Profile, judgement: dict[str, Any] | None = None, m: Methodology | None = None
    ) -> Rating:
        # another methodology (sensitivity, calibration) varies this year's parameters, not its rules
        return rate(p, m or self.m, judgement, rules=self.rules)

    def rate_all(self, profiles: list[Profile] | None = None) -> list[Rating]:
        profiles = profiles or self.profiles.build_all()
        with gcpause.paused():  # thousands of trace objects, all kept
            return [rate(p, self.m, self.judgements.get(p.la_code), rules=self.rules) for p in profiles]


def distribution(ratings: list[Rating]) -> dict[str, int]:
    out = {RatingGrade(g).label: 0 for g in (4, 3, 2, 1)}
    out["withheld"] = 0
    out[NOT_RATED_EVIDENCE] = 0
    out["not rated"] = 0
    for r in ratings:
        out[r.label] += 1
    return out


def census_of(m: Methodology) -> date:
    c = m["census_date"]
    return c if isinstance(c, date) else date.fromisoformat(str(c))
