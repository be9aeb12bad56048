"""YAML in, one way for every file csrating reads (recipes, methodology, wording lists, outcome maps):
PyYAML's safe loader, the C one where PyYAML was built with libyaml (several times quicker; the same
documents and the same ``yaml.YAMLError`` with line and column on bad input)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """The document ``text`` holds, as plain Python values (dicts, lists, strings, numbers, dates)."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader
