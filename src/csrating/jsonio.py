"""JSON out, one way for every object csrating writes (profiles, ratings, profile details).

orjson encodes the model's frozen dataclasses, enums, dates and NaN (as null) natively and is about ten
times quicker than walking the objects for the standard encoder - which was most of the time of
``csrating profile --all --out profiles.json`` (about 28 MB for england-latest)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import orjson


@cache  # one converter per default, not one per value written
def _fallback(default: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """What orjson calls for a value it does not know: a sequence of csrating's own (the trace's lazily
    made ``Rows``) as a list, anything else through ``default``, else ``TypeError``."""

    def convert(x: Any) -> Any:
        if isinstance(x, Sequence) and not isinstance(x, str | bytes):
            return list(x)
        if default is None:
            raise TypeError(f"cannot write a {type(x).__name__} as JSON")
        return default(x)

    return convert


def dumps(x: Any, *, indent: int | None = None, default: Callable[[Any], Any] | None = None) -> str:
    """``x`` as JSON text: compact, or indented by two spaces when ``indent`` is given (orjson indents by
    two only). Non-string keys are written as text; a value of any other type raises ``TypeError``
    unless ``default`` converts it."""
    option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(x, default=_fallback(default), option=option).decode()


def plain(x: Any, *, default: Callable[[Any], Any] | None = None) -> Any:
    """``x`` as plain JSON values (dicts, lists, strings, numbers, None): what ``dumps`` writes, read back."""
    return orjson.loads(orjson.dumps(x, default=_fallback(default), option=orjson.OPT_NON_STR_KEYS))
