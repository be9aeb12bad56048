"""The layers import in one direction: nothing outside ``web/`` and the command line imports the web
layer, and the rating layer imports no database (it is given judgements as data)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "csrating"
# a string that is a whole dotted module name of the package (importlib.import_module("csrating.web.x"),
# Django's INSTALLED_APPS or ROOT_URLCONF): an import too, made at run time
_MODULE_NAME = re.compile(r"csrating(\.\w+)+")


def _imports_of(source: str, module: str) -> set[str]:
    """The modules that the source of ``module`` (dotted, e.g. ``csrating.store.models``) imports:
    absolute and relative imports, and module names given as strings."""
    package = module.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .x import y / from .. import web
                base = package[: len(package) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out.update(f"{name}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _MODULE_NAME.fullmatch(node.value):
                out.add(node.value)
    return out


def _imports(path: Path) -> set[str]:
    # csrating/store/__init__.py is "csrating.store.__init__": its relative imports start at csrating.store
    module = ".".join(["csrating", *path.relative_to(SRC).with_suffix("").parts])
    return _imports_of(path.read_text(encoding="utf-8"), module)


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


def test_the_import_check_sees_every_form_of_import() -> None:
    """The check above cannot pass vacuously: each way of importing the web layer is seen."""
    forms = [
        "import csrating.web.views",
        "from csrating.web import settings",
        "from csrating import web",
        "from ..web import views",
        "from .. import web",
        "import importlib\nimportlib.import_module('csrating.web.settings')",
        "def f():\n    from csrating.web.settings import web_settings",
    ]
    for source in forms:
        found = _imports_of(source, "csrating.store.models")
        assert any(m == "csrating.web" or m.startswith("csrating.web.") for m in found), source
    assert not any(m.startswith("csrating.web") for m in _imports_of('"""csrating.web is the web."""', "x.y"))


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
