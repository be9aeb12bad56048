"""Methodology files: dated, versioned parameters, each with a source or an explicit "assumed" flag.

``methodology/<year>.yaml`` holds one year's parameters. A later year names the year it ``extends`` and
lists only what it adds or changes (``parameters``) and what it removes (``delete``): the past is never
edited. ``load(year)`` resolves the chain and records, for each parameter, the year that last set it.

Each parameter has exactly one provenance: ``source`` (a primary document, date and page or URL, or a
seed file), ``calibrated`` (a mapping with the ``target`` it was fitted to and the ``script`` that fits
it: fitted by csrating, not Ofsted's) or ``assumed: true`` (the public record is silent). A parameter
without a description or with none or several of these is refused: an assumed or calibrated value must
never pass for Ofsted's.
Every parameter names its ``type`` (one of :data:`TYPES`; ``nullable: true`` lets the value be null) and
its ``unit`` (``date``, ``share (0-1)``, ``percentage points``, ``code``...); a parameter without them, or
whose value does not fit its type or unit, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from csrating import yamltext


class MethodologyError(ValueError):
    pass


# a parameter's type: the Python values it may hold
TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "number": (int, float),
    "text": (str,),
    "boolean": (bool,),
    "date": (date,),
    "list": (list,),
    "mapping": (dict,),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Any
    description: str
    source: str | None
    assumed: bool
    set_in: str  # the methodology file that last set it
    unit: str | None = None  # e.g. "date", "share (0-1)", "percentage points", "days"
    calibrated: dict[str, Any] | None = None  # target, script, fitted_on: fitted by csrating
    type: str = ""  # one of TYPES

    @property
    def provenance(self) -> str:
        """'sourced', 'calibrated' or 'assumed'."""
        return "assumed" if self.assumed else "calibrated" if self.calibrated else "sourced"

    @property
    def reference(self) -> str:
        """Where the value comes from, in words: the source, the calibration, or 'assumed'."""
        if self.calibrated:
            c = self.calibrated
            return f"calibrated by csrating (not Ofsted's): fitted to {c['target']} by {c['script']}" + (
                f" on {c['fitted_on']}" if c.get("fitted_on") else ""
            )
        return "assumed" if self.assumed else str(self.source)

    def as_dict(self) -> dict[str, Any]:
        v = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {
            "name": self.name,
            "value": v,
            "description": self.description,
            "source": self.source,
            "assumed": self.assumed,
            "calibrated": self.calibrated,
            "provenance": self.provenance,
            "set_in": self.set_in,
            "unit": self.unit,
            "type": self.type,
        }


@dataclass
class Methodology:
    year: str
    title: str
    published: date | None
    parameters: dict[str, Parameter]
    lineage: list[str]
    rules: list[str] = field(default_factory=list)
    changes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # year -> added/changed/deleted

    def __getitem__(self, name: str) -> Any:
        try:
            return self.parameters[name].value
        except KeyError:
            raise MethodologyError(f"methodology {self.year} has no parameter {name!r}") from None

    def get(self, name: str, default: Any = None) -> Any:
        p = self.parameters.get(name)
        return default if p is None else p.value

    def param(self, name: str) -> Parameter:
        return self.parameters[name]


class ParameterReads:
    """A methodology seen through a record of the parameters read: ``m[name]``, ``m.get(name)`` and
    ``m.param(name)`` as on :class:`Methodology`, each name kept in :attr:`read` when first read (a
    parameter the year does not define too, read with ``get``). :meth:`record` gives the parameters read
    and closes the record: a parameter first read after it is refused, so the record lists every parameter
    its reader read - the profile's methodology record is made so, not from a list kept by hand."""

    def __init__(self, methodology: Methodology | ParameterReads):
        inner = methodology.methodology if isinstance(methodology, ParameterReads) else methodology
        self.methodology: Methodology = inner
        self.read: dict[str, None] = {}  # the names read, in the order first read
        self._closed = False

    @property
    def year(self) -> str:
        return self.methodology.year

    @property
    def lineage(self) -> list[str]:
        return self.methodology.lineage

    def _note(self, name: str) -> None:
        if name not in self.read:
            if self._closed:
                raise MethodologyError(
                    f"parameter {name!r} of {self.year} read after the record of the parameters read was "
                    "made: read it before (the record must list every parameter read)"
                )
            self.read[name] = None

    def __getitem__(self, name: str) -> Any:
        self._note(name)
        return self.methodology[name]

    def get(self, name: str, default: Any = None) -> Any:
        self._note(name)
        return self.methodology.get(name, default)

    def param(self, name: str) -> Parameter:
        self._note(name)
        return self.methodology.param(name)

    def record(self) -> dict[str, dict[str, Any]]:
        """Each parameter read that the year defines, with its value and provenance, by name (the same
        record whatever order the code reads them in); closes the record."""
        self._closed = True
        params = self.methodology.parameters
        return {n: params[n].as_dict() for n in sorted(self.read) if n in params}


def available() -> list[str]:
    files = resources.files("csrating.methodology")
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".yaml") and p.name[0].isdigit())


