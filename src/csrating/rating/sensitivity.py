"""Sensitivity of the ratings to the assumed cut-offs.

For each cut-off in percent that the year's rating rules read (from the rule registry and the units of
the methodology: the band cut-offs of both blocks, the better-share needed for band 4, the key-group
threshold), move it by a stated step down and up, re-rate every LA from the
same profiles, and count how many LAs change grade. An analyst sees at once which unpublished parameter
the national picture hangs on.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from csrating.methodology.loader import Methodology
from csrating.profile.profile import Profile
from csrating.rating.engine import RatingEngine
from csrating.rules import Rule

# the units of a cut-off moved in percentage points: a percent, or a percent for each band
CUTOFF_UNITS = {"percent": False, "percent by band": True}


def cutoffs(m: Methodology, rules: list[Rule]) -> list[tuple[str, object]]:
    """(parameter, key within its mapping or None) of every cut-off in percent the rules read, in the
    order the rules run and read them; a mapping's keys from the highest down."""
    out: list[tuple[str, object]] = []
    for r in rules:
        for name in r.params:
            p = m.parameters.get(name)
            if p is None or p.unit not in CUTOFF_UNITS or any(n == name for n, _ in out):
                continue
            if CUTOFF_UNITS[p.unit]:
                out += [(name, k) for k in sorted(p.value, reverse=True)]
            else:
                out.append((name, None))
    return out


@dataclass
class SensitivityRow:
    parameter: str
    value: float
    step: float
    down_changed: int
    down_up: int  # LAs whose grade rises when the cut-off moves down
    down_down: int
    up_changed: int
    up_up: int
    up_down: int
    assumed: bool


def with_values(m: Methodology, values: dict[tuple[str, object], float]) -> Methodology:
    """A copy of ``m`` with parameters changed: keys are (parameter, key within its mapping or None)."""
    params = dict(m.parameters)
    for (name, key), value in values.items():
        p = params[name]
        new_value = copy.deepcopy(p.value)
        if key is None:
            new_value = value
        else:
            new_value[key] = value
        params[name] = replace(p, value=new_value)
    return replace(m, parameters=params)


def _with(m: Methodology, name: str, key: object, value: float) -> Methodology:
    return with_values(m, {(name, key): value})


def run(engine: RatingEngine, profiles: list[Profile], step: float) -> list[SensitivityRow]:
    base = {
        p.la_code: engine.rate_profile(p, engine.judgements.get(p.la_code)).computed_grade for p in profiles
    }
    rows = []
    for name, key in cutoffs(engine.m, engine.rules):
        param = engine.m.param(name)
        current = float(param.value if key is None else param.value[key])
        counts = {}
        for direction, delta in (("down", -step), ("up", step)):
            m2 = _with(engine.m, name, key, current + delta)
            up = down = 0
            for p in profiles:
                g = engine.rate_profile(p, engine.judgements.get(p.la_code), m2).computed_grade
                b = base[p.la_code]
                if g is not None and b is not None and g != b:
                    up += g > b
                    down += g < b
            counts[direction] = (up + down, up, down)
        label = name if key is None else f"{name}[{key}]"
        rows.append(SensitivityRow(label, current, step, *counts["down"], *counts["up"], param.assumed))
    return rows
