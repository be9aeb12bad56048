"""A list made when first read: for parts of a profile or a trace that many runs never look at (a national
rating reads no LA's indicator objects, gaps or figure's rows), so that none of them is made until one is.

``Once`` is the all-LA side of it: a value worked out for every LA in one pass (every LA's gaps, say), the
first time any LA's ``Lazy`` part asks for it, then kept for the others."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
V = TypeVar("V")


class Once(Generic[V]):
    """The value ``make(*args)`` gives, made on the first call and kept; the inputs are let go then (so a
    frame given as an input lives only until the value is made). Safe to call from several threads: the
    value is kept before the inputs are let go, so a second caller either makes it too (the same value,
    from the same inputs) or finds it made."""

    __slots__ = ("_pending", "_value")

    def __init__(self, make: Callable[..., V], *args: Any):
        self._pending: tuple[Callable[..., V], tuple[Any, ...]] | None = (make, args)
        self._value: V | None = None

    def __call__(self) -> V:
        pending = self._pending
        if pending is None:
            return self._value  # type: ignore[return-value]
        make, args = pending
        value = make(*args)
        self._value = value
        self._pending = None
        return value


class Lazy(Sequence[T]):
    """The list ``make(*args)`` gives, made on first read and kept. ``make`` must be a pure function of
    plain values or of a ``Once`` (no frame, dataset or database is kept alive by it being here beyond
    the first read of a ``Once``). Compares equal to any sequence of the same items; pickled, copied and
    written as JSON as the plain list."""

    __slots__ = ("_args", "_items", "_make")

    def __init__(self, make: Callable[..., list[T]], *args: Any):
        self._make = make
        self._args = args
        self._items: list[T] | None = None

    def _list(self) -> list[T]:
        if self._items is None:
            self._items = self._make(*self._args)
            self._args = ()  # the inputs are no longer needed
        return self._items

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        return self._list()[i]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[T]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._list())

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (self._list(),))