def available_apa() -> list[str]:
    """The annual performance assessment's methodology files (apa-2005 .. apa-2008)."""
    files = resources.files("csrating.methodology")
    return sorted(
        p.name[:-5] for p in files.iterdir() if p.name.startswith("apa-") and p.name.endswith(".yaml")
    )


def _read(year: str) -> dict[str, Any]:
    f = resources.files("csrating.methodology") / f"{year}.yaml"
    if not f.is_file():
        raise MethodologyError(
            f"no methodology for {year}; available: {', '.join(available() + available_apa())}"
        )
    doc = yamltext.parse(f.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise MethodologyError(f"{year}.yaml is not a mapping")
    return doc


def _param(name: str, spec: Any, year: str) -> Parameter:
    if not isinstance(spec, dict) or "value" not in spec:
        raise MethodologyError(f"{year}.yaml: parameter {name} needs a mapping with 'value'")
    desc = str(spec.get("description") or "").strip()
    source = spec.get("source")
    assumed = bool(spec.get("assumed", False))
    calibrated = spec.get("calibrated")
    if not desc:
        raise MethodologyError(f"{year}.yaml: parameter {name} has no description")
    given = [k for k, v in (("source", source), ("assumed", assumed), ("calibrated", calibrated)) if v]
    if not given:
        raise MethodologyError(
            f"{year}.yaml: parameter {name} needs a source, 'assumed: true' "
            "or 'calibrated: {target, script}'"
        )
    if len(given) > 1:
        raise MethodologyError(
            f"{year}.yaml: parameter {name} has {' and '.join(given)}; a parameter has exactly one provenance"
        )
    if calibrated is not None and (
        not isinstance(calibrated, dict) or not calibrated.get("target") or not calibrated.get("script")
    ):
        raise MethodologyError(
            f"{year}.yaml: parameter {name}: 'calibrated' needs a mapping with 'target' and 'script'"
        )
    unit = spec.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise MethodologyError(f"{year}.yaml: parameter {name} needs a unit (a text, e.g. 'days', 'code')")
    kind = spec.get("type")
    if kind not in TYPES:
        raise MethodologyError(
            f"{year}.yaml: parameter {name} needs a type, one of {', '.join(TYPES)} (it has {kind!r})"
        )
    value = spec["value"]
    if value is None:
        if not spec.get("nullable"):
            raise MethodologyError(f"{year}.yaml: parameter {name} is null but not 'nullable: true'")
    elif not isinstance(value, TYPES[kind]) or (kind in ("integer", "number") and isinstance(value, bool)):
        raise MethodologyError(
            f"{year}.yaml: parameter {name} is of type {kind} but its value is {type(value).__name__}"
        )
    if unit == "date" and not isinstance(spec["value"], date):
        raise MethodologyError(f"{year}.yaml: parameter {name} is a date but its value is not YYYY-MM-DD")
    if unit == "percent" and not (
        isinstance(spec["value"], int | float) and 0 <= float(spec["value"]) <= 100
    ):
        raise MethodologyError(f"{year}.yaml: parameter {name} is a percent but its value is not in 0-100")
    if unit == "share (0-1)" and not (
        isinstance(spec["value"], int | float) and 0 <= float(spec["value"]) <= 1
    ):
        raise MethodologyError(f"{year}.yaml: parameter {name} is a share but its value is not in 0-1")
    return Parameter(
        name,
        spec["value"],
        desc,
        str(source) if source else None,
        assumed,
        year,
        unit,
        calibrated or None,
        kind,
    )


@cache
def load(year: str | int) -> Methodology:
    """The methodology of a year, with every earlier year it extends applied first."""
    year = str(year)
    chain: list[str] = []
    y: str | None = year
    while y is not None:
        if y in chain:
            raise MethodologyError(
                f"methodology files extend each other in a loop: {' -> '.join(chain + [y])}"
            )
        chain.append(y)
        ext = _read(y).get("extends")
        y = str(ext) if ext is not None else None
    params: dict[str, Parameter] = {}
    rules: list[str] = []
    changes: dict[str, dict[str, list[str]]] = {}
    title, published = "", None
    for y in reversed(chain):
        doc = _read(y)
        added: list[str] = []
        changed: list[str] = []
        deleted: list[str] = []
        for name, spec in (doc.get("parameters") or {}).items():
            (changed if name in params else added).append(name)
            params[name] = _param(name, spec, y)
        for name in doc.get("delete") or []:
            if name not in params:
                raise MethodologyError(f"{y}.yaml deletes {name}, which no earlier year defines")
            deleted.append(name)
            del params[name]
        for code in doc.get("rules_added") or []:
            rules.append(code)
        for code in doc.get("rules_deleted") or []:
            if code not in rules:
                raise MethodologyError(f"{y}.yaml deletes rule {code}, which no earlier year has")
            rules.remove(code)
        if doc.get("rules") is not None:
            rules = list(doc["rules"])
        changes[y] = {"added": added, "changed": changed, "deleted": deleted}
        title = str(doc.get("title", title))
        published = doc.get("published", published)
    return Methodology(year, title, published, params, list(reversed(chain)), rules, changes)
