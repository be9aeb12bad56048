"""The layers import in one direction: nothing outside ``web/`` and the command line imports the web
layer, and the rating layer imports no database (it is given judgements as data)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "csrating"


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _modules_importing(prefix: str, *, outside: tuple[str, ...]) -> list[str]:
    bad = []
    for f in sorted(SRC.rglob("*.py")):
        rel = f.relative_to(SRC).as_posix()
        if rel.startswith(outside):
            continue
        if any(m == prefix or m.startswith(prefix + ".") for m in _imports(f)):
            bad.append(rel)
    return bad


def test_no_import_of_web_outside_web_and_cli() -> None:
    assert _modules_importing("csrating.web", outside=("web/", "cli")) == []


def test_rating_layer_imports_no_store_nor_django() -> None:
    bad = [
        f
        for f in _modules_importing("csrating.store", outside=())
        + _modules_importing("django", outside=())
        + _modules_importing("csrating.dataset", outside=())
        if f.startswith("rating/rules/") or f in ("rating/rule.py", "profile/model.py")
    ]
    bad += [f for f in _modules_importing("csrating.store", outside=()) if f.startswith("rating/")]
    assert bad == []
