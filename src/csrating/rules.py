"""The one registry of decisions: every rule of every layer, with a stable code, a kind, a plain-English
docstring and the methodology parameters it reads.

A rule is declared where it lives, one rule per module, by a decorator::

    from csrating.rules import register

    @register("rating", "LIM-SAFEGUARDING", stage="limit", title="...", params=("safeguarding_kinds",))
    def apply(ctx): ...

The module's docstring states the rule in plain English and where it comes from (a rule without one is
refused at import). Kinds are the layers that own rules: ``rating`` (the rating's stages), ``apa`` (the
APA overall grade) and ``letter`` (wording rules, registered by the letters layer); a layer names the
package its rule modules live in with :func:`register_package`, so :func:`rules` finds them all. The
registered object is callable like the function it wraps, so callers keep calling it directly.

Docs (scripts/gen_docs.py), scenario meta-tests and sensitivity read their lists from here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KINDS = ("rating", "apa", "letter")


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    stage: Any  # the point in its layer's sequence where it runs (for rating rules, a rating Stage)
    title: str
    fn: Callable[..., Any]
    doc: str
    module: str
    params: tuple[str, ...] = ()  # the methodology parameters the rule reads
    optional: tuple[str, ...] = ()  # those of them a year may leave out (the rule checks first)

    # templates (Django's) show a rule's fields; they must not call it
    do_not_call_in_templates = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)


REGISTRY: dict[str, Rule] = {}
_LOADED: set[str] = set()  # packages whose modules are imported
# where each kind's rule modules live (one rule per module); other layers add theirs
PACKAGES: dict[str, list[str]] = {"rating": ["csrating.rating.rules"], "apa": ["csrating.apa.overall"]}


def register_package(kind: str, package: str) -> None:
    """Name a package (or a single module) whose modules hold rules of ``kind``."""
    if kind not in KINDS:
        raise TypeError(f"unknown rule kind {kind!r} (one of {', '.join(KINDS)})")
    if package not in PACKAGES.setdefault(kind, []):
        PACKAGES[kind].append(package)


def register(
    kind: str,
    code: str,
    *,
    stage: Any,
    title: str,
    params: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Rule]:
    """Register the decorated function as rule ``code`` of ``kind``."""
    if kind not in KINDS:
        raise TypeError(f"rule {code}: unknown kind {kind!r} (one of {', '.join(KINDS)})")

    def wrap(fn: Callable[..., Any]) -> Rule:
        module = importlib.import_module(fn.__module__)
        doc = inspect.cleandoc(module.__doc__ or "")
        if not doc:
            raise TypeError(f"rule {code} has no docstring in {fn.__module__}")
        r = Rule(code, kind, stage, title, fn, doc, fn.__module__, tuple(params), tuple(optional))
        if code in REGISTRY and REGISTRY[code].module != r.module:
            raise TypeError(f"rule code {code} is used twice")
        REGISTRY[code] = r
        return r

    return wrap


def rules(kind: str | None = None) -> dict[str, Rule]:
    """Every registered rule (of ``kind``), after importing the modules of the kind's packages."""
    for k in [kind] if kind else list(PACKAGES):
        for name in PACKAGES.get(k or "", []):
            if name in _LOADED:
                continue
            mod = importlib.import_module(name)
            for info in pkgutil.iter_modules(getattr(mod, "__path__", [])):
                importlib.import_module(f"{name}.{info.name}")
            _LOADED.add(name)
    return {c: r for c, r in REGISTRY.items() if kind is None or r.kind == kind}
